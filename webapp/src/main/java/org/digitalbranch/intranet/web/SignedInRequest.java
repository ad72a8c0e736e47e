package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.digitalbranch.descriptor.spi.IntranetUser;

/** A request whose standard security methods answer for the session's user. */
final class SignedInRequest extends HttpServletRequestWrapper {

  private record UserPrincipal(String getName) implements Principal {}

  private final IntranetUser user;

  SignedInRequest(HttpServletRequest request, IntranetUser user) {
    super(request);
    this.user = user;
  }

  @Override
  public Principal getUserPrincipal() {
    return new UserPrincipal(user.name());
  }

  @Override
  public String getRemoteUser() {
    return user.name();
  }

  @Override
  public boolean isUserInRole(String role) {
    return user.hasRole(role);
  }

  @Override
  public String getAuthType() {
    return HttpServletRequest.FORM_AUTH;
  }
}
