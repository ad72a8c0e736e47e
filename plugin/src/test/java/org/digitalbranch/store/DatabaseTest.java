package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dataDir;
  private Database database;

  @BeforeEach
  void open() {
    database = Database.open(dataDir, DatabaseTest.class.getClassLoader());
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void theDatabaseLivesInThePluginsDataFolder() {
    assertThat(database.file()).contains(dataDir.resolve("digital-branch.db"));
    assertThat(dataDir.resolve("digital-branch.db")).exists();
  }

  @Test
  void onlyTheIntranetsOwnUserCanReadTheStoreItsLogAndItsFolder() throws Exception {
    database.transactions().inTransaction(connection -> null); // the writer opens the WAL

    assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PrivateFiles.FOLDER);
    for (String name : List.of("digital-branch.db", "digital-branch.db-wal")) {
      assertThat(Files.getPosixFilePermissions(dataDir.resolve(name)))
          .as(name)
          .isEqualTo(PrivateFiles.FILE);
    }
  }

  @Test
  void aStoreLeftReadableByEveryoneIsClosedToThemAtTheNextStart() throws Exception {
    database.close();
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String name : List.of("digital-branch.db", "digital-branch.db-wal")) {
      if (Files.exists(dataDir.resolve(name))) {
        Files.setPosixFilePermissions(
            dataDir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
      }
    }

    database = Database.open(dataDir, DatabaseTest.class.getClassLoader());

    assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PrivateFiles.FOLDER);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("digital-branch.db")))
        .isEqualTo(PrivateFiles.FILE);
  }

  @Test
  void theFoundationMigrationRanOnceAndEveryMigrationSucceeded() throws Exception {
    database.close();
    database = Database.open(dataDir, DatabaseTest.class.getClassLoader());

    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), sum(CASE WHEN version = '1' THEN 1 ELSE 0 END),"
                    + " sum(CASE WHEN success THEN 0 ELSE 1 END) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL")) {
      rows.next();
      assertThat(rows.getInt(1)).as("migrations applied").isPositive();
      assertThat(rows.getInt(2)).as("runs of V1").isEqualTo(1);
      assertThat(rows.getInt(3)).as("failed migrations").isZero();
    }
  }

  @Test
  void readConnectionsRunWalWithFullSyncAndForeignKeys() throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(connection, "synchronous")).isEqualTo("2");
      assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(connection, "busy_timeout")).isEqualTo("10000");
    }
  }

  @Test
  void theWriterConnectionRunsWithTheSamePragmas() {
    List<String> pragmas =
        database
            .transactions()
            .inTransaction(
                connection ->
                    List.of(
                        pragma(connection, "journal_mode"),
                        pragma(connection, "synchronous"),
                        pragma(connection, "foreign_keys")));

    assertThat(pragmas).containsExactly("wal", "2", "1");
  }

  @Test
  void aSwitchKeepsWhoChangedItAndWhen() {
    SettingsState state = new SettingsState(database.transactions());
    Instant at = Instant.parse("2026-12-01T15:00:00Z");

    state.set("publishing.paused", "true", "moderator", at);
    state.set("publishing.paused", "false", "admin", at.plusSeconds(60));

    assertThat(state.get("publishing.paused"))
        .contains(
            new SettingsState.Entry("publishing.paused", "false", "admin", at.plusSeconds(60)));
    assertThat(state.get("no.such.switch")).isEmpty();
  }

  @Test
  void aWriteInsideAWriteIsRefusedRatherThanCommittingTheOuterOneEarly() {
    SettingsState state = new SettingsState(database.transactions());

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        outer -> {
                          SettingsState.set(outer, "outer", "1", "staff", Instant.EPOCH);
                          return database.transactions().inTransaction(inner -> 1);
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a write transaction was started inside another");
    assertThat(state.get("outer")).isEmpty();
  }

  @Test
  void aFailingTransactionLeavesNothingBehind() {
    SettingsState state = new SettingsState(database.transactions());

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        connection -> {
                          SettingsState.set(connection, "half", "done", "staff", Instant.EPOCH);
                          throw new IllegalStateException("a rule said no");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a rule said no");
    assertThat(state.get("half")).isEmpty();
  }

  @Test
  void sixteenConcurrentWritersLoseNoUpdateWhileReadersRead() throws Exception {
    assertThat(countConcurrently(database, 16, 25, 4)).isEqualTo(16 * 25);
  }

  /**
   * {@code writers} threads each add one to a counter {@code incrementsEach} times, read then
   * write, while {@code readers} threads read it; returns the counter. Any lost update shows.
   */
  static int countConcurrently(Database database, int writers, int incrementsEach, int readers)
      throws Exception {
    SettingsState state = new SettingsState(database.transactions());
    state.set("counter", "0", "test", Instant.EPOCH);
    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String actor = "writer-" + w;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < incrementsEach; i++) {
                    database
                        .transactions()
                        .inTransaction(
                            connection -> {
                              int value =
                                  Integer.parseInt(
                                      SettingsState.get(connection, "counter")
                                          .orElseThrow()
                                          .value());
                              SettingsState.set(
                                  connection,
                                  "counter",
                                  String.valueOf(value + 1),
                                  actor,
                                  Instant.now());
                              return null;
                            });
                  }
                }));
      }
      for (int r = 0; r < readers; r++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    assertThat(state.get("counter")).isPresent();
                  }
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return Integer.parseInt(state.get("counter").orElseThrow().value());
  }
}
