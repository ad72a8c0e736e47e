package org.digitalbranch.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Enforces the body size limit. A declared {@code Content-Length} is checked before anything is
 * read; a chunked body, which declares nothing, is counted while it is read and refused with 413
 * the moment it passes the limit.
 */
final class BodyLimit {

  private final long maxBytes;

  BodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  void checkDeclaredLength(HttpServletRequest request) {
    if (request.getContentLengthLong() > maxBytes) {
      throw new HttpProblem.PayloadTooLarge(maxBytes);
    }
  }

  HttpServletRequest counting(HttpServletRequest request) {
    return new HttpServletRequestWrapper(request) {
      private ServletInputStream stream;
      private BufferedReader reader;

      @Override
      public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
          throw new IllegalStateException("getReader() was already called");
        }
        if (stream == null) {
          stream = new CountingStream(super.getInputStream(), maxBytes);
        }
        return stream;
      }

      @Override
      public BufferedReader getReader() throws IOException {
        if (reader == null) {
          String encoding = getCharacterEncoding();
          Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
          reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
      }
    };
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long count;

    CountingStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() {
      int b = fromContainer(in::read);
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      int n = fromContainer(() -> in.read(buffer, offset, length));
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @FunctionalInterface
    private interface Read {
      int next() throws IOException;
    }

    /**
     * One read from the container. When it cannot deliver the body (the client went away, or sent
     * it below the host's minimum data rate, which Jetty signals with its own 408 exception that
     * the plugin cannot name without depending on Jetty), that is not a fault of ours: no 500.
     */
    private static int fromContainer(Read read) {
      try {
        return read.next();
      } catch (IOException | RuntimeException stopped) {
        throw new HttpProblem.BodyNotReceived();
      }
    }

    private void counted(int n) {
      count += n;
      if (count > maxBytes) {
        throw new HttpProblem.PayloadTooLarge(maxBytes);
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
