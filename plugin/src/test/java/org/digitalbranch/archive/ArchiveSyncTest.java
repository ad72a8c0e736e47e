package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.archive.ArchiveStoreFixture.customer;
import static org.digitalbranch.archive.ArchiveStoreFixture.minute;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.digitalbranch.archive.ArchiveStoreFixture.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSyncTest {

  private final List<ArchiveSync> syncs = new ArrayList<>();
  @TempDir Path folder;
  private ArchiveStoreFixture fixture;
  private ArchiveStore store;

  @BeforeEach
  void setUp() {
    fixture = new ArchiveStoreFixture(folder);
    store = fixture.store;
  }

  private ArchiveIndex openIndex(String name) {
    return ArchiveIndex.open(
        folder.resolve(name),
        new ArchiveSchema(LibraryCorpus.LIBRARY_ZONE),
        ArchiveAnalysis.withLibrarySynonyms());
  }

  /** Commits only when told to, so a test decides where the "crash" falls. */
  private ArchiveSync lazySync(ArchiveStore from, ArchiveIndex index) {
    return stoppedAfterTheTest(
        new ArchiveSync(from, index, fixture.clock, 1_000, Duration.ofHours(1)));
  }

  private ArchiveSync stoppedAfterTheTest(ArchiveSync sync) {
    syncs.add(sync);
    return sync;
  }

  /**
   * A sync's thread may still be pulling into an index when a test ends; it is stopped before JUnit
   * deletes the test's folder, or the deletion can fail on files the thread is writing.
   */
  @AfterEach
  void stopTheSyncs() {
    syncs.forEach(ArchiveSync::close);
  }

  /** What the index holds, as the store would describe it, in id order. */
  private static List<ArchivedConversation> contents(ArchiveIndex index) throws InvalidQuery {
    SearchResults results =
        new ArchiveSearch(index).search(SearchRequest.of("").page(1, ArchiveSearch.MAX_PAGE_SIZE));
    List<ArchivedConversation> held = new ArrayList<>();
    results.hits().forEach(hit -> held.add(hit.conversation()));
    held.sort(Comparator.comparing(ArchivedConversation::id));
    assertThat(results.total()).isEqualTo(held.size());
    return held;
  }

  private List<ArchivedConversation> storeContents() {
    return store.allArchived().toList();
  }

  private static List<IncomingItem> batch(Item... items) {
    return List.of(items).stream().map(Item::build).toList();
  }

  private static List<IncomingItem> firstBatch() {
    return batch(
        customer("c1", "Can I renew a book online?").replyTo("p1", "p1"),
        customer("c2", "Do you have wifi?").replyTo("p2", "p2").at(minute(1)),
        customer("m1", "@library is the branch open Sunday?")
            .kind(MessageKind.MENTION)
            .at(minute(2)));
  }

  private static List<IncomingItem> secondBatch() {
    return batch(
        customer("c1", "").replyTo("p1", "p1").edited("Can I renew an e-book online?", minute(3)),
        customer("c2", "Do you have wifi?").replyTo("p2", "p2").at(minute(1)).gone(),
        customer("r1", "Yes, until 5pm.").replyTo("m1", "m1").at(minute(4)).ours("jlee"),
        customer("c3", "Where do I pick up holds?").replyTo("p3", "p3").at(minute(5)));
  }

  @Test
  void afterACrashTheIndexReplaysWhatTheStoreCommittedAndHoldsExactlyWhatTheStoreHolds()
      throws Exception {
    long committedBeforeCrash;
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.start();
      sync.ingest(firstBatch());
      sync.commit();
      committedBeforeCrash = index.lastCommittedSequence();
      sync.ingest(secondBatch());
      // The store committed this one, and the process died before the index even saw it.
      store.recordReply(storeContents().getFirst().id(), "ana", "r2", "Yes: library.example.org");
      assertThat(index.lastCommittedSequence()).isEqualTo(committedBeforeCrash);
    } // close() rolls back whatever was not committed, as a crash would

    assertThat(committedBeforeCrash).isEqualTo(3);
    assertThat(store.lastSequence()).isEqualTo(8);
    try (ArchiveIndex index = openIndex("index")) {
      assertThat(index.lastCommittedSequence()).isEqualTo(3);
      ArchiveSync sync = lazySync(store, index);

      long replayed = sync.start();

      assertThat(replayed).isEqualTo(4); // four conversations changed after sequence 3
      assertThat(index.lastCommittedSequence()).isEqualTo(8);
      assertThat(contents(index)).isEqualTo(storeContents()).hasSize(4);
    }
  }

  @Test
  void aBatchTheIndexCannotTakeIsNeverCommittedAndIsTriedAgainFromTheLastCommit() throws Exception {
    // The next conversation the store creates gets an id longer than Lucene's longest term.
    String refusedId = "x".repeat(40_000);
    ArchiveStore poisoned =
        new ArchiveStore(
            org.digitalbranch.queue.Transactor.over(fixture.dataSource),
            fixture.clock,
            () -> fixture.nextId.incrementAndGet() == 3 ? refusedId : "id" + fixture.nextId.get());
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(poisoned, index);
      sync.start();
      sync.ingest(batch(customer("c1", "Can I renew a book online?").replyTo("p1", "p1")));
      sync.commit();
      long committed = index.lastCommittedSequence();

      sync.ingest(batch(customer("c2", "Do you have wifi?").replyTo("p2", "p2")));
      sync.awaitPulled();

      assertThatThrownBy(sync::commit).isInstanceOf(ArchiveIndex.Failed.class);
      assertThat(index.lastCommittedSequence()).isEqualTo(committed);
      assertThat(sync.applied()).isEqualTo(committed);
      // Not skipped: the next pull hands the same change over again, and it fails again here.
      sync.pull();
      assertThatThrownBy(sync::commit).isInstanceOf(ArchiveIndex.Failed.class);
      assertThat(index.lastCommittedSequence()).isEqualTo(committed);
      assertThat(contents(index)).extracting(ArchivedConversation::id).doesNotContain(refusedId);
    }
  }

  @Test
  void replayingChangesTheIndexAlreadyHoldsDuplicatesNothing() throws Exception {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.start();
      sync.ingest(firstBatch());
      sync.ingest(secondBatch());
      // Everything is in the index, but its commit claims only the first change.
      index.commit(1);
    }
    try (ArchiveIndex index = openIndex("index")) {
      assertThat(lazySync(store, index).start()).isEqualTo(4);

      assertThat(contents(index)).isEqualTo(storeContents()).hasSize(4);
    }
  }

  @Test
  void anIndexAheadOfTheStoreMeansTheStoreWasRestoredAndIsRebuiltFromIt() throws Exception {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.ingest(firstBatch());
      sync.ingest(secondBatch());
      sync.commit();
      assertThat(index.lastCommittedSequence()).isEqualTo(7);
    }
    // An older backup of the store: the index can only be ahead of a store that went back.
    Path older = java.nio.file.Files.createDirectories(folder.resolve("restored"));
    ArchiveStoreFixture restored = new ArchiveStoreFixture(older);
    restoredFrom(store, restored);
    restored.store.ingest(batch(customer("c9", "Lost my card").replyTo("p9", "p9")));
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(restored.store, index);
      List<long[]> progress = new ArrayList<>();

      sync.start((done, total) -> progress.add(new long[] {done, total}));

      assertThat(progress).isNotEmpty().last().isEqualTo(new long[] {1, 1});
      assertThat(contents(index)).isEqualTo(restored.store.allArchived().toList()).hasSize(1);
      assertThat(index.lastCommittedSequence()).isEqualTo(1);
    }
  }

  /** A backup restored into a new database carries the store's identity with its rows. */
  private static void restoredFrom(ArchiveStore original, ArchiveStoreFixture copy)
      throws SQLException {
    try (Connection connection = copy.dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO store_identity (one, id, created_at)"
                    + " VALUES (1, ?, '2026-11-20T15:00:00Z')")) {
      insert.setString(1, original.identity());
      insert.executeUpdate();
    }
  }

  @Test
  void anIndexBuiltFromAnotherStoreIsRebuiltEvenWhenThisStoreIsFurtherOn() throws Exception {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.ingest(firstBatch());
      sync.commit();
      assertThat(index.committedStore()).contains(store.identity());
    }
    // Another store (the settings moved to PostgreSQL, say) that has seen more changes: replaying
    // its changes after the index's sequence would keep this index's conversations beside its own.
    ArchiveStoreFixture other =
        new ArchiveStoreFixture(java.nio.file.Files.createDirectories(folder.resolve("other")));
    other.store.ingest(batch(customer("x1", "Is the library open on holidays?")));
    other.store.ingest(batch(customer("x2", "Can I print from my phone?")));
    other.store.ingest(batch(customer("x3", "Do you lend telescopes?")));
    other.store.ingest(batch(customer("x4", "Where is the book drop?")));
    assertThat(other.store.lastSequence()).isGreaterThan(store.lastSequence());
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(other.store, index);

      sync.start();

      assertThat(contents(index)).isEqualTo(other.store.allArchived().toList()).hasSize(4);
      assertThat(index.committedStore()).contains(other.store.identity());
      assertThat(index.lastCommittedSequence()).isEqualTo(other.store.lastSequence());
    }
  }

  @Test
  void anIndexOfAnotherStoresConversationsIsNotWipedForANewEmptyStoreOutsideTheDemo()
      throws Exception {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.ingest(firstBatch());
      sync.commit();
    }
    // The database is gone (a deleted file, a mistyped data folder): a new, empty one opens.
    ArchiveStoreFixture empty =
        new ArchiveStoreFixture(java.nio.file.Files.createDirectories(folder.resolve("empty")));
    try (ArchiveIndex index = openIndex("index")) {
      long before = index.documents();
      ArchiveSync sync = lazySync(empty.store, index);

      assertThatThrownBy(() -> sync.start((done, total) -> {}, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the store is new and empty, but the search index beside it")
          .hasMessageContaining("the database may be missing")
          .hasMessageEndingWith("The index was left as it is.");
      assertThat(index.documents()).isEqualTo(before).isPositive();
      assertThat(index.committedStore()).contains(store.identity());

      // The demo, whose data is its own, starts afresh.
      sync.start((done, total) -> {}, true);
      assertThat(index.documents()).isZero();
    }
  }

  @Test
  void anIndexCommittedBeforeStoresHadAnIdentityRecordsItsStoreAtTheFirstStart() throws Exception {
    store.ingest(firstBatch());
    try (ArchiveIndex index = openIndex("index")) {
      // As the sync did before it told the index its store.
      index.apply(store.changesAfter(0, 100));
      index.commit(store.lastSequence());
      assertThat(index.committedStore()).isEmpty();
    }
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);

      assertThat(sync.start()).as("nothing to replay, nothing rebuilt").isZero();

      assertThat(index.committedStore()).contains(store.identity());
      assertThat(contents(index)).isEqualTo(storeContents()).hasSize(3);
    }
  }

  @Test
  void anIndexWrittenWithAnOlderSchemaIsRebuiltFromTheStoreAtStart() throws Exception {
    store.ingest(firstBatch());
    writeVersionOneIndex(folder.resolve("index"), storeContents(), store.lastSequence());
    try (ArchiveIndex index = openIndex("index")) {
      assertThat(index.committedSchemaVersion()).contains("1");
      ArchiveSync sync = lazySync(store, index);
      List<long[]> progress = new ArrayList<>();

      sync.start((done, total) -> progress.add(new long[] {done, total}));

      // The plugin logs this while its start waits for the rebuild (35 s at a million messages).
      assertThat(progress).isNotEmpty().last().isEqualTo(new long[] {3, 3});
      assertThat(index.committedSchemaVersion()).contains(ArchiveSchema.VERSION);
      assertThat(index.lastCommittedSequence()).isEqualTo(store.lastSequence());
      assertThat(contents(index)).isEqualTo(storeContents()).hasSize(3);
      SearchResults wifi = new ArchiveSearch(index).search(SearchRequest.of("wifi"));
      assertThat(wifi.hits()).hasSize(1);
      assertThat(wifi.hits().getFirst().matches().getFirst().snippet())
          .contains(new SearchResults.Segment("wifi", true));
    }
  }

  @Test
  void anIndexWhoseMonthsWereCountedInAnotherTimeZoneIsRebuiltAtStart() throws Exception {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);
      sync.ingest(firstBatch());
      sync.commit();
      assertThat(index.committedZone()).contains(LibraryCorpus.LIBRARY_ZONE.getId());
    }
    java.time.ZoneId moved = java.time.ZoneId.of("Pacific/Honolulu");
    try (ArchiveIndex index =
        ArchiveIndex.open(
            folder.resolve("index"),
            new ArchiveSchema(moved),
            ArchiveAnalysis.withLibrarySynonyms())) {
      List<long[]> progress = new ArrayList<>();

      lazySync(store, index).start((done, total) -> progress.add(new long[] {done, total}));

      assertThat(progress).as("rebuilt").isNotEmpty();
      assertThat(index.committedZone()).contains("Pacific/Honolulu");
      assertThat(contents(index)).isEqualTo(storeContents());
    }
  }

  @Test
  void anIndexNeverCommittedIsNotTakenForAnOlderSchema() throws IOException {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync = lazySync(store, index);

      assertThat(sync.start()).isZero();

      // A rebuild would have committed.
      assertThat(index.committedSchemaVersion()).isEmpty();
    }
  }

  /**
   * An index as version 1 of the schema wrote it: the thread and the texts in stored fields, and a
   * commit that records its sequence but no schema version.
   */
  static void writeVersionOneIndex(
      Path indexFolder, List<ArchivedConversation> conversations, long sequence)
      throws IOException {
    FieldType text = new FieldType();
    text.setTokenized(true);
    text.setStored(true);
    text.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    try (Directory directory = FSDirectory.open(indexFolder);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      for (ArchivedConversation c : conversations) {
        Document doc = new Document();
        doc.add(new StringField(ArchiveSchema.ID, c.id(), Field.Store.NO));
        for (ArchivedMessage m : c.messages()) {
          doc.add(new Field(ArchiveSchema.TEXT, m.text(), text));
        }
        doc.add(new StoredField("thread", new BytesRef("{\"id\":\"" + c.id() + "\"}")));
        writer.addDocument(doc);
      }
      writer.setLiveCommitData(Map.of("sequence", Long.toString(sequence)).entrySet());
      writer.commit();
    }
  }

  @Test
  void changesAreCommittedEveryNChangesOrAfterTheInterval() {
    try (ArchiveIndex index = openIndex("index")) {
      ArchiveSync sync =
          stoppedAfterTheTest(
              new ArchiveSync(store, index, fixture.clock, 3, Duration.ofSeconds(30)));
      sync.start();

      // ingest() returns once the store has committed; the sync's thread then feeds the index.
      sync.ingest(batch(customer("a", "one").replyTo("p1", "p1")));
      sync.ingest(batch(customer("b", "two").replyTo("p2", "p2")));
      sync.awaitPulled();
      assertThat(index.lastCommittedSequence()).isEqualTo(ArchiveIndex.NOTHING_COMMITTED);
      assertThat(sync.applied()).isEqualTo(2);

      sync.ingest(batch(customer("c", "three").replyTo("p3", "p3")));
      sync.awaitPulled();
      assertThat(index.lastCommittedSequence()).isEqualTo(3);

      sync.ingest(batch(customer("d", "four").replyTo("p4", "p4")));
      sync.awaitPulled();
      assertThat(index.lastCommittedSequence()).isEqualTo(3);
      fixture.clock.advance(Duration.ofSeconds(30));
      assertThat(sync.pull()).isZero();
      assertThat(index.lastCommittedSequence()).isEqualTo(4);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRebuildReportsProgressAndEqualsTheIncrementalIndex() throws Exception {
    List<ArchivedConversation> incremental;
    try (ArchiveIndex index = openIndex("incremental")) {
      ArchiveSync sync = lazySync(store, index);
      sync.start();
      sync.ingest(firstBatch());
      sync.ingest(secondBatch());
      store.close(storeContents().getLast().id(), "mo");
      sync.pull();
      incremental = contents(index);
    }
    List<long[]> progress = new ArrayList<>();
    try (ArchiveIndex index = openIndex("rebuilt")) {
      ArchiveSync sync = lazySync(store, index);

      long indexed = sync.rebuild((done, total) -> progress.add(new long[] {done, total}));

      assertThat(indexed).isEqualTo(4);
      assertThat(progress).extracting(p -> p[0]).containsExactly(1L, 2L, 3L, 4L);
      assertThat(progress).extracting(p -> p[1]).containsOnly(4L);
      assertThat(index.lastCommittedSequence()).isEqualTo(store.lastSequence()).isEqualTo(8);
      assertThat(contents(index)).isEqualTo(incremental).isEqualTo(storeContents());
    }
  }
}
