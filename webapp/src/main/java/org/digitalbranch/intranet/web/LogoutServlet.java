package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** {@code POST /logout}: ends the session. Needs the CSRF token, so no other site can sign out. */
public final class LogoutServlet extends HostServlet {

  public LogoutServlet() {
    super("POST");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (FormLimit.refused(request, response)) {
      return;
    }
    if (!Csrf.isValid(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "Missing or wrong CSRF token");
      return;
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      try {
        session.invalidate();
      } catch (IllegalStateException alreadyInvalidated) {
        // Two sign-out clicks: the first one did the work.
      }
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", HostPaths.LOGIN);
  }
}
