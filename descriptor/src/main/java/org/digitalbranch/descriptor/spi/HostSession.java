package org.digitalbranch.descriptor.spi;

/**
 * Names the host and plugins share in the HTTP session. The host signs users in; plugins read the
 * user through the standard servlet API ({@code getUserPrincipal}, {@code isUserInRole}) and check
 * the one CSRF token the host keeps per session.
 */
public final class HostSession {

  /** Session attribute holding the session's CSRF token, a String. */
  public static final String CSRF_TOKEN = "intranet.csrfToken";

  /** Session attribute holding the signed-in {@link IntranetUser}. */
  public static final String USER = "intranet.user";

  /** Header that carries the CSRF token on script requests. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** Form field that carries the CSRF token on HTML form posts. */
  public static final String CSRF_FIELD = "csrf";

  private HostSession() {}
}
