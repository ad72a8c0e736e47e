package org.digitalbranch.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.digitalbranch.archive.ArchiveSearch;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.InvalidQuery;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.SearchFilter;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.archive.SearchRequest.Spelling;
import org.digitalbranch.archive.SearchResults;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Network;
import org.digitalbranch.queue.Topic;

/**
 * {@code /archive}: the search page. A plain GET form (query, filters as checkboxes with facet
 * counts, date range, sort) that works without JavaScript; {@code archive.js} adds suggestions as
 * you type. Snippets are plain text segments: the template marks the highlighted ones with {@code
 * <mark>} and escapes every one. A query the archive cannot answer is shown again with its message
 * and a 400.
 */
final class ArchivePage {

  /** The facet groups offered as checkboxes, in this order, with their headings. */
  private static final List<SearchFilter> FACET_FILTERS =
      List.of(
          SearchFilter.PLATFORM,
          SearchFilter.ACCOUNT,
          SearchFilter.KIND,
          SearchFilter.STATUS,
          SearchFilter.STAFF,
          SearchFilter.TOPIC);

  private final ArchiveReads reads;
  private final ArchiveViews views;

  ArchivePage(ArchiveReads reads, ArchiveViews views) {
    this.reads = reads;
    this.views = views;
  }

  void show(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    SearchRequest search;
    HttpProblem.BadRequest badParameter = null;
    try {
      search = ArchiveParams.search(exchange.request());
    } catch (HttpProblem.BadRequest refused) {
      // page=abc or sort=foo in a typed address: said on the archive page, with the words kept,
      // like any other refusal below, not on the bare error page.
      badParameter = refused;
      String words = exchange.request().getParameter("q");
      search = SearchRequest.of(words == null ? "" : words);
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("archiveUrl", exchange.url("archive"));
    scope.put("suggestUrl", exchange.url("api/archive/suggest"));
    scope.put("q", search.query());
    scope.put("from", first(search, SearchFilter.FROM));
    scope.put("to", first(search, SearchFilter.TO));
    scope.put("byDate", search.order() == SearchRequest.Order.DATE);
    // A search as typed stays one when a filter is applied from the form.
    scope.put("asTyped", search.spelling() == SearchRequest.Spelling.AS_TYPED);
    if (user.hasRole(Actor.ADMIN)) {
      scope.put("rebuildUrl", exchange.url("archive/rebuild"));
    }
    SearchResults results;
    try {
      // A misspelt filter in a bookmark or a typed address would widen the results, and the
      // export links below with them, without a word: the API's 400, said on the page.
      if (badParameter != null) {
        throw badParameter;
      }
      exchange.refuseUnknownParameters(ArchiveApi.SEARCH_PARAMETERS);
      results = farPastTheEnd(search, user);
      if (results == null) {
        results = reads.search(search, user);
      }
    } catch (HttpProblem.BadRequest | InvalidQuery refused) {
      String field = fieldAtFault(refused);
      scope.put("error", refused.getMessage());
      // The error is tied to the input it is about, and a refused filter value is offered
      // unticked, so that "Apply filters" does not send the same refusal again.
      scope.put("qInvalid", "q".equals(field));
      scope.put("fromInvalid", "from".equals(field));
      scope.put("toInvalid", "to".equals(field));
      // Every value the person may choose, from the whole archive they can read, so the fix is
      // a tick away; without counts, which would be the archive's and not this search's.
      List<Map<String, Object>> groups = facetGroups(search, everyValue(user), exchange);
      for (Map<String, Object> group : groups) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> options = (List<Map<String, Object>>) group.get("options");
        options.forEach(option -> option.remove("count"));
        if (group.get("name").equals(field)) {
          group.put("invalid", true);
          options.forEach(option -> option.put("checked", false));
        }
      }
      scope.put("facetGroups", groups);
      exchange.page(400, "Error: Archive", "archive", scope, List.of("archive.css", "archive.js"));
      return;
    }
    scope.put("facetGroups", facetGroups(search, results.facets(), exchange));
    List<Map<String, Object>> periods =
        periods(search, results.facets(), period -> pageUrl(exchange, period, 1));
    scope.put("periods", periods);
    scope.put("hasPeriods", !periods.isEmpty());
    scope.put("searched", true);
    scope.put("found", PageText.count(results.total(), "conversation"));
    // The words the hits are for: the correction's when the search used one, so that the
    // conversation marks, and an export holds, what the page shows rather than the typed word.
    String shownWords = results.searchedAs() != null ? results.searchedAs() : search.query();
    if (results.searchedAs() != null) {
      // Said before the count, which would otherwise read as the typed word's.
      scope.put("searchedAs", results.searchedAs());
      scope.put("notFound", quotedEither(results.replaced().keySet()));
      scope.put("asTypedUrl", pageUrl(exchange, search.spelled(Spelling.AS_TYPED), 1));
    }
    scope.put("empty", results.hits().isEmpty());
    scope.put("nothingArchived", results.total() == 0 && isUnfiltered(search));
    List<Map<String, Object>> hits = new ArrayList<>();
    for (SearchResults.Hit hit : results.hits()) {
      Map<String, Object> row = views.hit(hit);
      row.put("messagesText", PageText.count(hit.conversation().messages().size(), "message"));
      // The search goes along, so the conversation marks its words.
      String conversation =
          exchange.url("conversations/" + hit.conversation().id())
              + (shownWords == null || shownWords.isBlank()
                  ? ""
                  : "?q=" + URLEncoder.encode(shownWords, StandardCharsets.UTF_8));
      row.put(
          "url", row.get("id") == null ? conversation : conversation + "#message-" + row.get("id"));
      row.put("kindLabel", InboxPage.kindLabel(hit.conversation().kind()));
      row.put("startedLocal", views.local(hit.conversation().startedAt()));
      row.put("titleAuthor", ArchiveViews.titleAuthor(row));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> messages = (List<Map<String, Object>>) row.get("messages");
      for (Map<String, Object> message : messages) {
        message.put("atLocal", views.local(java.time.Instant.parse((String) message.get("at"))));
        // Set on every message, so none shows its hit's author in its place.
        message.put("shownAuthor", ArchiveViews.shownAuthor(message));
      }
      hits.add(row);
    }
    scope.put("hits", hits);
    if (results.didYouMean() != null && !results.didYouMean().equals(results.searchedAs())) {
      // Only offered: the corrected words with the same filters and order, from the first page.
      scope.put("didYouMean", results.didYouMean());
      scope.put("didYouMeanUrl", pageUrl(exchange, search.withQuery(results.didYouMean()), 1));
    }
    long pages = Math.max(1, (results.total() + search.size() - 1) / search.size());
    scope.put("page", search.page());
    scope.put("pages", pages);
    if (search.page() > 1) {
      // From a page past the end, "previous" is the last page that holds results.
      scope.put("previousUrl", pageUrl(exchange, search, (int) Math.min(search.page() - 1, pages)));
    }
    if (search.page() < pages && (long) (search.page() + 1) * search.size() <= 10_000) {
      scope.put("nextUrl", pageUrl(exchange, search, search.page() + 1));
    }
    // No empty "Result pages" landmark when there is one page only.
    scope.put("paging", scope.containsKey("previousUrl") || scope.containsKey("nextUrl"));
    if (ArchiveAccess.mayExport(user) && results.total() > 0) {
      // An export searches its words exactly as typed, so it is given the words shown.
      String params = ArchiveParams.queryString(search.withQuery(shownWords), 1, false);
      String export =
          exchange.url("api/archive/export") + "?" + (params.isEmpty() ? "" : params + "&");
      scope.put("exportJson", export + "format=json");
      scope.put("exportCsv", export + "format=csv");
      int most = org.digitalbranch.archive.ArchiveExport.MAX_CONVERSATIONS;
      int count = ArchiveReads.exportParts(results.total());
      if (count > 1) {
        // One link pair per thousand, as far as the search pages (its result window).
        long exportable =
            Math.min(results.total(), org.digitalbranch.archive.ArchiveSearch.MAX_RESULT_WINDOW);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int part = 1; part <= count; part++) {
          long first = (long) (part - 1) * most + 1;
          long last = Math.min((long) part * most, exportable);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("label", String.format(Locale.ROOT, "%,d to %,d", first, last));
          row.put("json", export + "part=" + part + "&format=json");
          row.put("csv", export + "part=" + part + "&format=csv");
          parts.add(row);
        }
        scope.put("exportParts", parts);
        scope.put("exportInParts", true);
        scope.put("exportTotal", String.format(Locale.ROOT, "%,d", results.total()));
        scope.put("exportBeyondWindow", results.total() > exportable);
      }
    }
    // Past the last page (an old link, a typed address): the results are there, only not here.
    scope.put(
        "lastPageUrl",
        results.hits().isEmpty() && results.total() > 0 && search.page() > pages
            ? pageUrl(exchange, search, (int) Math.min(pages, Integer.MAX_VALUE))
            : null);
    exchange.page(
        title(search.query(), search.page(), pages),
        "archive",
        scope,
        List.of("archive.css", "archive.js"));
  }

  /**
   * A page beyond what the search can page through (a typed address, page=99999) when the results
   * end well before it: answered as any page past the end, with a link to the last one, rather than
   * "only the first 10,000 hits can be paged through" for a search with 213 of them. Null when the
   * page is within reach, or the results really go that far (the search then says so).
   */
  private SearchResults farPastTheEnd(SearchRequest search, IntranetUser user) throws InvalidQuery {
    if ((long) search.page() * search.size() <= ArchiveSearch.MAX_RESULT_WINDOW) {
      return null;
    }
    SearchResults first = reads.search(search.page(1, search.size()), user);
    if (first.total() >= ArchiveSearch.MAX_RESULT_WINDOW) {
      return null;
    }
    return new SearchResults(
        first.total(),
        search.page(),
        search.size(),
        List.of(),
        first.facets(),
        first.didYouMean(),
        first.searchedAs(),
        first.replaced());
  }

  /** Characters of the query a tab's title shows. */
  private static final int TITLE_QUERY_LIMIT = 40;

  /**
   * The tab says what was searched and where in the results, so tabs and history tell searches
   * apart: "Archive: “renew a book”, page 2 of 14". Control characters are left out of it.
   */
  static String title(String query, int page, long pages) {
    String words = query == null ? "" : query.replaceAll("\\p{Cc}+", " ").strip();
    return "Archive"
        + (words.isEmpty() ? "" : ": “" + PageText.shortened(words, TITLE_QUERY_LIMIT) + "”")
        + (page > 1 ? ", page " + page + " of " + pages : "");
  }

  /** The words in quotes: “hate”, or “hate” or “kill”. */
  static String quotedEither(Collection<String> words) {
    return words.stream().map(word -> "“" + word + "”").collect(Collectors.joining(" or "));
  }

  private static boolean isUnfiltered(SearchRequest search) {
    return (search.query() == null || search.query().isBlank()) && search.filters().isEmpty();
  }

  private static String first(SearchRequest search, SearchFilter filter) {
    List<String> values = search.filters().getOrDefault(filter, List.of());
    return values.isEmpty() ? null : values.get(0);
  }

  private static String pageUrl(Exchange exchange, SearchRequest search, int page) {
    String query = ArchiveParams.queryString(search, page, true);
    return exchange.url("archive") + (query.isEmpty() ? "" : "?" + query);
  }

  /** The facet values of everything the user may read: what the filters can offer at all. */
  private Map<String, List<SearchResults.FacetCount>> everyValue(IntranetUser user) {
    try {
      return reads.search(SearchRequest.of("").page(1, 1), user).facets();
    } catch (InvalidQuery impossible) {
      throw new IllegalStateException("an empty search is always valid", impossible);
    }
  }

  /**
   * The parameter a refusal is about: the one a 400 names, else the one the search's message starts
   * with; an unknown parameter's name, which no input of the page has, is returned as well.
   */
  private static String fieldAtFault(Exception refused) {
    if (refused instanceof HttpProblem.BadRequest bad && bad.extras().get("field") != null) {
      return String.valueOf(bad.extras().get("field"));
    }
    return ArchiveProblems.fieldOf(refused.getMessage());
  }

  private static List<Map<String, Object>> facetGroups(
      SearchRequest search, Map<String, List<SearchResults.FacetCount>> facets, Exchange exchange) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (SearchFilter filter : FACET_FILTERS) {
      String name = filter.parameter();
      List<String> selected = search.filters().getOrDefault(filter, List.of());
      List<Map<String, Object>> options = new ArrayList<>();
      List<String> shown = new ArrayList<>();
      int index = 0;
      for (SearchResults.FacetCount count : facets.getOrDefault(name, List.of())) {
        options.add(option(name, index++, count.value(), count.count(), selected, exchange));
        shown.add(count.value());
      }
      // A chosen value with no hits stays on the page, so it can be unchosen.
      for (String value : selected) {
        if (!shown.contains(value)) {
          options.add(option(name, index++, value, 0, selected, exchange));
        }
      }
      if (options.isEmpty()) {
        continue;
      }
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("name", name);
      group.put("legend", legend(filter));
      group.put("options", options);
      groups.add(group);
    }
    return groups;
  }

  static final int MONTHS_SHOWN = 12;

  private static final DateTimeFormatter MONTH_LABEL =
      DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

  /**
   * The result's months, newest first (the latest {@value #MONTHS_SHOWN}), and its years when it
   * spans more than one: each with its count and a link to the same search with the dates set to
   * it. The year and month facets counted them; the links let a records officer go from "how many,
   * when" to the conversations of that month in one step, where the date fields need typing.
   */
  static List<Map<String, Object>> periods(
      SearchRequest search,
      Map<String, List<SearchResults.FacetCount>> facets,
      Function<SearchRequest, String> url) {
    List<SearchResults.FacetCount> months = newestFirst(facets, "month", "\\d{4}-\\d{2}");
    List<SearchResults.FacetCount> years = newestFirst(facets, "year", "\\d{4}");
    List<Map<String, Object>> periods = new ArrayList<>();
    for (SearchResults.FacetCount count :
        months.subList(0, Math.min(MONTHS_SHOWN, months.size()))) {
      YearMonth month = YearMonth.parse(count.value());
      String label = MONTH_LABEL.format(month);
      addPeriod(periods, search, month.atDay(1), month.atEndOfMonth(), label, count, url);
    }
    for (SearchResults.FacetCount count :
        years.size() > 1 ? years : List.<SearchResults.FacetCount>of()) {
      Year year = Year.parse(count.value());
      LocalDate end = year.atMonth(12).atEndOfMonth();
      addPeriod(periods, search, year.atDay(1), end, count.value(), count, url);
    }
    return periods;
  }

  private static LocalDate later(LocalDate day, String chosen) {
    LocalDate other = day(chosen);
    return other != null && other.isAfter(day) ? other : day;
  }

  private static LocalDate earlier(LocalDate day, String chosen) {
    LocalDate other = day(chosen);
    return other != null && other.isBefore(day) ? other : day;
  }

  /** A chosen date; null when none was (a bad one never gets this far: the search was a 400). */
  private static LocalDate day(String chosen) {
    return chosen == null ? null : LocalDate.parse(chosen.strip());
  }

  /** A date facet's values in the form its dimension writes them, newest first. */
  private static List<SearchResults.FacetCount> newestFirst(
      Map<String, List<SearchResults.FacetCount>> facets, String dimension, String form) {
    return facets.getOrDefault(dimension, List.of()).stream()
        .filter(c -> c.value().matches(form))
        .sorted(Comparator.comparing(SearchResults.FacetCount::value).reversed())
        .toList();
  }

  /** The period's link and count, unless it lies wholly outside the dates already chosen. */
  private static void addPeriod(
      List<Map<String, Object>> periods,
      SearchRequest search,
      LocalDate from,
      LocalDate to,
      String label,
      SearchResults.FacetCount count,
      Function<SearchRequest, String> url) {
    // Within dates already chosen, the period's count is of its part inside them: so is the link.
    LocalDate start = later(from, first(search, SearchFilter.FROM));
    LocalDate end = earlier(to, first(search, SearchFilter.TO));
    if (start.isAfter(end)) {
      return;
    }
    Map<SearchFilter, List<String>> filters = new EnumMap<>(SearchFilter.class);
    filters.putAll(search.filters());
    filters.put(SearchFilter.FROM, List.of(start.toString()));
    filters.put(SearchFilter.TO, List.of(end.toString()));
    Map<String, Object> period = new LinkedHashMap<>();
    period.put("label", label);
    period.put("count", PageText.number(count.count()));
    period.put(
        "url",
        url.apply(
            new SearchRequest(
                search.query(), filters, search.order(), 1, search.size(), search.spelling())));
    period.put("current", filters.equals(search.filters()));
    periods.add(period);
  }

  private static Map<String, Object> option(
      String name, int index, String value, int count, List<String> selected, Exchange exchange) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("inputId", "facet-" + name + "-" + index);
    option.put("name", name);
    option.put("value", value);
    option.put("label", label(name, value, exchange));
    option.put("count", PageText.number(count));
    // Said after the figure to a screen reader, which reads "(27)" as a bare number.
    option.put("countUnit", count == 1 ? " conversation" : " conversations");
    option.put("checked", selected.stream().anyMatch(s -> s.equalsIgnoreCase(value)));
    return option;
  }

  /**
   * The name a value goes by on the other pages (compose's "X", "Readers' advisory", the inbox's
   * "Unanswered"); the value the filter sends stays the identifier. A value the plugin does not
   * know (an old index's, or one typed into the address) is shown as it is.
   */
  private static String label(String name, String value, Exchange exchange) {
    if (name.equals(SearchFilter.PLATFORM.parameter())) {
      return Arrays.stream(Network.values())
          .filter(network -> network.id().equals(value))
          .findFirst()
          .map(PageText::network)
          .orElse(value);
    }
    if (name.equals(SearchFilter.TOPIC.parameter())) {
      return Arrays.stream(Topic.values())
          .filter(topic -> topic.id().equals(value))
          .findFirst()
          .map(PageText::topic)
          .orElse(value);
    }
    if (name.equals(SearchFilter.STATUS.parameter())) {
      return ConversationStatus.fromWireName(value).map(InboxPage::statusLabel).orElse(value);
    }
    if (name.equals("kind")) {
      return MessageKind.fromWireName(value).map(InboxPage::kindLabel).orElse(value);
    }
    if (name.equals(SearchFilter.STAFF.parameter())) {
      // A colleague by the name they go by; the value sent stays the sign-in name.
      return exchange.shownName(value);
    }
    return value;
  }

  private static String legend(SearchFilter filter) {
    return switch (filter) {
      case PLATFORM -> "Platform";
      case ACCOUNT -> "Account";
      case KIND -> "Started by";
      case STATUS -> "Status";
      case STAFF -> "Answered by";
      case TOPIC -> "Topic";
      default -> filter.parameter().toUpperCase(Locale.ROOT);
    };
  }
}
