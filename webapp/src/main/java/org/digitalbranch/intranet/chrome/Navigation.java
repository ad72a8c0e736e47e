package org.digitalbranch.intranet.chrome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.digitalbranch.intranet.plugins.RunningPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The navigation entries a user may see: the running plugins' pages their roles allow. */
public final class Navigation {

  private static final Logger LOG = LoggerFactory.getLogger(Navigation.class);

  /**
   * One link in the header.
   *
   * @param badge a small count shown beside the title, or null
   */
  /**
   * @param current the page shown is this entry's page ({@code aria-current="page"})
   * @param within the page shown lies under this entry, which has no entry of its own ({@code
   *     aria-current="true"}: a post's page is within the plugin's, not its dashboard)
   */
  public record Entry(String href, String title, boolean current, boolean within, Badge badge) {}

  /** A count with the words a screen reader says for it. */
  public record Badge(int count, String label) {}

  private final PluginRuntime plugins;

  public Navigation(PluginRuntime plugins) {
    this.plugins = plugins;
  }

  /** Entries in plugin start order, then page order; {@code path} marks the current one. */
  public List<Entry> entriesFor(IntranetUser user, String path) {
    List<Entry> entries = new ArrayList<>();
    for (RunningPlugin running : plugins.running()) {
      Map<String, Integer> badges = badgesOf(running, user);
      for (PluginDescriptor.Page page : running.descriptor().pages()) {
        if (user.hasRole(page.role())) {
          String href = running.descriptor().mount() + page.path();
          Integer count = badges.get(page.id());
          Badge badge = count == null || count <= 0 ? null : new Badge(count, count + " waiting");
          entries.add(new Entry(href, page.title(), false, false, badge));
        }
      }
    }
    return markCurrent(entries, path);
  }

  /**
   * The entry whose link is the path is the current page; failing that, the longest link the path
   * lies under is the section it is within.
   */
  private static List<Entry> markCurrent(List<Entry> entries, String path) {
    Entry best = null;
    boolean exact = false;
    for (Entry entry : entries) {
      if (entry.href().equals(path)) {
        best = entry;
        exact = true;
        break;
      }
      String prefix = entry.href().endsWith("/") ? entry.href() : entry.href() + "/";
      if (path.startsWith(prefix)
          && (best == null || best.href().length() < entry.href().length())) {
        best = entry;
      }
    }
    List<Entry> marked = new ArrayList<>();
    for (Entry entry : entries) {
      marked.add(
          entry == best
              ? new Entry(entry.href(), entry.title(), exact, !exact, entry.badge())
              : entry);
    }
    return marked;
  }

  private static Map<String, Integer> badgesOf(RunningPlugin running, IntranetUser user) {
    try {
      Map<String, Integer> badges = running.plugin().navigationBadges(user);
      return badges == null ? Map.of() : badges;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Plugin {} failed to count its navigation badges", running.key(), e);
      return Map.of();
    }
  }
}
