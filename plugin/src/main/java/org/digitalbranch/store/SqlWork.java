package org.digitalbranch.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one JDBC connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
