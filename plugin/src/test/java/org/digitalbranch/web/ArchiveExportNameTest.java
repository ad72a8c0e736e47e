package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.digitalbranch.archive.SearchFilter;
import org.digitalbranch.archive.SearchRequest;
import org.junit.jupiter.api.Test;

class ArchiveExportNameTest {

  @Test
  void aSearchsWordsAndFiltersNameItsExportInPlainLowerCaseLetters() {
    SearchRequest search =
        SearchRequest.of("\"Library card\" -renew café")
            .withFilter(SearchFilter.PLATFORM, "mastodon");

    assertThat(ArchiveApi.searchedFor(search)).isEqualTo("library-card-renew-cafe-mastodon-");
  }

  @Test
  void aLongSearchIsCutAtAWholeWordAndAnEmptyOneAddsNothing() {
    String cut =
        ArchiveApi.searchedFor(
            SearchRequest.of("opening hours on thanksgiving weekend at the central branch"));

    // "opening-hours-on-thanksgiving-weekend-at" is 40: "at" ends there, whole, and stays.
    assertThat(cut).isEqualTo("opening-hours-on-thanksgiving-weekend-at-");
    assertThat(
            ArchiveApi.searchedFor(
                SearchRequest.of("opening hours on thanksgiving weekend, central branch")))
        .isEqualTo("opening-hours-on-thanksgiving-weekend-");
    assertThat(ArchiveApi.searchedFor(SearchRequest.of(""))).isEmpty();
    assertThat(ArchiveApi.searchedFor(SearchRequest.of("?!* ()"))).isEmpty();
  }

  @Test
  void theDateInTheNameIsTheLibrarysNotUtcs() {
    // 03:30 UTC on 28 November is still 27 November in Chicago.
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T03:30:00Z"), ZoneOffset.UTC);

    assertThat(new ArchiveViews(ZoneId.of("America/Chicago")).today(clock))
        .hasToString("2026-11-27");
  }
}
