package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.digitalbranch.archive.SearchFilter;
import org.digitalbranch.archive.SearchRequest;

/**
 * Reads a search from query parameters, the same for the API, the archive page and the export:
 * {@code q}, each filter ({@code platform, account, kind, status, staff, topic}, repeatable; {@code
 * from, to} as dates), {@code sort=relevance|date}, {@code page}, {@code size}, {@code
 * spell=on|off} (off: every word as typed, no correction searched). Blank values are ignored (an
 * HTML form sends every field); anything else wrong is a 400 naming the parameter.
 */
final class ArchiveParams {

  static final int DEFAULT_SIZE = 20;

  private ArchiveParams() {}

  static SearchRequest search(HttpServletRequest request) {
    return search(request, DEFAULT_SIZE);
  }

  static SearchRequest search(HttpServletRequest request, int defaultSize) {
    Map<SearchFilter, List<String>> filters = new EnumMap<>(SearchFilter.class);
    for (SearchFilter filter : SearchFilter.values()) {
      List<String> values = values(request, filter.parameter());
      if (!values.isEmpty()) {
        filters.put(filter, values);
      }
    }
    return new SearchRequest(
        query(request),
        filters,
        order(single(request, "sort")),
        number(request, "page", 1),
        number(request, "size", defaultSize),
        spelling(request));
  }

  private static SearchRequest.Spelling spelling(HttpServletRequest request) {
    String spell = single(request, "spell");
    if (spell == null) {
      return SearchRequest.Spelling.CORRECTED;
    }
    return switch (spell.toLowerCase(Locale.ROOT)) {
      case "on" -> SearchRequest.Spelling.CORRECTED;
      case "off" -> SearchRequest.Spelling.AS_TYPED;
      default ->
          throw new HttpProblem.BadRequest(
              "spell", "spell: use off to search the words as typed, or on (the default)");
    };
  }

  /**
   * The query as typed, spaces kept. Given twice ({@code q=&q=hold}), it is refused rather than one
   * of them taken: an export that took the first, empty one held the whole archive where the person
   * asked for 624 conversations.
   */
  private static String query(HttpServletRequest request) {
    String[] given = request.getParameterValues("q");
    if (given != null && given.length > 1) {
      throw new HttpProblem.BadRequest("q", "q: give one value, not " + given.length);
    }
    return given == null ? null : given[0];
  }

  /** The non-blank values of a parameter, in the order given. */
  static List<String> values(HttpServletRequest request, String name) {
    String[] given = request.getParameterValues(name);
    List<String> values = new ArrayList<>();
    if (given != null) {
      for (String value : given) {
        if (value != null && !value.isBlank()) {
          values.add(value.strip());
        }
      }
    }
    return values;
  }

  static String single(HttpServletRequest request, String name) {
    List<String> values = values(request, name);
    if (values.size() > 1) {
      throw new HttpProblem.BadRequest(name, name + ": give one value, not " + values.size());
    }
    return values.isEmpty() ? null : values.get(0);
  }

  static int number(HttpServletRequest request, String name, int fallback) {
    String value = single(request, name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new HttpProblem.BadRequest(name, name + ": expected a whole number");
    }
  }

  private static SearchRequest.Order order(String sort) {
    if (sort == null || sort.isBlank()) {
      return SearchRequest.Order.RELEVANCE;
    }
    return switch (sort.strip().toLowerCase(Locale.ROOT)) {
      case "relevance" -> SearchRequest.Order.RELEVANCE;
      case "date" -> SearchRequest.Order.DATE;
      default -> throw new HttpProblem.BadRequest("sort", "sort: use relevance or date");
    };
  }

  /** The search as query parameters, for links to other pages of it, an export or the API. */
  static String queryString(SearchRequest search, int page, boolean withPaging) {
    StringBuilder query = new StringBuilder();
    if (search.query() != null && !search.query().isBlank()) {
      append(query, "q", search.query());
    }
    // In the filters' own order, so the same search always has the same address.
    for (SearchFilter filter : SearchFilter.values()) {
      for (String value : search.filters().getOrDefault(filter, List.of())) {
        append(query, filter.parameter(), value);
      }
    }
    if (search.order() != SearchRequest.Order.RELEVANCE) {
      append(query, "sort", search.order().name().toLowerCase(Locale.ROOT));
    }
    // Kept on every link of a search as typed: its next page must not turn into the correction's.
    if (search.spelling() == SearchRequest.Spelling.AS_TYPED) {
      append(query, "spell", "off");
    }
    if (withPaging) {
      if (page != 1) {
        append(query, "page", Integer.toString(page));
      }
      if (search.size() != DEFAULT_SIZE) {
        append(query, "size", Integer.toString(search.size()));
      }
    }
    return query.toString();
  }

  static void append(StringBuilder query, String name, String value) {
    if (!query.isEmpty()) {
      query.append('&');
    }
    query
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
