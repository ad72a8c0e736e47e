package org.digitalbranch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the intranet's own address as the latest signed-in request reached it ({@code
 * http://local-address:port/context}), the fallback for signed image links when {@code
 * publicBaseUrl} is not set (the demo, where the sandbox runs on the same machine). A deployment
 * whose platforms fetch images sets the setting.
 *
 * <p>The socket's local address, never the request's {@code Host} header or forwarded headers:
 * those are the client's to write, and a staff member's forged {@code Host} would otherwise decide
 * where Instagram fetches an approved post's image (and send it the link's token).
 */
final class RequestBase extends HttpFilter {

  private final AtomicReference<String> base;

  RequestBase(AtomicReference<String> base) {
    this.base = base;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // Only signed-in requests (this filter runs after PluginFilter).
    if (request.getAttribute(PluginFilter.USER_ATTRIBUTE) != null) {
      String address = request.getLocalAddr();
      // Jetty gives an IPv6 address in brackets already; a zone id's % is escaped in a URL.
      String host =
          address.contains(":") && !address.startsWith("[")
              ? "[" + address.replace("%", "%25") + "]"
              : address;
      base.set("http://" + host + ":" + request.getLocalPort() + request.getContextPath());
    }
    chain.doFilter(request, response);
  }
}
