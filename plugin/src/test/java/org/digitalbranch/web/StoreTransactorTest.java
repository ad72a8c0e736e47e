package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as the plugin wires it for the queue and the archive: writes take turns on the one
 * writer, reads do not wait for them (the load benchmark found every page queued behind writes).
 */
class StoreTransactorTest {

  @TempDir Path dataDir;

  @Test
  void aReadGoesBesideAWriteInProgressWhileAnotherWriteWaitsForIt() throws Exception {
    try (Database database =
        Database.open(
            dataDir, TestStores.settings(dataDir), StoreTransactorTest.class.getClassLoader())) {
      Transactor transactor = DigitalBranchPlugin.transactorOver(database);
      transactor.inTransaction(
          connection -> {
            try (Statement create = connection.createStatement()) {
              create.execute("CREATE TABLE visits (id INTEGER NOT NULL PRIMARY KEY)");
              create.execute("INSERT INTO visits (id) VALUES (1)");
            }
            return null;
          });
      CountDownLatch writing = new CountDownLatch(1);
      CountDownLatch finishWriting = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(3);
      try {
        Future<?> slowWrite =
            threads.submit(
                () ->
                    transactor.inTransaction(
                        connection -> {
                          try (Statement insert = connection.createStatement()) {
                            insert.execute("INSERT INTO visits (id) VALUES (2)");
                          }
                          writing.countDown();
                          awaitQuietly(finishWriting);
                          return null;
                        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Integer> read = threads.submit(() -> transactor.read(StoreTransactorTest::visits));
        Future<Integer> secondWrite =
            threads.submit(() -> transactor.inTransaction(StoreTransactorTest::visits));

        assertThat(read.get(10, TimeUnit.SECONDS))
            .as("the read sees what was committed, not the write in progress")
            .isEqualTo(1);
        assertThat(secondWrite.isDone()).as("a second write waits for its turn").isFalse();
        finishWriting.countDown();
        slowWrite.get(10, TimeUnit.SECONDS);
        assertThat(secondWrite.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      } finally {
        finishWriting.countDown();
        threads.shutdownNow();
      }
    }
  }

  private static int visits(java.sql.Connection connection) throws SQLException {
    try (Statement count = connection.createStatement();
        ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM visits")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
