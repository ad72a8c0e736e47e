package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.List;
import org.digitalbranch.archive.SearchRequest.Order;
import org.digitalbranch.archive.SearchResults.FacetCount;
import org.digitalbranch.archive.SearchResults.Hit;
import org.digitalbranch.archive.SearchResults.Segment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchiveSearchTest {

  private static ArchiveIndex index;
  private static ArchiveSearch search;

  @BeforeAll
  static void indexTheCorpus() {
    index = LibraryCorpus.inMemoryIndex();
    search = new ArchiveSearch(index);
  }

  @AfterAll
  static void close() throws IOException {
    index.close();
  }

  private static SearchResults run(SearchRequest request) throws InvalidQuery {
    return search.search(request);
  }

  private static List<String> ids(String query) throws InvalidQuery {
    return ids(run(SearchRequest.of(query)));
  }

  private static List<String> ids(SearchResults results) {
    return results.hits().stream().map(h -> h.conversation().id()).toList();
  }

  private static Hit hit(SearchResults results, String id) {
    return results.hits().stream()
        .filter(h -> h.conversation().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anEmptyQueryListsEveryConversation() throws InvalidQuery {
    SearchResults all = run(SearchRequest.of(""));
    assertThat(all.total()).isEqualTo(20);
    assertThat(all.hits()).hasSize(20);
    assertThat(all.hits()).allSatisfy(h -> assertThat(h.matches()).isEmpty());
  }

  @Test
  void aStretchOfIdsIsTheSameConversationsInTheSameOrderAsThePagesOfTheSearch()
      throws InvalidQuery {
    for (Order order : Order.values()) {
      for (String query : List.of("", "hold OR card", "platform:mastodon")) {
        SearchRequest request = SearchRequest.of(query).orderedBy(order);
        List<String> pageTwoOfThree = ids(run(request.page(2, 3)));

        ArchiveSearch.IdStretch stretch = search.ids(request, ArchiveVisibility.all(), 3, 3);

        assertThat(stretch.ids()).as(order + " " + query).isEqualTo(pageTwoOfThree);
        assertThat(stretch.total()).isEqualTo(run(request).total());
      }
    }
    assertThat(search.ids(SearchRequest.of("hold"), ArchiveVisibility.all(), 9_000, 1_000).ids())
        .isEmpty();
  }

  @Test
  void aPhraseMatchesOnlyAdjacentWords() throws InvalidQuery {
    assertThat(ids("children room")).containsExactlyInAnyOrder("c07", "c20");
    assertThat(ids("\"children's room\"")).containsExactly("c07");
  }

  @Test
  void ebookFindsEBookAndEbooks() throws InvalidQuery {
    assertThat(ids("ebook")).containsExactlyInAnyOrder("c03", "c18");
    assertThat(ids("electronic book")).containsExactlyInAnyOrder("c03", "c18");
  }

  @Test
  void reserveFindsHoldsAndReservations() throws InvalidQuery {
    assertThat(ids("reserve")).containsExactlyInAnyOrder("c02", "c05", "c11", "c18", "c20");
    assertThat(ids("holds")).containsExactlyInAnyOrder("c02", "c05", "c11", "c18", "c20");
  }

  @Test
  void wiFiWithAHyphenFindsWifiAndWirelessInternet() throws InvalidQuery {
    assertThat(ids("wi-fi")).containsExactlyInAnyOrder("c04", "c19");
  }

  @Test
  void aLibraryCardPhraseFindsAPatronWhoOnlySaidCard() throws InvalidQuery {
    assertThat(ids("\"library card\"")).contains("c14").doesNotContain("c01");
  }

  @Test
  void audioBookInTwoWordsFindsAudiobooks() throws InvalidQuery {
    assertThat(ids("audiobook")).containsExactly("c14");
    assertThat(ids("\"audio book\"")).containsExactly("c14");
  }

  @Test
  void lateFeesFindsTheFineFreeAnswer() throws InvalidQuery {
    assertThat(ids("fine")).containsExactly("c06");
    assertThat(ids("late fee")).containsExactly("c06");
    assertThat(run(SearchRequest.of("fine")).didYouMean()).isNull();
  }

  @Test
  void accentsAreFoldedSoAPatronNeedNotTypeThem() throws InvalidQuery {
    assertThat(ids("ÉBOOK")).isNotEmpty().containsExactlyInAnyOrderElementsOf(ids("ebook"));
    assertThat(ids("Wí-Fí")).containsExactlyInAnyOrderElementsOf(ids("wi-fi"));
  }

  @Test
  void anAccentTypedAsACombiningMarkIsFoldedLikeTheAccentedLetter() throws InvalidQuery {
    // "É" as "E" and U+0301, as a Mac's copy and paste gives it.
    assertThat(ids("E\u0301BOOK")).isNotEmpty().containsExactlyInAnyOrderElementsOf(ids("ebook"));
    assertThat(ids("Wi\u0301-Fi\u0301")).containsExactlyInAnyOrderElementsOf(ids("wi-fi"));
  }

  @Test
  void renewingIsStemmedToRenew() throws InvalidQuery {
    assertThat(ids("renewing")).containsExactlyInAnyOrder("c05", "c17");
  }

  @Test
  void excludingTheSecondWordOfAMultiWordSynonymExcludesItAndNeverSearchesThePhrase()
      throws InvalidQuery {
    // "library card" and "late fee" are synonym entries: grouped across the minus, these once
    // found more conversations than the first word alone, the excluded word highlighted.
    for (String[] typed :
        new String[][] {{"library -card", "library", "card"}, {"late -fee", "late", "fee"}}) {
      List<String> excluded = ids(typed[2]);
      assertThat(excluded).as(typed[2]).isNotEmpty();
      assertThat(ids(typed[0]))
          .as(typed[0])
          .isSubsetOf(ids(typed[1]))
          .doesNotContainAnyElementsOf(excluded);
      assertThat(ids(typed[1] + " NOT " + typed[2]))
          .as("NOT")
          .doesNotContainAnyElementsOf(excluded);
    }
    assertThat(ids("library -card")).isNotEmpty();
  }

  @Test
  void aMinusExcludesConversationsWithTheWord() throws InvalidQuery {
    assertThat(ids("libby")).containsExactlyInAnyOrder("c03", "c14", "c18");
    assertThat(ids("libby -kindle")).containsExactlyInAnyOrder("c14", "c18");
  }

  @Test
  void onlyAnExclusionMeansEverythingElse() throws InvalidQuery {
    SearchResults results = run(SearchRequest.of("-libby"));
    assertThat(results.total()).isEqualTo(17);
    assertThat(ids(results)).doesNotContain("c03", "c14", "c18");
  }

  @Test
  void orMatchesEitherWord() throws InvalidQuery {
    assertThat(ids("storytime OR printing")).containsExactlyInAnyOrder("c07", "c09");
    assertThat(ids("storytime printing")).isEmpty();
  }

  @Test
  void aPatronsWordsFindTheThreadThroughTheLibrarianAnswer() throws InvalidQuery {
    // Stemming makes "booked" match "books" too, so the renewal thread (c05) is found as well.
    SearchResults results = run(SearchRequest.of("booked online"));
    assertThat(ids(results)).containsExactlyInAnyOrder("c05", "c11", "c20");
    Hit studyRoom = hit(results, "c20");
    assertThat(studyRoom.conversation().messages())
        .extracting(ArchivedMessage::id)
        .containsExactly("c20-m1", "c20-m2", "c20-m3");
    assertThat(studyRoom.matches()).extracting(m -> m.messageId()).contains("c20-m2");
  }

  @Test
  void eachTypedFilterNarrowsTheResult() throws InvalidQuery {
    assertThat(run(SearchRequest.of("platform:facebook")).total()).isEqualTo(8);
    assertThat(ids("account:fb-teens")).containsExactly("c08");
    assertThat(ids("kind:direct_message")).containsExactlyInAnyOrder("c10", "c20");
    assertThat(ids("status:unanswered")).containsExactlyInAnyOrder("c04", "c08", "c15", "c19");
    assertThat(ids("staff:jchen")).containsExactlyInAnyOrder("c02", "c07", "c11", "c14");
    assertThat(ids("topic:events")).containsExactlyInAnyOrder("c07", "c08");
    assertThat(run(SearchRequest.of("from:2025-03-01 to:2025-03-31")).total()).isEqualTo(7);
    assertThat(run(SearchRequest.of("-platform:facebook")).total()).isEqualTo(12);
    assertThat(ids("card platform:facebook status:answered"))
        .containsExactlyInAnyOrder("c02", "c10", "c17");
  }

  @Test
  void aStaffMemberOrAccountIsFoundWhateverTheCaseTyped() throws InvalidQuery {
    assertThat(ids("staff:JChen")).containsExactlyInAnyOrder("c02", "c07", "c11", "c14");
    assertThat(ids("-staff:JCHEN")).doesNotContain("c02", "c07", "c11", "c14").isNotEmpty();
    assertThat(ids("account:FB-Teens")).containsExactly("c08");
    assertThat(ids("staff:nobody")).isEmpty();
  }

  @Test
  void twoValuesOfOneFilterMeanEither() throws InvalidQuery {
    assertThat(ids("platform:x platform:bluesky status:unanswered")).containsExactly("c19");
  }

  @Test
  void datesAreDaysInTheLibraryTimeZone() throws InvalidQuery {
    // c09 started at 03:00 UTC on 1 February, which is still 31 January in New York.
    assertThat(ids("to:2025-01-31")).contains("c09").hasSize(9);
    assertThat(ids("from:2025-02-01")).doesNotContain("c09").hasSize(11);
  }

  @Test
  void structuredFiltersFromTheApiCombineWithTypedOnes() throws InvalidQuery {
    SearchRequest instagram =
        SearchRequest.of("").withFilter(SearchFilter.PLATFORM, "Instagram").page(1, 100);
    assertThat(ids(run(instagram))).containsExactlyInAnyOrder("c03", "c09", "c15");
    assertThat(ids(run(instagram.withFilter(SearchFilter.STATUS, "answered"))))
        .containsExactlyInAnyOrder("c03", "c09");
    SearchRequest typedToo =
        new SearchRequest("status:unanswered", instagram.filters(), Order.RELEVANCE, 1, 20);
    assertThat(ids(run(typedToo))).containsExactly("c15");
  }

  @Test
  void facetsCountTheWholeResult() throws InvalidQuery {
    SearchResults all = run(SearchRequest.of("").page(1, 5));
    assertThat(all.facets().get("platform"))
        .containsExactly(
            new FacetCount("facebook", 8),
            new FacetCount("bluesky", 3),
            new FacetCount("instagram", 3),
            new FacetCount("mastodon", 3),
            new FacetCount("x", 3));
    assertThat(all.facets().get("account"))
        .containsExactly(
            new FacetCount("fb-central", 7),
            new FacetCount("bluesky-central", 3),
            new FacetCount("ig-central", 3),
            new FacetCount("mastodon-central", 3),
            new FacetCount("x-central", 3),
            new FacetCount("fb-teens", 1));
    assertThat(all.facets().get("kind"))
        .containsExactly(
            new FacetCount("comment", 10),
            new FacetCount("mention", 6),
            new FacetCount("direct_message", 2),
            new FacetCount("reply", 2));
    assertThat(all.facets().get("status"))
        .containsExactly(
            new FacetCount("answered", 14),
            new FacetCount("unanswered", 4),
            new FacetCount("closed", 2));
    assertThat(all.facets().get("staff"))
        .containsExactly(
            new FacetCount("mlopez", 5),
            new FacetCount("akowalski", 4),
            new FacetCount("jchen", 4),
            new FacetCount("rpatel", 4));
    assertThat(all.facets().get("topic"))
        .containsExactly(
            new FacetCount("services", 4),
            new FacetCount("materials", 3),
            new FacetCount("events", 2),
            new FacetCount("readers-advisory", 2),
            new FacetCount("current-events", 1));
    assertThat(all.facets().get("year"))
        .containsExactly(new FacetCount("2025", 16), new FacetCount("2024", 4));
    assertThat(all.facets().get("month"))
        .containsExactly(
            new FacetCount("2025-03", 7),
            new FacetCount("2025-01", 5),
            new FacetCount("2025-02", 4),
            new FacetCount("2024-11", 2),
            new FacetCount("2024-12", 2));
  }

  @Test
  void facetsFollowTheQueryAndFilters() throws InvalidQuery {
    SearchResults card = run(SearchRequest.of("card"));
    assertThat(ids(card)).containsExactlyInAnyOrder("c02", "c10", "c11", "c14", "c17");
    assertThat(card.facets().get("platform"))
        .containsExactly(
            new FacetCount("facebook", 3), new FacetCount("mastodon", 1), new FacetCount("x", 1));
    assertThat(card.facets().get("staff"))
        .containsExactly(
            new FacetCount("jchen", 3), new FacetCount("rpatel", 2), new FacetCount("mlopez", 1));
  }

  @Test
  void snippetsMarkTheMatchedWordsAsPlainTextSegments() throws InvalidQuery {
    SearchResults results = run(SearchRequest.of("printing"));
    assertThat(ids(results)).containsExactly("c09");
    Hit printing = results.hits().get(0);
    assertThat(printing.matches())
        .extracting(m -> m.messageId())
        .containsExactly("c09-m1", "c09-m2");
    assertThat(printing.matches().get(0).snippet())
        .containsExactly(
            new Segment("How much does ", false),
            new Segment("printing", true),
            new Segment(" cost at the library? I need to ", false),
            new Segment("print", true),
            new Segment(" my resume.", false));
    assertThat(printing.matches().get(1).snippet())
        .extracting(Segment::text, Segment::highlighted)
        .contains(tuple("prints", true), tuple("printer", true));
  }

  @Test
  void markupInACustomerMessageStaysText() throws InvalidQuery {
    Hit gaming = run(SearchRequest.of("gaming")).hits().get(0);
    assertThat(gaming.matches().get(0).snippet())
        .containsExactly(
            new Segment("Is the <b>teen ", false),
            new Segment("gaming", true),
            new Segment(" night</b> still happening this Friday?", false));
  }

  @Test
  void dateOrderIsNewestFirstAndPagesSliceIt() throws InvalidQuery {
    SearchRequest byDate = SearchRequest.of("").orderedBy(Order.DATE);
    assertThat(ids(run(byDate.page(1, 5)))).containsExactly("c20", "c19", "c18", "c17", "c16");
    SearchResults second = run(byDate.page(2, 5));
    assertThat(ids(second)).containsExactly("c15", "c14", "c13", "c12", "c11");
    assertThat(second.total()).isEqualTo(20);
    assertThat(second.page()).isEqualTo(2);
    assertThat(ids(run(byDate.page(4, 6)))).containsExactly("c02", "c01");
    assertThat(ids(run(byDate.page(5, 5)))).isEmpty();
  }

  @Test
  void relevanceOrderPutsTheBestMatchFirst() throws InvalidQuery {
    // c11 says museum four times; c20 never does.
    assertThat(ids("museum pass").get(0)).isEqualTo("c11");
  }

  @Test
  void aMisspelledWordThatSomeoneAlsoWroteFindsItAndOffersTheCorrection() throws InvalidQuery {
    // c02, c10 and c11 say "library card"; searching them too would bury the one exact match.
    SearchResults results = run(SearchRequest.of("libary card"));
    assertThat(ids(results)).containsExactly("c17");
    assertThat(results.didYouMean()).isEqualTo("library card");
  }

  @Test
  void aMisspellingAbsentFromTheIndexIsCorrected() throws InvalidQuery {
    SearchResults results = run(SearchRequest.of("storytme"));
    assertThat(ids(results)).containsExactly("c07");
    assertThat(results.didYouMean()).isEqualTo("storytime");
  }

  @Test
  void aCorrectlySpelledQueryOffersNoCorrection() throws InvalidQuery {
    assertThat(run(SearchRequest.of("library card")).didYouMean()).isNull();
  }

  @Test
  void suggestionsCompleteTheLastWordMostFrequentFirst() {
    assertThat(search.suggest("libr", 5)).containsExactly("library", "librarian");
    assertThat(search.suggest("My LIBR", 1)).containsExactly("My library");
    assertThat(search.suggest("lib", 2)).containsExactly("library", "libby");
  }

  @Test
  void aSuggestionKeepsTheOperatorsAndQuotesAsTypedAndTheWordWhereThePartialWas() {
    // "-lib" once became "- library", an inclusion, and NOT a plain word "not".
    assertThat(search.suggest("card -lib", 1)).containsExactly("card -library");
    assertThat(search.suggest("card NOT lib", 1)).containsExactly("card NOT library");
    assertThat(search.suggest("\"my lib", 1)).containsExactly("\"my library");
    assertThat(search.suggest("(card OR lib", 1)).containsExactly("(card OR library");
  }

  @Test
  void aFiltersValueGetsNoWordsOfTheMessagesAsSuggestions() {
    assertThat(search.suggest("platform:fa", 5)).isEmpty();
    assertThat(search.suggest("card -staff:li", 5)).isEmpty();
    assertThat(search.suggest("staff:\"li", 5)).isEmpty();
  }

  @Test
  void aWordWhoseLowercaseIsLongerDoesNotShiftTheCompletion() {
    // 'İ' lowercases to two characters: positions counted in the lowercase text once cut the
    // typed text out of range (a 500 on every keystroke) or in the wrong place.
    assertThat(search.suggest("İİİİ lib", 1)).containsExactly("İİİİ library");
    assertThat(search.suggest("İstanbul LIB", 1)).containsExactly("İstanbul library");
  }

  @Test
  void suggestionsLeaveOutNumbersAndNonsense() {
    assertThat(search.suggest("20", 5)).isEmpty();
    assertThat(search.suggest("", 5)).isEmpty();
    assertThat(search.suggest("library ", 5)).isEmpty();
    assertThat(search.suggest("?!", 5)).isEmpty();
    assertThat(search.suggest("zzz", 5)).isEmpty();
    assertThat(search.suggest(null, 5)).isEmpty();
  }

  @Test
  void similarAnsweredConversationsComeWithTheirAnswers() {
    List<ArchiveSearch.SimilarConversation> similar = search.similar("c19", 5);
    assertThat(similar).isNotEmpty();
    assertThat(similar.get(0).conversation().id()).isEqualTo("c20");
    assertThat(similar.get(0).answers()).extracting(ArchivedMessage::id).containsExactly("c20-m2");
    assertThat(similar)
        .allSatisfy(
            s -> assertThat(s.conversation().status()).isEqualTo(ConversationStatus.ANSWERED));
  }

  @Test
  void atMostFiveSimilarConversationsAndNoneForAnUnknownId() {
    assertThat(search.similar("c04", 50)).hasSizeLessThanOrEqualTo(5);
    assertThat(search.similar("c99", 5)).isEmpty();
  }
}
