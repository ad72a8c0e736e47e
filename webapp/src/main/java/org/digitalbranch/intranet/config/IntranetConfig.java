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
 * @param behindProxy true when a reverse proxy terminates HTTPS in front of the intranet: its
 *     {@code Forwarded} / {@code X-Forwarded-*} headers are then trusted for the scheme (so the
 *     session cookie is {@code Secure}) and the client address (so sign-in throttling sees people,
 *     not the proxy). Never set it when clients can reach the intranet directly.
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
    boolean behindProxy,
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
        DEFAULT_PORT, DEFAULT_BIND, false, dataDir, DemoUsers.all(), Map.of(), true, true);
  }

  public IntranetConfig withPort(int port) {
    return new IntranetConfig(
        port, bind, behindProxy, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withBind(String bind) {
    return new IntranetConfig(
        port, bind, behindProxy, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withDataDir(Path dataDir) {
    return new IntranetConfig(
        port, bind, behindProxy, dataDir, users, pluginSettings, demo, classpathPlugins);
  }

  public IntranetConfig withoutClasspathPlugins() {
    return new IntranetConfig(port, bind, behindProxy, dataDir, users, pluginSettings, demo, false);
  }
}
