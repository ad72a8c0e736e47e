package org.digitalbranch.intranet.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A host servlet that names the methods its path takes. HttpServlet refuses the others with a 405
 * that has no {@code Allow} header, which HTTP requires (RFC 9110, 15.5.6), and answers OPTIONS by
 * listing TRACE too, which the host refuses everywhere ({@link SecurityHeadersFilter}). Here both
 * say the same list, and the refusal is the intranet's error page like any other error.
 */
abstract class HostServlet extends HttpServlet {

  private final Set<String> taken;
  private final String allow;

  /**
   * @param methods what the path takes, in the order {@code Allow} names them; OPTIONS is added
   */
  HostServlet(String... methods) {
    Set<String> named = new LinkedHashSet<>(List.of(methods));
    named.add("OPTIONS");
    this.taken = Set.copyOf(named);
    this.allow = String.join(", ", named);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String method = request.getMethod();
    if (!taken.contains(method)) {
      response.setHeader("Allow", allow);
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    if (method.equals("OPTIONS")) {
      response.setHeader("Allow", allow);
      return;
    }
    super.service(request, response);
  }
}
