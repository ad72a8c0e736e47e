package org.digitalbranch.intranet;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * GET requests carrying a signed-in browser's session cookie over the JDK's blocking {@link
 * HttpURLConnection}, which keeps connections alive between requests (as a browser tab does) and
 * reads each answer on the caller's thread. The JDK's {@code java.net.http.HttpClient} hands every
 * answer from its selector thread to an executor thread and from there to the caller: two thread
 * wake-ups per request that belong to the client, not to the server being measured, and on a busy
 * two-core machine each costs a scheduling delay of the order of a rare-word search itself.
 *
 * <p>For benchmarks only. Reading each body to its end and closing the stream hands the connection
 * back to the JDK's keep-alive cache for the next request.
 */
final class KeepAliveClient implements AutoCloseable {

  static {
    // The JDK keeps at most 5 idle connections per server unless told otherwise (read once, when
    // its keep-alive cache is first used): with 16 clients the rest would reconnect every time.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
  }

  /** A response's status and its body decoded as UTF-8. */
  record Answer(int status, String body) {}

  private final URI base;
  private final String cookie;

  /**
   * @param base {@code http://host:port}, as {@link Browser#base()}
   * @param sessionId the signed-in browser's {@code JSESSIONID}
   */
  KeepAliveClient(URI base, String sessionId) {
    this.base = base;
    this.cookie = "JSESSIONID=" + sessionId;
  }

  Answer get(String path) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setRequestProperty("Accept", "application/json");
    connection.setRequestProperty("Cookie", cookie);
    int status = connection.getResponseCode();
    InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    if (body == null) {
      return new Answer(status, "");
    }
    try (body) {
      return new Answer(status, new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Nothing to release: idle connections belong to the JDK's keep-alive cache. */
  @Override
  public void close() {}
}
