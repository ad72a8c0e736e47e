package org.digitalbranch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.digitalbranch.config.DatabaseSettings;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A store in a PostgreSQL database, for a deployment whose IT department runs one. Each connection
 * is a server process, so connections are pooled (HikariCP): a pool of one for the writer, which
 * never waits behind the pages being read, and a pool of read-only connections in repeatable read,
 * so that a read transaction sees one snapshot for all its queries as it does on SQLite's WAL.
 *
 * <p>Writes are serialised by {@link Database}'s lock inside this process, and nothing else would
 * serialise a second intranet's: the writer's connection takes a PostgreSQL advisory lock for its
 * schema before it is used, so the store refuses to open where another intranet holds it. The lock
 * lives with the writer's session, not with a connection kept aside for it: when the server drops
 * that session (a restart, an administrator), the pool's next connection must take the lock again
 * before anything is written, and a second intranet that started in the gap keeps the store while
 * this one's writes fail with the reason. Two intranets never write to one store.
 */
final class PostgresEngine implements StoreEngine {

  /** Read connections kept: the pages being served, the index's and ingestion's reads. */
  static final int READ_POOL_SIZE = 8;

  /** The advisory lock's first key: "DBR1" in ASCII, unlikely to be another application's. */
  static final int ONE_INTRANET_LOCK = 0x4442_5231;

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * How long a write waits for its connection. Writes queue on {@link Database}'s lock before they
   * ask, so this only runs while a connection is being made (after the server dropped one).
   */
  private static final long WRITER_WAIT_MILLIS = 5_000;

  /**
   * How often an idle writer's connection is checked: a session the server dropped is replaced, and
   * the lock taken again, within this much even when nothing writes.
   */
  private static final long WRITER_KEEPALIVE_MILLIS = 60_000;

  /** The SQLSTATE of the refusal below: PostgreSQL's own "lock not available". */
  static final String LOCK_REFUSED = "55P03";

  /** The SQLSTATE when the URL's schema does not exist: PostgreSQL's own "invalid schema name". */
  static final String NO_SCHEMA = "3F000";

  /**
   * Run on every new writer connection before it is used. The message names the schema, for a write
   * refused after the server dropped the writer's session; the detail is the schema alone, for the
   * refusal at open, which names the database too (see {@link #open}). A schema the URL names but
   * the database lacks leaves {@code current_schema()} null, and a lock on null is no lock: that is
   * refused too, before Flyway would create the schema.
   */
  private static final String CLAIM =
      "DO $$ DECLARE s text := current_schema(); BEGIN IF s IS NULL THEN RAISE EXCEPTION USING"
          + " ERRCODE = '"
          + NO_SCHEMA
          + "', MESSAGE = 'no schema of the search path ' || current_setting('search_path')"
          + " || ' exists: create it first (CREATE SCHEMA ... AUTHORIZATION ' || current_user"
          + " || ')'; END IF; IF pg_try_advisory_lock("
          + ONE_INTRANET_LOCK
          + ", hashtext(s)) IS NOT TRUE THEN RAISE EXCEPTION USING ERRCODE = '"
          + LOCK_REFUSED
          + "', MESSAGE = 'another intranet is using this store (schema ' || s || ')', DETAIL ="
          + " s; END IF; END $$";

  /**
   * The server's own keepalive for every session, in seconds (idle, interval, count): a writer's
   * session whose client vanished without closing it (a network cut) would otherwise keep the lock
   * for the operating system's default, two hours, and this intranet's new session could not take
   * it back.
   */
  private static final String SERVER_KEEPALIVES =
      "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3";

  private final String description;
  private final DataSource server;
  private final HikariDataSource writer;
  private final HikariDataSource reads;

  private PostgresEngine(
      String description, DataSource server, HikariDataSource writer, HikariDataSource reads) {
    this.description = description;
    this.server = server;
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
    HikariDataSource writer = null;
    try {
      server.setUrl(settings.url().orElseThrow());
      server.setUser(settings.user().orElseThrow());
      settings.password().ifPresent(server::setPassword);
      server.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
      server.setApplicationName("digital-branch");
      String options = server.getOptions();
      server.setOptions(
          options == null || options.isBlank()
              ? SERVER_KEEPALIVES
              : SERVER_KEEPALIVES + " " + options);
      // First, so that nothing (not even the migrations) runs on a store another intranet holds.
      writer = writerPool(server);
      HikariDataSource reads = readPool(server);
      return new PostgresEngine(description, server, writer, reads);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      Optional<PSQLException> refused = refusal(e, LOCK_REFUSED);
      if (refused.isPresent()) {
        throw new StoreException(
            refusedMessage(description, refused.get())
                + ": one intranet writes to one store, so stop the other or give each its own"
                + " database or schema",
            null);
      }
      Optional<PSQLException> noSchema = refusal(e, NO_SCHEMA);
      if (noSchema.isPresent()) {
        throw new StoreException(
            "cannot use " + description + ": " + serverMessage(noSchema.get()), null);
      }
      throw new StoreException("cannot connect to " + description + ": " + rootMessage(e), e);
    }
  }

  private static String refusedMessage(String description, PSQLException refused) {
    if (description.contains(" (schema ")) {
      return "another intranet is using " + description;
    }
    ServerErrorMessage said = refused.getServerErrorMessage();
    return "another intranet is using "
        + description
        + " (schema "
        + (said == null ? "?" : said.getDetail())
        + ")";
  }

  /** What the server said, without the PL/pgSQL context lines the driver adds. */
  private static String serverMessage(PSQLException e) {
    ServerErrorMessage said = e.getServerErrorMessage();
    return said == null || said.getMessage() == null ? e.getMessage() : said.getMessage();
  }

  /**
   * The claim's refusal ({@code sqlState}) among the causes of a failure, if that is what it was.
   */
  private static Optional<PSQLException> refusal(Throwable e, String sqlState) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PSQLException sql && sqlState.equals(sql.getSQLState())) {
        return Optional.of(sql);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * The URL without its parameters, which may name key files, but with the schema when it names one
   * (two intranets may share a database in schemas of their own), and the user.
   */
  static String describe(DatabaseSettings settings) {
    String url = settings.url().orElseThrow();
    int query = url.indexOf('?');
    String schema = "";
    if (query >= 0) {
      for (String parameter : url.substring(query + 1).split("&")) {
        if (parameter.startsWith("currentSchema=")) {
          schema =
              " (schema "
                  + java.net.URLDecoder.decode(
                      parameter.substring("currentSchema=".length()),
                      java.nio.charset.StandardCharsets.UTF_8)
                  + ")";
        }
      }
    }
    return "PostgreSQL "
        + (query < 0 ? url : url.substring(0, query))
        + schema
        + " as "
        + settings.user().orElseThrow();
  }

  /**
   * One connection, which takes the advisory lock of the schema the store's tables live in ({@code
   * current_schema()}) before it is handed out, so that two intranets may share a database in
   * schemas of their own but never one schema. Opening fails at once when the lock is taken.
   */
  private static HikariDataSource writerPool(DataSource server) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("digital-branch-writer");
    config.setDataSource(server);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    config.setConnectionInitSql(CLAIM);
    config.setConnectionTimeout(WRITER_WAIT_MILLIS);
    config.setKeepaliveTime(WRITER_KEEPALIVE_MILLIS);
    // Never retired for its age: a retired connection would let go of the store for a moment.
    config.setMaxLifetime(0);
    return new HikariDataSource(config);
  }

  private static HikariDataSource readPool(DataSource server) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("digital-branch-reads");
    config.setDataSource(server);
    config.setMaximumPoolSize(READ_POOL_SIZE);
    config.setMinimumIdle(1);
    config.setReadOnly(true);
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    return new HikariDataSource(config);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
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
  public <T> T write(SqlWork<T> work) throws SQLException {
    // The pool checks its connection before handing it out, so a restarted server costs one
    // reconnect, not a broken writer.
    Connection connection;
    try {
      connection = writer.getConnection();
    } catch (SQLException e) {
      // The pool says only that no connection came; why is the claim's refusal, if it was that.
      Optional<PSQLException> refused = refusal(e, LOCK_REFUSED);
      if (refused.isPresent()) {
        throw new SQLException(
            refusedMessage(description, refused.get())
                + " since the server dropped this one's session: nothing is written here while"
                + " the other holds it",
            LOCK_REFUSED,
            e);
      }
      throw e;
    }
    try (connection) {
      return work.run(connection);
    }
  }

  @Override
  public void close() {
    reads.close();
    // Ending the writer's session releases the advisory lock for the next start.
    writer.close();
  }
}
