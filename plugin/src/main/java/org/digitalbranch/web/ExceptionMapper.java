package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.digitalbranch.queue.PostRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses. An {@link HttpProblem} becomes an RFC 9457 {@code
 * application/problem+json} answer for the API and an error page inside the chrome for pages (a
 * missing session on a page becomes a redirect to the login page). The queue's {@link PostRefused}
 * becomes its problem through {@link RefusalProblems}. Anything else (a failing store included) is
 * a bug or an outage: it is logged once with a random id, and the person gets only that id to
 * quote.
 */
final class ExceptionMapper {

  static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger log = LoggerFactory.getLogger(ExceptionMapper.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A refused request's unread body up to this size is read and dropped before answering, so the
   * connection can carry the client's next request (see {@link #drainSmallBody}).
   */
  static final long DRAIN_AT_MOST = 64 * 1024;

  private final Exchange.WebKit kit;

  ExceptionMapper(Exchange.WebKit kit) {
    this.kit = kit;
  }

  void respond(HttpServletRequest request, HttpServletResponse response, Throwable failure)
      throws IOException {
    HttpProblem archive = ArchiveProblems.of(failure);
    if (failure instanceof HttpProblem problem) {
      respond(request, response, problem);
    } else if (failure instanceof PostRefused refused) {
      respond(request, response, RefusalProblems.of(refused));
    } else if (archive != null) {
      respond(request, response, archive);
    } else {
      unexpected(request, response, failure);
    }
  }

  private void respond(
      HttpServletRequest request, HttpServletResponse response, HttpProblem problem)
      throws IOException {
    if (response.isCommitted()) {
      log.warn(
          "{} {} failed with {} after the response had started",
          request.getMethod(),
          request.getRequestURI(),
          problem.status());
      return;
    }
    // resetBuffer, not reset: the host's security headers (CSP, nosniff) must survive an error.
    response.resetBuffer();
    problem.headers().forEach(response::setHeader);
    if (problem.status() == 413 || problem.status() == 408) {
      // The rest of the body was never read (refused, or it failed to arrive), so the connection
      // cannot carry another request; saying so keeps a client from sending its next request down
      // a closing socket. Jetty says so itself when the body ended early, but not when it came
      // below the minimum data rate (SlowBodyTest).
      response.setHeader("Connection", "close");
    } else if (!drainSmallBody(request) && bodyMayRemain(request)) {
      // Left unread (a stranger's, or too large), the body makes the server close the connection
      // after answering; said up front, a client does not send its next request down it (a test
      // client's next POST failed with "header parser received no bytes" after a sign-in redirect).
      response.setHeader("Connection", "close");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    problem.extras().forEach(body::putIfAbsent);
    if (problem instanceof HttpProblem.Unauthorized && (!isApi(request) || isNavigation(request))) {
      // An export link followed after the session ended is a page visit, not a script's call:
      // sign in, then the download goes on, rather than a screen of JSON.
      response.sendRedirect(loginUrl(request));
    } else if (isApi(request)) {
      writeProblem(response, problem.status(), body);
    } else {
      writePage(request, response, problem.status(), body);
    }
  }

  /**
   * A request refused before its body was read (a role check, a wrong method) leaves that body on
   * the connection. The server then closes the connection after answering, and where the body had
   * not fully arrived yet the answer had already gone out saying the connection stays open: the
   * client's next request went down a closed socket ("header parser received no bytes"), which a
   * browser does not retry for a POST. A small body of a signed-in user is cheaper to read than
   * that.
   */
  private static boolean drainSmallBody(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    if (length <= 0 || length > DRAIN_AT_MOST) {
      return false;
    }
    if (request.getAttribute(PluginFilter.USER_ATTRIBUTE) == null) {
      // Not signed in: nobody's next request is worth a thread waiting on a stranger's body.
      return false;
    }
    String expect = request.getHeader("Expect");
    if (expect != null && expect.toLowerCase(java.util.Locale.ROOT).contains("100-continue")) {
      // The client waits to be asked for the body; reading it would ask for what is refused.
      return true;
    }
    try {
      request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IllegalStateException readAsText) {
      // The handler read the body through getReader(): nothing is left on the connection.
    } catch (IOException | RuntimeException gone) {
      // The client went away, the body was malformed, or it came below the host's minimum data
      // rate (SlowBodyTest; the host says so with a runtime 408): there is no connection to keep.
    }
    return true;
  }

  /** Whether the request came with a body that nothing here has read. */
  private static boolean bodyMayRemain(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
  }

  private void unexpected(
      HttpServletRequest request, HttpServletResponse response, Throwable failure)
      throws IOException {
    String id = HexFormat.of().formatHex(bytes());
    log.error(
        "Unexpected error {} answering {} {}",
        id,
        request.getMethod(),
        request.getRequestURI(),
        failure);
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", "Internal Server Error");
    body.put("status", 500);
    body.put(
        "detail",
        "Something went wrong on our side. If it happens again, tell IT the error id " + id + ".");
    body.put("errorId", id);
    if (isApi(request)) {
      writeProblem(response, 500, body);
    } else {
      writePage(request, response, 500, body);
    }
  }

  private static byte[] bytes() {
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    return id;
  }

  private void writeProblem(HttpServletResponse response, int status, Map<String, Object> body)
      throws IOException {
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    kit.json().write(response.getOutputStream(), body);
  }

  private void writePage(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      Map<String, Object> problem)
      throws IOException {
    String document;
    try {
      Map<String, Object> scope = new LinkedHashMap<>(problem);
      // A way on from a dead end, for someone who followed an old link or a mistyped address.
      scope.put("home", request.getContextPath() + kit.mount() + "/");
      String body = kit.templates().render("error", scope);
      // "Error:" first, as the form pages do, so the tab and a screen reader say so at once.
      document = kit.chromed(request, "Error: " + problem.get("title"), body);
    } catch (RuntimeException renderFailure) {
      // The chrome or the template is what broke: answer without them rather than not at all.
      log.error("Cannot render the error page", renderFailure);
      writeProblem(response, status, problem);
      return;
    }
    response.setStatus(status);
    response.setContentType("text/html");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(document);
  }

  private boolean isApi(HttpServletRequest request) {
    String path = PluginFilter.pathWithinContext(request);
    String api = kit.mount() + "/api";
    return path.equals(api) || path.startsWith(api + "/");
  }

  /** A browser following a link or typing an address, as opposed to a script's fetch. */
  private static boolean isNavigation(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return false;
    }
    String mode = request.getHeader("Sec-Fetch-Mode");
    if (mode != null) {
      return mode.equals("navigate");
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  private String loginUrl(HttpServletRequest request) {
    String next = request.getRequestURI();
    if (request.getQueryString() != null) {
      next += "?" + request.getQueryString();
    }
    boolean unsent = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
    if (unsent) {
      // A form sent after the session ended: its address takes only a POST, so after sign-in the
      // person goes back to the page the form was on (the Referer, sent for this site's pages
      // alone), not to a 405. Only one of the plugin's own paths is taken, whatever the host's
      // sign-in checks, and without a "done" note: what the form asked was not done.
      String plugin = request.getContextPath() + kit.mount() + "/";
      String page = pageOf(request.getHeader("Referer"));
      next =
          page != null
                  && page.startsWith(plugin)
                  && !page.contains("//")
                  && !page.contains("\\")
                  && !page.startsWith(request.getRequestURI() + "?")
                  && !page.equals(request.getRequestURI())
              ? page
              : plugin;
    }
    // "why=unsent" has the host's sign-in page say that the form was not sent (descriptor/README).
    return request.getContextPath()
        + "/login?next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8)
        + (unsent ? "&why=unsent" : "");
  }

  /** The Referer's path, with its query less any "done" note; null when there is none. */
  private static String pageOf(String referer) {
    if (referer == null) {
      return null;
    }
    try {
      URI page = new URI(referer);
      if (page.getRawPath() == null) {
        return null;
      }
      String query =
          page.getRawQuery() == null
              ? ""
              : Arrays.stream(page.getRawQuery().split("&"))
                  .filter(part -> !part.equals("done") && !part.startsWith("done="))
                  .collect(Collectors.joining("&"));
      return page.getRawPath() + (query.isEmpty() ? "" : "?" + query);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
