package org.example.sampleplugin;

import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.PluginContext;

/** A plugin whose start always fails, as one whose database is down would. */
public final class FailingPlugin implements IntranetPlugin {

  @Override
  public void start(PluginContext context) {
    throw new IllegalStateException("database unavailable");
  }

  @Override
  public void stop() {}
}
