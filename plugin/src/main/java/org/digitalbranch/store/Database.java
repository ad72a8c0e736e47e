package org.digitalbranch.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The plugin's primary store: SQLite in the plugin's data folder ({@value #FILE_NAME}), migrated
 * with Flyway at open.
 *
 * <p>Concurrency, by design: SQLite allows one writer at a time, so writes go through <b>one
 * long-lived writer connection guarded by one fair lock</b> ({@link Transactions#inTransaction});
 * writers queue in Java instead of failing with {@code SQLITE_BUSY}, and a read-modify-write
 * transaction can never lose an update to another writer. Reads ({@link Transactions#read}) open
 * their own short-lived connections, which WAL lets run beside the writer without blocking it.
 * Opening an SQLite connection costs microseconds, so reads need no pool.
 *
 * <p>Every connection, reader or writer, runs with {@code journal_mode=WAL}, {@code
 * synchronous=FULL} (the archive is a public record and must survive a power cut), {@code
 * foreign_keys=ON} and a {@code busy_timeout} for the rare other process (a backup, an
 * administrator's sqlite3 shell).
 */
public final class Database implements AutoCloseable {

  /** The database file inside the plugin's data folder. */
  public static final String FILE_NAME = "digital-branch.db";

  /** How long a statement waits for a lock held by another process before failing. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** The writer connection's page cache, in KiB. */
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  /** How long a writer waits for its turn before giving up with an error. */
  private static final long WRITE_WAIT_SECONDS = 30;

  private final Path file;
  private final SQLiteConfig config;
  private final DataSource dataSource;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Transactions transactions;
  private Connection writer;

  private Database(Path file) {
    this.file = file;
    this.config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // No statement here asks for generated keys (every id is made in Java), and with the driver's
    // default every INSERT prepared and ran a second statement to fetch them: a large share of
    // the archive's ingest time (docs/benchmarks.md).
    config.setGetGeneratedKeys(false);
    this.dataSource = new ConfiguredDataSource();
    this.transactions = new Transactions(this);
  }

  /**
   * Opens (creating if needed) the database in {@code dataDirectory} and applies every pending
   * migration from {@code classpath:db/migration}.
   *
   * @param classLoader the plugin's own class loader, where the migrations and Flyway's database
   *     support live; the host's loader cannot see them when the plugin is a drop-in JAR
   */
  public static Database open(Path dataDirectory, ClassLoader classLoader) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new StoreException("cannot create the data folder " + dataDirectory, e);
    }
    Database database = new Database(file);
    try {
      database.migrate(classLoader);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  private void migrate(ClassLoader classLoader) {
    // Flyway finds its database support through ServiceLoader and the thread's context class
    // loader; inside a host or a servlet container that loader is not the plugin's.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      Flyway.configure(classLoader)
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The database file, for operators and backups. */
  public Path file() {
    return file;
  }

  /**
   * Fresh, fully configured connections. Use it for reads and tools; writes belong in {@link
   * Transactions#inTransaction} so that they are serialised.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  public Transactions transactions() {
    return transactions;
  }

  Connection newConnection() throws SQLException {
    return config.createConnection("jdbc:sqlite:" + file);
  }

  /** Runs {@code work} on the single writer connection, holding the write lock throughout. */
  <T> T withWriter(SqlWork<T> work) throws SQLException {
    boolean locked;
    try {
      locked = writeLock.tryLock(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to write", e);
    }
    if (!locked) {
      throw new StoreException("waited " + WRITE_WAIT_SECONDS + " s for the database writer", null);
    }
    try {
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
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close the database writer", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Hands out new connections with the pragmas above; no pooling (see the class comment). */
  private final class ConfiguredDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return newConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return newConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new SQLException("not a wrapper for " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
