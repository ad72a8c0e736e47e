package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** A page of hits is read leaf by leaf in document order and handed back in the page's order. */
class PageDecodingTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private static ArchivedConversation conversation(String id) {
    return new ArchivedConversation(
        id,
        "mastodon",
        "masto-main",
        MessageKind.MENTION,
        ConversationStatus.ANSWERED,
        null,
        List.of(),
        AT,
        List.of(
            new ArchivedMessage(
                id + "-m1",
                "patron",
                "A Patron",
                null,
                false,
                null,
                MessageKind.MENTION,
                "Question " + id,
                AT,
                false),
            new ArchivedMessage(
                id + "-m2",
                "library",
                "The Library",
                id + "-m1",
                true,
                "jlee",
                MessageKind.REPLY,
                "Answer " + id,
                AT.plusSeconds(60),
                true)));
  }

  @Test
  void aPageAcrossSegmentsComesBackInItsOwnOrderWithEveryField() throws IOException {
    try (ArchiveIndex index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms())) {
      // Two batches, two segments.
      index.apply(
          List.of(
              new IndexChange.Upsert(1, conversation("a")),
              new IndexChange.Upsert(2, conversation("b"))));
      index.commit(2);
      index.apply(
          List.of(
              new IndexChange.Upsert(3, conversation("c")),
              new IndexChange.Upsert(4, conversation("d"))));
      index.commit(4);
      IndexSearcher searcher = index.acquire();
      try {
        IndexReader reader = searcher.getIndexReader();
        assertThat(reader.leaves()).hasSizeGreaterThan(1);

        List<ArchivedConversation> page =
            index.schema().conversations(reader, new int[] {3, 0, 2, 1});

        assertThat(page).extracting(ArchivedConversation::id).containsExactly("d", "a", "c", "b");
        assertThat(page.get(0)).isEqualTo(conversation("d"));
      } finally {
        index.release(searcher);
      }
    }
  }
}
