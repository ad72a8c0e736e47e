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
}
