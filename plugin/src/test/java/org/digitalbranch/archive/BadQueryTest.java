package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a person types, the answer is results or an InvalidQuery, never another exception. */
class BadQueryTest {

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

  static Stream<String> anythingAPersonMightType() {
    return Stream.of(
        "",
        "   ",
        "?!.,;:",
        "\"unbalanced quote",
        "hours\"",
        "\"\"",
        "((((((",
        "(((((( hours",
        "hours ))))))",
        ")(",
        "a~~~~",
        "hours~2",
        "\"opening hours\"~5",
        "hours^10",
        "*",
        "* * * * * * * *",
        "*:*",
        "wifi* *card *",
        "\u0000\u0007hours\u001b\u007f",
        "tab\there\nnewline\rreturn",
        "\u200b\u200e\ufeff",
        "\ud800 lone surrogate",
        "ü漢字🙂 émoji",
        "OR",
        "OR OR OR AND NOT",
        "-",
        "--hours",
        "- - -",
        "+",
        "|||",
        "&&||!!",
        "a\\b \\",
        "[a TO z] {a TO z}",
        "/regex.*/",
        "title:foo",
        "platform:facebook:extra",
        "staff:\"unclosed",
        "status:ANSWERED",
        "<script>alert(1)</script>",
        "'; DROP TABLE conversations; --",
        "x".repeat(999),
        "hold reserve request card ".repeat(10),
        "the",
        "(" + "hold OR ".repeat(30) + "card)");
  }

  @ParameterizedTest
  @MethodSource("anythingAPersonMightType")
  void anyInputGetsResultsOrAClearMessage(String typed) {
    SearchRequest request = SearchRequest.of(typed);
    try {
      SearchResults results = search.search(request);
      assertThat(results.total()).isBetween(0L, 20L);
    } catch (InvalidQuery e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  static Stream<String> inputsThatAreRefused() {
    return Stream.of(
        "x".repeat(1001),
        "hours ".repeat(1000),
        "a b c d e f g h i j ".repeat(11),
        "(".repeat(11) + "hours",
        "((((((((((((((((((((((((((((((((((((((((hours",
        "platform:",
        "status:maybe",
        "kind:tweet",
        "from:2025-13-01",
        "to:yesterday",
        "from:2025-01-01 from:2025-02-01",
        "-from:2025-01-01");
  }

  @ParameterizedTest
  @MethodSource("inputsThatAreRefused")
  void unanswerableInputIsRefusedWithAMessage(String typed) {
    assertThatThrownBy(() -> search.search(SearchRequest.of(typed)))
        .isInstanceOf(InvalidQuery.class)
        .message()
        .isNotBlank();
  }

  @Test
  void messagesNameTheField() {
    assertThatThrownBy(() -> search.search(SearchRequest.of("status:maybe")))
        .hasMessage("status: unknown value \"maybe\"; use one of unanswered, answered, closed");
    assertThatThrownBy(() -> search.search(SearchRequest.of("from:31/01/2025")))
        .hasMessage("from: expected a date as yyyy-mm-dd, got \"31/01/2025\"");
    assertThatThrownBy(() -> search.search(SearchRequest.of("x".repeat(1001))))
        .hasMessage("q: the query is 1001 characters long; the limit is 1000");
    assertThatThrownBy(
            () -> search.search(SearchRequest.of("").withFilter(SearchFilter.KIND, "tweet")))
        .hasMessageStartingWith("kind: unknown value \"tweet\"");
    // Platforms and topics are closed lists too: a slip is named, not a search finding nothing.
    assertThatThrownBy(() -> search.search(SearchRequest.of("card platform:myspace")))
        .hasMessage(
            "platform: unknown value \"myspace\"; use one of facebook, instagram, mastodon,"
                + " bluesky, x");
    assertThatThrownBy(() -> search.search(SearchRequest.of("topic:nosuch")))
        .hasMessageStartingWith("topic: unknown value \"nosuch\"; use one of readers-advisory,");
  }

  @Test
  void aToDateBeforeTheFromDateIsRefusedNotAnsweredWithNothing() {
    assertThatThrownBy(
            () ->
                search.search(
                    SearchRequest.of("hours")
                        .withFilter(SearchFilter.FROM, "2026-11-30")
                        .withFilter(SearchFilter.TO, "2026-11-01")))
        .hasMessage(
            "to: 2026-11-01 is before the from date, 2026-11-30, so nothing can fall between"
                + " them; swap the two dates");
    assertThatThrownBy(() -> search.search(SearchRequest.of("to:2025-01-01 from:2025-02-01")))
        .hasMessageStartingWith("to: 2025-01-01 is before the from date, 2025-02-01");
  }

  @Test
  void aDateOfAYearNoArchiveHoldsIsRefusedNotAnOverflow() {
    // Year ±999,999,999 parses as a date, and its instant overflows epoch milliseconds.
    for (String date : List.of("-999999999-01-01", "+999999999-12-31", "1899-12-31")) {
      assertThatThrownBy(
              () -> search.search(SearchRequest.of("book").withFilter(SearchFilter.FROM, date)))
          .isInstanceOf(InvalidQuery.class)
          .hasMessage(
              "from: expected a date between 1900-01-01 and 9999-12-31, got \"" + date + "\"");
      assertThatThrownBy(
              () -> search.search(SearchRequest.of("book").withFilter(SearchFilter.TO, date)))
          .isInstanceOf(InvalidQuery.class)
          .hasMessageStartingWith("to: expected a date between");
    }
    assertThatThrownBy(() -> search.search(SearchRequest.of("book from:+999999999-12-31")))
        .isInstanceOf(InvalidQuery.class)
        .hasMessageStartingWith("from: expected a date between");
  }

  @Test
  void pagingOutsideTheLimitsIsRefused() {
    assertThatThrownBy(() -> search.search(SearchRequest.of("").page(1, 0)))
        .hasMessage("size: must be between 1 and 100");
    assertThatThrownBy(() -> search.search(SearchRequest.of("").page(1, 101)))
        .hasMessage("size: must be between 1 and 100");
    assertThatThrownBy(() -> search.search(SearchRequest.of("").page(0, 10)))
        .hasMessage("page: must be 1 or more");
    assertThatThrownBy(() -> search.search(SearchRequest.of("").page(101, 100)))
        .hasMessageStartingWith("page: only the first 10000 hits");
  }

  @Test
  void textWithNothingToSearchForIsRefusedAndStopWordsFindNothing() throws InvalidQuery {
    // Listing everything would pass the whole archive off as matching "?!", exports included.
    for (String typed : new String[] {"?!.,;:", "((((((", "*", "- - -", "platform:facebook ?"}) {
      assertThatThrownBy(() -> search.search(SearchRequest.of(typed)))
          .as(typed)
          .isInstanceOf(InvalidQuery.class)
          .hasMessage(
              "q: the query has nothing to search for: no letters, numbers or emoji. Leave the"
                  + " box empty, or only its filters, to list every conversation they allow.");
    }
    assertThat(search.search(SearchRequest.of("")).total()).isEqualTo(20);
    assertThat(search.search(SearchRequest.of("  platform:facebook  ")).total()).isPositive();
    assertThat(search.search(SearchRequest.of("the")).total()).isZero();
  }

  @Test
  void controlCharactersAreSpaces() throws InvalidQuery {
    assertThat(search.search(SearchRequest.of("\u0000storytime\u0007")).hits())
        .extracting(h -> h.conversation().id())
        .containsExactly("c07");
  }

  @Test
  void anUnknownFieldNameIsSearchedAsWords() throws InvalidQuery {
    assertThat(search.search(SearchRequest.of("story: time")).hits())
        .extracting(h -> h.conversation().id())
        .containsExactly("c07");
  }
}
