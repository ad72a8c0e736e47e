package org.digitalbranch.intranet.plugins;

import java.util.List;

/**
 * A plugin the intranet did not run, and why. Shown to intranet admins on the home page.
 *
 * @param source where it came from: a JAR file name or the class path location of its descriptor
 * @param key its key when the descriptor was readable enough to tell, else empty
 * @param reasons each problem, as the descriptor reader or the host phrased it
 */
public record RefusedPlugin(String source, String key, List<String> reasons) {
  public RefusedPlugin {
    reasons = List.copyOf(reasons);
  }
}
