package org.digitalbranch.archive;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A search as the archive page or the API asks it. Values are taken as typed and checked by {@link
 * ArchiveSearch#search}, which names the offending field in an {@link InvalidQuery}.
 *
 * @param query what the librarian typed; null or blank lists everything
 * @param filters structured filters (facet clicks, API parameters), on top of any typed in the
 *     query
 * @param page 1-based
 * @param size hits per page, 1 to {@link ArchiveSearch#MAX_PAGE_SIZE}
 * @param spelling whether a word no conversation contains may be searched as its correction
 */
public record SearchRequest(
    String query,
    Map<SearchFilter, List<String>> filters,
    Order order,
    int page,
    int size,
    Spelling spelling) {

  public enum Order {
    /** Best match first (BM25), newest first among equals. */
    RELEVANCE,
    /** Newest conversation first. */
    DATE,
    /**
     * Oldest conversation first, for exports in parts: a conversation's start never changes and new
     * ones come last, so the parts of one records request keep their place as messages arrive.
     */
    OLDEST
  }

  /**
   * What the search does with a word that no conversation contains but that is close to one that
   * some do. Either way "did you mean" is offered; only {@link #CORRECTED} searches the correction.
   */
  public enum Spelling {
    /**
     * The word is searched as its correction, and the results say so ({@link
     * SearchResults#searchedAs()}): what the archive page and the API do unless asked not to.
     */
    CORRECTED,
    /**
     * Every word exactly as typed: what an export does (a records request for "all messages
     * containing X" must never hold another word's messages), and what a person asks for when the
     * correction was not what they meant.
     */
    AS_TYPED
  }

  /** Spelling corrected, as the page and the API search by default. */
  public SearchRequest(
      String query, Map<SearchFilter, List<String>> filters, Order order, int page, int size) {
    this(query, filters, order, page, size, Spelling.CORRECTED);
  }

  public SearchRequest {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(spelling, "spelling");
    EnumMap<SearchFilter, List<String>> copy = new EnumMap<>(SearchFilter.class);
    if (filters != null) {
      filters.forEach((filter, values) -> copy.put(filter, List.copyOf(values)));
    }
    filters = Map.copyOf(copy);
  }

  /** The first page of 20 hits by relevance. */
  public static SearchRequest of(String query) {
    return new SearchRequest(query, Map.of(), Order.RELEVANCE, 1, 20);
  }

  public SearchRequest withFilter(SearchFilter filter, String... values) {
    EnumMap<SearchFilter, List<String>> copy = new EnumMap<>(SearchFilter.class);
    copy.putAll(filters);
    List<String> merged = new ArrayList<>(copy.getOrDefault(filter, List.of()));
    merged.addAll(List.of(values));
    copy.put(filter, merged);
    return new SearchRequest(query, copy, order, page, size, spelling);
  }

  public SearchRequest orderedBy(Order newOrder) {
    return new SearchRequest(query, filters, newOrder, page, size, spelling);
  }

  public SearchRequest page(int newPage, int newSize) {
    return new SearchRequest(query, filters, order, newPage, newSize, spelling);
  }

  public SearchRequest ordered(Order newOrder) {
    return new SearchRequest(query, filters, newOrder, page, size, spelling);
  }

  public SearchRequest spelled(Spelling newSpelling) {
    return new SearchRequest(query, filters, order, page, size, newSpelling);
  }

  /** The same search with other words, from its first page: a "did you mean" or its undoing. */
  public SearchRequest withQuery(String newQuery) {
    return new SearchRequest(newQuery, filters, order, 1, size, spelling);
  }
}
