package org.digitalbranch.descriptor.spi;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The intranet's page frame. A plugin renders its page body (escaped by its own template engine)
 * and asks the chrome to wrap it, so every page carries the same header, navigation for the user's
 * roles, search box and stylesheet.
 */
public interface Chrome {

  /** A complete HTML document: the intranet frame around {@code page.bodyHtml()}. */
  String render(HttpServletRequest request, Page page);

  /**
   * One page of a plugin.
   *
   * @param title the page title, plain text (the chrome escapes it)
   * @param bodyHtml the page body, already escaped HTML produced by the plugin's templates
   * @param stylesheets extra stylesheet URLs (same origin)
   * @param scripts extra script URLs (same origin; never inline)
   */
  record Page(String title, String bodyHtml, List<String> stylesheets, List<String> scripts) {
    public Page {
      stylesheets = List.copyOf(stylesheets);
      scripts = List.copyOf(scripts);
    }

    public static Page of(String title, String bodyHtml) {
      return new Page(title, bodyHtml, List.of(), List.of());
    }
  }
}
