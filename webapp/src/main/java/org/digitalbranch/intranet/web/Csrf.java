package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.digitalbranch.descriptor.spi.HostSession;

/** The one CSRF token per session that host forms and plugins check. */
public final class Csrf {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  /** The session's token, created on first use. */
  public static String tokenOf(HttpSession session) {
    Object token = session.getAttribute(HostSession.CSRF_TOKEN);
    return token instanceof String text ? text : renew(session);
  }

  /** A fresh token, for example after sign-in, so a token seen before it is worthless. */
  public static String renew(HttpSession session) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(HostSession.CSRF_TOKEN, token);
    return token;
  }

  /**
   * True when the request carries its session's token in the header or the form's body. {@code
   * getParameter} reads the query string too, where the first value wins; a token there is refused,
   * as the plugin refuses it: an address leaks through logs, history and Referer headers, so a
   * token in one is no longer a secret.
   */
  public static boolean isValid(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null
        || !(session.getAttribute(HostSession.CSRF_TOKEN) instanceof String expected)) {
      return false;
    }
    String given = request.getHeader(HostSession.CSRF_HEADER);
    if (given == null && !inQueryString(request)) {
      given = request.getParameter(HostSession.CSRF_FIELD);
    }
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean inQueryString(HttpServletRequest request) {
    return HostSession.csrfFieldInQuery(request.getQueryString());
  }
}
