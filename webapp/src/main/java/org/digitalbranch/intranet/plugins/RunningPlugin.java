package org.digitalbranch.intranet.plugins;

import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetPlugin;

/** A plugin that started and serves under its mount. */
public record RunningPlugin(
    PluginDescriptor descriptor, IntranetPlugin plugin, ClassLoader classLoader) {

  public String key() {
    return descriptor.key();
  }
}
