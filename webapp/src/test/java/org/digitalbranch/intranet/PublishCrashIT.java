package org.digitalbranch.intranet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash test (issue 4): the built host runs in its own JVM, publishing to a Mastodon played by
 * WireMock in this JVM, which holds the create-status answer back for five seconds. While the
 * request hangs, the host is killed with SIGKILL, then started again on the same data folder. The
 * platform must end up with exactly one post, and the record must say published. It runs on each
 * store a library may choose: the SQLite file, and PostgreSQL, where the restarted host must also
 * get the store back from the killed one (its sessions, and the advisory lock they held, end with
 * it).
 */
class PublishCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = "Power cut drill: the record must survive.";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path work;
  private WireMockServer mastodon;
  private Process host;

  @AfterEach
  void cleanUp() throws Exception {
    if (host != null) {
      host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (mastodon != null) {
      mastodon.stop();
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void killingTheHostMidPublishAndRestartingItPostsExactlyOnceAndRecordsIt(String storeName)
      throws Exception {
    HostStore store = HostStore.named(storeName);
    mastodon = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    mastodon.start();
    stubMastodon();
    int port = freePort();
    Path config = writeConfig(port, store);

    host = startHost(config);
    URI base = URI.create("http://127.0.0.1:" + port);
    awaitUp(base);
    assertThat(hostLog()).as("the host's store").contains(store.startLog());
    Browser staff = new Browser(base);
    staff.signedInAs("jlee", "staff-password");
    Browser moderator = new Browser(base);
    moderator.signedInAs("mgarcia", "moderator-password");
    String id = approve(staff, moderator);

    awaitPublishRequests(1);
    Process killed = host;
    killed.destroyForcibly();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).as("the host died").isTrue();
    assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    host = startHost(config);
    awaitUp(base);
    Browser again = new Browser(base);
    again.signedInAs("jlee", "staff-password");
    JsonNode target = awaitPublished(again, id);

    List<LoggedRequest> creates =
        mastodon.findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses")));
    assertThat(creates).as("create-status requests the platform received").hasSize(1);
    assertThat(target.get("state").asText()).isEqualTo("published");
    assertThat(mastodon.findAll(getRequestedFor(urlPathEqualTo("/api/v1/accounts/7/statuses"))))
        .as("the restarted host looked for the post before sending anything")
        .isNotEmpty();
    assertThat(target.get("url").asText()).isEqualTo("https://social.test/@library/1001");
  }

  /**
   * Mastodon as documented: the status is created when the request arrives (the scenario moves on
   * then), but its answer is held back; afterwards the account's statuses list it.
   */
  private void stubMastodon() {
    ObjectNode status = JSON.createObjectNode();
    status.put("id", "1001");
    status.put("url", "https://social.test/@library/1001");
    status.put("uri", "https://social.test/users/library/statuses/1001");
    status.put("created_at", Instant.now().toString());
    status.put("content", "<p>" + TEXT + "</p>");
    mastodon.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/verify_credentials"))
            .willReturn(
                okJson("{\"id\": \"7\", \"acct\": \"library\", \"username\": \"library\"}")));
    mastodon.stubFor(
        post(urlPathEqualTo("/api/v1/statuses"))
            .inScenario("crash")
            .willSetStateTo("posted")
            .willReturn(okJson(status.toString()).withFixedDelay(5_000)));
    mastodon.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/7/statuses"))
            .inScenario("crash")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("[]")));
    mastodon.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/7/statuses"))
            .inScenario("crash")
            .whenScenarioStateIs("posted")
            .willReturn(okJson("[" + status + "]")));
    mastodon.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
            .atPriority(10)
            .willReturn(aResponse().withStatus(404)));
  }

  private Path writeConfig(int port, HostStore store) throws IOException {
    String team = "[\"jlee\", \"mgarcia\"]";
    String settings =
        "{\"server\": {\"port\": "
            + port
            + ", \"bind\": \"127.0.0.1\"}, \"dataDir\": "
            + JSON.writeValueAsString(work.resolve("data").toString())
            + ", \"users\": ["
            + user("jlee", "staff-password", "digital-branch.staff")
            + ", "
            + user(
                "mgarcia",
                "moderator-password",
                "digital-branch.staff\", \"digital-branch.moderator")
            + "], \"plugins\": {\"org.digitalbranch\": {\"database\": "
            + store.setting()
            + ", \"publishRetrySeconds\": 1, \"accounts\":"
            + " [{\"id\": \"mastodon-main\", \"platform\": \"mastodon\", \"handle\":"
            + " \"@library@social.test\", \"baseUrl\": \"http://127.0.0.1:"
            + mastodon.port()
            + "\", \"credentials\": {\"accessToken\": \"crash-test-token\"}, \"team\": "
            + team
            + "}]}}}";
    Path file = work.resolve("intranet.json");
    Files.writeString(file, settings);
    return file;
  }

  private static String user(String name, String password, String roles) {
    return "{\"name\": \""
        + name
        + "\", \"displayName\": \""
        + name
        + "\", \"roles\": [\""
        + roles
        + "\"], \"passwordHash\": \""
        + PasswordHash.of(password, PasswordHash.MINIMUM_ITERATIONS).text()
        + "\"}";
  }

  /** The packaged host, or the test class path when run outside {@code verify}. */
  private Process startHost(Path config) throws IOException {
    Path jar = Path.of("target", "digital-branch.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        Files.isRegularFile(jar)
            ? List.of(java, "-jar", jar.toString(), "--config", config.toString())
            : List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.digitalbranch.intranet.Main",
                "--config",
                config.toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("host.log").toFile()))
        .start();
  }

  private void awaitUp(URI base) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(host.isAlive()).as(hostLog()).isTrue();
      try {
        HttpResponse<Void> login =
            client.send(
                HttpRequest.newBuilder(base.resolve("/login")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (login.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the host did not come up: " + hostLog());
  }

  private void awaitPublishRequests(int count) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (mastodon.findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses"))).size() >= count) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the host never sent the post: " + hostLog());
  }

  private static String approve(Browser staff, Browser moderator) throws Exception {
    String staffToken = csrf(staff);
    HttpResponse<String> created =
        staff.json(
            "POST",
            "/digital-branch/api/posts",
            staffToken,
            JSON.writeValueAsString(
                Map.of(
                    "text",
                    TEXT,
                    "accounts",
                    List.of("mastodon-main"),
                    "topic",
                    "services",
                    "intent",
                    "engagement")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    String post = "/digital-branch/api/posts/" + id;
    assertThat(staff.json("POST", post + "/submit", staffToken, "{\"version\": 1}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> approved =
        moderator.json("POST", post + "/approve", csrf(moderator), "{\"version\": 2}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    return id;
  }

  private static String csrf(Browser browser) throws Exception {
    return JSON.readTree(browser.get("/digital-branch/api/me").body()).get("csrfToken").asText();
  }

  private JsonNode awaitPublished(Browser browser, String id) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode target = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> post = browser.get("/digital-branch/api/posts/" + id);
      target = JSON.readTree(post.body()).get("targets").get(0);
      if (target.get("state").asText().equals("published")) {
        return target;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("never published: " + target + "\n" + hostLog());
  }

  private String hostLog() {
    try {
      Path log = work.resolve("host.log");
      return Files.exists(log) ? Files.readString(log) : "(no host log)";
    } catch (IOException e) {
      return "(host log unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
