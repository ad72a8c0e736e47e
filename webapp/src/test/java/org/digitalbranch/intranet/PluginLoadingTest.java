package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.digitalbranch.intranet.config.DemoUsers;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoadingTest {

  @TempDir Path data;

  private RunningIntranet intranet;

  @AfterEach
  void stop() throws Exception {
    if (intranet != null) {
      intranet.close();
    }
  }

  private Path plugins() {
    return data.resolve("plugins");
  }

  private Browser startAndSignIn(IntranetConfig config, String user) throws Exception {
    intranet = RunningIntranet.start(config);
    Browser browser = intranet.browser();
    browser.signedInAs(user, user);
    return browser;
  }

  private Browser startDemoAndSignIn(String user) throws Exception {
    return startAndSignIn(IntranetConfig.demo(data).withoutClasspathPlugins(), user);
  }

  @Test
  void aPluginJarDroppedIntoThePluginsFolderRunsInsideTheChrome() throws Exception {
    PluginJars.write(plugins(), "sample");
    Browser staff = startDemoAndSignIn("staff");

    HttpResponse<String> page = staff.get("/sample/inbox");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<title>Sample inbox · Library intranet</title>")
        .contains("<nav class=\"site-nav\" aria-label=\"Main\">")
        .contains("<main id=\"main\" tabindex=\"-1\">\n<p class=\"sample\">Hello, staff</p>")
        .contains(
            "<li><a href=\"/sample/inbox\" aria-current=\"page\">Sample inbox <span class=\"badge\""
                + " aria-hidden=\"true\">3</span><span class=\"visually-hidden\">(3 waiting)</span></a></li>");
    assertThat(Files.readString(data.resolve("org.example.sample/started"))).isEqualTo("yes");
    assertThat(staff.get("/").body())
        .contains("<a href=\"/sample/inbox\">Sample tool</a>")
        .contains("<p>A tiny plugin for the host&#39;s tests.</p>");
  }

  @Test
  void aPluginIsStoppedWhenTheIntranetStops() throws Exception {
    PluginJars.write(plugins(), "sample");
    intranet = RunningIntranet.start(IntranetConfig.demo(data).withoutClasspathPlugins());
    assertThat(data.resolve("org.example.sample/stopped")).doesNotExist();

    intranet.close();
    intranet = null;

    assertThat(Files.readString(data.resolve("org.example.sample/stopped"))).isEqualTo("yes");
  }

  @Test
  void aPluginGetsItsSettingsFromTheConfiguration() throws Exception {
    PluginJars.write(plugins(), "sample");
    IntranetConfig config =
        new IntranetConfig(
            0,
            "127.0.0.1",
            false,
            data,
            List.of(
                new ConfiguredUser(
                    "jlee",
                    "J. Lee",
                    java.util.Set.of(DemoUsers.STAFF, DemoUsers.MODERATOR),
                    PasswordHash.of("jlee", 1_000))),
            Map.of(
                "org.example.sample",
                new ObjectMapper().readTree("{\"greeting\": \"Good morning\"}")),
            false,
            false);
    Browser jlee = startAndSignIn(config, "jlee");

    assertThat(jlee.get("/sample/inbox").body())
        .contains("<p class=\"sample\">Good morning, jlee (moderator)</p>");
  }

  @Test
  void navigationShowsOnlyWhatTheUsersRolesAllow() throws Exception {
    PluginJars.write(plugins(), "sample");
    intranet = RunningIntranet.start(IntranetConfig.demo(data).withoutClasspathPlugins());

    Map<String, List<String>> expected =
        Map.of(
            "staff", List.of("/sample/inbox"),
            "moderator", List.of("/sample/inbox", "/sample/review"),
            "admin", List.of("/sample/inbox", "/sample/review", "/sample/setup"));
    for (var entry : expected.entrySet()) {
      Browser browser = intranet.browser();
      browser.signedInAs(entry.getKey(), entry.getKey());
      String home = browser.get("/").body();
      String navigation = home.substring(home.indexOf("<nav"), home.indexOf("</nav>"));

      List<String> links =
          java.util.regex.Pattern.compile("href=\"(/sample/[a-z]+)\"")
              .matcher(navigation)
              .results()
              .map(match -> match.group(1))
              .toList();
      assertThat(links).as(entry.getKey()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void theGlobalSearchAsksThePluginAndAnswersAsJson() throws Exception {
    PluginJars.write(plugins(), "sample");
    Browser staff = startDemoAndSignIn("staff");

    JsonNode answer = new ObjectMapper().readTree(staff.get("/api/search?q=ebook").body());

    assertThat(answer.path("query").textValue()).isEqualTo("ebook");
    assertThat(answer.path("groups")).hasSize(1);
    JsonNode group = answer.path("groups").get(0);
    assertThat(group.path("plugin").textValue()).isEqualTo("org.example.sample");
    assertThat(group.path("title").textValue()).isEqualTo("Sample results");
    assertThat(group.path("failed").booleanValue()).isFalse();
    assertThat(group.path("hits").get(0).toString())
        .isEqualTo(
            "{\"title\":\"Sample hit for ebook\",\"snippet\":\"<b>staff</b>\","
                + "\"url\":\"/sample/hits/1\",\"score\":2.0}");
    assertThat(group.path("hits").get(1).path("title").textValue()).isEqualTo("Offsite ebook");
  }

  @Test
  void theSearchPageShowsHitsAsEscapedTextAndLinksOnlyWithinTheIntranet() throws Exception {
    PluginJars.write(plugins(), "sample");
    Browser staff = startDemoAndSignIn("staff");

    String page = staff.get("/search?q=ebook").body();

    assertThat(page)
        .contains("<h2 id=\"search-group-1\">Sample results</h2>")
        .contains("<a href=\"/sample/hits/1\">Sample hit for ebook</a>")
        .contains("<p>&lt;b&gt;staff&lt;/b&gt;</p>")
        .contains("Offsite ebook")
        .contains("value=\"ebook\"")
        .doesNotContain("javascript:");
  }

  @Test
  void aFailingSearchProviderCostsOnlyItsOwnResults() throws Exception {
    PluginJars.write(plugins(), "sample");
    Browser staff = startDemoAndSignIn("staff");

    HttpResponse<String> page = staff.get("/search?q=explode");
    HttpResponse<String> api = staff.get("/api/search?q=explode");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("This plugin's search failed.");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body())
        .isEqualTo(
            "{\"query\":\"explode\",\"groups\":[{\"plugin\":\"org.example.sample\","
                + "\"title\":\"Sample results\",\"hits\":[],\"failed\":true}]}");
  }

  @Test
  void aBrokenDescriptorIsRefusedAndShownToAdminsWhileTheIntranetRuns() throws Exception {
    PluginJars.write(plugins(), "broken");
    PluginJars.write(plugins(), "sample");
    Browser admin = startDemoAndSignIn("admin");

    String home = admin.get("/").body();

    assertThat(home)
        .contains("<h2 id=\"refused-heading\">Plugins that did not start</h2>")
        .contains("<strong>broken.jar</strong>")
        .contains("<li><code>pages[0].role: unknown role &quot;broken.moderater&quot;</code></li>");
    assertThat(admin.get("/sample/inbox").statusCode()).isEqualTo(200);
    Browser staff = intranet.browser();
    staff.signedInAs("staff", "staff");
    assertThat(staff.get("/").body()).doesNotContain("broken.jar").doesNotContain("did not start");
  }

  @Test
  void aPluginWhoseStartFailsIsRefusedWithTheReason() throws Exception {
    PluginJars.write(plugins(), "failing");
    Browser admin = startDemoAndSignIn("admin");

    assertThat(admin.get("/").body())
        .contains("<strong>failing.jar</strong> (org.example.failing)")
        .contains("start failed: database unavailable");
    assertThat(admin.get("/failing/").statusCode()).isEqualTo(404);
  }

  @Test
  void aSecondPluginWithTheSameKeyIsRefused() throws Exception {
    PluginJars.write(plugins(), "sample");
    PluginJars.write(plugins(), "duplicate", "z-duplicate.jar");
    Browser admin = startDemoAndSignIn("admin");

    assertThat(admin.get("/").body())
        .contains("<strong>z-duplicate.jar</strong> (org.example.sample)")
        .contains(
            "key: &quot;org.example.sample&quot; is already used by the plugin from sample.jar");
  }

  @Test
  void aJarWithoutADescriptorIsRefused() throws Exception {
    Files.createDirectories(plugins());
    try (var jar =
        new java.util.jar.JarOutputStream(Files.newOutputStream(plugins().resolve("empty.jar")))) {
      jar.putNextEntry(new java.util.jar.JarEntry("README.txt"));
      jar.write("nothing to see".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Browser admin = startDemoAndSignIn("admin");

    assertThat(admin.get("/").body())
        .contains("<strong>empty.jar</strong>")
        .contains(
            "META-INF/intranet-plugin.json: missing; a plugin JAR must describe itself there");
  }

  @Test
  void aPluginServesItsStaticFilesThroughTheDefaultServlet() throws Exception {
    PluginJars.write(plugins(), "sample");
    Browser staff = startDemoAndSignIn("staff");

    HttpResponse<String> file = staff.get("/sample/static/hello.txt");

    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo("hello from the sample plugin\n");
    assertThat(staff.get("/static/intranet.css").statusCode()).isEqualTo(200);
  }

  @Test
  void theRealPluginOnTheClassPathIsFound() throws Exception {
    assumeTrue(
        getClass().getClassLoader().getResource("META-INF/intranet-plugin.json") != null,
        "the Digital Branch plugin is not on the class path yet");
    IntranetConfig config =
        new IntranetConfig(
            0,
            "127.0.0.1",
            false,
            data,
            List.of(
                new ConfiguredUser(
                    "it",
                    "IT",
                    java.util.Set.of(DemoUsers.INTRANET_ADMIN, DemoUsers.PLUGIN_ADMIN),
                    PasswordHash.of("it", 1_000))),
            Map.of(),
            false,
            true);
    Browser it = startAndSignIn(config, "it");

    assertThat(it.get("/").body()).contains("org.digitalbranch");
  }
}
