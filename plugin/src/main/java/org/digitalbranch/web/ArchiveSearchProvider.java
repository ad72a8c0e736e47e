package org.digitalbranch.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.digitalbranch.archive.ArchiveSearch;
import org.digitalbranch.archive.InvalidQuery;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.archive.SearchResults;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.SearchProvider;
import org.digitalbranch.queue.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's top hits for the intranet's global search box: title and snippet as plain text (the
 * host escapes them), a link to the conversation page. Direct messages only of the user's teams, as
 * everywhere. Never throws: a query the archive cannot answer gives no hits.
 */
public final class ArchiveSearchProvider implements SearchProvider {

  private static final Logger log = LoggerFactory.getLogger(ArchiveSearchProvider.class);

  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final String conversationsPath;

  /**
   * @param conversationsPath the conversation pages' path, e.g. {@code
   *     /digital-branch/conversations/}
   */
  ArchiveSearchProvider(ArchiveReads reads, ArchiveViews views, String conversationsPath) {
    this.reads = reads;
    this.views = views;
    this.conversationsPath = conversationsPath;
  }

  @Override
  public List<SearchHit> search(String query, IntranetUser user, int limit) {
    if (query == null || query.isBlank() || user == null || limit < 1) {
      return List.of();
    }
    if (!(user.hasRole(Actor.STAFF)
        || user.hasRole(Actor.MODERATOR)
        || user.hasRole(Actor.ADMIN))) {
      return List.of();
    }
    try {
      SearchResults results =
          reads.search(
              SearchRequest.of(query).page(1, Math.min(limit, ArchiveSearch.MAX_PAGE_SIZE)), user);
      List<SearchHit> hits = new ArrayList<>();
      for (SearchResults.Hit hit : results.hits()) {
        Map<String, Object> view = views.hit(hit);
        String title =
            ArchiveViews.titleAuthor(view)
                + " on "
                + hit.conversation().account()
                + " ("
                + hit.conversation().platform()
                + ", "
                + hit.conversation().status().wireName()
                + ")";
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> snippet = (List<Map<String, Object>>) view.get("snippet");
        String text =
            snippet.stream().map(s -> (String) s.get("text")).collect(Collectors.joining());
        hits.add(
            new SearchHit(title, text, conversationsPath + hit.conversation().id(), hit.score()));
      }
      return hits;
    } catch (InvalidQuery unanswerable) {
      return List.of();
    } catch (RuntimeException e) {
      // The query is not logged: people type names into search boxes.
      log.error("archive search for the global search box failed", e);
      return List.of();
    }
  }
}
