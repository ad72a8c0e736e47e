package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spelling check corrects a slip of the fingers, not a real word the archive happens not to
 * hold, nor a word it holds in another form, nor a web address; and when it searches a correction
 * in place of the typed word, the result says so.
 */
class SpellingCorrectionTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private static ArchiveIndex index;
  private static ArchiveSearch search;

  @BeforeAll
  static void indexAFewConversations() throws IOException {
    List<String> texts = new ArrayList<>();
    texts.add("Do you have chemistry textbooks?");
    texts.add("Are you open on Saturday?");
    texts.add("Can I renew my books online?");
    texts.add("The librarians were so helpful today");
    texts.add("Is the kids corner open late?");
    texts.add("Ask Mr Mason about the quilt show");
    texts.add("Is the cafe on the second floor?");
    texts.add("When does the libary open?");
    for (int i = 1; i <= 5; i++) {
      texts.add("I have a question about the library, number " + i);
    }
    index = LibraryCorpus.indexOfComments(texts, AT);
    search = new ArchiveSearch(index);
  }

  @AfterAll
  static void close() throws IOException {
    index.close();
  }

  private static SearchResults run(String query) throws InvalidQuery {
    return search.search(SearchRequest.of(query));
  }

  private static SearchResults asTyped(String query) throws InvalidQuery {
    return search.search(SearchRequest.of(query).spelled(SearchRequest.Spelling.AS_TYPED));
  }

  private static void assertNotCorrected(String query) throws InvalidQuery {
    SearchResults results = run(query);
    assertThat(results.didYouMean()).as(query + ": offered").isNull();
    assertThat(results.searchedAs()).as(query + ": searched as").isNull();
    assertThat(results.replaced()).as(query).isEmpty();
  }

  @Test
  void aWordThatFindsNothingIsSearchedAsItsCorrectionAndTheResultSaysSo() throws InvalidQuery {
    SearchResults results = run("hate");

    assertThat(results.total()).isEqualTo(6);
    assertThat(results.searchedAs()).isEqualTo("have");
    assertThat(results.replaced()).containsExactly(Map.entry("hate", "have"));
    assertThat(results.didYouMean()).isEqualTo("have");
  }

  @Test
  void theResultSaysWhichWordsWereReplacedAndKeepsTheOthersAsTyped() throws InvalidQuery {
    SearchResults results = run("Hate | textbooks");

    assertThat(results.searchedAs()).isEqualTo("have | textbooks");
    assertThat(results.replaced()).containsExactly(Map.entry("hate", "have"));
  }

  @Test
  void aShortWordIsCorrectedOnlyToAWordOneEditAway() throws InvalidQuery {
    // Two edits of four or five letters lead to another real word, not to the one meant.
    assertNotCorrected("kill");
    assertNotCorrected("moron");
    assertThat(run("kill").total()).isZero();
  }

  @Test
  void aLongerWordIsCorrectedUpToTwoEditsAway() throws InvalidQuery {
    assertThat(run("chemestry").searchedAs()).isEqualTo("chemistry");
    assertThat(run("chemestri").searchedAs()).isEqualTo("chemistry");
    assertThat(run("sautrday").searchedAs()).isEqualTo("saturday");
    assertThat(run("sautrday").total()).isEqualTo(1);
  }

  @Test
  void aWordWhoseStemTheArchiveHoldsIsNeverCorrected() throws InvalidQuery {
    for (String word : List.of("renews", "renewal", "librarian")) {
      assertNotCorrected(word);
      assertThat(run(word).total()).as(word).isEqualTo(1);
    }
  }

  @Test
  void anAccentedWordIsFoundFoldedAndNeverTakenForAnother() throws InvalidQuery {
    assertNotCorrected("café");
    assertThat(run("café").total()).isEqualTo(1);
    assertNotCorrected("carde");
  }

  @Test
  void aWebAddressAPatternOrAHandleIsNeverCorrected() throws InvalidQuery {
    // "renw" alone is one edit from "renew" and corrected; inside these it is a name.
    assertThat(run("renw").searchedAs()).isEqualTo("renew");
    assertNotCorrected("https://example.org/renw");
    assertNotCorrected("www.renw.org");
    assertNotCorrected("/renw/");
    assertNotCorrected("@renw");
  }

  @Test
  void aSearchAsTypedOnlyOffersTheCorrection() throws InvalidQuery {
    SearchResults results = asTyped("hate");

    assertThat(results.total()).isZero();
    assertThat(results.searchedAs()).isNull();
    assertThat(results.replaced()).isEmpty();
    assertThat(results.didYouMean()).isEqualTo("have");
  }

  @Test
  void aMisspellingSomeoneWroteIsSearchedAsTypedAndTheCorrectionOnlyOffered() throws InvalidQuery {
    SearchResults results = run("libary");

    assertThat(results.total()).isEqualTo(1);
    assertThat(results.searchedAs()).isNull();
    assertThat(results.didYouMean()).isEqualTo("library");
  }

  @Test
  void anExportsStretchOfIdsSearchedAsTypedHoldsNoConversationOfTheCorrection()
      throws InvalidQuery {
    SearchRequest typed = SearchRequest.of("hate").spelled(SearchRequest.Spelling.AS_TYPED);

    ArchiveSearch.IdStretch stretch = search.ids(typed, ArchiveVisibility.all(), 0, 100);

    assertThat(stretch.total()).isZero();
    assertThat(stretch.ids()).isEmpty();
    assertThat(stretch.didYouMean()).isEqualTo("have");
  }
}
