package org.digitalbranch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.ImageStore;

/**
 * Guards everything under the plugin's mount, in this order: static assets, webhooks and signed
 * public image links pass without a session; everyone else must be signed in (401, or a redirect to
 * the login page for pages) and hold one of the plugin's roles (403); a declared body over the
 * limit is refused (413); unsafe methods must carry the session's CSRF token (403); bodies are
 * counted while read (413). Every error, its own and the servlets' behind it, goes through the one
 * {@link ExceptionMapper}.
 */
final class PluginFilter extends HttpFilter {

  /** Request attribute holding the {@link IntranetUser} the filter identified. */
  static final String USER_ATTRIBUTE = PluginFilter.class.getName() + ".user";

  /** Jetty's per-request form size limit, read when the form is parsed. */
  private static final String CONTAINER_FORM_LIMIT =
      "org.eclipse.jetty.server.Request.maxFormContentSize";

  /** The one path below the mount that takes requests without a session: Meta's webhook. */
  static final String WEBHOOK_PATH = "/api/" + FacebookWebhookRoute.PATH;

  private final String mount;
  private final List<String> pluginRoles;
  private final BodyLimit bodyLimit;
  private final int maxFormBytes;
  private final String uploadPath;
  private final BodyLimit uploadLimit;
  private final BodyLimit pageFormLimit;
  private final CsrfTokens csrf = new CsrfTokens();
  private final ExceptionMapper errors;
  private final Consumer<IntranetUser> seen;

  /**
   * @param uploadPath the one path below the mount that takes file uploads ({@code /api/images}),
   *     whose bodies may be up to {@code maxUploadBytes} instead
   * @param seen told of each person allowed in, so that pages can name them ({@link PeopleNames})
   */
  PluginFilter(
      String mount,
      List<String> pluginRoles,
      long maxBodyBytes,
      String uploadPath,
      long maxUploadBytes,
      ExceptionMapper errors,
      Consumer<IntranetUser> seen) {
    this.seen = seen;
    this.mount = mount;
    this.pluginRoles = List.copyOf(pluginRoles);
    this.bodyLimit = new BodyLimit(maxBodyBytes);
    this.maxFormBytes = (int) Math.min(maxBodyBytes, Integer.MAX_VALUE);
    this.uploadPath = uploadPath;
    this.uploadLimit = new BodyLimit(maxUploadBytes);
    // A page's form (compose, edit) carries its images itself when there is no JavaScript.
    this.pageFormLimit = new BodyLimit(maxBodyBytes + ImageStore.MAX_IMAGES * maxUploadBytes);
    this.errors = errors;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException {
    SecurityHeaders.apply(response);
    try {
      if ("TRACE".equals(request.getMethod())) {
        // A servlet's default TRACE echoes the request back, session cookie included.
        throw new HttpProblem.MethodNotAllowed("TRACE", Set.of("GET", "HEAD", "POST"));
      }
      guard(request, response, chain);
    } catch (Exception failure) {
      errors.respond(request, response, unwrap(failure));
    }
  }

  private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws Exception {
    String path = pathWithinContext(request).substring(mount.length());
    if (path.startsWith("/static/")) {
      chain.doFilter(request, response);
      return;
    }
    if (path.startsWith("/public/")) {
      // Signed, expiring links the platforms fetch (PublicImagesRoute): the token is the check.
      if (CsrfTokens.isUnsafe(request)) {
        throw new HttpProblem.MethodNotAllowed(request.getMethod(), Set.of("GET", "HEAD"));
      }
      chain.doFilter(request, response);
      return;
    }
    if (path.equals(WEBHOOK_PATH)) {
      // Meta calls it without a session or CSRF token; the webhook checks the body's signature.
      bodyLimit.checkDeclaredLength(request);
      requireReadableParameters(request);
      chain.doFilter(bodyLimit.counting(request), response);
      return;
    }
    IntranetUser user = identify(request);
    if (user == null) {
      throw new HttpProblem.Unauthorized();
    }
    if (pluginRoles.stream().noneMatch(user::hasRole)) {
      throw new HttpProblem.Forbidden(
          "Digital Branch needs one of the roles "
              + String.join(", ", pluginRoles)
              + "; ask an intranet administrator.");
    }
    // Set before the checks below, so that a refusal of a known colleague can be told apart from
    // a stranger's (ExceptionMapper drains the former's small body to keep its connection).
    request.setAttribute(USER_ATTRIBUTE, user);
    seen.accept(user);
    HttpSession session = request.getSession(true);
    String token = csrf.ensure(session);
    BodyLimit limit =
        path.equals(uploadPath)
            ? uploadLimit
            : isPageUpload(path, request) ? pageFormLimit : bodyLimit;
    if (CsrfTokens.isUnsafe(request)) {
      limit.checkDeclaredLength(request);
    }
    requireReadableParameters(request);
    request = FormFields.guarded(request);
    if (CsrfTokens.isUnsafe(request)) {
      csrf.check(request, token);
    }
    chain.doFilter(limit.counting(request), response);
  }

  /**
   * Parses the query string and a URL-encoded form before any handler reads a parameter: broken
   * percent-encoding or UTF-8 ({@code %C3%28}) makes the container throw its own exception, which
   * would otherwise reach the mapper as an unexpected error (500) from whichever handler asked
   * first. Multipart bodies are left to the servlet that has their size limits.
   *
   * <p>A URL-encoded form may be as large as any other body ({@code maxBodyBytes}), so that a long
   * text is judged by the handler that names its field. The container's own form limit (Jetty's,
   * 200,000 bytes) would otherwise fail a smaller form here, which read as broken encoding. Raised
   * rather than answered as a 413 of its own: the API promises one limit for every body, and the
   * declared length has been held to it before this runs. Other containers ignore the attribute.
   */
  private void requireReadableParameters(HttpServletRequest request) {
    String type = request.getContentType();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return;
    }
    request.setAttribute(CONTAINER_FORM_LIMIT, maxFormBytes);
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException unreadable) {
      throw new HttpProblem.BadRequest(
          "The address or the form cannot be read: its parameters must be UTF-8, percent-encoded"
              + " (%C3%A9 for é).");
    }
    if (CsrfTokens.isUnsafe(request)) {
      parameters.forEach(PluginFilter::refuseNul);
    }
  }

  /**
   * A form that writes may not carry NUL (%00), as a JSON body may not (Json): PostgreSQL cannot
   * store it in text, and on SQLite it would cut the text short for most tools that read it.
   */
  static void refuseNul(String field, String... values) {
    for (String value : values) {
      if (value != null && value.indexOf('\0') >= 0) {
        String named = field.replace('\0', '\uFFFD');
        throw new HttpProblem.BadRequest(named, named + " may not contain NUL characters");
      }
    }
  }

  private static boolean isPageUpload(String path, HttpServletRequest request) {
    String type = request.getContentType();
    return !path.startsWith("/api/")
        && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** The host's user from the session, else the container's principal and roles. */
  private IntranetUser identify(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(HostSession.USER) instanceof IntranetUser user) {
      return user;
    }
    Principal principal = request.getUserPrincipal();
    if (principal == null) {
      return null;
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String role : pluginRoles) {
      if (request.isUserInRole(role)) {
        roles.add(role);
      }
    }
    return new IntranetUser(principal.getName(), principal.getName(), roles);
  }

  /**
   * The decoded, normalised path the container dispatches on (never the raw URI, which {@code
   * /static/../api} or percent-encoding could disguise).
   */
  static String pathWithinContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
  }

  /** Containers may wrap what a servlet threw; the mapper wants the original. */
  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof jakarta.servlet.ServletException
            || current instanceof RoutedServlet.HandlerFailure)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
