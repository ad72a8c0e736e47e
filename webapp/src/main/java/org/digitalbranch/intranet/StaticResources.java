package org.digitalbranch.intranet;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The files the {@code default} servlet serves: every {@code META-INF/resources} folder the host's
 * and the plugins' class loaders can see, as if they sat in one web root. The host's come first, so
 * no plugin can replace the intranet's own stylesheet.
 */
final class StaticResources {

  private static final String FOLDER = "META-INF/resources";

  private StaticResources() {}

  static Resource combine(ResourceFactory factory, ClassLoader host, List<ClassLoader> plugins)
      throws IOException {
    Set<URI> folders = new LinkedHashSet<>();
    folders.addAll(foldersOf(host));
    for (ClassLoader plugin : plugins) {
      folders.addAll(foldersOf(plugin));
    }
    for (ClassLoader plugin : plugins) {
      folders.addAll(folderInsideJarsOf(plugin));
    }
    List<Resource> resources = new ArrayList<>();
    for (URI folder : folders) {
      Resource resource = factory.newResource(folder);
      if (resource != null && resource.isDirectory()) {
        resources.add(resource);
      }
    }
    return ResourceFactory.combine(resources);
  }

  /**
   * A JAR written without directory entries (by hand, or by some tools) hides its folders from
   * {@code getResources}; opened as a file system the folder is there all the same.
   */
  private static List<URI> folderInsideJarsOf(ClassLoader loader) {
    if (!(loader instanceof URLClassLoader jars)) {
      return List.of();
    }
    List<URI> uris = new ArrayList<>();
    for (URL url : jars.getURLs()) {
      if (url.getPath().endsWith(".jar")) {
        uris.add(URI.create("jar:" + url + "!/" + FOLDER + "/"));
      }
    }
    return uris;
  }

  private static List<URI> foldersOf(ClassLoader loader) throws IOException {
    List<URI> uris = new ArrayList<>();
    for (URL url : Collections.list(loader.getResources(FOLDER))) {
      try {
        uris.add(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("Unusable resource folder " + url, e);
      }
    }
    return uris;
  }
}
