package org.digitalbranch.intranet.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FederatedSearchTest {

  @Test
  void aQueryWithinTheLimitIsOnlyTrimmed() {
    assertThat(FederatedSearch.clean("  opening hours \n")).isEqualTo("opening hours");
    assertThat(FederatedSearch.clean(null)).isEmpty();
  }

  @Test
  void aLongerQueryIsCutAfterItsLastWholeWordNotInsideOne() {
    String query = "libary ".repeat(60) + "hourz ".repeat(20);

    String cleaned = FederatedSearch.clean(query);

    assertThat(cleaned.length()).isLessThanOrEqualTo(FederatedSearch.LONGEST_QUERY);
    assertThat(cleaned).endsWith(" hourz").doesNotEndWith(" ho");
    assertThat(cleaned.split(" ")).allMatch(word -> word.equals("libary") || word.equals("hourz"));
  }

  @Test
  void oneWordLongerThanTheLimitIsCutButNeverBetweenTheHalvesOfAnEmoji() {
    String query = "a".repeat(FederatedSearch.LONGEST_QUERY - 1) + "📚📚";

    String cleaned = FederatedSearch.clean(query);

    assertThat(cleaned).hasSize(FederatedSearch.LONGEST_QUERY - 1);
    assertThat(FederatedSearch.clean("x".repeat(600))).hasSize(FederatedSearch.LONGEST_QUERY);
  }
}
