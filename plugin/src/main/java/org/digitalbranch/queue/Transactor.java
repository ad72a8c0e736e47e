package org.digitalbranch.queue;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one database transaction: commit when it returns, roll back when it throws (a {@link
 * PostRefused} included, so a refusal leaves nothing behind). The wiring adapts the store's
 * transaction helper to this; {@link #over(DataSource)} is the plain version.
 *
 * <p>On SQLite the transaction must take the write lock when it begins ({@code BEGIN IMMEDIATE},
 * sqlite-jdbc's {@code transaction_mode=IMMEDIATE}): a moderation action reads then writes, and a
 * deferred transaction could not wait for a concurrent writer, it would fail.
 */
public interface Transactor {
  <T> T inTransaction(Work<T> work);

  /**
   * Runs work that only reads, in one consistent snapshot. The plugin's wiring runs it on its own
   * connection beside the single writer (SQLite WAL), so a page that only shows data never queues
   * behind writes; by default (plain data sources, tests) it is a transaction like any other.
   */
  default <T> T read(Work<T> work) {
    return inTransaction(work);
  }

  /** Work against a connection whose transaction someone else owns. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** A transactor that takes a fresh connection from {@code dataSource} for every transaction. */
  static Transactor over(DataSource dataSource) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(false);
          try {
            T result = work.run(connection);
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          }
        } catch (SQLException e) {
          throw new StoreException(e);
        }
      }
    };
  }
}
