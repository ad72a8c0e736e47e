package org.digitalbranch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.digitalbranch.config.DatabaseSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The plugin's primary store, migrated with Flyway at open: SQLite in the plugin's data folder
 * ({@value #FILE_NAME}) by default, or a PostgreSQL database for a shared deployment (DESIGN.md
 * §3). Both run the same migrations and the same statements; what differs, connections and the
 * writer, is each one's {@link StoreEngine}.
 *
 * <p>Concurrency, by design: SQLite allows one writer at a time, so writes go through <b>one writer
 * guarded by one fair lock</b> ({@link Transactions#inTransaction}); writers queue in Java instead
 * of failing with {@code SQLITE_BUSY}, and a read-modify-write transaction can never lose an update
 * to another writer. The same lock serves PostgreSQL, so the code above behaves alike on both.
 * Reads ({@link Transactions#read}) run on connections of their own beside the writer.
 */
public final class Database implements AutoCloseable {

  /** The database file inside the plugin's data folder, when the store is SQLite. */
  public static final String FILE_NAME = "digital-branch.db";

  /** How long a writer waits for its turn before giving up with an error. */
  private static final long WRITE_WAIT_SECONDS = 30;

  private final StoreEngine engine;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Transactions transactions = new Transactions(this);

  private Database(StoreEngine engine) {
    this.engine = engine;
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
   * @throws StoreException when the database cannot be reached, is held by another intranet or
   *     cannot be migrated, saying which database
   */
  public static Database open(
      Path dataDirectory, DatabaseSettings settings, ClassLoader classLoader) {
    return open(dataDirectory, settings, classLoader, true);
  }

  /**
   * As {@link #open(Path, DatabaseSettings, ClassLoader)}, for a maintenance task, which must not
   * change the store's schema: a store an older version made is refused (the intranet's next start
   * upgrades it, and a task run before deciding to upgrade would otherwise have decided it), as is
   * one a newer version made.
   */
  public static Database openAsItIs(
      Path dataDirectory, DatabaseSettings settings, ClassLoader classLoader) {
    return open(dataDirectory, settings, classLoader, false);
  }

  private static Database open(
      Path dataDirectory, DatabaseSettings settings, ClassLoader classLoader, boolean upgrade) {
    Database database =
        new Database(
            settings.isPostgresql() ? PostgresEngine.open(settings) : sqlite(dataDirectory));
    try {
      database.migrate(classLoader, upgrade);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  private static SqliteEngine sqlite(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      // The owner's alone, before SQLite creates anything: its -wal and -shm files take the
      // database file's permissions (PrivateFiles).
      PrivateFiles.folder(dataDirectory);
      PrivateFiles.file(file);
      PrivateFiles.ifPresent(dataDirectory.resolve(FILE_NAME + "-wal"));
      PrivateFiles.ifPresent(dataDirectory.resolve(FILE_NAME + "-shm"));
    } catch (IOException e) {
      throw new StoreException("cannot create the data folder " + dataDirectory, e);
    }
    return new SqliteEngine(file);
  }

  /**
   * Checks the store's schema against this version's migrations and, with {@code upgrade}, applies
   * the pending ones; without, refuses a store that has any. A store some newer version migrated is
   * refused either way: this version's statements do not know its tables, and writing to it could
   * damage what the newer version keeps (Flyway would only warn).
   */
  private void migrate(ClassLoader classLoader, boolean upgrade) {
    // Flyway finds its database support through ServiceLoader and the thread's context class
    // loader; inside a host or a servlet container that loader is not the plugin's.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      Flyway flyway =
          Flyway.configure(classLoader)
              .dataSource(engine.migrations())
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              .load();
      MigrationInfo[] all = flyway.info().all();
      MigrationInfo newer = null;
      MigrationInfo known = null;
      int pending = 0;
      for (MigrationInfo migration : all) {
        if (migration.getState() == MigrationState.FUTURE_SUCCESS) {
          newer = migration;
        } else if (migration.getState() == MigrationState.PENDING) {
          pending++;
        }
        if (migration.getState() != MigrationState.FUTURE_SUCCESS
            && migration.getVersion() != null) {
          known = migration;
        }
      }
      if (newer != null) {
        throw new StoreException(
            "the store "
                + description()
                + " was upgraded by a newer version of Digital Branch (schema "
                + newer.getVersion()
                + "; this version knows up to "
                + (known == null ? "none" : known.getVersion())
                + "): run that version, or restore a backup made before the upgrade. Nothing was"
                + " changed.",
            null);
      }
      if (pending > 0 && !upgrade && pending == all.length) {
        throw new StoreException(
            "there is no Digital Branch store in "
                + description()
                + " yet: the intranet has never run on it. Nothing was changed.",
            null);
      }
      if (pending > 0 && !upgrade) {
        throw new StoreException(
            "the store "
                + description()
                + " was made by an older version of Digital Branch and needs "
                + pending
                + " schema upgrade(s), which only the intranet's start applies: start the"
                + " intranet with this version once (after a backup), or use the version that made"
                + " it. Nothing was changed.",
            null);
      }
      if (upgrade) {
        flyway.migrate();
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The SQLite database file, for operators and backups; empty on PostgreSQL. */
  public Optional<Path> file() {
    return engine.file();
  }

  /** Which database this is, for logs and messages: never the password. */
  public String description() {
    return engine.description();
  }

  /**
   * Fully configured connections for reads and tools (read-only on PostgreSQL). Writes belong in
   * {@link Transactions#inTransaction} so that they are serialised.
   */
  public DataSource dataSource() {
    return engine.reads();
  }

  public Transactions transactions() {
    return transactions;
  }

  /** A connection for one read-only transaction that sees one snapshot. */
  Connection newReadConnection() throws SQLException {
    return engine.reads().getConnection();
  }

  /** Runs {@code work} on the single writer connection, holding the write lock throughout. */
  <T> T withWriter(SqlWork<T> work) throws SQLException {
    if (writeLock.isHeldByCurrentThread()) {
      // On SQLite it would commit the outer transaction's work early; on PostgreSQL it would wait
      // for its own row locks on a second connection.
      throw new IllegalStateException("a write transaction was started inside another");
    }
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
      return engine.write(work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      engine.close();
    } finally {
      writeLock.unlock();
    }
  }
}
