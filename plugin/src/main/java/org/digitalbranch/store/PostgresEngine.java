package org.digitalbranch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.digitalbranch.config.DatabaseSettings;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A store in a PostgreSQL database, for a deployment whose IT department runs one. Each connection
 * is a server process, so connections are pooled (HikariCP): a pool of one for the writer, which
 * never waits behind the pages being read, and a pool of read-only connections in repeatable read,
 * so that a read transaction sees one snapshot for all its queries as it does on SQLite's WAL.
 *
 * <p>Writes are serialised by {@link Database}'s lock inside this process, and nothing else would
 * serialise a second intranet's: at open the store takes a PostgreSQL advisory lock for its schema,
 * held by a connection of its own until it closes, and refuses to open a store another intranet
 * holds.
 */
final class PostgresEngine implements StoreEngine {

  /** Read connections kept: the pages being served, the index's and ingestion's reads. */
  static final int READ_POOL_SIZE = 8;

  /** The advisory lock's first key: "DBR1" in ASCII, unlikely to be another application's. */
  static final int ONE_INTRANET_LOCK = 0x4442_5231;

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final String description;
  private final DataSource server;
  private final Connection guard;
  private final HikariDataSource writer;
  private final HikariDataSource reads;

  private PostgresEngine(
      String description,
      DataSource server,
      Connection guard,
      HikariDataSource writer,
      HikariDataSource reads) {
    this.description = description;
    this.server = server;
    this.guard = guard;
    this.writer = writer;
    this.reads = reads;
  }

  /**
   * Connects, claims the database for this intranet, and fills both pools.
   *
   * @throws StoreException when the server cannot be reached, refuses the login, or another
   *     intranet holds the database; the message names the database, never the password
   */
  static PostgresEngine open(DatabaseSettings settings) {
    String description = describe(settings);
    PGSimpleDataSource server = new PGSimpleDataSource();
    Connection guard = null;
    HikariDataSource writer = null;
    try {
      server.setUrl(settings.url().orElseThrow());
      server.setUser(settings.user().orElseThrow());
      settings.password().ifPresent(server::setPassword);
      server.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
      server.setApplicationName("digital-branch");
      guard = server.getConnection();
      claim(guard, description);
      writer = pool(server, "digital-branch-writer", 1, false);
      HikariDataSource reads = pool(server, "digital-branch-reads", READ_POOL_SIZE, true);
      return new PostgresEngine(description, server, guard, writer, reads);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writer, guard);
      if (e instanceof StoreException refused) {
        throw refused;
      }
      throw new StoreException("cannot connect to " + description + ": " + rootMessage(e), e);
    }
  }

  /** The URL without its parameters, which may name key files, and the user. */
  static String describe(DatabaseSettings settings) {
    String url = settings.url().orElseThrow();
    int query = url.indexOf('?');
    return "PostgreSQL "
        + (query < 0 ? url : url.substring(0, query))
        + " as "
        + settings.user().orElseThrow();
  }

  /**
   * Takes the advisory lock of the schema the store's tables live in ({@code current_schema()}), so
   * that two intranets may share a database in schemas of their own but never one schema.
   */
  private static void claim(Connection guard, String description) throws SQLException {
    try (PreparedStatement lock =
        guard.prepareStatement(
            "SELECT pg_try_advisory_lock(?, hashtext(current_schema())), current_schema()")) {
      lock.setInt(1, ONE_INTRANET_LOCK);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        if (!row.getBoolean(1)) {
          throw new StoreException(
              "another intranet is using "
                  + description
                  + " (schema "
                  + row.getString(2)
                  + "): one intranet writes to one store, so stop the other or give each its own"
                  + " database or schema",
              null);
        }
      }
    }
  }

  private static HikariDataSource pool(DataSource server, String name, int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(server);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setReadOnly(readOnly);
    if (readOnly) {
      config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    }
    return new HikariDataSource(config);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static void closeQuietly(HikariDataSource writer, Connection guard) {
    if (writer != null) {
      writer.close();
    }
    if (guard != null) {
      try {
        guard.close();
      } catch (SQLException ignored) {
        // Already failing; the cause being reported matters more.
      }
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  /** Plain connections: Flyway holds two at once (its lock and its work), once, at start. */
  @Override
  public DataSource migrations() {
    return server;
  }

  @Override
  public DataSource reads() {
    return reads;
  }

  @Override
  public Connection readConnection() throws SQLException {
    return reads.getConnection();
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    // The pool checks its connection before handing it out, so a restarted server costs one
    // reconnect, not a broken writer.
    try (Connection connection = writer.getConnection()) {
      return work.run(connection);
    }
  }

  @Override
  public void close() {
    reads.close();
    // Closing the guard's connection releases the advisory lock for the next start.
    closeQuietly(writer, guard);
  }
}
