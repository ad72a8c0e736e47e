package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's crash test (issue 5): the built host runs its demo in its own JVM, ingesting the
 * sandbox's thousands of conversations. In the middle of that first large ingest it is killed with
 * SIGKILL, started again on the same data folder, and stopped cleanly once it has replayed and
 * ingested on. Then the index must hold exactly what the store holds (the plugin's {@code
 * check-index}, run as an operator would), and every message version the store had committed before
 * the kill must still be there.
 *
 * <p>The same again on PostgreSQL: there the host is not the demo but an intranet configured as a
 * library's would be, with a {@code database} setting and one account on each of the demo's
 * platforms, which this JVM serves.
 */
class ArchiveCrashIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Messages stored before the kill: enough that ingestion is well under way, far from done. */
  private static final int KILL_AFTER_MESSAGES = 300;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Process host;
  private DemoSandbox platforms;

  @AfterEach
  void cleanUp() throws Exception {
    if (host != null) {
      host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (platforms != null) {
      platforms.stop();
    }
  }

  @Test
  void killingTheHostMidIngestLosesNothingAndTheIndexHoldsExactlyWhatTheStoreHolds()
      throws Exception {
    killMidIngestRestartAndCheck(HostStore.named("sqlite"), Optional.empty());
  }

  @Test
  void onPostgreSqlKillingTheHostMidIngestLosesNothingAndTheIndexHoldsExactlyWhatTheStoreHolds()
      throws Exception {
    HostStore store = HostStore.named("postgresql");
    platforms = DemoSandbox.startedHere();
    killMidIngestRestartAndCheck(store, Optional.of(writeConfig(store)));
  }

  /** The host on {@code store}: the demo without {@code config}, else the intranet it describes. */
  private void killMidIngestRestartAndCheck(HostStore store, Optional<Path> config)
      throws Exception {
    Path data = work.resolve("data");
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port);

    host = startHost(data, port, config);
    awaitUp(base);
    assertThat(hostLog()).as("the host's store").contains(store.startLog());
    awaitMessages(store, data, KILL_AFTER_MESSAGES);
    Map<String, Integer> committedBeforeKill = versionsByMessage(store, data);
    Process killed = host;
    killed.destroyForcibly();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).as("the host died").isTrue();
    assertThat(killed.toHandle().isAlive()).isFalse();
    assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(committedBeforeKill.size())
        .as("messages stored before the kill")
        .isGreaterThanOrEqualTo(KILL_AFTER_MESSAGES);

    host = startHost(data, port, config);
    // The plugin replays the index before it serves: once the host answers, the replay is done.
    awaitUp(base);
    awaitMessages(store, data, committedBeforeKill.size() + 1);
    Process stopped = host;
    stopped.destroy();
    assertThat(stopped.waitFor(30, TimeUnit.SECONDS)).as("the host stopped").isTrue();
    host = null;

    Map<String, Integer> afterRestart = versionsByMessage(store, data);
    committedBeforeKill.forEach(
        (message, versions) ->
            assertThat(afterRestart.get(message))
                .as("versions of message %s after the restart", message)
                .isNotNull()
                .isGreaterThanOrEqualTo(versions));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> checkIndex = new ArrayList<>(List.of("check-index", "--data", data.toString()));
    config.ifPresent(file -> checkIndex.addAll(List.of("--config", file.toString())));
    int check =
        new Main(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                name -> null)
            .run(checkIndex.toArray(String[]::new));
    assertThat(check)
        .as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("the index holds exactly the store's");
  }

  /**
   * A library's settings: one user, one account on each of the sandbox's platforms, the store.
   * Asked every five seconds, as the demo's accounts are asked often.
   */
  private Path writeConfig(HostStore store) throws Exception {
    ObjectNode settings = JSON.createObjectNode();
    ObjectNode user = settings.putArray("users").addObject();
    user.put("name", "records");
    user.put("displayName", "Records Officer");
    user.putArray("roles").add("digital-branch.staff");
    user.put(
        "passwordHash",
        PasswordHash.of("records-password", PasswordHash.MINIMUM_ITERATIONS).text());
    ObjectNode plugin = settings.putObject("plugins").putObject("org.digitalbranch");
    plugin.set("database", store.setting());
    plugin.put("pollSeconds", 5);
    plugin.set("accounts", platforms.accountsSetting(List.of("records")));
    // Required with an Instagram account; nothing is published here, so nothing fetches from it.
    plugin.put("publicBaseUrl", "http://127.0.0.1");
    Path file = work.resolve("intranet.json");
    JSON.writeValue(file.toFile(), settings);
    return file;
  }

  /**
   * The demo (no settings file) or the intranet {@code config} describes, on the packaged host, or
   * the test class path outside verify.
   */
  private Process startHost(Path data, int port, Optional<Path> config) throws IOException {
    Path jar = Path.of("target", "digital-branch.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> flags =
        new ArrayList<>(List.of("--data", data.toString(), "--port", Integer.toString(port)));
    config.ifPresent(file -> flags.addAll(List.of("--config", file.toString())));
    List<String> command =
        new ArrayList<>(
            Files.isRegularFile(jar)
                ? List.of(java, "-jar", jar.toString())
                : List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.digitalbranch.intranet.Main"));
    command.addAll(flags);
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
      Thread.sleep(100);
    }
    throw new AssertionError("the host did not come up: " + hostLog());
  }

  private void awaitMessages(HostStore store, Path data, int atLeast) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(host.isAlive()).as(hostLog()).isTrue();
      if ((store.postgresql() || Files.exists(database(data)))
          && versionsByMessage(store, data).size() >= atLeast) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + atLeast + " messages were stored: " + hostLog());
  }

  private static Path database(Path data) {
    return data.resolve("org.digitalbranch").resolve("digital-branch.db");
  }

  /** Each stored message's number of versions, read from the store as committed. */
  private static Map<String, Integer> versionsByMessage(HostStore store, Path data)
      throws SQLException {
    Map<String, Integer> versions = new HashMap<>();
    try (Connection connection = store.connect(data);
        Statement select = connection.createStatement()) {
      if (!store.postgresql()) {
        select.execute("PRAGMA busy_timeout = 10000");
      }
      try (ResultSet rows =
          select.executeQuery(
              "SELECT message_id, COUNT(*) FROM message_versions GROUP BY message_id")) {
        while (rows.next()) {
          versions.put(rows.getString(1), rows.getInt(2));
        }
      }
    } catch (SQLException e) {
      // "no such table" on SQLite, 42P01 (undefined table) on PostgreSQL.
      if ("42P01".equals(e.getSQLState())
          || (e.getMessage() != null && e.getMessage().contains("no such table"))) {
        return Map.of(); // Not migrated yet.
      }
      throw e;
    }
    return versions;
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
