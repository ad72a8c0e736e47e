package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain servlet container, with no intranet host: the container finds {@link
 * DigitalBranchInitializer}, signs users in itself (here: everyone is "librarian" with the staff
 * role), and the plugin builds its own context from init parameters.
 */
class StandaloneContainerTest {

  @TempDir Path dir;
  private Server server;

  private URI start(String dataDir, String settingsFile) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/library");
    if (dataDir != null) {
      context.setInitParameter(DigitalBranchInitializer.DATA_DIR, dataDir);
    }
    if (settingsFile != null) {
      context.setInitParameter(DigitalBranchInitializer.SETTINGS_FILE, settingsFile);
    }
    context.addFilter(
        new FilterHolder(new ContainerLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServletContainerInitializer(new DigitalBranchInitializer());
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/library");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void theDashboardRunsInsideTheBuiltInChromeWithSettingsFromTheFile() throws Exception {
    Path settings = dir.resolve("intranet.json");
    Files.writeString(
        settings,
        """
        {"plugins": {"org.digitalbranch": {"accounts": [
          {"id": "mastodon-main", "platform": "mastodon", "handle": "@library@example.social",
           "credentials": {"accessToken": "tok-standalone-secret"}}]}}}
        """);
    URI base = start(dir.resolve("data").toString(), settings.toString());

    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/digital-branch/")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Skip to content", "<h1>Digital Branch</h1>", "<code>librarian</code>")
        .contains("<td><code>mastodon-main</code></td>")
        .contains("href=\"/library/digital-branch/static/digital-branch.css\"")
        .doesNotContain("tok-standalone-secret");
    assertThat(dir.resolve("data/digital-branch.db")).exists();
  }

  @Test
  void withNoHostThePluginSetsItsOwnSecurityHeadersAndRefusesTrace() throws Exception {
    Path settings = dir.resolve("intranet.json");
    Files.writeString(settings, "{}");
    URI base = start(dir.resolve("data").toString(), settings.toString());
    HttpClient client = HttpClient.newHttpClient();

    for (String path : List.of("/digital-branch/queue", "/digital-branch/static/archive.js")) {
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(page.statusCode()).as(path).isEqualTo(200);
      // Without them, the queue's approve and pause forms could be framed by another site.
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
      assertThat(page.headers().firstValue("X-Frame-Options")).as(path).contains("SAMEORIGIN");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
    }
    // A servlet's default TRACE echoes the request, session cookie included.
    HttpResponse<String> trace =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/digital-branch/static/archive.js"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody())
                .header("Cookie", "JSESSIONID=secret-session")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(trace.statusCode()).isEqualTo(405);
    assertThat(trace.body()).doesNotContain("secret-session");
  }

  @Test
  void theBuiltInChromeLinksThePagesTheUsersRolesAllow() throws Exception {
    URI base = start(dir.resolve("data").toString(), null);

    org.jsoup.nodes.Document inbox =
        org.jsoup.Jsoup.parse(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/digital-branch/inbox")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());

    // Staff only: the admins' accounts and settings pages are not offered.
    org.jsoup.select.Elements links = inbox.select("nav[aria-label=Digital Branch] a");
    assertThat(links.eachText())
        .containsExactly("Digital Branch", "Post queue", "Write a post", "Inbox", "Archive");
    assertThat(links.eachAttr("href"))
        .containsExactly(
            "/library/digital-branch/",
            "/library/digital-branch/queue",
            "/library/digital-branch/compose",
            "/library/digital-branch/inbox",
            "/library/digital-branch/archive");
    assertThat(inbox.select("nav a[aria-current]").eachText()).containsExactly("Inbox");
    assertThat(inbox.select("nav a[aria-current]").attr("aria-current")).isEqualTo("page");
  }

  @Test
  void withoutADataFolderTheContextRefusesToStartAndSaysWhatToSet() throws Exception {
    assertThatThrownBy(() -> start(null, null))
        .hasMessageContaining("Digital Branch cannot start: set digital-branch.dataDir");
  }

  @Test
  void anUnknownSettingInTheFileRefusesToStartNamingIt() throws Exception {
    Path settings = dir.resolve("plugin.json");
    Files.writeString(settings, "{\"pollSecond\": 30}");

    assertThatThrownBy(() -> start(dir.resolve("data").toString(), settings.toString()))
        .hasMessageContaining("plugins.org.digitalbranch.pollSecond: unknown setting");
  }

  /** The container's own authentication, as Tomcat's realm would provide it. */
  private static final class ContainerLogin extends HttpFilter {
    @Override
    protected void doFilter(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(
          new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
              return () -> "librarian";
            }

            @Override
            public boolean isUserInRole(String role) {
              return role.equals("digital-branch.staff");
            }
          },
          response);
    }
  }
}
