package org.digitalbranch.intranet.search;

import java.util.List;
import org.digitalbranch.descriptor.spi.SearchProvider.SearchHit;

/**
 * One plugin's answer to a global search.
 *
 * @param plugin the plugin's key
 * @param title the heading its descriptor gives its results
 * @param hits best first; empty when it failed
 * @param failed true when its provider threw: the page says so instead of failing as a whole
 */
public record SearchGroup(String plugin, String title, List<SearchHit> hits, boolean failed) {
  public SearchGroup {
    hits = List.copyOf(hits);
  }
}
