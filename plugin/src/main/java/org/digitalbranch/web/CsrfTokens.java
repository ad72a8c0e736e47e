package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.digitalbranch.descriptor.spi.HostSession;

/**
 * The session's CSRF token: the host's when it made one, else ours (a plain servlet container has
 * no host to make it). Unsafe methods must send it back in {@code X-CSRF-Token} or, from an HTML
 * form, in the {@code csrf} field of the body.
 */
final class CsrfTokens {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The session's token, created when the session has none. */
  String ensure(HttpSession session) {
    synchronized (session) {
      if (session.getAttribute(HostSession.CSRF_TOKEN) instanceof String token
          && !token.isEmpty()) {
        return token;
      }
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(HostSession.CSRF_TOKEN, token);
      return token;
    }
  }

  /**
   * A page's form whose token is not this session's was opened before the person last signed in (or
   * in a window that has signed out since): said in a librarian's words, not a script's.
   */
  static final String FORM_FROM_ANOTHER_SESSION =
      "This form was opened before you last signed in, so it was not sent. Go back, reload the"
          + " page and send it again.";

  static boolean isUnsafe(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod());
  }

  /** Refuses an unsafe request whose token is missing or wrong. */
  void check(HttpServletRequest request, String expected) {
    String given = request.getHeader(HostSession.CSRF_HEADER);
    if (given == null && isForm(request) && !inQueryString(request)) {
      given = formField(request);
    }
    boolean form = isForm(request) && request.getHeader(HostSession.CSRF_HEADER) == null;
    if (given == null || given.isEmpty()) {
      throw new HttpProblem.Forbidden(
          form
              ? FORM_FROM_ANOTHER_SESSION
              : "This request needs the session's CSRF token in the X-CSRF-Token header (GET"
                  + " api/me gives it). Reload the page and try again.");
    }
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      throw new HttpProblem.Forbidden(
          form
              ? FORM_FROM_ANOTHER_SESSION
              : "The CSRF token does not match this session. Reload the page and try again.");
    }
  }

  /**
   * The token from the form's body. Reading it parses the body, and a multipart body the container
   * cannot parse (cut off, or over its size limits) fails here first: a 400, never a 500.
   */
  private static String formField(HttpServletRequest request) {
    return FormFields.parsed(() -> request.getParameter(HostSession.CSRF_FIELD));
  }

  /** An HTML form post: URL-encoded, or multipart when it carries files (the compose form). */
  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/x-www-form-urlencoded")
        || lower.startsWith("multipart/form-data");
  }

  private static boolean inQueryString(HttpServletRequest request) {
    return HostSession.csrfFieldInQuery(request.getQueryString());
  }
}
