package org.digitalbranch.descriptor;

import java.util.regex.Pattern;

/** The one rule for URL paths in a descriptor: absolute, lower-case, nothing to normalise. */
final class Paths {

  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9-]+");

  private Paths() {}

  /**
   * Why {@code path} is not a clean absolute path like {@code /digital-branch/queue}, or null when
   * it is. The reason reads after the quoted path: {@code "/a/" must not end with "/"}.
   */
  static String uncleanReason(String path) {
    if (!path.startsWith("/")) {
      return "must start with \"/\"";
    }
    if (path.contains("?") || path.contains("#")) {
      return "must not contain a query or fragment";
    }
    if (path.contains("//")) {
      return "must not contain \"//\"";
    }
    if (path.endsWith("/")) {
      return "must not end with \"/\"";
    }
    for (String segment : path.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return "must not contain \".\" or \"..\" segments";
      }
      if (!SEGMENT.matcher(segment).matches()) {
        return "may only use a-z, 0-9 and \"-\" between slashes";
      }
    }
    return null;
  }
}
