package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PublishTimesTest {
  private final PublishTimes chicago = new PublishTimes(ZoneId.of("America/Chicago"));

  @Test
  void nineInTheMorningIsNineLocalOnEitherSideOfSpringForward() {
    assertThat(chicago.toInstant(LocalDateTime.parse("2026-03-07T09:00")))
        .isEqualTo(Instant.parse("2026-03-07T15:00:00Z")); // CST, UTC-6
    assertThat(chicago.toInstant(LocalDateTime.parse("2026-03-09T09:00")))
        .isEqualTo(Instant.parse("2026-03-09T14:00:00Z")); // CDT, UTC-5
  }

  @Test
  void aTimeInTheSpringGapIsShiftedForwardByTheGap() {
    Instant at = chicago.toInstant(LocalDateTime.parse("2026-03-08T02:30"));

    assertThat(at).isEqualTo(Instant.parse("2026-03-08T08:30:00Z"));
    assertThat(chicago.toLocal(at)).isEqualTo(LocalDateTime.parse("2026-03-08T03:30"));
  }

  @Test
  void aTimeThatOccursTwiceInAutumnMeansTheEarlierOne() {
    assertThat(chicago.toInstant(LocalDateTime.parse("2026-11-01T01:30")))
        .isEqualTo(Instant.parse("2026-11-01T06:30:00Z")); // still CDT; the second 1:30 is 07:30Z
  }

  @Test
  void nineInTheMorningAfterFallBackIsNineLocal() {
    assertThat(chicago.toInstant(LocalDateTime.parse("2026-11-02T09:00")))
        .isEqualTo(Instant.parse("2026-11-02T15:00:00Z"));
  }

  @Test
  void noTimeMeansAsSoonAsApproved() {
    assertThat(chicago.toInstant(null)).isNull();
  }

  @Test
  void aSkippedOrDoubledTimeIsExplainedAndAnyOtherIsNot() {
    assertThat(chicago.adjustment(LocalDateTime.parse("2027-03-14T02:30")))
        .contains(
            "02:30 on Sun 14 Mar 2027 does not exist in America/Chicago: the clocks go forward"
                + " from 02:00 to 03:00, so the post goes out at 03:30.");
    assertThat(chicago.adjustment(LocalDateTime.parse("2027-11-07T01:30")))
        .contains(
            "01:30 on Sun 7 Nov 2027 happens twice in America/Chicago, as the clocks go back: the"
                + " post goes out at the first, 01:30 CDT.");
    assertThat(chicago.adjustment(LocalDateTime.parse("2027-03-14T03:30"))).isEmpty();
    assertThat(chicago.adjustment(LocalDateTime.parse("2027-11-07T02:30"))).isEmpty();
    assertThat(chicago.adjustment(null)).isEmpty();
  }
}
