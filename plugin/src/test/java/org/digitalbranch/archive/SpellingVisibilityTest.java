package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Did you mean" never offers a word that only a direct message the reader may not see holds, and
 * never corrects a word of the library's own synonym list.
 */
class SpellingVisibilityTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private ArchiveIndex index;
  private ArchiveSearch search;

  @BeforeEach
  void indexOnePublicCommentAndOnePrivateMessage() throws IOException {
    index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    index.apply(
        List.of(
            new IndexChange.Upsert(
                1, conversation("public", "fb-main", MessageKind.COMMENT, "When do you open?")),
            new IndexChange.Upsert(
                2,
                conversation(
                    "private",
                    "fb-private",
                    MessageKind.DIRECT_MESSAGE,
                    "My address is 12 Quillfeather Lane, about my fines"))));
    search = new ArchiveSearch(index);
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  private static ArchivedConversation conversation(
      String id, String account, MessageKind kind, String text) {
    return new ArchivedConversation(
        id,
        "facebook",
        account,
        kind,
        ConversationStatus.UNANSWERED,
        null,
        List.of(),
        AT,
        List.of(new ArchivedMessage(id + "-m1", "patron", false, null, kind, text, AT, false)));
  }

  @Test
  void aCorrectionFoundOnlyInAnotherTeamsDirectMessageIsNotOffered() throws InvalidQuery {
    SearchResults results =
        search.search(
            SearchRequest.of("quilfeather"), ArchiveVisibility.directMessagesOf(Set.of("fb-main")));

    assertThat(results.didYouMean()).isNull();
    assertThat(results.total()).isZero();
  }

  @Test
  void aCorrectionHeldOnlyByADeletedEarlierVersionOfANowHiddenConversationIsNotOffered()
      throws InvalidQuery {
    // The comment's first version goes into a segment of its own (the search flushes it) beside
    // live neighbours, so that replacing it leaves a deleted document there: Lucene drops a wholly
    // deleted segment, and its merge policy rewrites one as soon as deletions pass a fifth of the
    // index (one of twelve documents here is well below).
    List<IndexChange> firstVersion = new ArrayList<>();
    firstVersion.add(
        new IndexChange.Upsert(
            3, conversation("moved", "fb-main", MessageKind.COMMENT, "Quillfeather Lane?")));
    for (int i = 1; i <= 8; i++) {
      firstVersion.add(
          new IndexChange.Upsert(
              3 + i,
              conversation("neighbour-" + i, "fb-main", MessageKind.COMMENT, "Open on Sunday?")));
    }
    index.apply(firstVersion);
    assertThat(search.search(SearchRequest.of("quillfeather")).total()).isEqualTo(2);
    index.apply(
        List.of(
            new IndexChange.Upsert(
                12,
                conversation(
                    "moved", "fb-private", MessageKind.DIRECT_MESSAGE, "Quillfeather Lane?"))));

    SearchResults results =
        search.search(
            SearchRequest.of("quilfeather"), ArchiveVisibility.directMessagesOf(Set.of("fb-main")));

    assertThat(deletedDocuments())
        .as("the comment's first version is still in the index, deleted")
        .isEqualTo(1);
    assertThat(results.didYouMean()).isNull();
  }

  @Test
  void aWordOfTheLibrarysSynonymListIsNotCorrectedHoweverRareItIs() throws InvalidQuery {
    List<IndexChange> stores = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      stores.add(
          new IndexChange.Upsert(
              2 + i,
              conversation(
                  "store-" + i, "fb-main", MessageKind.COMMENT, "Is the book store open?")));
    }
    index.apply(stores);

    // "story", of "story time", is the library's word, absent here; "stroe" is a typo.
    assertThat(search.search(SearchRequest.of("story")).didYouMean()).isNull();
    assertThat(search.search(SearchRequest.of("stroe")).didYouMean()).isEqualTo("store");
  }

  private int deletedDocuments() {
    IndexSearcher searcher = index.acquire();
    try {
      return searcher.getIndexReader().numDeletedDocs();
    } finally {
      index.release(searcher);
    }
  }

  @Test
  void aWordOnlyAnotherTeamsDirectMessageHoldsIsCorrectedAsIfNobodyHadWrittenIt()
      throws InvalidQuery {
    List<IndexChange> changes = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      changes.add(
          new IndexChange.Upsert(
              2 + i,
              conversation("lot-" + i, "fb-main", MessageKind.COMMENT, "Is the parking free?")));
    }
    // More direct messages than the correction's frequency check counts (50): that cut must not
    // tell the word is there either.
    for (int i = 0; i < 55; i++) {
      changes.add(
          new IndexChange.Upsert(
              7 + i,
              conversation(
                  "typo-" + i,
                  "fb-private",
                  MessageKind.DIRECT_MESSAGE,
                  "My parkinq pass is lost")));
    }
    index.apply(changes);
    ArchiveVisibility outsider = ArchiveVisibility.directMessagesOf(Set.of("fb-main"));

    SearchResults written = search.search(SearchRequest.of("parkinq"), outsider);
    SearchResults unwritten = search.search(SearchRequest.of("parkinx"), outsider);

    // The same answer for both: otherwise the difference tells the word is in someone's message.
    assertThat(written.replaced()).containsExactly(java.util.Map.entry("parkinq", "parking"));
    assertThat(unwritten.replaced()).containsExactly(java.util.Map.entry("parkinx", "parking"));
    assertThat(written.didYouMean()).isEqualTo(unwritten.didYouMean());
    assertThat(written.total()).isEqualTo(unwritten.total()).isEqualTo(4);
    // The team sees their message, and the correction only offered.
    SearchResults team =
        search.search(
            SearchRequest.of("parkinq"), ArchiveVisibility.directMessagesOf(Set.of("fb-private")));
    assertThat(team.total()).isEqualTo(55);
    assertThat(team.replaced()).isEmpty();
  }

  @Test
  void theTeamOfTheAccountIsOfferedTheCorrection() throws InvalidQuery {
    SearchResults results =
        search.search(
            SearchRequest.of("quilfeather"),
            ArchiveVisibility.directMessagesOf(Set.of("fb-private")));

    assertThat(results.didYouMean()).isEqualTo("quillfeather");
    assertThat(results.hits()).extracting(h -> h.conversation().id()).containsExactly("private");
  }

  @Test
  void aReaderWhoMaySeeEverythingIsOfferedItToo() throws InvalidQuery {
    assertThat(search.search(SearchRequest.of("quilfeather")).didYouMean())
        .isEqualTo("quillfeather");
  }
}
