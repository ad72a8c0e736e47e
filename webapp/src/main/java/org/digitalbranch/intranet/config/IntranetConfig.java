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
 * @param maxConnections how many connections may be open at once; at the limit the intranet stops
 *     accepting new ones until one closes, and those already open carry on
 */
public record IntranetConfig(
    int port,
    String bind,
    boolean behindProxy,
    Path dataDir,
    List<ConfiguredUser> users,
    Map<String, JsonNode> pluginSettings,
    boolean demo,
    boolean classpathPlugins,
    int maxConnections) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  /**
   * Every open connection holds memory until it closes or idles out (its buffers, and up to 16 KiB
   * of a form being read before dispatch), so without a limit a stranger opening connections
   * without end, idle or trickling, would exhaust the host. A library intranet has a few hundred
   * staff; a browser keeps one or two connections open per site while a page is in use (six at most
   * while it loads), and the host closes a connection after 30 idle seconds, so even everyone busy
   * at once stays well below a thousand, and a thousand connections cost some tens of megabytes at
   * worst.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

  /**
   * Beyond this the limit no longer protects anything: the process runs out of file descriptors
   * first on a usual system (an open-file limit of 65,536 or less), and so many connections at 16
   * KiB of form each would take a gigabyte and more of memory.
   */
  public static final int LARGEST_MAX_CONNECTIONS = 65_536;

  public IntranetConfig {
    users = List.copyOf(users);
    pluginSettings = Map.copyOf(pluginSettings);
  }

  /**
   * The settings before the connection limit was one, with {@link #DEFAULT_MAX_CONNECTIONS}: kept
   * so that code (and tests) building a configuration by hand need not name every server limit.
   */
  public IntranetConfig(
      int port,
      String bind,
      boolean behindProxy,
      Path dataDir,
      List<ConfiguredUser> users,
      Map<String, JsonNode> pluginSettings,
      boolean demo,
      boolean classpathPlugins) {
    this(
        port,
        bind,
        behindProxy,
        dataDir,
        users,
        pluginSettings,
        demo,
        classpathPlugins,
        DEFAULT_MAX_CONNECTIONS);
  }

  /** Whether {@code maxConnections} is a limit the intranet can run with. */
  public static boolean isValidMaxConnections(int maxConnections) {
    return maxConnections >= 1 && maxConnections <= LARGEST_MAX_CONNECTIONS;
  }

  /**
   * The problem to report for a connection limit that is not valid, written {@code got} in the
   * settings, naming the key as the settings file spells it.
   */
  public static String maxConnectionsProblem(String got) {
    return "server.maxConnections: expected a whole number from 1 to "
        + LARGEST_MAX_CONNECTIONS
        + " (the default is "
        + DEFAULT_MAX_CONNECTIONS
        + "), got "
        + got;
  }

  /** The demo: the demo users, no plugin settings, loopback only. */
  public static IntranetConfig demo(Path dataDir) {
    return new IntranetConfig(
        DEFAULT_PORT, DEFAULT_BIND, false, dataDir, DemoUsers.all(), Map.of(), true, true);
  }

  public IntranetConfig withPort(int port) {
    return new IntranetConfig(
        port,
        bind,
        behindProxy,
        dataDir,
        users,
        pluginSettings,
        demo,
        classpathPlugins,
        maxConnections);
  }

  public IntranetConfig withBind(String bind) {
    return new IntranetConfig(
        port,
        bind,
        behindProxy,
        dataDir,
        users,
        pluginSettings,
        demo,
        classpathPlugins,
        maxConnections);
  }

  public IntranetConfig withDataDir(Path dataDir) {
    return new IntranetConfig(
        port,
        bind,
        behindProxy,
        dataDir,
        users,
        pluginSettings,
        demo,
        classpathPlugins,
        maxConnections);
  }

  public IntranetConfig withoutClasspathPlugins() {
    return new IntranetConfig(
        port, bind, behindProxy, dataDir, users, pluginSettings, demo, false, maxConnections);
  }

  public IntranetConfig withMaxConnections(int maxConnections) {
    return new IntranetConfig(
        port,
        bind,
        behindProxy,
        dataDir,
        users,
        pluginSettings,
        demo,
        classpathPlugins,
        maxConnections);
  }
}
