package org.digitalbranch.archive;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;

/**
 * The archive as the intranet runs it, in a test's folder: the store on the test database, the
 * Lucene index beside it and the sync between them, started. Closed in the order that keeps the
 * sync from writing into a folder JUnit is deleting.
 */
public final class ArchiveOnDisk implements AutoCloseable {

  public final Database database;
  public final ArchiveStore store;
  public final ArchiveIndex index;
  public final ArchiveSync sync;

  public ArchiveOnDisk(Path folder, Clock clock) {
    database =
        Database.open(
            folder.resolve("data"),
            TestStores.settings(folder.resolve("data")),
            ArchiveOnDisk.class.getClassLoader());
    Transactor transactor =
        new Transactor() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            return database.transactions().inTransaction(work::run);
          }
        };
    AtomicInteger ids = new AtomicInteger();
    store = new ArchiveStore(transactor, clock, () -> "id-" + ids.incrementAndGet());
    index =
        ArchiveIndex.open(
            folder.resolve("index"),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    sync = new ArchiveSync(store, index, clock, 100, Duration.ofSeconds(5));
    sync.start();
  }

  @Override
  public void close() throws java.io.IOException {
    sync.close();
    index.close();
    database.close();
  }
}
