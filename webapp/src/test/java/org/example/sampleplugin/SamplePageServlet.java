package org.example.sampleplugin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.digitalbranch.descriptor.spi.Chrome;

/** Every page of the sample plugin: who asked, with which roles, and the configured greeting. */
public final class SamplePageServlet extends HttpServlet {

  private final Chrome chrome;
  private final String greeting;

  public SamplePageServlet(Chrome chrome, String greeting) {
    this.chrome = chrome;
    this.greeting = greeting;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getUserPrincipal() == null) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    String body =
        "<p class=\"sample\">"
            + greeting
            + ", "
            + request.getRemoteUser()
            + (request.isUserInRole("digital-branch.moderator") ? " (moderator)" : "")
            + "</p>";
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write(chrome.render(request, Chrome.Page.of("Sample inbox", body)));
  }
}
