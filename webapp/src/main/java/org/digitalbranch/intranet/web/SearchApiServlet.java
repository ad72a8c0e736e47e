package org.digitalbranch.intranet.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.search.FederatedSearch;
import org.digitalbranch.intranet.search.SearchGroup;

/**
 * {@code GET /api/search?q=}: the search page as JSON, {@code {"query", "groups": [{"plugin",
 * "title", "failed", "hits": [{"title", "snippet", "url", "score"}]}]}}.
 */
public final class SearchApiServlet extends HostServlet {

  private final FederatedSearch search;
  private final ObjectMapper json;

  public SearchApiServlet(FederatedSearch search, ObjectMapper json) {
    super("GET", "HEAD");
    this.search = search;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IntranetUser user = SessionUserFilter.userOf(request).orElseThrow();
    String query = FederatedSearch.clean(request.getParameter("q"));
    List<SearchGroup> groups = search.search(query, user);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("groups", groups);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    json.writeValue(response.getOutputStream(), body);
  }
}
