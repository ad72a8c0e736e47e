package org.digitalbranch.intranet.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.intranet.chrome.Templates;

/**
 * The page for every error the container answers (unknown paths, {@code sendError} from any
 * servlet): a plain page inside the chrome, or problem JSON under {@code /api/}. It never shows
 * exception details.
 */
public final class ErrorPageServlet extends HttpServlet {

  private final Templates templates;
  private final Chrome chrome;

  public ErrorPageServlet(Templates templates, Chrome chrome) {
    this.templates = templates;
    this.chrome = chrome;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // Asked for directly rather than as an error page: there is nothing here.
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : HttpServletResponse.SC_NOT_FOUND;
    String uri =
        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
            ? original
            : request.getRequestURI();
    String heading = headingFor(status);
    String message = messageFor(status);
    String allow = response.getHeader("Allow");
    if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED && allow != null) {
      // What to send instead, from the header the refusing servlet set.
      message = "This address does not take " + request.getMethod() + "; it takes " + allow + ".";
    }
    if (uri.startsWith("/api/")) {
      Problems.write(response, status, heading, message);
      return;
    }
    String body = templates.render("error", Map.of("heading", heading, "message", message));
    HtmlResponses.send(response, status, chrome.render(request, Chrome.Page.of(heading, body)));
  }

  private static String headingFor(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Sign-in required";
      case 403 -> "Not allowed";
      case 404 -> "Page not found";
      case 405 -> "Method not allowed";
      case 413 -> "Too large";
      default -> status >= 500 ? "Something went wrong" : "Request not accepted";
    };
  }

  private static String messageFor(int status) {
    return switch (status) {
      case 400 -> "The request was not understood.";
      case 401 -> "Please sign in first.";
      case 403 -> "You do not have permission for this.";
      case 404 -> "There is no page at this address. Check the link, or start from the home page.";
      case 405 -> "This address does not accept that kind of request.";
      case 413 -> "What was sent is larger than this address accepts.";
      default ->
          status >= 500
              ? "The intranet could not answer. The error has been logged; please try again."
              : "The request was not accepted.";
    };
  }
}
