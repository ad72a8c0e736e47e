package org.digitalbranch.intranet.plugins;

import java.util.List;

/**
 * A plugin the intranet did not run, and why. Shown to intranet admins on the home page.
 *
 * @param source where it came from: a JAR file name or the class path location of its descriptor
 * @param key its key when the descriptor was readable enough to tell, else empty
 * @param reasons each problem, as the descriptor reader or the host phrased it
 * @param settings true when the reasons are problems of the settings given to it (in the settings
 *     file): the intranet does not start with them, as with any other mistake in that file
 */
public record RefusedPlugin(String source, String key, List<String> reasons, boolean settings) {
  public RefusedPlugin {
    reasons = List.copyOf(reasons);
  }

  public RefusedPlugin(String source, String key, List<String> reasons) {
    this(source, key, reasons, false);
  }
}
