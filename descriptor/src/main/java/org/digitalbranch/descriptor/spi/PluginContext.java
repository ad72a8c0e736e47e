package org.digitalbranch.descriptor.spi;

import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import org.digitalbranch.descriptor.PluginDescriptor;

/** What the host hands a plugin at start. */
public interface PluginContext {

  /** The plugin's own validated descriptor. */
  PluginDescriptor descriptor();

  /** A folder that belongs to this plugin alone, created by the host; survives restarts. */
  Path dataDirectory();

  /**
   * The plugin's settings from the intranet's configuration, already checked against the types the
   * descriptor declares, with defaults filled in and {@code ${env:NAME}} references resolved.
   */
  PluginSettings settings();

  /** The servlet context, open for registering servlets and filters under the plugin's mount. */
  ServletContext servletContext();

  /** The intranet's header, navigation and search box, so plugin pages look like the intranet. */
  Chrome chrome();

  /**
   * True when the host runs its no-configuration demo: the plugin may start sandboxes and seed demo
   * data. Never true when the intranet was started with a configuration file.
   */
  boolean demo();
}
