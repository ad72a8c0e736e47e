package org.digitalbranch.descriptor.spi;

import java.util.List;

/**
 * Answers the intranet's global search box. Implementations must only return what {@code user} may
 * see, must treat {@code query} as untrusted text typed by a person, and must not throw for any
 * query: a query they cannot understand gives no hits.
 */
public interface SearchProvider {

  /** At most {@code limit} hits, best first. */
  List<SearchHit> search(String query, IntranetUser user, int limit);

  /**
   * One result.
   *
   * @param title plain text
   * @param snippet plain text (the host escapes it; highlighting is a plugin-page matter)
   * @param url same-origin URL of the page that shows the hit
   * @param score the provider's own relevance, used only to order its hits
   */
  record SearchHit(String title, String snippet, String url, double score) {}
}
