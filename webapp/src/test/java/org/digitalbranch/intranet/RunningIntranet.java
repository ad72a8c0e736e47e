package org.digitalbranch.intranet;

import java.net.URI;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The intranet as production wires it, started on a free loopback port for one test. */
final class RunningIntranet implements AutoCloseable {

  private final Server server;
  private final URI base;

  private RunningIntranet(Server server) {
    this.server = server;
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static RunningIntranet start(IntranetConfig config) throws Exception {
    Server server = IntranetServer.newServer(config.withPort(0));
    server.start();
    return new RunningIntranet(server);
  }

  /** A new browser with its own cookies. */
  Browser browser() {
    return new Browser(base);
  }

  /** The running plugin with {@code key}, as the host started it. */
  org.digitalbranch.descriptor.spi.IntranetPlugin plugin(String key) {
    return server.getBean(org.digitalbranch.intranet.plugins.PluginRuntime.class).running().stream()
        .filter(running -> running.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no running plugin " + key))
        .plugin();
  }

  URI base() {
    return base;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
