package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's JSON API (documented in {@code docs/api.md}, "Archive"): search, suggestions, the
 * inbox, threads, similar conversations, closing, exports, and the index rebuild.
 */
final class ArchiveApi {

  private static final Logger log = LoggerFactory.getLogger(ArchiveApi.class);

  /** Characters of the search in an export's file name: enough to recognise it, no more. */
  private static final int SEARCH_IN_NAME = 40;

  private final ArchiveRuntime archive;
  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final Clock clock;

  ArchiveApi(ArchiveRuntime archive, ArchiveReads reads, ArchiveViews views, Clock clock) {
    this.archive = archive;
    this.reads = reads;
    this.views = views;
    this.clock = clock;
  }

  /** What each endpoint reads from the query string: anything else is a 400 naming it. */
  static final Set<String> SEARCH_PARAMETERS = withFilters("q", "sort", "page", "size", "spell");

  private static final Set<String> EXPORT_PARAMETERS =
      withFilters("q", "sort", "format", "part", "spell");
  private static final Set<String> INBOX_PARAMETERS =
      Set.of("status", "account", "kind", "order", "limit", "offset");

  private static Set<String> withFilters(String... others) {
    Set<String> names = new java.util.HashSet<>(Set.of(others));
    for (org.digitalbranch.archive.SearchFilter filter :
        org.digitalbranch.archive.SearchFilter.values()) {
      names.add(filter.parameter());
    }
    return Set.copyOf(names);
  }

  Router routes(Router api) {
    return api.get("archive/search", this::search)
        .get("archive/suggest", this::suggest)
        .get("archive/export", this::exportSearch)
        .get("archive/rebuild", this::rebuildStatus)
        .post("archive/rebuild", this::rebuild)
        .get("conversations", this::inbox)
        .get("conversations/{id}", this::thread)
        .get("conversations/{id}/similar", this::similar)
        .get("conversations/{id}/export", this::exportThread)
        .post("conversations/{id}/close", this::close)
        .post("conversations/{id}/reopen", this::reopen);
  }

  void search(Exchange exchange) throws Exception {
    exchange.refuseUnknownParameters(SEARCH_PARAMETERS);
    IntranetUser user = exchange.user();
    exchange.json(200, views.results(reads.search(ArchiveParams.search(exchange.request()), user)));
  }

  void suggest(Exchange exchange) throws IOException {
    exchange.refuseUnknownParameters(Set.of("q"));
    IntranetUser user = exchange.user();
    String prefix = ArchiveParams.single(exchange.request(), "q");
    exchange.json(200, prefix == null ? List.of() : reads.suggest(prefix, user));
  }

  void inbox(Exchange exchange) throws IOException {
    exchange.refuseUnknownParameters(INBOX_PARAMETERS);
    IntranetUser user = exchange.user();
    InboxFilter filter = inboxFilter(exchange.request(), reads.inboxFilter(user));
    List<Map<String, Object>> conversations = new ArrayList<>();
    for (InboxEntry entry : reads.inbox(filter)) {
      conversations.add(views.inboxEntry(entry));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("conversations", conversations);
    body.put("limit", filter.limit());
    body.put("offset", filter.offset());
    body.put("unanswered", reads.unansweredCounts(user));
    exchange.json(200, body);
  }

  /**
   * The inbox's filters from {@code status, account, kind, limit, offset}; 400 naming the field.
   */
  static InboxFilter inboxFilter(HttpServletRequest request, InboxFilter visible) {
    InboxFilter filter = visible;
    String status = ArchiveParams.single(request, "status");
    if (status != null) {
      filter =
          filter.withStatus(
              ConversationStatus.fromWireName(status.toLowerCase(Locale.ROOT))
                  .orElseThrow(
                      () ->
                          new HttpProblem.BadRequest(
                              "status", "status: use unanswered, answered or closed")));
    }
    String kind = ArchiveParams.single(request, "kind");
    if (kind != null) {
      filter =
          filter.withKind(
              MessageKind.fromWireName(kind.toLowerCase(Locale.ROOT))
                  .orElseThrow(
                      () ->
                          new HttpProblem.BadRequest(
                              "kind", "kind: use comment, reply, mention or direct_message")));
    }
    filter = filter.withAccount(ArchiveParams.single(request, "account"));
    String order = ArchiveParams.single(request, "order");
    if (order != null) {
      filter =
          filter.ordered(
              switch (order.toLowerCase(Locale.ROOT)) {
                case "waiting" -> InboxFilter.Order.LONGEST_WAITING;
                case "newest" -> InboxFilter.Order.NEWEST;
                default ->
                    throw new HttpProblem.BadRequest("order", "order: use waiting or newest");
              });
    }
    return filter.page(
        ArchiveParams.number(request, "limit", filter.limit()),
        ArchiveParams.number(request, "offset", 0));
  }

  void thread(Exchange exchange) throws IOException {
    exchange.refuseUnknownParameters(Set.of());
    ConversationThread thread = reads.thread(exchange.pathParameter("id"), exchange.user());
    exchange.json(200, views.thread(thread));
  }

  void similar(Exchange exchange) throws IOException {
    exchange.refuseUnknownParameters(Set.of());
    List<Map<String, Object>> similar = new ArrayList<>();
    reads
        .similar(exchange.pathParameter("id"), exchange.user())
        .forEach(s -> similar.add(views.similar(s)));
    exchange.json(200, similar);
  }

  void close(Exchange exchange) throws IOException {
    exchange.json(
        200,
        views.thread(
            ConversationPage.setStatus(
                    exchange, reads, archive, (id, by) -> archive.store().close(id, by))
                .now()));
  }

  void reopen(Exchange exchange) throws IOException {
    exchange.json(
        200,
        views.thread(
            ConversationPage.setStatus(
                    exchange, reads, archive, (id, by) -> archive.store().reopen(id, by))
                .now()));
  }

  /**
   * A search's result, 1,000 conversations per part ({@code part=2} for the next thousand). The
   * file says which search and which part it holds: the JSON in its {@code search} object, the CSV
   * (which has no room for it) in its name and the response's headers.
   */
  void exportSearch(Exchange exchange) throws Exception {
    exchange.refuseUnknownParameters(EXPORT_PARAMETERS);
    IntranetUser user = exchange.user();
    ArchiveAccess.requireExporter(user);
    String format = format(exchange.request());
    SearchRequest search = ArchiveParams.search(exchange.request());
    if ("on".equalsIgnoreCase(ArchiveParams.single(exchange.request(), "spell"))) {
      // Said, not ignored: whoever asked for corrections would otherwise take the file for them.
      throw new HttpProblem.BadRequest(
          "spell",
          "spell: an export searches the words exactly as typed; to export a correction, search"
              + " for it");
    }
    ArchiveReads.ExportPart part =
        reads.exportPart(search, user, ArchiveParams.number(exchange.request(), "part", 1));
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("q", search.query());
    // Only an offer: the export searched q exactly as typed (see ArchiveReads.exportPart).
    about.put("didYouMean", part.didYouMean());
    Map<String, List<String>> filters = new LinkedHashMap<>();
    search.filters().forEach((filter, values) -> filters.put(filter.parameter(), values));
    about.put("filters", filters);
    // The file's own order, whatever sort the page had: see ArchiveReads.exportPart.
    about.put("order", "oldest");
    about.put("total", part.total());
    about.put("part", part.part());
    about.put("parts", part.parts());
    about.put("first", part.first());
    about.put("last", part.last());
    HttpServletResponse response = exchange.response();
    response.setHeader("X-Archive-Total", Long.toString(part.total()));
    response.setHeader("X-Archive-Part", part.part() + " of " + part.parts());
    String name =
        "archive-search-"
            + searchedFor(search)
            + views.today(clock)
            + (part.parts() > 1 ? "-part-" + part.part() + "-of-" + part.parts() : "");
    export(
        exchange,
        part.ids(),
        format,
        name,
        about,
        "from a search, part " + part.part() + " of " + part.parts());
  }

  void exportThread(Exchange exchange) throws IOException {
    exchange.refuseUnknownParameters(Set.of("format"));
    IntranetUser user = exchange.user();
    ArchiveAccess.requireExporter(user);
    String format = format(exchange.request());
    String id = reads.thread(exchange.pathParameter("id"), user).id();
    export(exchange, List.of(id), format, "conversation-" + safeName(id), null, "thread " + id);
  }

  private void export(
      Exchange exchange,
      List<String> ids,
      String format,
      String name,
      Map<String, Object> search,
      String which)
      throws IOException {
    IntranetUser user = exchange.user();
    // Built before the response starts, so a refusal is still a clean problem response.
    String document =
        format.equals("csv")
            ? archive.export().csv(ids)
            : archive.export().json(ids, user.name(), search);
    HttpServletResponse response = exchange.response();
    response.setStatus(200);
    response.setCharacterEncoding("UTF-8");
    response.setContentType(
        format.equals("csv") ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
    Writer out = response.getWriter();
    if (format.equals("csv")) {
      // A byte-order mark makes spreadsheets read the file as UTF-8 rather than the local code
      // page.
      out.write('\uFEFF');
    }
    out.write(document);
    out.flush();
    // A records request is itself on the record; the search words are not (they name people).
    log.info("{} exported {} conversation(s) {} as {}", user.name(), ids.size(), which, format);
  }

  private static String format(HttpServletRequest request) {
    String format = ArchiveParams.single(request, "format");
    if (format == null) {
      return "json";
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "json" -> "json";
      case "csv" -> "csv";
      default -> throw new HttpProblem.BadRequest("format", "format: use json or csv");
    };
  }

  /**
   * The search's words and filter values as a short part of the file's name ("hold-mastodon-"), so
   * that two exports made for one records request can be told apart; empty for none.
   */
  static String searchedFor(SearchRequest search) {
    StringBuilder words = new StringBuilder(search.query() == null ? "" : search.query());
    search.filters().values().forEach(values -> values.forEach(v -> words.append(' ').append(v)));
    String slug =
        Normalizer.normalize(words, Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (slug.length() > SEARCH_IN_NAME) {
      // Cut at a word's end: a word cut through is dropped, a whole one kept.
      boolean atWordEnd = slug.charAt(SEARCH_IN_NAME) == '-';
      slug = slug.substring(0, SEARCH_IN_NAME);
      slug = (atWordEnd ? slug : slug.replaceAll("[^-]*$", "")).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "" : slug + "-";
  }

  private static String safeName(String id) {
    return id.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  void rebuildStatus(Exchange exchange) throws IOException {
    ArchiveAccess.requireAdmin(exchange.user());
    exchange.json(200, rebuildView(archive.rebuildStatus()));
  }

  void rebuild(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    ArchiveAccess.requireAdmin(user);
    exchange.json(202, rebuildView(archive.startRebuild(user.name())));
  }

  static Map<String, Object> rebuildView(ArchiveRuntime.RebuildStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", status.state());
    body.put("running", status.running());
    body.put("done", status.done());
    body.put("total", status.total());
    body.put("startedBy", status.startedBy());
    body.put("startedAt", ArchiveViews.iso(status.startedAt()));
    body.put("finishedAt", ArchiveViews.iso(status.finishedAt()));
    body.put("error", status.error());
    return body;
  }
}
