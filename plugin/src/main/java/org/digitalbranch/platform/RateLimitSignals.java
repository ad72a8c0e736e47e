package org.digitalbranch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads the different ways platforms say "wait until": Mastodon's ISO-8601 {@code
 * X-RateLimit-Reset}, Bluesky's and X's epoch seconds, HTTP's {@code Retry-After}, and the Graph
 * API's {@code X-Business-Use-Case-Usage} minutes. Unreadable values count as absent.
 */
public final class RateLimitSignals {

  private RateLimitSignals() {}

  /** An ISO-8601 instant such as {@code 2026-11-26T23:20:00.516127Z}. */
  public static Optional<Instant> isoInstant(Optional<String> header) {
    return header.flatMap(
        value -> {
          try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
          } catch (DateTimeException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * Unix epoch seconds, as Bluesky's {@code RateLimit-Reset} and X's {@code x-rate-limit-reset}.
   */
  public static Optional<Instant> epochSeconds(Optional<String> header) {
    return header.flatMap(
        value -> {
          try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
          } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
          }
        });
  }

  /** {@code Retry-After}: delay seconds or an HTTP date. */
  public static Optional<Instant> retryAfter(Optional<String> header, Clock clock) {
    return header.flatMap(
        value -> {
          String trimmed = value.trim();
          try {
            return Optional.of(clock.instant().plusSeconds(Long.parseLong(trimmed)));
          } catch (NumberFormatException e) {
            try {
              return Optional.of(
                  ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeException notADate) {
              return Optional.empty();
            }
          }
        });
  }

  /**
   * The longest {@code estimated_time_to_regain_access} (minutes) in a Graph API {@code
   * X-Business-Use-Case-Usage} header: {@code {"<id>":[{"type":"pages",...,
   * "estimated_time_to_regain_access":5}]}}. Empty when absent or zero.
   */
  public static Optional<Duration> graphRegainAccess(Optional<String> header) {
    return header.flatMap(
        value -> {
          try {
            JsonNode usage = Json.MAPPER.readTree(value);
            long minutes = 0;
            for (JsonNode entries : usage) {
              for (JsonNode entry : entries) {
                minutes =
                    Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
              }
            }
            return minutes > 0 ? Optional.of(Duration.ofMinutes(minutes)) : Optional.empty();
          } catch (IOException e) {
            return Optional.empty();
          }
        });
  }
}
