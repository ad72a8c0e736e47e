package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveIndexTest {

  @TempDir Path folder;

  private ArchiveIndex open() {
    return ArchiveIndex.open(
        folder,
        new ArchiveSchema(LibraryCorpus.LIBRARY_ZONE),
        ArchiveAnalysis.withLibrarySynonyms());
  }

  private static long total(ArchiveIndex index, String query) throws InvalidQuery {
    return new ArchiveSearch(index).search(SearchRequest.of(query)).total();
  }

  private int committedDocuments() throws IOException {
    try (FSDirectory dir = FSDirectory.open(folder);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      return reader.numDocs();
    }
  }

  @Test
  void aNewIndexHasCommittedNothing() throws IOException {
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(ArchiveIndex.NOTHING_COMMITTED);
    }
  }

  @Test
  void appliedChangesAreSearchableAtOnceBeforeAnyCommit() throws Exception {
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      assertThat(total(index, "")).isEqualTo(20);
    }
  }

  @Test
  void aFailedApplyIsThrownByTheNextCommitAndRecoveringGoesBackToTheLastCommit() throws Exception {
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      ArchivedConversation first = LibraryCorpus.conversations().getFirst();
      // An id longer than Lucene's longest term: the writer refuses the document.
      ArchivedConversation refused =
          new ArchivedConversation(
              "x".repeat(40_000),
              first.platform(),
              first.account(),
              first.kind(),
              first.status(),
              first.topic(),
              first.staff(),
              first.startedAt(),
              first.messages());
      index.apply(List.of(new IndexChange.Upsert(21, refused)));

      // Applies run on the index's thread; the failure surfaces at the next call, and no commit
      // can then claim sequence 21.
      assertThatThrownBy(() -> index.commit(21)).isInstanceOf(ArchiveIndex.Failed.class);
      assertThatThrownBy(() -> index.apply(LibraryCorpus.asChanges()))
          .isInstanceOf(ArchiveIndex.Failed.class);
      assertThat(index.lastCommittedSequence()).isEqualTo(20);

      index.recover();

      assertThat(index.lastCommittedSequence()).isEqualTo(20);
      assertThat(total(index, "")).isEqualTo(20);
      index.apply(LibraryCorpus.asChanges());
      index.commit(22);
      assertThat(index.lastCommittedSequence()).isEqualTo(22);
    }
  }

  @Test
  void everyFileTheIndexWritesIsTheOwnersAloneWhateverTheUmask() throws Exception {
    // The index holds patrons' direct messages; a copy of it that keeps permissions stays closed.
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      index.rebuild(LibraryCorpus.conversations().stream(), 20, 21, (done, total) -> {});
    }

    List<String> open = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        // Lucene's lock file is empty; it holds nothing to read.
        if (!file.getFileName().toString().equals("write.lock")
            && !permissions.equals("rw-------")) {
          open.add(file.getFileName() + " " + permissions);
        }
      }
    }
    assertThat(open).isEmpty();
    assertThat(committedDocuments()).isEqualTo(20);
  }

  @Test
  void theCommittedSequenceSurvivesCloseAndReopen() throws Exception {
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
    }
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(20);
      assertThat(total(index, "")).isEqualTo(20);
    }
  }

  @Test
  void changesAfterTheLastCommitAreGoneAfterACrashAndReplayedByTheCaller() throws Exception {
    ArchivedConversation wifi = LibraryCorpus.conversation("c04");
    ArchivedConversation answered =
        new ArchivedConversation(
            wifi.id(),
            wifi.platform(),
            wifi.account(),
            wifi.kind(),
            ConversationStatus.ANSWERED,
            wifi.topic(),
            List.of("jchen"),
            wifi.startedAt(),
            wifi.messages());
    List<IndexChange> after = List.of(new IndexChange.Upsert(21, answered));
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      index.apply(after);
      assertThat(total(index, "status:unanswered")).isEqualTo(3);
    }
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(20);
      assertThat(total(index, "status:unanswered")).isEqualTo(4);
      index.apply(after);
      index.apply(after);
      index.commit(21);
      assertThat(total(index, "status:unanswered")).isEqualTo(3);
      assertThat(total(index, "")).isEqualTo(20);
    }
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(21);
      assertThat(total(index, "staff:jchen")).isEqualTo(5);
    }
  }

  @Test
  void theTotalIsExactBeyondAThousandHits() throws Exception {
    ArchivedConversation template = LibraryCorpus.conversation("c07");
    List<IndexChange> many = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      many.add(
          new IndexChange.Upsert(
              i + 1,
              new ArchivedConversation(
                  "storytime-" + i,
                  template.platform(),
                  template.account(),
                  template.kind(),
                  template.status(),
                  template.topic(),
                  template.staff(),
                  template.startedAt().plusSeconds(i),
                  template.messages())));
    }
    try (ArchiveIndex index = open()) {
      index.apply(many);
      assertThat(total(index, "storytime")).isEqualTo(1500);
      assertThat(total(index, "")).isEqualTo(1500);
    }
  }

  @Test
  void aRemovedConversationLeavesTheIndex() throws Exception {
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.apply(List.of(new IndexChange.Remove(21, "c07")));
      assertThat(total(index, "")).isEqualTo(19);
      assertThat(total(index, "storytime")).isZero();
    }
  }

  @Test
  void aRebuildReplacesEverythingAndReportsProgress() throws Exception {
    List<ArchivedConversation> three = LibraryCorpus.conversations().subList(0, 3);
    List<long[]> progress = new ArrayList<>();
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      long indexed =
          index.rebuild(
              three.stream(), 3, 42, (done, total) -> progress.add(new long[] {done, total}));
      assertThat(indexed).isEqualTo(3);
      assertThat(progress).containsExactly(new long[] {1, 3}, new long[] {2, 3}, new long[] {3, 3});
      assertThat(total(index, "")).isEqualTo(3);
    }
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(42);
      assertThat(total(index, "")).isEqualTo(3);
    }
  }

  @Test
  void midRebuildTheIndexOnDiskAndTheSearchersStillHoldTheOldIndex() throws Exception {
    List<Integer> seenOnDisk = new ArrayList<>();
    List<Long> seenBySearch = new ArrayList<>();
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      Stream<ArchivedConversation> watched =
          LibraryCorpus.conversations().stream()
              .limit(5)
              .peek(
                  c -> {
                    try {
                      seenOnDisk.add(committedDocuments());
                      seenBySearch.add(total(index, ""));
                    } catch (IOException | InvalidQuery e) {
                      throw new AssertionError(e);
                    }
                  });
      index.rebuild(watched, 5, 50, (done, total) -> {});
      assertThat(committedDocuments()).isEqualTo(5);
    }
    assertThat(seenOnDisk).containsOnly(20);
    assertThat(seenBySearch).containsOnly(20L);
  }

  @Test
  void aFailedRebuildLeavesTheOldIndexInUse() throws Exception {
    try (ArchiveIndex index = open()) {
      index.apply(LibraryCorpus.asChanges());
      index.commit(20);
      Stream<ArchivedConversation> failing =
          Stream.concat(
              LibraryCorpus.conversations().stream().limit(2),
              Stream.generate(
                      () -> {
                        throw new IllegalStateException("the store went away");
                      })
                  .limit(1)
                  .map(ArchivedConversation.class::cast));
      assertThatThrownBy(() -> index.rebuild(failing, 20, 99, (done, total) -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the store went away");
      assertThat(index.lastCommittedSequence()).isEqualTo(20);
      assertThat(total(index, "")).isEqualTo(20);
      index.apply(List.of(new IndexChange.Remove(21, "c01")));
      index.commit(21);
      assertThat(total(index, "")).isEqualTo(19);
    }
    try (ArchiveIndex index = open()) {
      assertThat(index.lastCommittedSequence()).isEqualTo(21);
    }
  }
}
