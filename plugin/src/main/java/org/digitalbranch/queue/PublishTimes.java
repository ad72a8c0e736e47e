package org.digitalbranch.queue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Converts the local time an author types into the instant a post goes out, in the library's zone.
 *
 * <p>Daylight saving: a local time in a spring-forward gap (2:30 on the night clocks jump from 2:00
 * to 3:00) does not exist and is shifted forward by the gap's length (3:30 daylight time); a time
 * that occurs twice in the autumn overlap (1:30 when clocks fall back) means the earlier one, in
 * daylight time. A post for 9:00 is at 9:00 local on either side of a change.
 */
public final class PublishTimes {
  private final ZoneId zone;

  public PublishTimes(ZoneId zone) {
    this.zone = zone;
  }

  /** The instant of {@code local} in the library's zone; null stays null (as soon as approved). */
  public Instant toInstant(LocalDateTime local) {
    // ZonedDateTime.of resolves gaps forward and overlaps to the earlier offset: the rule above.
    return local == null ? null : ZonedDateTime.of(local, zone).toInstant();
  }

  public LocalDateTime toLocal(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
  }

  public ZoneId zone() {
    return zone;
  }
}
