package org.digitalbranch.intranet.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards the host's own pages: without a signed-in user, pages redirect to the sign-in form and
 * {@code /api/*} answers 401. Plugins guard their mounts themselves.
 */
public final class SignInRequiredFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = HostPaths.pathOf(request);
    boolean guarded = path.equals("/") || path.equals("/search") || path.startsWith("/api/");
    if (!guarded || SessionUserFilter.userOf(request).isPresent()) {
      chain.doFilter(request, response);
    } else if (path.startsWith("/api/")) {
      Problems.write(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "Sign-in required",
          "Sign in at /login first; this API uses the session cookie.");
    } else {
      response.sendRedirect(HostPaths.loginFor(request));
    }
  }
}
