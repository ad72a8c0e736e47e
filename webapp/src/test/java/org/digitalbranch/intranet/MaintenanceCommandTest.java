package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance commands through {@link Main#run}, on a data folder the real demo filled: the
 * plugin's {@code rebuild-index} brings a deleted or damaged index back to exactly what the store
 * holds (as its {@code check-index} and the store itself count it), and refuses while an intranet
 * runs on the folder.
 */
class MaintenanceCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  /** The demo's archive, filled once; each test works on its own copy. */
  @TempDir static Path filled;

  @BeforeAll
  static void fillAnArchiveFromTheDemo() throws Exception {
    try (RunningIntranet intranet = RunningIntranet.start(IntranetConfig.demo(filled))) {
      Browser staff = intranet.browser();
      staff.signedInAs("staff", "staff");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      JsonNode conversations = JSON.createArrayNode();
      while (conversations.isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
        HttpResponse<String> inbox = staff.get("/digital-branch/api/conversations?limit=1");
        conversations = JSON.readTree(inbox.body()).get("conversations");
      }
      assertThat(conversations).as("the demo's archive").isNotEmpty();
    }
  }

  @BeforeEach
  void copyTheArchive() throws Exception {
    try (Stream<Path> paths = Files.walk(filled)) {
      for (Path from : paths.toList()) {
        Path to = data.resolve(filled.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else if (!from.getFileName().toString().equals("write.lock")) {
          Files.copy(from, to);
        }
      }
    }
    assertThat(storeConversations()).isPositive();
  }

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return new Main(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.<String, String>of()::get)
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path pluginFolder() {
    return data.resolve("org.digitalbranch");
  }

  private Path indexFolder() {
    return pluginFolder().resolve("index");
  }

  /** Counted in the store itself, beside the plugin's own check. */
  private long storeConversations() throws SQLException {
    try (Connection store =
            DriverManager.getConnection(
                "jdbc:sqlite:" + pluginFolder().resolve("digital-branch.db"));
        Statement count = store.createStatement();
        ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM conversations")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private String exactly() throws SQLException {
    return String.format(
        java.util.Locale.ROOT,
        "the index holds exactly the store's %,d conversations",
        storeConversations());
  }

  @Test
  void rebuildIndexBringsADeletedIndexBackToExactlyWhatTheStoreHolds() throws Exception {
    assertThat(run("check-index", "--data", data.toString())).as(err()).isZero();
    assertThat(out()).contains(exactly());
    deleteRecursively(indexFolder());
    assertThat(run("check-index", "--data", data.toString())).isEqualTo(Main.FAILED);
    assertThat(err()).contains("check-index failed: there is no index in");

    int status = run("rebuild-index", "--data", data.toString());

    assertThat(status).as(err()).isZero();
    assertThat(out())
        .contains("rebuild-index (plugin org.digitalbranch) on the data folder")
        .contains("reading the store SQLite ")
        .containsPattern(
            "\\d+ of "
                + String.format(java.util.Locale.ROOT, "%,d", storeConversations())
                + " conversations indexed \\(100%\\)")
        .contains("rebuild-index: done");
    assertThat(run("check-index", "--data", data.toString())).as(out() + err()).isZero();
    assertThat(out()).contains(exactly());
  }

  @Test
  void rebuildIndexReplacesAnIndexLuceneCannotRead() throws Exception {
    try (Stream<Path> files = Files.list(indexFolder())) {
      for (Path file : files.filter(f -> !f.endsWith("write.lock")).toList()) {
        Files.write(file, "not an index".getBytes(StandardCharsets.UTF_8));
      }
    }

    int status = run("rebuild-index", "--data", data.toString());

    assertThat(status).as(err()).isZero();
    assertThat(run("check-index", "--data", data.toString())).as(out() + err()).isZero();
    assertThat(out()).contains(exactly());
  }

  @Test
  void rebuildIndexRefusesWhileAnIntranetRunsOnTheDataFolderAndChangesNothing() throws Exception {
    try (RunningIntranet running = RunningIntranet.start(IntranetConfig.demo(data))) {
      int status = run("rebuild-index", "--data", data.toString());

      assertThat(status).isEqualTo(Main.FAILED);
      assertThat(err())
          .contains("rebuild-index failed: the search index in ")
          .contains("is in use: an intranet is running on this data folder. Stop it first");
      assertThat(out()).doesNotContain("conversations indexed");
      Browser staff = running.browser();
      staff.signedInAs("staff", "staff");
      assertThat(staff.get("/digital-branch/api/archive/search?q=").statusCode()).isEqualTo(200);
    }
    assertThat(run("check-index", "--data", data.toString())).as(out() + err()).isZero();
  }

  @Test
  void aTaskRunByAnotherUserThanTheDataFoldersOwnerIsRefusedNamingTheOwner() throws Exception {
    // As root run against a service user's folder: the files it wrote would be root's. Giving the
    // folder to another user takes root, which CI runs as.
    Path folder = data.resolve("org.digitalbranch");
    java.nio.file.attribute.UserPrincipal mine = java.nio.file.Files.getOwner(folder);
    assumeTrue("root".equals(mine.getName()), "giving a folder away needs root");
    java.nio.file.attribute.UserPrincipal nobody =
        folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    java.nio.file.Files.setOwner(folder, nobody);
    int status;
    try {
      status = run("rebuild-index", "--data", data.toString());
    } finally {
      java.nio.file.Files.setOwner(folder, mine);
    }

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains("belongs to nobody and this task runs as root: run it as nobody")
        .contains("(for example sudo -u nobody")
        .contains("Nothing was changed.");
    assertThat(out()).doesNotContain("conversations indexed");
    assertThat(run("check-index", "--data", data.toString())).as(out() + err()).isZero();
  }

  @Test
  void aMissingDataFolderAndAnUnknownTaskAreRefusedWithTheReason() {
    Path nowhere = data.resolve("nowhere");

    assertThat(run("rebuild-index", "--data", nowhere.toString())).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains(
            "rebuild-index did not run: the data folder "
                + nowhere.toAbsolutePath().normalize()
                + " does not exist");

    assertThat(run("rebuild-indexes", "--data", data.toString())).isEqualTo(Main.USAGE);
    assertThat(err())
        .contains(
            "unknown task \"rebuild-indexes\"; the installed plugins offer: rebuild-index,"
                + " check-index");
  }

  @Test
  void helpListsTheTasksTheInstalledPluginsOffer() {
    assertThat(run("--help", "--data", data.toString())).isZero();

    assertThat(out())
        .contains("java -jar digital-branch.jar TASK [--data DIR] [--config FILE]")
        .contains("Maintenance tasks of the installed plugins:")
        .contains("  rebuild-index   Rebuild the conversation archive's search index")
        .contains("  check-index     Check that");
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
