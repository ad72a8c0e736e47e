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

  RoutedServlet(Router router, Exchange.WebKit kit) {
    this.router = router;
    this.kit = kit;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String pathInfo = request.getPathInfo();
    if (pathInfo == null) {
      // "/digital-branch" without the slash: relative links on the page need the slash.
      response.sendRedirect(request.getRequestURI() + "/");
      return;
    }
    Router.Match match = router.match(request.getMethod(), pathInfo.substring(1));
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
