package org.digitalbranch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the address the intranet was last reached at ({@code scheme://host:port/context}), the
 * fallback for signed image links when {@code publicBaseUrl} is not set (the demo, where the
 * sandbox runs on the same machine). A deployment whose platforms fetch images sets the setting.
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
    // Only signed-in requests (this filter runs after PluginFilter): a stranger's Host header
    // must not decide where a platform fetches a post's image.
    if (request.getAttribute(PluginFilter.USER_ATTRIBUTE) != null) {
      base.set(
          request.getScheme()
              + "://"
              + request.getServerName()
              + ":"
              + request.getServerPort()
              + request.getContextPath());
    }
    chain.doFilter(request, response);
  }
}
