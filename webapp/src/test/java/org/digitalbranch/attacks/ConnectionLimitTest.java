package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.digitalbranch.intranet.IntranetServer;
import org.digitalbranch.intranet.config.ConfigException;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger cannot exhaust the host by opening connections and leaving them idle: at the
 * configured limit the host stops accepting, so a further client waits (in the system's backlog)
 * while the connections already open are still served, and it is taken as soon as one closes.
 */
class ConnectionLimitTest {

  private static final int LIMIT = 5;

  /**
   * How long the further client must go unanswered: long beside the few milliseconds a warmed host
   * takes to answer a sign-in page, short beside the 30 s after which the host closes an idle
   * connection (which would let it in).
   */
  private static final Duration UNANSWERED = Duration.ofSeconds(2);

  private static final String SIGN_IN_PAGE =
      "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

  @TempDir static Path data;
  static HostUnderAttack host;

  @BeforeAll
  static void start() throws Exception {
    host =
        HostUnderAttack.start(
            ConfiguredIntranet.with(data, "[]", Map.of()).withMaxConnections(LIMIT));
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  @Test
  void atTheLimitOpenConnectionsAreServedAndAFurtherClientWaitsUntilOneCloses() throws Exception {
    // A first page, so a further client would be answered at once if nothing held it back.
    assertThat(answerTo(new Socket(host.base().getHost(), host.base().getPort())))
        .startsWith("HTTP/1.1 200");
    HostUnderAttack.awaitUntil(
        "the first page's connection closed", () -> host.openConnections() == 0);

    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < LIMIT; i++) {
        idle.add(new Socket(host.base().getHost(), host.base().getPort()));
      }
      HostUnderAttack.awaitUntil(
          "the host holding every idle connection", () -> host.openConnections() == LIMIT);

      try (Socket further = new Socket(host.base().getHost(), host.base().getPort())) {
        further.getOutputStream().write(SIGN_IN_PAGE.getBytes(StandardCharsets.US_ASCII));
        further.setSoTimeout((int) UNANSWERED.toMillis());
        InputStream fromHost = further.getInputStream();
        assertThatThrownBy(fromHost::read)
            .as("the further client answered while %d connections are open", LIMIT)
            .isInstanceOf(SocketTimeoutException.class);

        // An open connection is still served; its Connection: close then frees a place.
        assertThat(answerTo(idle.removeFirst())).startsWith("HTTP/1.1 200");

        further.setSoTimeout(30_000);
        assertThat(new String(fromHost.readAllBytes(), StandardCharsets.US_ASCII))
            .startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  @Test
  void aHandBuiltConfigurationWithoutARealLimitIsRefusedAtStartNamingTheKey() {
    for (int limit : new int[] {0, -1, IntranetConfig.LARGEST_MAX_CONNECTIONS + 1}) {
      assertThatThrownBy(
              () -> IntranetServer.newServer(IntranetConfig.demo(data).withMaxConnections(limit)))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e ->
                  assertThat(e.problems())
                      .containsExactly(
                          "server.maxConnections: expected a whole number from 1 to 65536 (the"
                              + " default is 1000), got "
                              + limit));
    }
  }

  /** Sends the sign-in page's request on {@code socket} and reads until the host closes it. */
  private static String answerTo(Socket socket) throws IOException {
    try (socket) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(SIGN_IN_PAGE.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
