package org.digitalbranch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.digitalbranch.config.DatabaseSettings;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The plugin's primary store, migrated with Flyway at open: SQLite in the plugin's data folder
 * ({@value #FILE_NAME}) by default, or a PostgreSQL database for a shared deployment (DESIGN.md
 * §3). Both run the same migrations and the same statements.
 *
 * <p>Concurrency, by design: SQLite allows one writer at a time, so writes go through <b>one writer
 * guarded by one fair lock</b> ({@link Transactions#inTransaction}); writers queue in Java instead
 * of failing with {@code SQLITE_BUSY}, and a read-modify-write transaction can never lose an update
 * to another writer. The same lock serves PostgreSQL, so the code above behaves alike on both; one
 * intranet writes to one database. Reads ({@link Transactions#read}) run on their own connections
 * beside the writer without blocking it: new ones on SQLite, where opening costs microseconds, and
 * pooled ones (HikariCP) on PostgreSQL, where each costs a server process.
 *
 * <p>Every SQLite connection runs with {@code journal_mode=WAL}, {@code synchronous=FULL} (the
 * archive is a public record and must survive a power cut), {@code foreign_keys=ON} and a {@code
 * busy_timeout} for the rare other process (a backup, an administrator's sqlite3 shell). PostgreSQL
 * is durable on commit by default and always checks foreign keys.
 */
public final class Database implements AutoCloseable {

  /** The database file inside the plugin's data folder, when the store is SQLite. */
  public static final String FILE_NAME = "digital-branch.db";

  /** How long a statement waits for a lock held by another process before failing. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** The writer connection's page cache, in KiB. */
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  /** How long a writer waits for its turn before giving up with an error. */
  private static final long WRITE_WAIT_SECONDS = 30;

  /**
   * PostgreSQL connections kept open: one writer at a time, the index's and ingestion's readers,
   * and the pages being served. A request waits for a free one rather than failing.
   */
  private static final int POSTGRESQL_POOL_SIZE = 10;

  private final Path file;
  private final SQLiteConfig config;
  private final HikariDataSource pool;
  private final String description;
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
    this.pool = null;
    this.description = "SQLite " + file;
    this.dataSource = new ConfiguredDataSource();
    this.transactions = new Transactions(this);
  }

  private Database(HikariDataSource pool, String description) {
    this.file = null;
    this.config = null;
    this.pool = pool;
    this.description = description;
    this.dataSource = pool;
    this.transactions = new Transactions(this);
  }

  /**
   * Opens (creating if needed) the SQLite database in {@code dataDirectory} and applies every
   * pending migration from {@code classpath:db/migration}.
   *
   * @param classLoader the plugin's own class loader, where the migrations and Flyway's database
   *     support live; the host's loader cannot see them when the plugin is a drop-in JAR
   */
  public static Database open(Path dataDirectory, ClassLoader classLoader) {
    return open(dataDirectory, DatabaseSettings.sqlite(), classLoader);
  }

  /**
   * Opens the store the settings name, SQLite in {@code dataDirectory} or a PostgreSQL database,
   * and applies every pending migration.
   *
   * @throws StoreException when the database cannot be reached or migrated, saying which one
   */
  public static Database open(
      Path dataDirectory, DatabaseSettings settings, ClassLoader classLoader) {
    Database database = settings.isPostgresql() ? postgresql(settings) : sqlite(dataDirectory);
    try {
      database.migrate(classLoader);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  private static Database sqlite(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new StoreException("cannot create the data folder " + dataDirectory, e);
    }
    return new Database(dataDirectory.resolve(FILE_NAME));
  }

  private static Database postgresql(DatabaseSettings settings) {
    String url = settings.url().orElseThrow();
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("digital-branch");
    hikari.setDriverClassName("org.postgresql.Driver");
    hikari.setJdbcUrl(url);
    hikari.setUsername(settings.user().orElseThrow());
    settings.password().ifPresent(hikari::setPassword);
    hikari.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
    hikari.setMinimumIdle(1);
    String description = "PostgreSQL " + url + " as " + settings.user().orElseThrow();
    try {
      return new Database(new HikariDataSource(hikari), description);
    } catch (RuntimeException e) {
      // Hikari's message says what the server answered; the password is never part of it.
      throw new StoreException("cannot connect to " + description + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
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

  /** The SQLite database file, for operators and backups; empty on PostgreSQL. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Which database this is, for logs and messages: never the password. */
  public String description() {
    return description;
  }

  /**
   * Fully configured connections. Use it for reads and tools; writes belong in {@link
   * Transactions#inTransaction} so that they are serialised.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  public Transactions transactions() {
    return transactions;
  }

  /**
   * A connection for one read-only transaction. On PostgreSQL it asks for a repeatable read, so all
   * the transaction's queries see one snapshot, as a read transaction does on SQLite's WAL.
   */
  Connection newReadConnection() throws SQLException {
    if (pool == null) {
      return newConnection();
    }
    Connection connection = pool.getConnection();
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    return connection;
  }

  private Connection newConnection() throws SQLException {
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
      if (pool != null) {
        // The pool checks a connection before handing it out, so a restarted server costs one
        // reconnect, not a broken writer.
        try (Connection connection = pool.getConnection()) {
          return work.run(connection);
        }
      }
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
      if (pool != null) {
        pool.close();
      }
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
