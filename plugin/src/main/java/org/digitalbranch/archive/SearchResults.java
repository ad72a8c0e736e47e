package org.digitalbranch.archive;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a search.
 *
 * @param total how many conversations match, over all pages
 * @param facets per dimension ({@code platform, account, kind, status, staff, topic, year, month}),
 *     the values present in the whole result with their counts, most frequent first
 * @param didYouMean the query with its misspelled words corrected, whether the search used the
 *     corrections or only offers them; null when there are none
 * @param searchedAs the query as it was searched when a word that no conversation contains was
 *     replaced by its correction (the hits are the correction's, and a page must say so); null when
 *     every word was searched as typed
 * @param replaced each word so replaced, as typed (lower case), with the word searched instead, in
 *     the order typed; empty when {@code searchedAs} is null
 */
public record SearchResults(
    long total,
    int page,
    int size,
    List<Hit> hits,
    Map<String, List<FacetCount>> facets,
    String didYouMean,
    String searchedAs,
    Map<String, String> replaced) {

  public SearchResults {
    // A LinkedHashMap copied as such: Map.copyOf would lose the order the words were typed in.
    replaced = Collections.unmodifiableMap(new LinkedHashMap<>(replaced));
  }

  /**
   * A conversation that matched.
   *
   * @param matches the messages whose words matched (at most three), in thread order; empty when
   *     the query had no words
   */
  public record Hit(ArchivedConversation conversation, float score, List<MatchedMessage> matches) {}

  /** A message of the hit with a snippet of its text. */
  public record MatchedMessage(String messageId, List<Segment> snippet) {}

  /**
   * A piece of a snippet. Text is plain text exactly as the customer or staff member wrote it: the
   * web layer escapes it and marks the highlighted pieces itself. Never HTML.
   */
  public record Segment(String text, boolean highlighted) {}

  public record FacetCount(String value, int count) {}
}
