package org.digitalbranch.intranet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.example.sampleplugin.SamplePlugin;

/**
 * Builds drop-in plugin JARs from the sample plugin's compiled test classes and a descriptor kept
 * under {@code test-plugins/<name>/} (outside {@code META-INF}, so the host's class path scan does
 * not find it).
 */
final class PluginJars {

  private PluginJars() {}

  /** Writes {@code <name>.jar} with the descriptor {@code test-plugins/<name>/}. */
  static Path write(Path pluginsFolder, String name) throws IOException, URISyntaxException {
    return write(pluginsFolder, name, name + ".jar");
  }

  static Path write(Path pluginsFolder, String name, String jarName)
      throws IOException, URISyntaxException {
    Files.createDirectories(pluginsFolder);
    Path jar = pluginsFolder.resolve(jarName);
    Path classes =
        Path.of(SamplePlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path packageFolder = classes.resolve("org/example/sampleplugin");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      add(
          out,
          "META-INF/intranet-plugin.json",
          resource("test-plugins/" + name + "/intranet-plugin.json"));
      add(
          out,
          "META-INF/resources/sample/static/hello.txt",
          resource("test-plugin-static/sample/static/hello.txt"));
      List<Path> classFiles;
      try (Stream<Path> files = Files.list(packageFolder)) {
        classFiles = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
      }
      for (Path classFile : classFiles) {
        add(
            out,
            "org/example/sampleplugin/" + classFile.getFileName(),
            Files.readAllBytes(classFile));
      }
    }
    return jar;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PluginJars.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
