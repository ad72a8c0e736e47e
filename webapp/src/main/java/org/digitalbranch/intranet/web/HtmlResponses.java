package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sends a host page. */
final class HtmlResponses {

  private HtmlResponses() {}

  static void send(HttpServletResponse response, int status, String html) throws IOException {
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    // Pages name the user and carry the CSRF token: no shared cache may keep them.
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(html);
  }
}
