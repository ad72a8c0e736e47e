package org.digitalbranch.platform.sandbox;

/** The sandbox's tiny HTML pages; customer text is untrusted, so every value is escaped. */
final class Html {
  private Html() {}

  static String page(String title, String text, String byline) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title></head>\n<body><h1>"
        + escape(title)
        + ": "
        + escape(text)
        + "</h1>\n"
        + (byline == null ? "" : "<p>" + escape(byline) + "</p>\n")
        + "<p>This is the Digital Branch demo's sandbox, not the real platform.</p></body></html>\n";
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
