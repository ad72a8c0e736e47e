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

  URI base() {
    return base;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
