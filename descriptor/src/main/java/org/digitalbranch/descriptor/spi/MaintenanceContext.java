package org.digitalbranch.descriptor.spi;

import java.nio.file.Path;
import org.digitalbranch.descriptor.PluginDescriptor;

/**
 * What the host hands a {@link MaintenanceTask}: the same descriptor, data folder and settings the
 * plugin gets when the intranet serves, but no servlet context and no chrome, since nothing serves.
 */
public interface MaintenanceContext {

  /** The plugin's own validated descriptor. */
  PluginDescriptor descriptor();

  /**
   * The plugin's own folder in the data folder, the one {@link PluginContext#dataDirectory()} names
   * when the intranet serves. The host does not create it: a folder that is missing means the
   * plugin has never run on this data folder.
   */
  Path dataDirectory();

  /** The plugin's settings, bound and checked exactly as for {@link PluginContext#settings()}. */
  PluginSettings settings();

  /** True when the command line named no settings file, as for {@link PluginContext#demo()}. */
  boolean demo();
}
