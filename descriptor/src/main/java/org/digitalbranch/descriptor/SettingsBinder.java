package org.digitalbranch.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.digitalbranch.descriptor.PluginDescriptor.Setting;
import org.digitalbranch.descriptor.spi.PluginSettings;

/**
 * Checks the object a plugin's settings sit in ({@code plugins.<key>} in the intranet's
 * configuration) against the settings its descriptor declares, and fills in defaults.
 *
 * <p>Only the top-level type of each value is checked; what an array or object must contain is the
 * plugin's own business. A value given as JSON {@code null} counts as not given. Messages name the
 * full configuration path and never contain the value of a secret setting.
 */
public final class SettingsBinder {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The bound settings when there are no problems, else the problems in document order; and in
   * either case {@code wellTyped}, the settings with every value that had a problem left at its
   * default (null only when the whole object was not one), for a plugin to look for its own
   * problems in beside the binder's (see {@link
   * org.digitalbranch.descriptor.spi.IntranetPlugin#settingsProblems}).
   */
  public record Result(PluginSettings settings, List<String> problems, PluginSettings wellTyped) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private SettingsBinder() {}

  /**
   * @param descriptor the plugin whose declared settings apply
   * @param config the value at {@code plugins.<key>}, or null (or a JSON null) when absent
   */
  public static Result bind(PluginDescriptor descriptor, JsonNode config) {
    String base = "plugins." + descriptor.key();
    Map<String, Setting> declared = new LinkedHashMap<>();
    descriptor.settings().forEach(setting -> declared.put(setting.key(), setting));

    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (config != null && !config.isNull() && !config.isMissingNode()) {
      if (!config.isObject()) {
        return new Result(
            null, List.of(base + ": expected an object, got " + Values.kind(config)), null);
      }
      config
          .properties()
          .forEach(
              property -> {
                String path = Values.child(base, property.getKey());
                Setting setting = declared.get(property.getKey());
                JsonNode value = property.getValue();
                if (setting == null) {
                  problems.add(
                      path + ": unknown setting (known: " + knownKeys(declared.keySet()) + ")");
                } else if (!value.isNull() && !SettingTypes.matches(setting.type(), value)) {
                  // A secret's value must not reach a log, even when it is the wrong type.
                  String got = setting.secret() ? Values.kind(value) : Values.describe(value);
                  problems.add(
                      path + ": expected " + SettingTypes.article(setting.type()) + ", got " + got);
                } else if (!value.isNull()) {
                  values.put(setting.key(), value.deepCopy());
                }
              });
    }
    Map<String, JsonNode> bound = new LinkedHashMap<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (Setting setting : declared.values()) {
      JsonNode value = values.get(setting.key());
      bound.put(setting.key(), value != null ? value : defaultOf(setting));
      if (setting.secret()) {
        secrets.add(setting.key());
      }
    }
    BoundSettings settings = new BoundSettings(base, bound, secrets);
    return new Result(problems.isEmpty() ? settings : null, problems, settings);
  }

  private static String knownKeys(Set<String> keys) {
    return keys.isEmpty() ? "none" : String.join(", ", keys);
  }

  private static JsonNode defaultOf(Setting setting) {
    Object given = setting.defaultValue();
    if (given == null) {
      return NullNode.getInstance();
    }
    // The reader stores JSON nodes; a descriptor built by hand may hold plain Java values.
    return given instanceof JsonNode node ? node.deepCopy() : JSON.valueToTree(given);
  }

  /** Immutable: every read hands out a copy, so no caller can change what another sees. */
  private static final class BoundSettings implements PluginSettings {
    private final String base;
    private final Map<String, JsonNode> values;
    private final Set<String> secrets;

    BoundSettings(String base, Map<String, JsonNode> values, Set<String> secrets) {
      this.base = base;
      this.values = values;
      this.secrets = secrets;
    }

    @Override
    public JsonNode get(String key) {
      return declared(key).deepCopy();
    }

    @Override
    public Set<String> keys() {
      return Collections.unmodifiableSet(values.keySet());
    }

    @Override
    public boolean isSecret(String key) {
      declared(key);
      return secrets.contains(key);
    }

    @Override
    public String pathOf(String key) {
      declared(key);
      return Values.child(base, key);
    }

    private JsonNode declared(String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException(
            Values.child(base, key)
                + " is not a declared setting (known: "
                + knownKeys(keys())
                + ")");
      }
      return value;
    }

    /** Shows every setting but the secrets, so logging the settings object is safe. */
    @Override
    public String toString() {
      return values.entrySet().stream()
          .map(
              entry ->
                  entry.getKey()
                      + "="
                      + (secrets.contains(entry.getKey()) ? "(secret)" : entry.getValue()))
          .collect(Collectors.joining(", ", base + "{", "}"));
    }
  }
}
