package org.digitalbranch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.digitalbranch.descriptor.EnvReferences;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.PluginDescriptor.Setting;
import org.digitalbranch.descriptor.spi.PluginSettings;

/**
 * Settings given as one JSON object, checked against the descriptor the way the intranet host
 * checks them: declared keys only, declared types, defaults filled in, {@code ${env:NAME}} replaced
 * from the environment. Used where there is no intranet host (a plain servlet container) and in
 * tests.
 */
public final class JsonPluginSettings implements PluginSettings {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private final String pluginKey;
  private final Map<String, JsonNode> values;
  private final Set<String> secrets;

  private JsonPluginSettings(String pluginKey, Map<String, JsonNode> values, Set<String> secrets) {
    this.pluginKey = pluginKey;
    this.values = Collections.unmodifiableMap(values);
    this.secrets = Set.copyOf(secrets);
  }

  /**
   * @param given the plugin's settings object (may be null: all defaults)
   * @param environment looks up {@code ${env:NAME}} references; null when the variable is unset
   * @throws InvalidConfigException naming every unknown key, wrong type or unset variable
   */
  public static JsonPluginSettings of(
      PluginDescriptor descriptor, JsonNode given, UnaryOperator<String> environment)
      throws InvalidConfigException {
    String key = descriptor.key();
    List<String> problems = new ArrayList<>();
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    if (given != null && !given.isNull()) {
      if (given.isObject()) {
        object = (ObjectNode) given;
      } else {
        problems.add("plugins." + key + ": expected an object of settings");
      }
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    Set<String> secrets = new HashSet<>();
    Map<String, Setting> declared = new LinkedHashMap<>();
    descriptor.settings().forEach(s -> declared.put(s.key(), s));
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!declared.containsKey(name)) {
        problems.add(
            "plugins." + key + "." + name + ": unknown setting (known: " + declared.keySet() + ")");
      }
    }
    for (Setting setting : declared.values()) {
      String path = "plugins." + key + "." + setting.key();
      JsonNode value = object.get(setting.key());
      if (value == null) {
        value =
            setting.defaultValue() == null
                ? NullNode.getInstance()
                : JSON.valueToTree(setting.defaultValue());
      } else if (!value.isNull() && !hasType(value, setting.type())) {
        problems.add(path + ": expected " + setting.type().name().toLowerCase() + " value");
        continue;
      }
      values.put(setting.key(), resolve(value, path, environment, problems));
      if (setting.secret()) {
        secrets.add(setting.key());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new JsonPluginSettings(key, values, secrets);
  }

  private static boolean hasType(JsonNode value, PluginDescriptor.SettingType type) {
    return switch (type) {
      case STRING -> value.isTextual();
      case INTEGER -> value.isIntegralNumber();
      case NUMBER -> value.isNumber();
      case BOOLEAN -> value.isBoolean();
      case ARRAY -> value.isArray();
      case OBJECT -> value.isObject();
    };
  }

  /** Replaces {@code ${env:NAME}} in every text, however deeply nested (credentials are). */
  private static JsonNode resolve(
      JsonNode value, String path, UnaryOperator<String> environment, List<String> problems) {
    if (value.isTextual()) {
      Matcher m = ENV.matcher(value.textValue());
      StringBuilder resolved = new StringBuilder();
      while (m.find()) {
        String variable = environment.apply(m.group(1));
        if (variable == null) {
          problems.add(path + ": environment variable " + m.group(1) + " is not set");
          variable = "";
        }
        m.appendReplacement(resolved, Matcher.quoteReplacement(variable));
      }
      m.appendTail(resolved);
      // Remembered as written, so the plugin's checks name a refused value by its reference.
      return resolved.toString().equals(value.textValue())
          ? value
          : new EnvReferences.Referenced(resolved.toString(), value.textValue());
    }
    if (value.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        copy.add(resolve(value.get(i), path + "[" + i + "]", environment, problems));
      }
      return copy;
    }
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      value
          .fields()
          .forEachRemaining(
              e ->
                  copy.set(
                      e.getKey(),
                      resolve(e.getValue(), path + "." + e.getKey(), environment, problems)));
      return copy;
    }
    return value;
  }

  @Override
  public JsonNode get(String key) {
    JsonNode value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("undeclared setting " + key);
    }
    return value.deepCopy();
  }

  @Override
  public Set<String> keys() {
    return values.keySet();
  }

  @Override
  public boolean isSecret(String key) {
    return secrets.contains(key);
  }

  @Override
  public String pathOf(String key) {
    return "plugins." + pluginKey + "." + key;
  }

  @Override
  public String toString() {
    // The values may hold secrets (account credentials): show only which keys are set.
    return "JsonPluginSettings[" + pluginKey + ": " + values.keySet() + "]";
  }
}
