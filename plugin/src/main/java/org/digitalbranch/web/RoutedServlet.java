package org.digitalbranch.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A servlet that only dispatches: the path below its mapping goes to a {@link Router}, and errors
 * travel up to {@link PluginFilter}, where the one {@link ExceptionMapper} answers them.
 */
final class RoutedServlet extends HttpServlet {

  private final Router router;
  private final Exchange.WebKit kit;
  private final String base;

  RoutedServlet(Router router, Exchange.WebKit kit) {
    this(router, kit, null);
  }

  /**
   * @param base when not null, routes are matched on the path below it (for example {@code
   *     /digital-branch/api} for a servlet mapped to both {@code .../api/images} and {@code
   *     .../api/images/*}), rather than on the path below the servlet's own mapping
   */
  RoutedServlet(Router router, Exchange.WebKit kit, String base) {
    this.router = router;
    this.kit = kit;
    this.base = base;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = base == null ? null : PluginFilter.pathWithinContext(request);
    if (path != null && path.startsWith(base + "/")) {
      dispatch(request, response, path.substring(base.length() + 1));
      return;
    }
    String pathInfo = request.getPathInfo();
    if (pathInfo == null) {
      // "/digital-branch" without the slash: relative links on the page need the slash.
      response.sendRedirect(request.getRequestURI() + "/");
      return;
    }
    dispatch(request, response, pathInfo.substring(1));
  }

  private void dispatch(HttpServletRequest request, HttpServletResponse response, String path)
      throws IOException {
    Router.Match match = router.match(request.getMethod(), path);
    try {
      match.handler().handle(new Exchange(request, response, match.parameters(), kit));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new HandlerFailure(e);
    }
  }

  /** A checked exception from a handler, carried up to the mapper as an unexpected failure. */
  static final class HandlerFailure extends RuntimeException {
    HandlerFailure(Exception cause) {
      super(cause);
    }
  }
}
