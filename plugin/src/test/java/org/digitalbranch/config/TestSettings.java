package org.digitalbranch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.digitalbranch.descriptor.spi.PluginSettings;

/** The plugin's declared defaults (from its own descriptor file) with some values replaced. */
final class TestSettings implements PluginSettings {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode values;

  private TestSettings(ObjectNode values) {
    this.values = values;
  }

  /**
   * @param overrides a JSON object in single quotes, for example {@code {'pollSeconds': 5}}
   */
  static TestSettings defaultsWith(String overrides) {
    ObjectNode values = JSON.createObjectNode();
    try (InputStream in =
        TestSettings.class.getClassLoader().getResourceAsStream("META-INF/intranet-plugin.json")) {
      for (JsonNode setting : JSON.readTree(in).get("settings")) {
        values.set(setting.get("key").textValue(), setting.get("default"));
      }
      values.setAll((ObjectNode) JSON.readTree(overrides.replace('\'', '"')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestSettings(values);
  }

  @Override
  public JsonNode get(String key) {
    return values.get(key).deepCopy();
  }

  @Override
  public Set<String> keys() {
    return Set.copyOf(values.properties().stream().map(e -> e.getKey()).toList());
  }

  @Override
  public boolean isSecret(String key) {
    return false;
  }

  @Override
  public String pathOf(String key) {
    return "plugins.org.digitalbranch." + key;
  }
}
