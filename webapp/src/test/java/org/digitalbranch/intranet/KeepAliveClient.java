package org.digitalbranch.intranet;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection, written and read on the caller's thread, carrying a signed-in
 * browser's session cookie: what a browser tab's requests to the intranet look like on the wire
 * (one kept-alive connection, the cookie, GET), without the JDK HttpClient's own threads. That
 * client hands every response from its selector thread to an executor thread and from there to the
 * caller: two thread wake-ups per request that belong to the client, not to the server being
 * measured, and on a busy two-core machine each costs a scheduling delay of the order of the search
 * itself.
 *
 * <p>For benchmarks only: GET, {@code Content-Length} or chunked bodies, reconnects after {@code
 * Connection: close}.
 */
final class KeepAliveClient implements AutoCloseable {

  /** A response's status and its body decoded as UTF-8. */
  record Answer(int status, String body) {}

  private final URI base;
  private final String cookie;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /**
   * @param base {@code http://host:port}, as {@link Browser#base()}
   * @param sessionId the signed-in browser's {@code JSESSIONID}
   */
  KeepAliveClient(URI base, String sessionId) {
    this.base = base;
    this.cookie = "JSESSIONID=" + sessionId;
  }

  Answer get(String path) throws IOException {
    if (socket == null) {
      connect();
    }
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nAccept: application/json\r\nCookie: "
            + cookie
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = parts[0].equals("HTTP/1.0");
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
    } else {
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
    }
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  private void connect() throws IOException {
    socket = new Socket();
    // As browsers do: a request goes out at once rather than waiting on Nagle's algorithm.
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int extension = size.indexOf(';');
      int n = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers: none expected, skipped
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        close();
        throw new IOException("the server closed the connection mid-response");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      Socket closing = socket;
      socket = null;
      closing.close();
    }
  }
}
