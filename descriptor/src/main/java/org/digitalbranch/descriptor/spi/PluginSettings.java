package org.digitalbranch.descriptor.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A plugin's settings as a read-only JSON object. Every key the descriptor declares is present
 * (given or defaulted); no other key is. Values already have the declared JSON type.
 */
public interface PluginSettings {

  /** The value of a declared setting; a JSON null when it has no value and no default. */
  JsonNode get(String key);

  /** The keys the plugin declared. */
  Set<String> keys();

  /** True for settings the descriptor marks secret: never log, render or return them. */
  boolean isSecret(String key);

  /** The configuration path of a key, for error messages: {@code plugins.<plugin key>.<key>}. */
  String pathOf(String key);
}
