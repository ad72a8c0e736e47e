package org.digitalbranch.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An HTTP error a handler means to answer, turned into an RFC 9457 problem (or an error page) by
 * {@link ExceptionMapper}. The {@code detail} is shown to the person: it says what to do next and
 * never carries secrets or stack traces.
 */
public abstract sealed class HttpProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final Map<String, Object> extras;

  private HttpProblem(int status, String title, String detail, Map<String, Object> extras) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extras = new LinkedHashMap<>(extras);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /**
   * Members added to the problem object beside type, title, status and detail, in their order; a
   * null member is written as JSON null (a reply the platform brought back has no staff member).
   */
  public Map<String, Object> extras() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** Response headers the status calls for ({@code Allow} for 405). */
  public Map<String, String> headers() {
    return Map.of();
  }

  /** 400: the input is wrong; names the offending field when there is one. */
  public static final class BadRequest extends HttpProblem {
    public BadRequest(String field, String detail) {
      super(400, "Bad Request", detail, field == null ? Map.of() : Map.of("field", field));
    }

    public BadRequest(String detail) {
      this(null, detail);
    }
  }

  /**
   * 400: a body the container could not parse (a multipart form cut off or badly bounded). Jetty
   * drops the connection after answering it; said up front, a client does not send its next request
   * down a closing socket.
   */
  public static final class UnreadableBody extends HttpProblem {
    public UnreadableBody(String detail) {
      super(400, "Bad Request", detail, Map.of());
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Connection", "close");
    }
  }

  /** 415: a body in a form where the request takes JSON. */
  public static final class UnsupportedMediaType extends HttpProblem {
    public UnsupportedMediaType(String detail) {
      super(415, "Unsupported Media Type", detail, Map.of());
    }
  }

  /** 401: no one is signed in. */
  public static final class Unauthorized extends HttpProblem {
    public Unauthorized() {
      super(401, "Unauthorized", "Sign in to the intranet first.", Map.of());
    }
  }

  /** 403: signed in, but not allowed (missing role, missing or wrong CSRF token). */
  public static final class Forbidden extends HttpProblem {
    public Forbidden(String detail) {
      super(403, "Forbidden", detail, Map.of());
    }

    /**
     * @param reason why, for scripts to show as is
     */
    public Forbidden(String detail, String reason) {
      super(403, "Forbidden", detail, Map.of("reason", reason));
    }
  }

  /** 404. */
  public static final class NotFound extends HttpProblem {
    public NotFound(String detail) {
      super(404, "Not Found", detail, Map.of());
    }
  }

  /** 405: the path exists, the method does not. */
  public static final class MethodNotAllowed extends HttpProblem {
    private final Set<String> allowed;

    public MethodNotAllowed(String method, Set<String> allowed) {
      super(
          405,
          "Method Not Allowed",
          method + " is not supported here; use " + String.join(" or ", new TreeSet<>(allowed)),
          Map.of());
      this.allowed = new TreeSet<>(allowed);
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Allow", String.join(", ", allowed));
    }
  }

  /** 409: the request conflicts with the current state, for example a stale version. */
  public static final class Conflict extends HttpProblem {
    /**
     * @param extras members for scripts to act on, for example {@code currentVersion}
     */
    public Conflict(String detail, Map<String, Object> extras) {
      super(409, "Conflict", detail, extras);
    }
  }

  /** 503: a platform refused or did not answer; the detail says what to do. */
  public static final class Unavailable extends HttpProblem {
    public Unavailable(String detail) {
      super(503, "Service Unavailable", detail, Map.of());
    }
  }

  /**
   * 408: the container could not deliver the request body: it stopped arriving, arrived more slowly
   * than the server waits for (the host's minimum data rate), or its framing was broken. Either way
   * the client has to send the request again.
   */
  public static final class BodyNotReceived extends HttpProblem {
    public BodyNotReceived() {
      super(
          408,
          "Request Timeout",
          "The request body could not be read in full: it stopped, came too slowly or was"
              + " malformed. Send it again.",
          Map.of());
    }
  }

  /** 413: the request body is larger than the configured limit. */
  public static final class PayloadTooLarge extends HttpProblem {
    public PayloadTooLarge(long limitBytes) {
      super(
          413,
          "Content Too Large",
          "The request body is larger than the limit of " + limitBytes + " bytes.",
          Map.of("limitBytes", limitBytes));
    }

    /** An over-limit part of the body, such as one uploaded file named by {@code field}. */
    public PayloadTooLarge(String field, String detail, long limitBytes) {
      super(413, "Content Too Large", detail, Map.of("field", field, "limitBytes", limitBytes));
    }
  }
}
