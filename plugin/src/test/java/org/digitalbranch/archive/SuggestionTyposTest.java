package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Suggestions complete what staff type from the archive's own words, which include patrons' slips:
 * a rare slip of a word offered beside it is left out; a rare word of its own is not.
 */
class SuggestionTyposTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private ArchiveIndex index;
  private ArchiveSearch search;

  @BeforeEach
  void indexStorytimeTwelveTimesAndItsSlipsOnce() throws IOException {
    index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    List<IndexChange> changes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      texts.add("Is storytime on this week?");
    }
    texts.add("Is storyitme on Saturday?");
    texts.add("storytmie for toddlers?");
    texts.add("The storyteller was great");
    for (int i = 0; i < 20; i++) {
      texts.add("Can I renew my card online?");
    }
    texts.add("Who takes care of the garden?");
    for (int i = 0; i < texts.size(); i++) {
      changes.add(new IndexChange.Upsert(i + 1, conversation("c" + i, texts.get(i))));
    }
    index.apply(changes);
    search = new ArchiveSearch(index);
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  private static ArchivedConversation conversation(String id, String text) {
    return LibraryCorpus.oneComment(id, text, AT);
  }

  @Test
  void aRareSlipOfAnOfferedWordIsLeftOutButARareWordOfItsOwnIsNot() {
    assertThat(search.suggest("story", 5)).containsExactly("storytime", "storyteller");
  }

  @Test
  void aShortWordOneLetterFromACommonOneIsStillOffered() {
    assertThat(search.suggest("car", 5)).containsExactly("card", "care");
  }
}
