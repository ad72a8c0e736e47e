package org.digitalbranch.intranet.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Cuts off a request body that arrives too slowly. Without it a stranger could hold a server thread
 * as long as they liked by trickling a body to the public webhook: every byte resets the idle
 * timeout. A body read through the servlet input (the webhook, a plugin's JSON API) that has not
 * all arrived, and that has arrived at under {@link #MIN_BYTES_PER_SECOND} on average since the
 * servlet first read it, once {@link #GRACE} has passed, fails with 408 and its connection is
 * closed. 256 bytes a second is about a twentieth of the slowest mobile data (GPRS, some 5 KB/s),
 * so a colleague uploading on a poor link, stalls included, stays far above it.
 *
 * <p>This replaces Jetty's own minimum request data rate, which checks before every read, with no
 * grace, whether the body has come at the rate since the first read. A body that had all arrived in
 * the first read still failed when the read that finds its end came late: a 14-byte {@code
 * {"version": 1}} whose second read came 60 ms later, after a garbage collection or on a busy
 * machine, was a colleague's approval answered "Request not accepted". Here a body whose declared
 * length has all been read, or that the container says is finished, is never judged by its pace,
 * and the pace is judged only after the grace, so a pause on the server's side cannot pass for a
 * slow client.
 *
 * <p>Forms parsed by {@code getParameter} are read beneath the servlet input and are not covered
 * here: the host reads those before dispatch, off the threads (IntranetServer).
 */
public final class SlowBodyFilter implements Filter {

  /** The slowest a body may arrive, on average since it was first read. */
  public static final long MIN_BYTES_PER_SECOND = 256;

  /**
   * How long a body may take before its pace counts: a pause of the server's own (a collection, a
   * busy core) between two reads is not the client's doing.
   */
  public static final Duration GRACE = Duration.ofSeconds(2);

  private final LongSupplier nanoTime;

  public SlowBodyFilter() {
    this(System::nanoTime);
  }

  /** With the clock the tests move. */
  SlowBodyFilter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        request instanceof HttpServletRequest http && mayHaveBody(http) ? guarded(http) : request,
        response);
  }

  /** A request declaring no body (nearly every GET) has nothing to pace: no wrapper for it. */
  private static boolean mayHaveBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  HttpServletRequest guarded(HttpServletRequest request) {
    return new HttpServletRequestWrapper(request) {
      private ServletInputStream stream;
      private BufferedReader reader;

      @Override
      public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
          throw new IllegalStateException("getReader() was already called");
        }
        if (stream == null) {
          stream = new PacedStream(super.getInputStream(), getContentLengthLong(), nanoTime);
        }
        return stream;
      }

      @Override
      public BufferedReader getReader() throws IOException {
        if (reader == null) {
          if (stream != null) {
            throw new IllegalStateException("getInputStream() was already called");
          }
          String encoding = getCharacterEncoding();
          Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
          reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
      }
    };
  }

  /** The container's input, judged on its pace before each read that may wait for the client. */
  static final class PacedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long declaredLength;
    private final LongSupplier nanoTime;
    private long firstRead = Long.MIN_VALUE;
    private long arrived;

    PacedStream(ServletInputStream in, long declaredLength, LongSupplier nanoTime) {
      this.in = in;
      this.declaredLength = declaredLength;
      this.nanoTime = nanoTime;
    }

    @Override
    public int read() throws IOException {
      checkPace();
      int b = in.read();
      if (b >= 0) {
        arrived++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      checkPace();
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        arrived += n;
      }
      return n;
    }

    private void checkPace() {
      long now = nanoTime.getAsLong();
      if (firstRead == Long.MIN_VALUE) {
        firstRead = now;
        return;
      }
      if ((declaredLength >= 0 && arrived >= declaredLength) || in.isFinished()) {
        return; // All of it is here: what remains to read is its end, which nobody waits for.
      }
      long judged = now - firstRead - GRACE.toNanos();
      if (judged > 0 && arrived < MIN_BYTES_PER_SECOND * judged / 1_000_000_000L) {
        // Jetty's own answer to a slow body: a 408, and the connection is not reused.
        throw new BadMessageException(
            408, "Request content data rate < " + MIN_BYTES_PER_SECOND + " B/s");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
