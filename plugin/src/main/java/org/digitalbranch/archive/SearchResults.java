package org.digitalbranch.archive;

import java.util.List;
import java.util.Map;

/**
 * One page of a search.
 *
 * @param total how many conversations match, over all pages
 * @param facets per dimension ({@code platform, account, kind, status, staff, topic, year, month}),
 *     the values present in the whole result with their counts, most frequent first
 * @param didYouMean the query with misspelled words corrected, when a correction was used; else
 *     null
 */
public record SearchResults(
    long total,
    int page,
    int size,
    List<Hit> hits,
    Map<String, List<FacetCount>> facets,
    String didYouMean) {

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
