package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveClientTest {

  /** A loopback server answering each request with the next scripted response. */
  private final LinkedBlockingQueue<String> script = new LinkedBlockingQueue<>();

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private ServerSocket server;

  private URI start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      Socket socket = server.accept();
                      connections.incrementAndGet();
                      threads.add(Thread.ofVirtual().start(() -> serve(socket)));
                    }
                  } catch (IOException closed) {
                    // the test is over
                  }
                });
    threads.add(acceptor);
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      while (true) {
        StringBuilder request = new StringBuilder();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          request.append(line).append('\n');
        }
        if (request.isEmpty()) {
          return;
        }
        requests.add(request.toString());
        String response = script.take();
        out.write(response.getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (response.contains("Connection: close")) {
          return;
        }
      }
    } catch (IOException | InterruptedException gone) {
      // the client or the test closed the connection
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    for (Thread thread : threads) {
      thread.interrupt();
    }
  }

  @Test
  void sendsTheSessionCookieAndKeepsOneConnectionForManyRequests() throws Exception {
    URI base = start();
    script.add("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
    script.add("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
    try (KeepAliveClient client = new KeepAliveClient(base, "abc123")) {
      assertThat(client.get("/digital-branch/api/archive/search?q=card"))
          .isEqualTo(new KeepAliveClient.Answer(200, "{\"a\":1}"));
      assertThat(client.get("/missing")).isEqualTo(new KeepAliveClient.Answer(404, "nope"));
    }
    assertThat(connections).hasValue(1);
    assertThat(requests.get(0))
        .startsWith("GET /digital-branch/api/archive/search?q=card HTTP/1.1\n")
        .contains("Cookie: JSESSIONID=abc123\n");
    assertThat(requests.get(1)).startsWith("GET /missing HTTP/1.1\n");
  }

  @Test
  void readsAChunkedBodyAsUtf8() throws Exception {
    URI base = start();
    byte[] first = "{\"q\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] second = "café\"}".getBytes(StandardCharsets.UTF_8);
    script.add(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(first.length)
            + "\r\n{\"q\":\"\r\n"
            + Integer.toHexString(second.length)
            + "\r\ncafé\"}\r\n0\r\n\r\n");
    try (KeepAliveClient client = new KeepAliveClient(base, "s")) {
      assertThat(client.get("/x")).isEqualTo(new KeepAliveClient.Answer(200, "{\"q\":\"café\"}"));
    }
  }

  @Test
  void opensANewConnectionAfterTheServerSaidClose() throws Exception {
    URI base = start();
    script.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    script.add("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain");
    try (KeepAliveClient client = new KeepAliveClient(base, "s")) {
      assertThat(client.get("/one").body()).isEqualTo("ok");
      assertThat(client.get("/two").body()).isEqualTo("again");
    }
    assertThat(connections).hasValue(2);
  }
}
