package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Under a library post, every search for the post's words matches the post: a hit lists what was
 * written under it first, so the hits of one post's threads do not all read alike.
 */
class OurPostLastTest {

  private static final Instant AT = Instant.parse("2026-09-01T15:00:00Z");

  @Test
  void aHitUnderOurPostLeadsWithThePatronsWordsAndNamesThePostLast()
      throws IOException, InvalidQuery {
    ArchivedConversation thread =
        new ArchivedConversation(
            "c1",
            "facebook",
            "fb-main",
            MessageKind.COMMENT,
            ConversationStatus.UNANSWERED,
            null,
            List.of(),
            AT,
            List.of(
                new ArchivedMessage(
                    "post",
                    "library",
                    "Riverside Library",
                    null,
                    true,
                    "jlee",
                    MessageKind.COMMENT,
                    "September is Library Card Sign-up Month!",
                    AT,
                    false),
                new ArchivedMessage(
                    "question",
                    "pat",
                    "Pat Reader",
                    "post",
                    false,
                    null,
                    MessageKind.COMMENT,
                    "Can my son get a library card at eight?",
                    AT.plusSeconds(60),
                    false)));
    try (ArchiveIndex index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms())) {
      index.apply(List.of(new IndexChange.Upsert(1, thread)));

      SearchResults results = new ArchiveSearch(index).search(SearchRequest.of("library card"));

      assertThat(results.hits().getFirst().matches())
          .extracting(SearchResults.MatchedMessage::messageId)
          .containsExactly("question", "post");
    }
  }
}
