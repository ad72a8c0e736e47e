package org.digitalbranch.descriptor.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

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

  /**
   * Whether an address's query string names the CSRF field. A token there is refused by the host
   * and the plugins alike: an address leaks through logs, history and Referer headers, so a token
   * in one is no longer a secret, and a container reads the query's parameters with the form's.
   * Each name is decoded as a container decodes it, so {@code %63srf} counts too; a name that
   * cannot be decoded cannot be told apart and counts as well.
   */
  public static boolean csrfFieldInQuery(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      String name = pair.split("=", 2)[0];
      try {
        if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(CSRF_FIELD)) {
          return true;
        }
      } catch (IllegalArgumentException undecodable) {
        return true;
      }
    }
    return false;
  }
}
