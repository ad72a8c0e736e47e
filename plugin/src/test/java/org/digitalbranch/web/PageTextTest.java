package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
}
