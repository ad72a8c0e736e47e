package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.chrome.Templates;
import org.digitalbranch.intranet.search.FederatedSearch;
import org.digitalbranch.intranet.search.SearchGroup;

/** {@code GET /search?q=}: every plugin's results, grouped by plugin. */
public final class SearchPageServlet extends HostServlet {

  /** A hit as the page shows it; a URL that leaves the intranet is not made a link. */
  public record ShownHit(String title, String snippet, String url) {}

  /** A group as the page shows it; {@code index} gives each heading a unique id. */
  public record ShownGroup(
      int index, String title, boolean failed, List<ShownHit> hits, boolean hasHits) {}

  private final FederatedSearch search;
  private final Templates templates;
  private final Chrome chrome;

  public SearchPageServlet(FederatedSearch search, Templates templates, Chrome chrome) {
    super("GET", "HEAD");
    this.search = search;
    this.templates = templates;
    this.chrome = chrome;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IntranetUser user = SessionUserFilter.userOf(request).orElseThrow();
    String query = FederatedSearch.clean(request.getParameter("q"));
    List<ShownGroup> shown = new ArrayList<>();
    for (SearchGroup group : search.search(query, user)) {
      List<ShownHit> hits =
          group.hits().stream()
              .map(
                  hit ->
                      new ShownHit(
                          hit.title(),
                          hit.snippet(),
                          HostPaths.isSafeNext(hit.url()) ? hit.url() : null))
              .toList();
      shown.add(
          new ShownGroup(shown.size() + 1, group.title(), group.failed(), hits, !hits.isEmpty()));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("query", query.isEmpty() ? null : query);
    String typed = request.getParameter("q");
    model.put(
        "shortened",
        typed != null && typed.strip().length() > FederatedSearch.LONGEST_QUERY
            ? FederatedSearch.LONGEST_QUERY
            : null);
    model.put("groups", shown);
    String body = templates.render("search", model);
    String title = query.isEmpty() ? "Search" : "Search: " + query;
    HtmlResponses.send(
        response, HttpServletResponse.SC_OK, chrome.render(request, Chrome.Page.of(title, body)));
  }
}
