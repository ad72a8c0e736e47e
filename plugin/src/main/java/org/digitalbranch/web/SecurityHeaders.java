package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * The security headers on every response under the plugin's mount. The intranet host sets the same
 * ones for all its pages, and its values are kept; a plain servlet container (Tomcat, Jetty) sets
 * none, and the plugin's forms (approve, moderate, pause) could then be framed by another site, and
 * nothing would back up the template's escaping.
 */
final class SecurityHeaders {

  /**
   * Everything from the plugin's own origin: its pages load only their own scripts, styles and
   * images (uploaded ones included), post only to themselves, and frame nothing.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "same-origin",
          "X-Frame-Options", "SAMEORIGIN");

  private SecurityHeaders() {}

  /** Sets each header the host has not set already. */
  static void apply(HttpServletResponse response) {
    HEADERS.forEach(
        (name, value) -> {
          if (!response.containsHeader(name)) {
            response.setHeader(name, value);
          }
        });
  }
}
