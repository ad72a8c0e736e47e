package org.digitalbranch.intranet.plugins;

import org.digitalbranch.descriptor.PluginDescriptor;

/**
 * A plugin whose descriptor was valid, waiting to be started.
 *
 * @param source where it came from, for messages
 * @param descriptor its validated descriptor
 * @param classLoader the loader its classes and {@code META-INF/resources} come from
 * @param dropIn whether it is a JAR of the data folder's {@code plugins/}, not part of the intranet
 *     (its class path)
 */
public record PluginCandidate(
    String source, PluginDescriptor descriptor, ClassLoader classLoader, boolean dropIn) {}
