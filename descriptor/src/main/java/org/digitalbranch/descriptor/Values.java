package org.digitalbranch.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/** How JSON values and field names appear in problem messages. */
final class Values {

  /** Longer strings are cut so one problem stays one readable line. */
  private static final int MAX_QUOTED = 160;

  private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z0-9_$.-]+");

  private Values() {}

  /**
   * A value as a message shows it after "got": strings quoted and escaped (so control characters
   * cannot forge log lines), numbers and literals as written, containers by kind; a value from the
   * environment by its reference.
   */
  static String describe(JsonNode value) {
    Optional<String> reference = EnvReferences.shown(value);
    if (reference.isPresent()) {
      return reference.get();
    }
    if (value.isTextual()) {
      return quote(value.textValue());
    }
    if (value.isNumber() || value.isBoolean() || value.isNull()) {
      return value.toString();
    }
    return kind(value);
  }

  /** The kind of a value without its content, for values that must not be shown (secrets). */
  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A string as a JSON literal, escaped and shortened. */
  static String quote(String text) {
    String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED - 3) + "..." : text;
    return new TextNode(shown).toString();
  }

  /** Null, an empty string, an empty array and an empty object carry no value. */
  static boolean isEmpty(JsonNode value) {
    return value.isNull()
        || (value.isTextual() && value.textValue().isEmpty())
        || (value.isContainerNode() && value.isEmpty());
  }

  /** A field name as a path segment: plain names as they are, anything else quoted. */
  static String fieldName(String field) {
    return PLAIN_FIELD.matcher(field).matches() ? field : "[" + quote(field) + "]";
  }

  /** A child's path: {@code parent.field}, or {@code parent["odd field"]}. */
  static String child(String path, String field) {
    String name = fieldName(field);
    if (path.isEmpty()) {
      return name;
    }
    return name.startsWith("[") ? path + name : path + "." + name;
  }

  /** True when some supertype of {@code type} has this name (maybe from another class loader). */
  static boolean namesSupertype(Class<?> type, String name) {
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> next = todo.pop();
      if (next.getName().equals(name)) {
        return true;
      }
      if (next.getSuperclass() != null) {
        todo.add(next.getSuperclass());
      }
      todo.addAll(java.util.List.of(next.getInterfaces()));
    }
    return false;
  }
}
