package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.digitalbranch.archive.SearchFilter;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.archive.SearchResults.FacetCount;
import org.junit.jupiter.api.Test;

class ArchivePeriodsTest {

  /** Fourteen months over two years, as the facets count them (most frequent first). */
  private static final Map<String, List<FacetCount>> FACETS =
      Map.of(
          "month", months(),
          "year", List.of(new FacetCount("2026", 90), new FacetCount("2025", 15)));

  private static List<FacetCount> months() {
    List<FacetCount> months = new ArrayList<>();
    for (int m = 11; m <= 12; m++) {
      months.add(new FacetCount(String.format("2025-%02d", m), 5 + m));
    }
    for (int m = 1; m <= 12; m++) {
      months.add(new FacetCount(String.format("2026-%02d", m), m));
    }
    return months;
  }

  private static SearchRequest holdsBetween(String from, String to) {
    return SearchRequest.of("hold")
        .withFilter(SearchFilter.FROM, from)
        .withFilter(SearchFilter.TO, to);
  }

  /** Facets of a result wholly in November 2026. */
  private static Map<String, List<FacetCount>> november(int count) {
    return Map.of(
        "month", List.of(new FacetCount("2026-11", count)),
        "year", List.of(new FacetCount("2026", count)));
  }

  private static String url(SearchRequest search) {
    return "archive?" + ArchiveParams.queryString(search, search.page(), true);
  }

  @Test
  void theNewestTwelveMonthsComeFirstThenEachYear() {
    List<Map<String, Object>> periods =
        ArchivePage.periods(SearchRequest.of("hold"), FACETS, ArchivePeriodsTest::url);

    assertThat(periods)
        .extracting(p -> p.get("label"))
        .containsExactly(
            "December 2026",
            "November 2026",
            "October 2026",
            "September 2026",
            "August 2026",
            "July 2026",
            "June 2026",
            "May 2026",
            "April 2026",
            "March 2026",
            "February 2026",
            "January 2026",
            "2026",
            "2025");
    assertThat(periods.get(0)).containsEntry("count", "12");
    assertThat(periods.get(11)).containsEntry("count", "1");
  }

  @Test
  void aPeriodsLinkSetsItsDatesAndKeepsTheRestOfTheSearch() {
    SearchRequest search =
        new SearchRequest(
                "hold",
                Map.of(SearchFilter.PLATFORM, List.of("mastodon")),
                SearchRequest.Order.DATE,
                3,
                20)
            .withFilter(SearchFilter.FROM, "2024-01-01");

    List<Map<String, Object>> periods =
        ArchivePage.periods(search, FACETS, ArchivePeriodsTest::url);

    assertThat(periods.get(0))
        .containsEntry(
            "url", "archive?q=hold&platform=mastodon&from=2026-12-01&to=2026-12-31&sort=date")
        .containsEntry("current", false);
    assertThat(periods.get(13))
        .containsEntry(
            "url", "archive?q=hold&platform=mastodon&from=2025-01-01&to=2025-12-31&sort=date");
  }

  @Test
  void theChosenPeriodIsMarkedCurrent() {
    SearchRequest november = holdsBetween("2026-11-01", "2026-11-30");

    List<Map<String, Object>> periods =
        ArchivePage.periods(november, november(3), ArchivePeriodsTest::url);

    assertThat(periods)
        .filteredOn(p -> (Boolean) p.get("current"))
        .extracting(p -> p.get("label"))
        .containsExactly("November 2026");
    // Months the chosen dates leave out entirely are not offered.
    assertThat(ArchivePage.periods(november, FACETS, ArchivePeriodsTest::url))
        .extracting(p -> p.get("label"))
        .containsExactly("November 2026", "2026");
  }

  @Test
  void withinDatesAlreadyChosenAPeriodsLinkKeepsToThem() {
    SearchRequest midNovember = holdsBetween("2026-11-15", "2026-11-20");

    List<Map<String, Object>> periods =
        ArchivePage.periods(midNovember, november(5), ArchivePeriodsTest::url);

    assertThat(periods.get(0))
        .containsEntry("label", "November 2026")
        .containsEntry("count", "5")
        .containsEntry("url", "archive?q=hold&from=2026-11-15&to=2026-11-20")
        .containsEntry("current", true);
  }

  @Test
  void oneYearGetsNoYearLinkAndNoMonthsNothing() {
    assertThat(ArchivePage.periods(SearchRequest.of(""), november(3), ArchivePeriodsTest::url))
        .extracting(p -> p.get("label"))
        .containsExactly("November 2026");
    assertThat(ArchivePage.periods(SearchRequest.of(""), Map.of(), ArchivePeriodsTest::url))
        .isEmpty();
  }
}
