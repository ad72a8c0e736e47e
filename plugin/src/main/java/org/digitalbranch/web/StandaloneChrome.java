package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.digitalbranch.descriptor.spi.Chrome;

/** A minimal page frame for servlet containers without the intranet host (no navigation). */
final class StandaloneChrome implements Chrome {

  private final Templates templates;
  private final String mount;

  StandaloneChrome(Templates templates, String mount) {
    this.templates = templates;
    this.mount = mount;
  }

  @Override
  public String render(HttpServletRequest request, Page page) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("title", page.title());
    scope.put("body", page.bodyHtml());
    scope.put("stylesheets", page.stylesheets());
    scope.put("scripts", page.scripts());
    scope.put("home", request.getContextPath() + mount + "/");
    return templates.render("standalone-chrome", scope);
  }
}
