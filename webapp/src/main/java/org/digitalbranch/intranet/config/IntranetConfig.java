package org.digitalbranch.intranet.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The intranet's settings, read and validated once at start.
 *
 * @param port the HTTP port; 0 picks a free one (tests)
 * @param bind the address to listen on
 * @param dataDir where the intranet and its plugins keep their data; {@code plugins/} in it holds
 *     drop-in plugin JARs
 * @param users who may sign in
 * @param pluginSettings each plugin's settings object, by plugin key, {@code ${env:NAME}} resolved
 * @param demo true for the no-configuration demo, which binds to loopback only
 * @param classpathPlugins whether plugins on the host's own class path are loaded (production
 *     always; tests that want only their own plugin turn it off)
 */
public record IntranetConfig(
    int port,
    String bind,
    Path dataDir,
    List<ConfiguredUser> users,
    Map<String, JsonNode> pluginSettings,
    boolean demo,
    boolean classpathPlugins) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public IntranetConfig {
    users = List.copyOf(users);
    pluginSettings = Map.copyOf(pluginSettings);
  }

  /** The demo: the demo users, no plugin settings, loopback only. */
  public static IntranetConfig demo(Path dataDir) {
    return new IntranetConfig(
        DEFAULT_PORT, DEFAULT_BIND, dataDir, DemoUsers.all(), Map.of(), true, true);
  }

  public IntranetConfig withPort(int port) {
    return new IntranetConfig(port, bind, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withBind(String bind) {
    return new IntranetConfig(port, bind, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withDataDir(Path dataDir) {
    return new IntranetConfig(port, bind, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withoutClasspathPlugins() {
    return new IntranetConfig(port, bind, dataDir, users, pluginSettings, demo, false);
  }
}
