package org.digitalbranch.platform;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
