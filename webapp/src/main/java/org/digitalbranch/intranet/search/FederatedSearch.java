package org.digitalbranch.intranet.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.SearchProvider;
import org.digitalbranch.descriptor.spi.SearchProvider.SearchHit;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.digitalbranch.intranet.plugins.RunningPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global search box: asks every running plugin's search provider and groups the answers by
 * plugin. One failing provider costs only its own group.
 */
public final class FederatedSearch {

  public static final int HITS_PER_PLUGIN = 10;

  /** Longer queries are cut: nobody types more, and providers need not cope with megabytes. */
  public static final int LONGEST_QUERY = 500;

  private static final Logger LOG = LoggerFactory.getLogger(FederatedSearch.class);

  private final PluginRuntime plugins;

  public FederatedSearch(PluginRuntime plugins) {
    this.plugins = plugins;
  }

  /**
   * Groups in plugin start order, for the plugins that offer search and whose roles the user holds
   * at least one of. A blank query asks nobody.
   */
  public List<SearchGroup> search(String query, IntranetUser user) {
    String cleaned = clean(query);
    if (cleaned.isEmpty()) {
      return List.of();
    }
    List<SearchGroup> groups = new ArrayList<>();
    for (RunningPlugin running : plugins.running()) {
      PluginDescriptor descriptor = running.descriptor();
      if (descriptor.search().isEmpty() || !holdsAnyRoleOf(user, descriptor)) {
        continue;
      }
      String title = descriptor.search().get().title();
      groups.add(ask(running, title, cleaned, user));
    }
    return groups;
  }

  /**
   * The query as providers receive it: trimmed and at most {@link #LONGEST_QUERY} characters, cut
   * after a whole word where it has one (a word cut in half, "hourz" as "ho", would be searched as
   * another word), and never inside a surrogate pair.
   */
  public static String clean(String query) {
    if (query == null) {
      return "";
    }
    String trimmed = query.strip();
    if (trimmed.length() <= LONGEST_QUERY) {
      return trimmed;
    }
    int end = LONGEST_QUERY;
    if (!Character.isWhitespace(trimmed.charAt(end))) {
      int space = end - 1;
      while (space > 0 && !Character.isWhitespace(trimmed.charAt(space))) {
        space--;
      }
      if (space > 0) {
        end = space;
      } else if (Character.isHighSurrogate(trimmed.charAt(end - 1))) {
        end--;
      }
    }
    return trimmed.substring(0, end).strip();
  }

  private static SearchGroup ask(
      RunningPlugin running, String title, String query, IntranetUser user) {
    try {
      Optional<SearchProvider> provider = running.plugin().searchProvider();
      if (provider.isEmpty()) {
        LOG.warn("Plugin {} declares search but offers no provider", running.key());
        return new SearchGroup(running.key(), title, List.of(), true);
      }
      List<SearchHit> hits =
          provider.get().search(query, user, HITS_PER_PLUGIN).stream()
              .limit(HITS_PER_PLUGIN)
              .sorted(Comparator.comparingDouble(SearchHit::score).reversed())
              .toList();
      return new SearchGroup(running.key(), title, hits, false);
    } catch (RuntimeException | LinkageError e) {
      // The query is not logged: people type names and other personal details into search boxes.
      LOG.error("Plugin {} failed to search", running.key(), e);
      return new SearchGroup(running.key(), title, List.of(), true);
    }
  }

  private static boolean holdsAnyRoleOf(IntranetUser user, PluginDescriptor descriptor) {
    return descriptor.roles().stream().anyMatch(role -> user.hasRole(role.id()));
  }
}
