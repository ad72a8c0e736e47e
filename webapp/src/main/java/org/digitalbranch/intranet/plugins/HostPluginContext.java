package org.digitalbranch.intranet.plugins;

import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.PluginSettings;

/** What the host hands one plugin at start. */
record HostPluginContext(
    PluginDescriptor descriptor,
    Path dataDirectory,
    PluginSettings settings,
    ServletContext servletContext,
    Chrome chrome,
    boolean demo)
    implements PluginContext {}
