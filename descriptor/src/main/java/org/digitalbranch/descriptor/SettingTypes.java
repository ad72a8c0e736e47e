package org.digitalbranch.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.digitalbranch.descriptor.PluginDescriptor.SettingType;

/** How the descriptor spells setting types, and which JSON values each accepts. */
final class SettingTypes {

  /** The names a descriptor may use, for messages. */
  static final String NAMES =
      Arrays.stream(SettingType.values()).map(SettingTypes::name).collect(Collectors.joining(", "));

  private SettingTypes() {}

  static String name(SettingType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /** The type a descriptor names, or null when the node is not one of the names. */
  static SettingType parse(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    for (SettingType type : SettingType.values()) {
      if (name(type).equals(node.textValue())) {
        return type;
      }
    }
    return null;
  }

  static boolean matches(SettingType type, JsonNode value) {
    return switch (type) {
      case STRING -> value.isTextual();
      case INTEGER -> value.isIntegralNumber();
      case NUMBER -> value.isNumber();
      case BOOLEAN -> value.isBoolean();
      case ARRAY -> value.isArray();
      case OBJECT -> value.isObject();
    };
  }

  /** "an integer", "a string": the type as a message names it after "expected". */
  static String article(SettingType type) {
    return switch (type) {
      case INTEGER, ARRAY, OBJECT -> "an " + name(type);
      default -> "a " + name(type);
    };
  }
}
