package org.digitalbranch.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs units of work in transactions: commit when the work returns, roll back when it throws. A
 * runtime exception from the work (a domain rule, say) reaches the caller unchanged after the
 * rollback; an {@link SQLException} arrives as a {@link StoreException}.
 */
public final class Transactions {

  private final Database database;

  Transactions(Database database) {
    this.database = database;
  }

  /**
   * A read-write transaction. Writers take turns (see {@link Database}), so the work sees a
   * database no one else changes until it commits; keep it short and free of network calls.
   */
  public <T> T inTransaction(SqlWork<T> work) {
    try {
      return database.withWriter(connection -> transaction(connection, work));
    } catch (SQLException e) {
      throw new StoreException("database write failed: " + e.getMessage(), e);
    }
  }

  /**
   * A read-only transaction on its own connection: one consistent snapshot for all its queries,
   * running beside writers without waiting for them.
   */
  public <T> T read(SqlWork<T> work) {
    try (Connection connection = database.newReadConnection()) {
      return transaction(connection, work);
    } catch (SQLException e) {
      throw new StoreException("database read failed: " + e.getMessage(), e);
    }
  }

  private static <T> T transaction(Connection connection, SqlWork<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException broken) {
        // The connection broke after the work committed or rolled back: what the caller needs is
        // that outcome (or the work's own exception), not this one. The pool discards it.
      }
    }
  }
}
