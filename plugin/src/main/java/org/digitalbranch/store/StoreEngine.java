package org.digitalbranch.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What differs between the two databases a store can live in (DESIGN.md §3): how connections are
 * made, which one writes, and what an administrator is told. {@link Database} keeps everything else
 * (the migrations, the writer lock, the transactions) the same for both.
 */
interface StoreEngine extends AutoCloseable {

  /** Which database this is, for logs and messages: never a password. */
  String description();

  /** The database file, when there is one to back up. */
  Optional<Path> file();

  /** Writable connections for the migrations. */
  DataSource migrations();

  /**
   * Connections for reading and tools, beside the writer; each sees one snapshot for all the
   * queries of its transaction.
   */
  DataSource reads();

  /** Runs {@code work} on the writer connection; the caller holds the write lock. */
  <T> T write(SqlWork<T> work) throws SQLException;

  @Override
  void close();
}
