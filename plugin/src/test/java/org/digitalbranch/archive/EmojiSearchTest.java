package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Patrons write emoji, and the index keeps them as terms: a search for one finds the conversations
 * that hold it, and is never "corrected" into another emoji.
 */
class EmojiSearchTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private static ArchiveIndex index;
  private static ArchiveSearch search;

  @BeforeAll
  static void indexAFewConversations() throws IOException {
    index =
        LibraryCorpus.indexOfComments(
            List.of(
                "Loved story time today 📚",
                "📚 club tonight?",
                "Great event 🎉 thank you",
                "Are you open late?",
                "Pride storytime 🏳️‍🌈 and coding club 👩‍💻",
                "Ukrainian books 🇺🇦 on shelf #️⃣ 3",
                "Love the new reading room ❤️",
                "👍🏽 thanks for the help"),
            AT);
    search = new ArchiveSearch(index);
  }

  @AfterAll
  static void close() throws IOException {
    index.close();
  }

  private static List<String> found(String query) throws InvalidQuery {
    return search.search(SearchRequest.of(query)).hits().stream()
        .map(hit -> hit.conversation().id())
        .sorted()
        .toList();
  }

  @Test
  void anEmojiFindsTheConversationsThatHoldIt() throws InvalidQuery {
    assertThat(found("📚")).containsExactly("c1", "c2");
    assertThat(found("🎉")).containsExactly("c3");
    assertThat(found("📚 club")).containsExactly("c2");
  }

  @Test
  void joinedEmojiFlagsAndKeycapsAreSearchedWhole() throws InvalidQuery {
    assertThat(found("🏳️‍🌈")).containsExactly("c5");
    assertThat(found("👩‍💻")).containsExactly("c5");
    assertThat(found("🇺🇦")).containsExactly("c6");
    assertThat(found("#️⃣")).containsExactly("c6");
  }

  @Test
  void anEmojiIsFoundWhicheverPresentationOrSkinToneEitherSideUsed() throws InvalidQuery {
    assertThat(found("❤")).containsExactly("c7");
    assertThat(found("❤️")).containsExactly("c7");
    assertThat(found("👍")).containsExactly("c8");
    assertThat(found("👍🏿")).containsExactly("c8");
  }

  @Test
  void aStrayJoinerIsASpaceNotPartOfTheWord() throws InvalidQuery {
    SearchResults results = search.search(SearchRequest.of("club\u200D"));

    assertThat(results.hits()).extracting(h -> h.conversation().id()).contains("c2", "c5");
    assertThat(results.searchedAs()).isNull();
    assertThat(search.search(SearchRequest.of("\u200D platform:facebook")).total()).isPositive();
  }

  @Test
  void anEmojiNobodyWroteFindsNothingAndIsNotCorrectedIntoAnother() throws InvalidQuery {
    SearchResults results = search.search(SearchRequest.of("😡"));

    assertThat(results.total()).isZero();
    assertThat(results.didYouMean()).isNull();
    assertThat(results.searchedAs()).isNull();
  }
}
