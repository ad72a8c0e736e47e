package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The host's own paths and the rules for redirects between them. */
public final class HostPaths {

  static final String LOGIN = "/login";
  static final String HOME = "/";

  private HostPaths() {}

  /** The decoded, normalised path inside the context: what servlet mappings were matched on. */
  public static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /** The sign-in page, coming back to where the request wanted to go. */
  static String loginFor(HttpServletRequest request) {
    String target = request.getRequestURI();
    if (request.getQueryString() != null) {
      target += "?" + request.getQueryString();
    }
    return LOGIN + "?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
  }

  /**
   * Only a path on this intranet may follow sign-in: {@code /x}, never {@code //evil.example} or
   * {@code /\evil.example} (which browsers treat as another host), a scheme, or control characters.
   */
  static boolean isSafeNext(String next) {
    if (next == null || next.isEmpty() || next.length() > 2000 || !next.startsWith("/")) {
      return false;
    }
    if (next.startsWith("//") || next.startsWith("/\\")) {
      return false;
    }
    return next.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
  }
}
