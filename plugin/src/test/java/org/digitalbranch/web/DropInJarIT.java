package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in JAR, loaded the way an intranet loads a JAR from its {@code plugins/} folder: a class
 * loader of its own that sees only the JAR and what the host shares (servlet API, descriptor SPI,
 * slf4j, Jackson).
 */
class DropInJarIT {

  private static final List<String> SHARED_BY_THE_HOST =
      List.of(
          "jakarta.servlet.",
          "org.digitalbranch.descriptor.",
          "org.slf4j.",
          "com.fasterxml.jackson.core.",
          "com.fasterxml.jackson.databind.",
          "com.fasterxml.jackson.annotation.");

  @TempDir Path dataDir;
  private URLClassLoader pluginLoader;

  private static Path dropIn() {
    Path jar = Path.of(System.getProperty("digital-branch.dropin"));
    assertThat(jar).exists();
    return jar;
  }

  @BeforeEach
  void load() throws Exception {
    ClassLoader host = DropInJarIT.class.getClassLoader();
    ClassLoader hostApi =
        new ClassLoader("host-api", ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (SHARED_BY_THE_HOST.stream().anyMatch(name::startsWith)) {
              return host.loadClass(name);
            }
            return super.loadClass(name, resolve);
          }
        };
    pluginLoader = new URLClassLoader(new URL[] {dropIn().toUri().toURL()}, hostApi);
  }

  @AfterEach
  void close() throws Exception {
    pluginLoader.close();
  }

  @Test
  void theJarLeavesOutWhatTheHostProvides() throws Exception {
    try (JarFile jar = new JarFile(dropIn().toFile())) {
      assertThat(jar.getEntry("jakarta/servlet/Servlet.class")).isNull();
      assertThat(jar.getEntry("org/digitalbranch/descriptor/DescriptorReader.class")).isNull();
      assertThat(jar.getEntry("org/slf4j/Logger.class")).isNull();
      assertThat(jar.getEntry("com/fasterxml/jackson/databind/JsonNode.class")).isNull();
      assertThat(jar.getEntry("org/digitalbranch/web/DigitalBranchPlugin.class")).isNotNull();
      assertThat(jar.getEntry("org/flywaydb/core/Flyway.class")).isNotNull();
      assertThat(jar.getEntry("org/sqlite/JDBC.class")).isNotNull();
      assertThat(jar.getEntry("db/migration/V1__foundation.sql")).isNotNull();
      assertThat(jar.getEntry("META-INF/web-fragment.xml")).isNotNull();
      assertThat(
              new String(
                  jar.getInputStream(jar.getEntry("META-INF/intranet-plugin.json")).readAllBytes()))
          .doesNotContain("${project.version}");
    }
  }

  @Test
  void thePluginFromTheJarMigratesItsDatabaseAndServesItsPages() throws Exception {
    Class<?> entry = pluginLoader.loadClass("org.digitalbranch.web.DigitalBranchPlugin");
    assertThat(entry.getClassLoader()).isSameAs(pluginLoader);
    IntranetPlugin plugin = (IntranetPlugin) entry.getConstructor().newInstance();

    try (TestIntranet intranet = TestIntranet.start(plugin, dataDir, true)) {
      String staff = "staff;Staff Member;digital-branch.staff";
      HttpResponse<String> dashboard =
          intranet.send(
              intranet.request("/digital-branch/").header(TestIntranet.USER_HEADER, staff));
      HttpResponse<String> css =
          intranet.send(intranet.request("/digital-branch/static/digital-branch.css"));
      HttpResponse<String> missing =
          intranet.send(
              intranet
                  .request("/digital-branch/api/nothing")
                  .header(TestIntranet.USER_HEADER, staff));

      assertThat(dashboard.statusCode()).isEqualTo(200);
      assertThat(dashboard.body()).contains("<td><code>bluesky-main</code></td>");
      assertThat(css.statusCode()).isEqualTo(200);
      assertThat(missing.statusCode()).isEqualTo(404);
    }
    assertThat(Files.size(dataDir.resolve("digital-branch.db"))).isPositive();
  }
}
