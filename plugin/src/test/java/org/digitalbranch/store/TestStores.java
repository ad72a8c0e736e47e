package org.digitalbranch.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.digitalbranch.config.DatabaseSettings;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store the tests run on. SQLite in the test's own folder, as a small library runs; or, when
 * the build runs the store's tests a second time with {@code -D}{@value #PROPERTY}{@code
 * =postgresql} (the plugin's {@code postgresql} test execution), a new database on the tests'
 * PostgreSQL server, so the same tests check both of DESIGN.md §3's stores.
 */
public final class TestStores {

  public static final String PROPERTY = "digitalbranch.test.store";

  private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

  private TestStores() {}

  /** True in the run that checks the store's code on PostgreSQL. */
  public static boolean postgresql() {
    return "postgresql".equals(System.getProperty(PROPERTY));
  }

  /**
   * Settings naming the store of a data folder: SQLite in it, or a PostgreSQL database of its own,
   * the same one each time the folder is named, so a test that restarts the plugin on its folder
   * finds its store again.
   */
  public static DatabaseSettings settings(Path folder) {
    if (!postgresql()) {
      return DatabaseSettings.sqlite();
    }
    PostgresServer server = PostgresServer.shared();
    String url =
        DATABASES.computeIfAbsent(folder.toAbsolutePath().normalize(), unused -> server.newStore());
    return DatabaseSettings.postgresql(url, server.user(), null);
  }

  /**
   * A plain data source over a new store with every migration applied, for tests that build their
   * own transactor. On SQLite: the production durability settings, and transactions that take the
   * write lock as they begin, since a plain data source has no writer lock in front of it.
   */
  public static DataSource migrated(Path folder) {
    DataSource dataSource =
        postgresql()
            ? postgres(PostgresServer.shared().newStore())
            : sqlite(folder.resolve(Database.FILE_NAME));
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return dataSource;
  }

  /**
   * A plain data source over a new store migrated up to {@code version} only, for a test of what a
   * later migration does to a store an older plugin made.
   */
  public static DataSource migratedUpTo(Path folder, String version) {
    DataSource dataSource =
        postgresql()
            ? postgres(PostgresServer.shared().newStore())
            : sqlite(folder.resolve(Database.FILE_NAME));
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
    return dataSource;
  }

  /** Applies every migration after the ones {@code dataSource}'s store holds. */
  public static void migrateTheRest(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  /**
   * A plain data source over the store of a data folder, the one a plugin started there uses, for a
   * test that puts rows straight into it while the plugin runs (a second {@link Database} would be
   * refused on PostgreSQL, which keeps one intranet per store).
   */
  public static DataSource plain(Path folder) {
    return postgresql()
        ? postgres(settings(folder).url().orElseThrow())
        : sqlite(folder.resolve(Database.FILE_NAME));
  }

  private static DataSource postgres(String url) {
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setUrl(url);
    postgres.setUser(PostgresServer.shared().user());
    return postgres;
  }

  /** A plain data source over a SQLite file, configured as the plugin's connections are. */
  public static DataSource sqliteFile(Path file) {
    return sqlite(file);
  }

  private static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file);
    return sqlite;
  }
}
