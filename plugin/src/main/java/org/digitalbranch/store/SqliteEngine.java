package org.digitalbranch.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The default store: one SQLite file in the plugin's data folder. SQLite allows one writer at a
 * time, so writes go through one long-lived writer connection; reads open their own short-lived
 * connections, which WAL lets run beside the writer without blocking it. Opening an SQLite
 * connection costs microseconds, so reads need no pool.
 *
 * <p>Every connection runs with {@code journal_mode=WAL}, {@code synchronous=FULL} (the archive is
 * a public record and must survive a power cut), {@code foreign_keys=ON} and a {@code busy_timeout}
 * for the rare other process (a backup, an administrator's sqlite3 shell).
 */
final class SqliteEngine implements StoreEngine {

  /** How long a statement waits for a lock held by another process before failing. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** The writer connection's page cache, in KiB. */
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  private final Path file;
  private final SQLiteConfig config = new SQLiteConfig();

  /** New connections with the pragmas below; no pooling (see the class comment). */
  private final SQLiteDataSource connections = new SQLiteDataSource(config);

  private Connection writer;

  SqliteEngine(Path file) {
    this.file = file;
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // No statement here asks for generated keys (every id is made in Java), and with the driver's
    // default every INSERT prepared and ran a second statement to fetch them: a large share of
    // the archive's ingest time (docs/benchmarks.md).
    config.setGetGeneratedKeys(false);
    connections.setUrl("jdbc:sqlite:" + file);
  }

  @Override
  public String description() {
    return "SQLite " + file;
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(file);
  }

  @Override
  public DataSource migrations() {
    return connections;
  }

  @Override
  public DataSource reads() {
    return connections;
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    if (writer == null || writer.isClosed()) {
      writer = newConnection();
      try (Statement pragma = writer.createStatement()) {
        // The writer lives as long as the plugin and every insert walks the tables' indexes:
        // SQLite's default 2 MB page cache holds a small archive's, not a million messages'.
        // Pages are allocated as used, so a small library pays nothing for the ceiling.
        pragma.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
      }
    }
    return work.run(writer);
  }

  private Connection newConnection() throws SQLException {
    return connections.getConnection();
  }

  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the database writer", e);
    } finally {
      writer = null;
    }
  }
}
