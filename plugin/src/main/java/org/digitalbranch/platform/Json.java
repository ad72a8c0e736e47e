package org.digitalbranch.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

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

  /** The text at a JSON pointer such as {@code /data/id}, or empty when absent or blank. */
  public static String text(JsonNode node, String pointer) {
    JsonNode value = node.at(pointer);
    return value.isValueNode() ? value.asText("") : "";
  }
}
