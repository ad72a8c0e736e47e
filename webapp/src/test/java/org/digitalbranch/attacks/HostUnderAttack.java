package org.digitalbranch.attacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.intranet.IntranetServer;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The real host, wired as production wires it, on a free loopback port: what the input, webhook and
 * secrets attacks are aimed at. Besides ordinary clients ({@link Attacker}) it sends raw bytes over
 * a socket, for requests the JDK client refuses to build (invalid UTF-8 in a header or the query
 * string).
 */
final class HostUnderAttack implements AutoCloseable {

  /** A raw answer: the status line's code, the header block and the body as text. */
  record RawResponse(int status, String headers, String body) {}

  /**
   * What became of a body sent a byte at a time: how many bytes went before the server answered or
   * closed the connection, and what it answered (empty when it closed without a word).
   */
  record Trickle(int bytesSent, boolean cutOff, String answer) {}

  private final Server server;
  private final URI base;

  private HostUnderAttack(Server server) {
    this.server = server;
    this.base =
        URI.create(
            "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  static HostUnderAttack start(IntranetConfig config) throws Exception {
    Server server = IntranetServer.newServer(config.withPort(0));
    server.start();
    return new HostUnderAttack(server);
  }

  URI base() {
    return base;
  }

  /** A client with its own cookie jar, signed in as {@code name}. */
  Attacker signedIn(String name, String password) throws Exception {
    Attacker attacker = new Attacker(base);
    attacker.signIn(name, password);
    return attacker;
  }

  /** The running plugin with {@code key}, as the host started it. */
  IntranetPlugin plugin(String key) {
    return server.getBean(PluginRuntime.class).running().stream()
        .filter(running -> running.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no running plugin " + key))
        .plugin();
  }

  /**
   * Sends {@code head} (request line and headers, CRLF separated, without the blank line) and
   * {@code body} on a connection of its own, and reads the answer until the server closes it.
   */
  RawResponse raw(byte[] head, byte[] body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head);
    request.writeBytes(
        ("\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return exchange(request.toByteArray());
  }

  /**
   * As {@link #raw}, but the body goes chunked, in chunks of {@code chunkBytes}, with no length
   * declared: the server learns its size only by reading it.
   */
  RawResponse rawChunked(byte[] head, byte[] body, int chunkBytes) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head);
    request.writeBytes(
        "\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    for (int at = 0; at < body.length; at += chunkBytes) {
      int length = Math.min(chunkBytes, body.length - at);
      request.writeBytes(
          (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.write(body, at, length);
      request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return exchange(request.toByteArray());
  }

  /** Sends {@code request} on a connection of its own and reads until the server closes it. */
  private RawResponse exchange(byte[] request) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      // One write, so the whole request is there when the server parses it: it may answer a bad
      // request line at once and close, and data it has not read would make it reset.
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        socket.getInputStream().transferTo(answer);
      } catch (IOException closedEarly) {
        // Whatever the server answered before closing is still the answer.
      }
      String text = answer.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String headers = end < 0 ? text : text.substring(0, end);
      String rest = end < 0 ? "" : text.substring(end + 4);
      if (headers.isEmpty()) {
        throw new IOException("the server closed the connection without an answer");
      }
      return new RawResponse(Integer.parseInt(headers.substring(9, 12)), headers, rest);
    }
  }

  /**
   * Sends {@code head} (request line and headers, CRLF separated, without the blank line) declaring
   * a body of {@code declaredLength} bytes, then the body one byte per {@code pause}, at most
   * {@code maxBytes} of it, stopping as soon as the server answers or closes the connection. The
   * pause is a wait for the server's answer, so an answer is seen as soon as it comes.
   */
  Trickle trickle(String head, int declaredLength, Duration pause, int maxBytes)
      throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      return trickleOn(socket, head, declaredLength, pause, maxBytes);
    }
  }

  /**
   * Sends {@code head} declaring a body of {@code declaredLength} bytes, but none of the body, and
   * returns the first line the server answers: as a client sending {@code Expect: 100-continue}
   * waits to be asked for the body.
   */
  String firstLineAnsweringHead(String head, int declaredLength) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(headWithLength(head, declaredLength));
      out.flush();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
        line.write(b);
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }

  /**
   * Starts {@link #trickle} on a thread of its own, with no end but {@link
   * BackgroundTrickle#close()} or the server's: a stranger who means to keep sending.
   */
  BackgroundTrickle trickleInBackground(String head, int declaredLength, Duration pause)
      throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    trickleOn(socket, head, declaredLength, pause, declaredLength);
                  } catch (IOException closed) {
                    // Closed by the test or by the server: either way this stranger is done.
                  }
                });
    return new BackgroundTrickle(socket, sender, headWithLength(head, declaredLength).length);
  }

  /**
   * A trickle running in the background on {@code socket}, sent by {@code sender} after a head of
   * {@code headLength} bytes; closing it closes its connection.
   */
  record BackgroundTrickle(Socket socket, Thread sender, int headLength) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      socket.close();
      sender.join();
    }
  }

  /**
   * How many bytes of {@code trickle}'s body the server has read so far: after the request's head
   * it reads only when something asks for the body, so this rising shows the body being taken.
   */
  long bodyBytesReadFrom(BackgroundTrickle trickle) {
    int clientPort = trickle.socket().getLocalPort();
    return server.getConnectors()[0].getConnectedEndPoints().stream()
        .filter(
            endPoint ->
                endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote
                    && remote.getPort() == clientPort)
        .mapToLong(endPoint -> endPoint.getConnection().getBytesIn() - trickle.headLength())
        .findFirst()
        .orElse(0);
  }

  /** How many connections the server has accepted and not yet closed. */
  int openConnections() {
    return server.getConnectors()[0].getConnectedEndPoints().size();
  }

  /** Threads of the server's pool that are not idle (its acceptor and selector included). */
  int busyServerThreads() {
    return ((QueuedThreadPool) server.getThreadPool()).getBusyThreads();
  }

  private static Trickle trickleOn(
      Socket socket, String head, int declaredLength, Duration pause, int maxBytes)
      throws IOException {
    socket.setSoTimeout((int) pause.toMillis());
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(headWithLength(head, declaredLength));
    out.flush();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    int sent = 0;
    boolean cutOff = false;
    while (sent < maxBytes && !cutOff) {
      try {
        out.write('a');
        out.flush();
        sent++;
        int first = in.read();
        cutOff = true;
        if (first >= 0) {
          answer.write(first);
          socket.setSoTimeout(30_000);
          in.transferTo(answer);
        }
      } catch (SocketTimeoutException stillWaiting) {
        // The server is still reading: send the next byte.
      } catch (IOException closed) {
        cutOff = true;
      }
    }
    return new Trickle(sent, cutOff, answer.toString(StandardCharsets.UTF_8));
  }

  private static byte[] headWithLength(String head, int declaredLength) {
    return (head + "\r\nHost: 127.0.0.1\r\nContent-Length: " + declaredLength + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Polls {@code condition} every 10 ms, for 20 s at most (a slow machine, not a timed claim). */
  static void awaitUntil(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
