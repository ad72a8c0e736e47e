package org.digitalbranch.queue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Optional;

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

  /**
   * What a person should be told of {@code local} as a publish time, when the clocks change around
   * it: a time in the spring-forward gap does not exist and goes out later; one in the autumn
   * overlap happens twice and goes out at the first. Empty for any other time.
   */
  public Optional<String> adjustment(LocalDateTime local) {
    if (local == null) {
      return Optional.empty();
    }
    ZoneOffsetTransition change = zone.getRules().getTransition(local);
    if (change == null) {
      return Optional.empty();
    }
    ZonedDateTime goesOut = ZonedDateTime.of(local, zone);
    String day = local.toLocalDate().format(DAY);
    if (change.isGap()) {
      return Optional.of(
          local.toLocalTime().format(TIME)
              + " on "
              + day
              + " does not exist in "
              + zone.getId()
              + ": the clocks go forward from "
              + change.getDateTimeBefore().toLocalTime().format(TIME)
              + " to "
              + change.getDateTimeAfter().toLocalTime().format(TIME)
              + ", so the post goes out at "
              + goesOut.toLocalTime().format(TIME)
              + ".");
    }
    return Optional.of(
        local.toLocalTime().format(TIME)
            + " on "
            + day
            + " happens twice in "
            + zone.getId()
            + ", as the clocks go back: the post goes out at the first, "
            + goesOut.format(TIME_AND_ZONE)
            + ".");
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.US);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.US);
  private static final DateTimeFormatter TIME_AND_ZONE =
      DateTimeFormatter.ofPattern("HH:mm zzz", Locale.US);

  public LocalDateTime toLocal(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
  }

  public ZoneId zone() {
    return zone;
  }
}
