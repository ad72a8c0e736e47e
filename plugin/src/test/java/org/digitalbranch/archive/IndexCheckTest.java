package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.archive.ArchiveStoreFixture.customer;
import static org.digitalbranch.archive.ArchiveStoreFixture.minute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCheckTest {

  private final List<ArchiveSync> syncs = new ArrayList<>();
  @TempDir Path folder;
  private ArchiveStoreFixture fixture;
  private ArchiveStore store;
  private final ArchiveSchema schema = new ArchiveSchema(LibraryCorpus.LIBRARY_ZONE);

  @BeforeEach
  void setUp() {
    fixture = new ArchiveStoreFixture(folder);
    store = fixture.store;
    store.ingest(threeConversations());
  }

  private static List<IncomingItem> threeConversations() {
    return List.of(
        customer("c1", "Can I renew a book online?").replyTo("p1", "p1").build(),
        customer("c2", "Do you have wifi?").replyTo("p2", "p2").at(minute(1)).build(),
        customer("m1", "@library open Sunday?").kind(MessageKind.MENTION).at(minute(2)).build());
  }

  private Path indexFolder() {
    return folder.resolve("index");
  }

  private ArchiveSync syncedIndex(ArchiveIndex index) {
    ArchiveSync sync = newSync(index);
    sync.start();
    return sync;
  }

  /** Stopped after the test, before JUnit deletes its folder: its thread may still be writing. */
  private ArchiveSync newSync(ArchiveIndex index) {
    ArchiveSync sync = new ArchiveSync(store, index, fixture.clock, 1_000, Duration.ofHours(1));
    syncs.add(sync);
    return sync;
  }

  @AfterEach
  void stopTheSyncs() {
    syncs.forEach(ArchiveSync::close);
  }

  private IndexCheck.Result check() throws Exception {
    return check(store);
  }

  private IndexCheck.Result check(ArchiveStore against) throws Exception {
    try (IndexCheck check = IndexCheck.lock(indexFolder())) {
      return check.compare(against, schema, 10);
    }
  }

  /**
   * The index synced from this test's store, and a second store that received the very same items:
   * a copy, not a backup.
   */
  private ArchiveStore indexedAndCopied() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(index);
    }
    ArchiveStoreFixture copy =
        new ArchiveStoreFixture(java.nio.file.Files.createDirectories(folder.resolve("copy")));
    copy.store.ingest(threeConversations());
    return copy.store;
  }

  @Test
  void anIndexThatCommittedEveryChangeHoldsExactlyWhatTheStoreHolds() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(index);
    }

    IndexCheck.Result result = check();

    assertThat(result.differences()).isEmpty();
    assertThat(result.consistent()).isTrue();
    assertThat(result.storeConversations()).isEqualTo(3);
    assertThat(result.indexConversations()).isEqualTo(3);
  }

  @Test
  void anIndexBuiltFromAnotherStoreIsReportedEvenWhenItsConversationsAgree() throws Exception {
    ArchiveStore copy = indexedAndCopied();
    String copysOwn = copy.identity();

    IndexCheck.Result result = check(copy);

    assertThat(result.differences())
        .containsExactly(
            "the index was built from another store ("
                + store.identity()
                + ") than this one ("
                + copysOwn
                + "); start the intranet or rebuild the index");
  }

  @Test
  void checkingAStoreThatNeverHadAnIdentityReportsItAndGivesItNone() throws Exception {
    ArchiveStore copy = indexedAndCopied();

    IndexCheck.Result result = check(copy);

    assertThat(result.differences())
        .containsExactly(
            "the index was built from another store ("
                + store.identity()
                + ") than this one (which has no identity yet); start the intranet or rebuild"
                + " the index");
    assertThat(copy.storedIdentity()).as("a check only reads").isEmpty();
  }

  @Test
  void anIndexWrittenWithAnOlderSchemaIsReportedWithoutReadingIt() throws Exception {
    ArchiveSyncTest.writeVersionOneIndex(
        indexFolder(), store.allArchived().toList(), store.lastSequence());

    IndexCheck.Result result = check();

    assertThat(result.differences())
        .containsExactly(
            "the index was written with schema version 1 and this version reads "
                + ArchiveSchema.VERSION
                + "; start the intranet or rebuild the index");
    assertThat(result.indexConversations()).isEqualTo(3);
  }

  @Test
  void anEditTheIndexNeverCommittedIsReportedAsADifference() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(index);
    }
    // The store changes while no index follows it: the commit on disk is one edit behind.
    store.ingest(
        List.of(
            customer("c1", "")
                .replyTo("p1", "p1")
                .edited("Can I renew an e-book online?", minute(3))
                .build()));

    IndexCheck.Result result = check();

    assertThat(result.consistent()).isFalse();
    // Which message and which of its parts, not the patron's words: it is printed on a terminal.
    assertThat(result.differences())
        .singleElement()
        .asString()
        .matches("conversation \\S+ differs: message \\S+ \\(text\\)")
        .doesNotContain("renew");
  }

  @Test
  void anIndexCountedInAnotherTimeZoneIsReportedNamingBoth() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(
            indexFolder(),
            new ArchiveSchema(java.time.ZoneId.of("Europe/Paris")),
            ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(index).commit();
    }

    IndexCheck.Result result = check();

    assertThat(result.differences())
        .contains(
            "the index counts years and months in the time zone Europe/Paris and the settings say"
                + " America/New_York; check with the intranet's --config, or rebuild the index"
                + " with it");
  }

  @Test
  void aMissingAndAnExtraConversationAreBothNamed() throws Exception {
    String removed;
    try (ArchiveIndex index =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      ArchiveSync sync = syncedIndex(index);
      ArchivedConversation first = store.allArchived().findFirst().orElseThrow();
      removed = first.id();
      index.apply(List.of(new IndexChange.Remove(sync.applied(), removed)));
      ArchivedConversation stranger =
          new ArchivedConversation(
              "not-in-the-store",
              first.platform(),
              first.account(),
              first.kind(),
              first.status(),
              null,
              List.of(),
              first.startedAt(),
              List.of());
      index.apply(List.of(new IndexChange.Upsert(sync.applied(), stranger)));
      index.commit(sync.applied());
    }

    IndexCheck.Result result = check();

    assertThat(result.differences())
        .containsExactlyInAnyOrder(
            "conversation " + removed + " is missing from the index",
            "conversation not-in-the-store is in the index but not in the store");
  }

  @Test
  void anIndexFolderWithoutAnIndexHoldsNothing() throws Exception {
    Files.createDirectories(indexFolder());

    IndexCheck.Result result = check();

    assertThat(result.differences())
        .singleElement()
        .asString()
        .endsWith("holds nothing; the store holds 3 conversations");
  }

  @Test
  void anIndexAnotherWriterHoldsIsRefusedByTheCheckAndTheRebuild() throws Exception {
    try (ArchiveIndex running =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(running);

      assertThatThrownBy(() -> IndexCheck.lock(indexFolder()))
          .isInstanceOf(ArchiveIndex.InUse.class);
      assertThatThrownBy(
              () ->
                  ArchiveIndex.openForRebuild(
                      indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms(), note -> {}))
          .isInstanceOf(ArchiveIndex.InUse.class);
      assertThat(running.lastCommittedSequence()).isEqualTo(store.lastSequence());
    }
  }

  @Test
  void aRebuildReplacesAnIndexLuceneCannotReadAndSaysSo() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms())) {
      syncedIndex(index);
    }
    try (Stream<Path> files = Files.list(indexFolder())) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("write.lock")) {
          Files.write(file, new byte[] {1, 2, 3});
        }
      }
    }
    List<String> notes = new ArrayList<>();

    try (ArchiveIndex index =
        ArchiveIndex.openForRebuild(
            indexFolder(), schema, ArchiveAnalysis.withLibrarySynonyms(), notes::add)) {
      ArchiveSync sync = newSync(index);
      assertThat(sync.rebuild((done, total) -> {})).isEqualTo(3);
      sync.commit();
    }

    assertThat(notes).singleElement().asString().startsWith("the old index could not be read (");
    assertThat(check().differences()).isEmpty();
  }
}
