package org.digitalbranch.intranet.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetUser;

/**
 * Makes {@code getUserPrincipal}, {@code getRemoteUser} and {@code isUserInRole} answer for the
 * signed-in user, so plugins need nothing but the standard servlet API.
 */
public final class SessionUserFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<IntranetUser> user = userOf(request);
    chain.doFilter(user.isPresent() ? new SignedInRequest(request, user.get()) : request, response);
  }

  /** The signed-in user of the request's session, if any. */
  public static Optional<IntranetUser> userOf(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    try {
      return session.getAttribute(HostSession.USER) instanceof IntranetUser user
          ? Optional.of(user)
          : Optional.empty();
    } catch (IllegalStateException invalidatedMeanwhile) {
      return Optional.empty();
    }
  }
}
