package org.digitalbranch.intranet.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.digitalbranch.descriptor.DescriptorReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins: descriptors on the host's class path and every {@code *.jar} in the plugins
 * folder, each JAR with its own class loader. Validates each descriptor and refuses, with the
 * reason, any that is broken or whose key or mount another plugin already took.
 */
public final class PluginCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);

  private final List<PluginCandidate> candidates = new ArrayList<>();
  private final List<RefusedPlugin> refused = new ArrayList<>();
  private final List<URLClassLoader> jarLoaders = new ArrayList<>();

  private PluginCatalog() {}

  /**
   * @param hostLoader the host's class loader, parent of every plugin JAR's loader
   * @param includeClassPath whether plugins on the host's own class path count
   * @param pluginsFolder the drop-in folder; need not exist
   */
  public static PluginCatalog scan(
      ClassLoader hostLoader, boolean includeClassPath, Path pluginsFolder) throws IOException {
    PluginCatalog catalog = new PluginCatalog();
    if (includeClassPath) {
      for (URL url : Collections.list(hostLoader.getResources(DescriptorReader.LOCATION))) {
        catalog.consider(url.toString(), url, hostLoader, false);
      }
    }
    for (Path jar : jarsIn(pluginsFolder)) {
      URLClassLoader loader =
          new URLClassLoader(
              "plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, hostLoader);
      catalog.jarLoaders.add(loader);
      // findResource looks only in this JAR, never in the parent: each JAR brings its own.
      URL descriptor = loader.findResource(DescriptorReader.LOCATION);
      if (descriptor == null) {
        catalog.refuse(
            jar.getFileName().toString(),
            "",
            List.of(
                DescriptorReader.LOCATION + ": missing; a plugin JAR must describe itself there"));
      } else {
        catalog.consider(jar.getFileName().toString(), descriptor, loader, true);
      }
    }
    return catalog;
  }

  public List<PluginCandidate> candidates() {
    return List.copyOf(candidates);
  }

  public List<RefusedPlugin> refused() {
    return List.copyOf(refused);
  }

  private void consider(String source, URL descriptorUrl, ClassLoader loader, boolean dropIn) {
    DescriptorReader.Result result;
    try (InputStream in = openUncached(descriptorUrl)) {
      result = new DescriptorReader(loader).read(in);
    } catch (IOException e) {
      refuse(
          source,
          "",
          List.of(DescriptorReader.LOCATION + ": cannot be read (" + e.getMessage() + ")"));
      return;
    }
    if (!result.ok()) {
      refuse(source, "", result.problems());
      return;
    }
    var descriptor = result.descriptor();
    for (PluginCandidate other : candidates) {
      if (other.descriptor().key().equals(descriptor.key())) {
        refuse(
            source,
            descriptor.key(),
            List.of(
                "key: \""
                    + descriptor.key()
                    + "\" is already used by the plugin from "
                    + other.source()));
        return;
      }
      if (mountsOverlap(other.descriptor().mount(), descriptor.mount())) {
        refuse(
            source,
            descriptor.key(),
            List.of(
                "mount: \""
                    + descriptor.mount()
                    + "\" overlaps \""
                    + other.descriptor().mount()
                    + "\" of plugin "
                    + other.descriptor().key()));
        return;
      }
    }
    candidates.add(new PluginCandidate(source, descriptor, loader, dropIn));
  }

  void refuse(String source, String key, List<String> reasons) {
    LOG.warn("Plugin {} refused: {}", source, String.join("; ", reasons));
    refused.add(new RefusedPlugin(source, key, reasons));
  }

  static boolean mountsOverlap(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }

  private static List<Path> jarsIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
          .sorted()
          .toList();
    }
  }

  /** Jar URL caching would keep the file open (and locked on Windows) after the read. */
  private static InputStream openUncached(URL url) throws IOException {
    URLConnection connection = url.openConnection();
    connection.setUseCaches(false);
    return connection.getInputStream();
  }

  @Override
  public void close() {
    for (URLClassLoader loader : jarLoaders) {
      try {
        loader.close();
      } catch (IOException e) {
        LOG.warn("Could not close the class loader {}: {}", loader.getName(), e.toString());
      }
    }
  }
}
