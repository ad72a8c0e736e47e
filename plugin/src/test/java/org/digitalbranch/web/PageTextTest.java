package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageTextTest {

  @Test
  void agesReadAsAPersonWouldSayThem() {
    assertThat(PageText.age(Duration.ofSeconds(40))).isEqualTo("under a minute");
    assertThat(PageText.age(Duration.ofMinutes(45))).isEqualTo("45 min");
    assertThat(PageText.age(Duration.ofMinutes(3 * 60 + 59))).isEqualTo("3 h");
    assertThat(PageText.age(Duration.ofHours(48))).isEqualTo("2 d");
    assertThat(PageText.age(Duration.ofHours(52))).isEqualTo("2 d 4 h");
  }

  @Test
  void timesAreShownInTheLibrarysZoneOnBothSidesOfADaylightSavingChange() {
    PageText words = new PageText(ZoneId.of("America/Chicago"));

    assertThat(words.when(Instant.parse("2026-11-01T14:00:00Z")))
        .isEqualTo("Sun 1 Nov 2026, 08:00");
    assertThat(words.when(Instant.parse("2026-10-31T14:00:00Z")))
        .isEqualTo("Sat 31 Oct 2026, 09:00");
    assertThat(words.inputValue(Instant.parse("2026-10-31T14:00:00Z")))
        .isEqualTo("2026-10-31T09:00");
  }

  @Test
  void aCountersFiguresAreGroupedAsTheMessagesBesideThem() {
    Map<String, Object> counter =
        PageScopes.counter(
            new org.digitalbranch.queue.PlatformCheck(
                "fb-main",
                org.digitalbranch.queue.Network.FACEBOOK,
                1_999,
                63_206,
                true,
                "Facebook: 1,999 of 63,206 characters"));

    assertThat(counter).containsEntry("used", "1,999").containsEntry("limit", "63,206");
  }

  @Test
  void countsReadAsWordsWithThousandsSeparated() {
    assertThat(PageText.count(1, "conversation")).isEqualTo("1 conversation");
    assertThat(PageText.count(0, "conversation")).isEqualTo("0 conversations");
    assertThat(PageText.count(1633, "conversation")).isEqualTo("1,633 conversations");
    assertThat(PageText.count(2, "image")).isEqualTo("2 images");
  }

  @Test
  void aRedirectReportsOnlyItsOwnFixedSentences() {
    assertThat(PageText.done("approved")).isEqualTo("Approved.");
    assertThat(PageText.done("<script>")).isNull();
  }

  @Test
  void anExcerptIsTheFirstLineCutAtEightyCharacters() {
    assertThat(PageText.excerpt("Title line\nmore")).isEqualTo("Title line");
    assertThat(PageText.excerpt("x".repeat(81))).isEqualTo("x".repeat(80) + "…");
    assertThat(PageText.excerpt("  ")).isEqualTo("(no text yet)");
  }

  @Test
  void aWebAddressInAPlatformsMessageBecomesALinkWithoutTheSentencesFullStop() {
    assertThat(
            PageText.withLinks(
                "X refused the post as a duplicate: this account posted the same text in the last"
                    + " day (https://x.com/library/status/19)."))
        .containsExactly(
            Map.of(
                "text",
                "X refused the post as a duplicate: this account posted the same text in the last"
                    + " day (",
                "link",
                false),
            Map.of(
                "text",
                "https://x.com/library/status/19",
                "link",
                true,
                "href",
                "https://x.com/library/status/19"),
            Map.of("text", ").", "link", false));
    assertThat(PageText.withLinks("javascript:alert(1) and ftp://files.example/x"))
        .as("only web addresses")
        .containsExactly(
            Map.of("text", "javascript:alert(1) and ftp://files.example/x", "link", false));
    assertThat(PageText.withLinks(null)).isEmpty();
  }

  @Test
  void aTargetsErrorIsShownWithItsLinkAndPlainTextIsNeverLinkedToTheLivePost() {
    Map<String, Object> target = new java.util.HashMap<>();
    target.put("account", "x-main");
    target.put("state", "Failed");
    target.put("url", "https://x.com/library/status/live");
    target.put("error", "refused (https://x.com/library/status/19).");
    target.put("errorPieces", PageText.withLinks("refused (https://x.com/library/status/19)."));
    Map<String, Object> scope = new java.util.HashMap<>();
    scope.put("targets", java.util.List.of(target));
    scope.put("hasTargets", true);
    scope.put("forms", Map.of());

    org.jsoup.nodes.Document page =
        org.jsoup.Jsoup.parse(new Templates(getClass().getClassLoader()).render("post", scope));

    org.jsoup.nodes.Element cell = page.select(".db-targets tbody td").get(2);
    assertThat(cell.text()).isEqualTo("refused (https://x.com/library/status/19).");
    assertThat(cell.select("a").eachAttr("href"))
        .containsExactly("https://x.com/library/status/19");
  }
}
