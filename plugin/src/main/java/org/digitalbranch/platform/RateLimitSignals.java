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
import java.util.List;
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

  /** The Graph API's usage figures, each a percentage of a quota used. */
  private static final List<String> GRAPH_USAGE_FIGURES =
      List.of("call_count", "total_cputime", "total_time");

  /**
   * How much of its most used quota the Graph API says the app, Page or account has spent, as a
   * percentage: the largest {@code call_count}, {@code total_cputime} or {@code total_time} in
   * {@code X-App-Usage} and the older {@code X-Page-Usage} ({@code {"call_count":91,...}}) and in
   * every entry of {@code X-Business-Use-Case-Usage} ({@code {"<id>":[{"type":"pages",
   * "call_count":..}]}}). 0 when none is sent (Meta leaves them out near 0 %) or none is readable.
   */
  public static int graphUsagePercent(HttpReply reply) {
    int most = 0;
    for (String name : List.of("X-App-Usage", "X-Page-Usage")) {
      for (JsonNode usage : graphHeader(reply.header(name))) {
        most = Math.max(most, mostUsed(usage));
      }
    }
    for (JsonNode entries : graphHeader(reply.header("X-Business-Use-Case-Usage"))) {
      for (JsonNode entry : entries) {
        for (JsonNode figures : entry) {
          most = Math.max(most, mostUsed(figures));
        }
      }
    }
    return most;
  }

  /** The header's JSON object in a list of one, or an empty list when absent or unreadable. */
  private static List<JsonNode> graphHeader(Optional<String> header) {
    try {
      if (header.isPresent()) {
        JsonNode value = Json.MAPPER.readTree(header.get());
        if (value != null && value.isObject()) {
          return List.of(value);
        }
      }
    } catch (IOException e) {
      // Unreadable counts as absent.
    }
    return List.of();
  }

  private static int mostUsed(JsonNode figures) {
    int most = 0;
    for (String figure : GRAPH_USAGE_FIGURES) {
      JsonNode value = figures.path(figure);
      if (value.isNumber()) {
        most = Math.max(most, Math.min(value.intValue(), 1_000));
      }
    }
    return most;
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
