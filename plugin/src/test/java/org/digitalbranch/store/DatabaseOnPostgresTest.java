package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.digitalbranch.config.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on PostgreSQL (DESIGN.md §3), where it differs from SQLite: pooled connections, the
 * migrations on a server, a read's snapshot, and the errors an administrator sees. Runs only in the
 * plugin's {@code postgresql} test execution, which starts the server.
 */
class DatabaseOnPostgresTest {

  @TempDir Path dataDir;
  private final PostgresServer server = PostgresServer.shared();
  private Database database;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  private Database open(String url) {
    database =
        Database.open(
            dataDir,
            DatabaseSettings.postgresql(url, server.user(), null),
            DatabaseOnPostgresTest.class.getClassLoader());
    return database;
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void theMigrationsBuildAnEmptyDatabaseOnceAndNothingLandsInTheDataFolder() throws Exception {
    String url = server.newStore();
    open(url).close();
    open(url);

    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(count(connection, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
          .as("failed migrations")
          .isZero();
      assertThat(
              count(connection, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"))
          .as("runs of V1")
          .isEqualTo(1);
      assertThat(count(connection, "SELECT count(*) FROM archive_sequence")).isEqualTo(1);
      assertThat(count(connection, "SELECT current_setting('tcp_keepalives_idle')::int"))
          .as("the server's keepalive, so a vanished client's session and lock end in a minute")
          .isEqualTo(30);
    }
    assertThat(database.file()).isEmpty();
    assertThat(dataDir.resolve(Database.FILE_NAME)).doesNotExist();
    assertThat(database.description())
        .as("the URL's parameters may name key files: left out, but for the schema")
        .isEqualTo(
            "PostgreSQL "
                + url.substring(0, url.indexOf('?'))
                + " (schema "
                + schemaOf(url)
                + ") as "
                + server.user());
  }

  @Test
  void thisRunIsThePostgresqlRun() {
    // Every other test of the postgresql execution would pass on SQLite too: this one says which.
    assertThat(TestStores.postgresql())
        .as(
            "this class runs in the plugin's postgresql test execution, with -D"
                + TestStores.PROPERTY
                + "=postgresql (a -Dtest naming it also runs it in the default execution,"
                + " where this one fails)")
        .isTrue();
    assertThat(TestStores.settings(dataDir).isPostgresql()).isTrue();
  }

  @Test
  void optionsTheUrlGivesTheServerAreKeptBesideThePluginsKeepalive() throws Exception {
    open(server.newStore() + "&options=-c%20statement_timeout%3D12345");

    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(
              count(
                  connection,
                  "SELECT CASE WHEN current_setting('statement_timeout') = '12345ms'"
                      + " AND current_setting('tcp_keepalives_idle') = '30' THEN 1 ELSE 0 END"))
          .isEqualTo(1);
    }
  }

  @Test
  void aSecondIntranetOnTheSameDatabaseIsRefusedUntilTheFirstCloses() {
    String url = server.newStore();
    open(url);
    DatabaseSettings same = DatabaseSettings.postgresql(url, server.user(), null);

    assertThatThrownBy(
            () -> Database.open(dataDir, same, DatabaseOnPostgresTest.class.getClassLoader()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("another intranet is using PostgreSQL jdbc:postgresql://")
        .hasMessageEndingWith(
            " (schema "
                + schemaOf(url)
                + ") as "
                + server.user()
                + ": one intranet writes to one store, so stop the other or give each its own"
                + " database or schema");
    String another = server.newStore();
    try (Database beside =
        Database.open(
            dataDir,
            DatabaseSettings.postgresql(another, server.user(), null),
            DatabaseOnPostgresTest.class.getClassLoader())) {
      assertThat(beside.description()).as("another schema of the same database").isNotNull();
    }

    database.close();
    database = null;
    open(url);
    int answered = database.transactions().read(connection -> 1);
    assertThat(answered).isEqualTo(1);
  }

  @Test
  void afterTheServerDropsTheWritersSessionTheNextWriteTakesTheStoreAgain() throws Exception {
    String url = server.newStore();
    open(url);
    long writer = lockHolder(url);

    dropSession(url, writer);
    writeSoon(database, "after the drop");

    assertThat(lockHolder(url)).as("a new session holds the lock").isNotEqualTo(writer);
    assertThatThrownBy(
            () ->
                Database.open(
                    dataDir,
                    DatabaseSettings.postgresql(url, server.user(), null),
                    DatabaseOnPostgresTest.class.getClassLoader()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("another intranet is using PostgreSQL");
  }

  @Test
  void anIntranetThatLostTheStoreToAnotherWhileDroppedWritesNothingAndSaysWhy() throws Exception {
    String url = server.newStore();
    open(url);
    dropSession(url, lockHolder(url));

    try (Database other =
        Database.open(
            dataDir,
            DatabaseSettings.postgresql(url, server.user(), null),
            DatabaseOnPostgresTest.class.getClassLoader())) {
      writeSoon(other, "the other's");

      String refusal =
          "database write failed: another intranet is using PostgreSQL jdbc:postgresql://";
      String why =
          " (schema "
              + schemaOf(url)
              + ") as "
              + server.user()
              + " since the server dropped this one's session: nothing is written here while the"
              + " other holds it";
      // Its first write may meet the dead session; if so, the one after must meet the lock.
      Throwable first = catchThrowable(() -> write(database, "the first's"));
      assertThat(first).isInstanceOf(StoreException.class);
      if (!first.getMessage().startsWith(refusal)) {
        assertThatThrownBy(() -> write(database, "the first's"))
            .isInstanceOf(StoreException.class)
            .hasMessageStartingWith(refusal)
            .hasMessageEndingWith(why);
      } else {
        assertThat(first).hasMessageEndingWith(why);
      }
      assertThat(new SettingsState(other.transactions()).get("written"))
          .hasValueSatisfying(value -> assertThat(value.value()).isEqualTo("the other's"));
    }
  }

  private static String schemaOf(String url) {
    return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
  }

  @Test
  void aSchemaTheUrlNamesButTheDatabaseLacksIsRefusedAndNotCreated() throws Exception {
    String url = server.newStore();
    String missing = url.substring(0, url.indexOf("currentSchema=")) + "currentSchema=nowhere_yet";

    assertThatThrownBy(
            () ->
                Database.open(
                    dataDir,
                    DatabaseSettings.postgresql(missing, server.user(), null),
                    DatabaseOnPostgresTest.class.getClassLoader()))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot use PostgreSQL "
                + url.substring(0, url.indexOf('?'))
                + " (schema nowhere_yet) as "
                + server.user()
                + ": no schema of the search path nowhere_yet exists: create it first (CREATE"
                + " SCHEMA ... AUTHORIZATION "
                + server.user()
                + ")");
    try (Connection plain = DriverManager.getConnection(url, server.user(), null)) {
      assertThat(
              count(
                  plain,
                  "SELECT count(*) FROM information_schema.schemata"
                      + " WHERE schema_name = 'nowhere_yet'"))
          .isZero();
    }
  }

  /** The backend holding this store's one-intranet lock. */
  private long lockHolder(String url) throws SQLException {
    try (Connection plain = DriverManager.getConnection(url, server.user(), null)) {
      return count(
          plain,
          "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
              + " AND classid = "
              + PostgresEngine.ONE_INTRANET_LOCK
              + " AND objid = hashtext(current_schema())::oid");
    }
  }

  /** Ends a session as a server restart or an administrator would, and waits until it is gone. */
  private void dropSession(String url, long pid) throws Exception {
    try (Connection plain = DriverManager.getConnection(url, server.user(), null)) {
      count(plain, "SELECT CASE WHEN pg_terminate_backend(" + pid + ") THEN 1 ELSE 0 END");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (count(plain, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0) {
        assertThat(System.nanoTime()).as("the dropped session is gone").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  private static void write(Database store, String value) {
    store
        .transactions()
        .inTransaction(
            connection -> {
              SettingsState.set(connection, "written", value, "test", Instant.EPOCH);
              return null;
            });
  }

  /** A write that may first meet a session the pool has not yet found dead, then goes through. */
  private static void writeSoon(Database store, String value) {
    try {
      write(store, value);
    } catch (StoreException firstMetTheDeadSession) {
      write(store, value);
    }
  }

  @Test
  void aWriteInsideAWriteIsRefusedRatherThanDeadlocked() {
    open(server.newStore());

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(outer -> database.transactions().inTransaction(inner -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a write transaction was started inside another");
  }

  @Test
  void sixteenConcurrentWritersLoseNoUpdateWhileReadersRead() throws Exception {
    open(server.newStore());

    assertThat(DatabaseTest.countConcurrently(database, 16, 10, 4)).isEqualTo(16 * 10);
  }

  @Test
  void aReadSeesOneSnapshotWhileAWriterCommitsBetweenItsQueries() throws Exception {
    open(server.newStore());
    SettingsState state = new SettingsState(database.transactions());
    state.set("first", "1", "test", Instant.EPOCH);
    String countRows = "SELECT count(*) FROM settings_state";

    List<Long> seen =
        database
            .transactions()
            .read(
                connection -> {
                  long before = count(connection, countRows);
                  Thread writer =
                      Thread.ofPlatform()
                          .start(() -> state.set("second", "2", "test", Instant.EPOCH));
                  try {
                    writer.join();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return List.of(before, count(connection, countRows));
                });

    assertThat(seen).containsExactly(1L, 1L);
    assertThat(state.get("second")).isPresent();
  }

  @Test
  void aWriteGoesThroughWhileEveryReadConnectionIsTaken() throws Exception {
    open(server.newStore());
    SettingsState state = new SettingsState(database.transactions());
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < PostgresEngine.READ_POOL_SIZE; i++) {
        held.add(database.dataSource().getConnection());
      }

      // With one pool for both, this write would wait 30 s for a connection and then fail.
      state.set("written", "yes", "test", Instant.EPOCH);
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
    assertThat(state.get("written")).isPresent();
  }

  @Test
  void aReadCannotWrite() {
    open(server.newStore());

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .read(
                        connection -> {
                          SettingsState.set(connection, "sneaky", "x", "test", Instant.EPOCH);
                          return null;
                        }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void anUnreachableServerIsAnErrorNamingTheDatabaseButNeverThePassword() {
    DatabaseSettings unreachable =
        DatabaseSettings.postgresql("jdbc:postgresql://127.0.0.1:1/records", "lib", "pw-42-secret");

    assertThatThrownBy(
            () ->
                Database.open(dataDir, unreachable, DatabaseOnPostgresTest.class.getClassLoader()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:1/records as lib: ")
        .hasMessageContaining("refused")
        .message()
        .doesNotContain("pw-42-secret");
  }
}
