package org.digitalbranch.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * host escapes them), a link to the conversation page, and a last link to all of them on the
 * archive page when there are more. Direct messages only of the user's teams, as everywhere. Never
 * throws: a query the archive cannot run gives one link, to the archive page, which says why.
 *
 * <p>The words are searched exactly as typed: the host lists the hits under "Results for" the typed
 * words and has no place to say they were another word's, so a spelling correction is never
 * searched here. When nothing matches and the archive has a correction to offer, the one hit is a
 * link to the archive page searching the correction, saying so.
 */
public final class ArchiveSearchProvider implements SearchProvider {

  private static final Logger log = LoggerFactory.getLogger(ArchiveSearchProvider.class);

  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final String conversationsPath;
  private final String archivePath;

  /**
   * @param conversationsPath the conversation pages' path, e.g. {@code
   *     /digital-branch/conversations/}
   * @param archivePath the archive page's path, e.g. {@code /digital-branch/archive}
   */
  ArchiveSearchProvider(
      ArchiveReads reads, ArchiveViews views, String conversationsPath, String archivePath) {
    this.reads = reads;
    this.views = views;
    this.conversationsPath = conversationsPath;
    this.archivePath = archivePath;
  }

  private String archiveSearch(String query) {
    return archivePath + "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
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
    if (ArchiveSearch.nothingToSearch(query)) {
      // "?" is refused by the archive; "no results" would read as if it had been searched.
      return List.of(
          new SearchHit(
              "Nothing to search for in “" + query.strip() + "”",
              "The archive looks for words and emoji, and this holds neither. Type a word, or"
                  + " open the archive to list conversations by platform, account, status or"
                  + " date.",
              archivePath,
              0));
    }
    try {
      SearchResults results =
          reads.search(
              SearchRequest.of(query)
                  .page(1, Math.min(limit, ArchiveSearch.MAX_PAGE_SIZE))
                  .spelled(SearchRequest.Spelling.AS_TYPED),
              user);
      if (results.total() == 0 && results.didYouMean() != null) {
        return List.of(
            new SearchHit(
                "Did you mean “" + results.didYouMean() + "”?",
                "Nothing in the archive matches “"
                    + query.strip()
                    + "” as typed; this opens the archive's search for “"
                    + results.didYouMean()
                    + "”.",
                archiveSearch(results.didYouMean()),
                0));
      }
      // The host shows at most limit hits: when there are more, the last place is the link.
      boolean more = results.total() > limit;
      List<SearchResults.Hit> shown =
          more
              ? results.hits().subList(0, Math.min(results.hits().size(), limit - 1))
              : results.hits();
      List<SearchHit> hits = new ArrayList<>();
      for (SearchResults.Hit hit : shown) {
        Map<String, Object> view = views.hit(hit);
        String with = ArchiveViews.titleAuthor(view);
        String title =
            ("Conversation".equals(with) ? with : "Conversation with " + with)
                + " on "
                + hit.conversation().account()
                + " ("
                + hit.conversation().platform()
                + ", "
                + hit.conversation().status().wireName()
                + ")";
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) view.get("messages");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> snippet = (List<Map<String, Object>>) view.get("snippet");
        String text =
            snippet.stream().map(s -> (String) s.get("text")).collect(Collectors.joining());
        // Who wrote the words shown: the matching message may be the library's own post, and
        // under the patron's name in the title it read as theirs.
        if (!messages.isEmpty() && !text.isEmpty()) {
          Map<String, Object> best = messages.get(0);
          text =
              (Boolean.TRUE.equals(best.get("staff")) ? "Library" : ArchiveViews.shownAuthor(best))
                  + ": "
                  + text;
        }
        hits.add(
            new SearchHit(title, text, conversationsPath + hit.conversation().id(), hit.score()));
      }
      if (more) {
        // Last (no hit scores below zero): where the rest are, with the archive's filters.
        hits.add(
            new SearchHit(
                "All " + results.total() + " matching conversations in the archive",
                "Filter them by platform, account, kind, status, staff member, topic and date.",
                archiveSearch(query),
                -1));
      }
      return hits;
    } catch (InvalidQuery unanswerable) {
      // The box cannot show the reason beside a result list, so the archive page says it.
      return List.of(
          new SearchHit(
              "Open this search in the archive",
              "The archive cannot run it as written: " + unanswerable.getMessage(),
              archiveSearch(query),
              0));
    } catch (RuntimeException e) {
      // The query is not logged: people type names into search boxes.
      log.error("archive search for the global search box failed", e);
      return List.of();
    }
  }
}
