package org.digitalbranch.platform;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The connectors' one JSON mapper and a few helpers for reading platform answers. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pointers compiled once: the readers ask the same dozen paths of every item, and compiling one
   * cost more than reading it (the archive benchmark's ingest). Bounded by the paths in the code.
   */
  private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();

  /** The text at a JSON pointer such as {@code /data/id}, or empty when absent or blank. */
  public static String text(JsonNode node, String pointer) {
    JsonNode value = node.at(POINTERS.computeIfAbsent(pointer, JsonPointer::compile));
    return value.isValueNode() ? value.asText("") : "";
  }

  /**
   * The ISO-8601 date-time with an offset at a JSON pointer ({@code 2026-11-26T11:58:00.000Z}, as
   * Mastodon, Bluesky and X write them), or empty when absent, null or not such a date-time. An
   * absent value is answered without attempting a parse: most statuses have no {@code edited_at},
   * and a failed parse costs an exception.
   */
  public static Optional<Instant> instant(JsonNode node, String pointer) {
    String value = text(node, pointer);
    if (value.isBlank()) {
      return Optional.empty();
    }
    Instant common = commonInstant(value);
    if (common != null) {
      return Optional.of(common);
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The shape every platform here writes, {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of up
   * to nine digits, then {@code Z} or {@code +hh:mm}, read by hand; null for anything else, which
   * {@link OffsetDateTime#parse} then reads (or refuses). The formatter took a twentieth of the
   * archive ingest's parsing (docs/benchmarks.md, sixteenth session); JsonTest checks the two
   * agree.
   */
  static Instant commonInstant(String value) {
    int length = value.length();
    if (length < 20
        || value.charAt(4) != '-'
        || value.charAt(7) != '-'
        || value.charAt(10) != 'T'
        || value.charAt(13) != ':'
        || value.charAt(16) != ':') {
      return null;
    }
    int year = digits(value, 0, 4);
    int month = digits(value, 5, 2);
    int day = digits(value, 8, 2);
    int hour = digits(value, 11, 2);
    int minute = digits(value, 14, 2);
    int second = digits(value, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (value.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(value.charAt(at))) {
        nanos = nanos * 10 + (value.charAt(at++) - '0');
      }
      if (at == start) {
        return null;
      }
      for (int scale = at - start; scale < 9; scale++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (at == length - 1 && value.charAt(at) == 'Z') {
      offsetSeconds = 0;
    } else if (at == length - 6
        && (value.charAt(at) == '+' || value.charAt(at) == '-')
        && value.charAt(at + 3) == ':') {
      int hours = digits(value, at + 1, 2);
      int minutes = digits(value, at + 4, 2);
      if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
        return null;
      }
      offsetSeconds = (value.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (DateTimeException e) {
      return null; // the 30th of February and the like: the formatter's answer stands
    }
  }

  /** The decimal number in {@code count} characters from {@code from}, or -1 if one is no digit. */
  private static int digits(String value, int from, int count) {
    int number = 0;
    for (int i = from; i < from + count; i++) {
      char c = value.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
