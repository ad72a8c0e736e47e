package org.digitalbranch.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.Network;
import org.digitalbranch.queue.PlatformCheck;
import org.digitalbranch.queue.Post;

/** A post and its counters as template scopes: plain strings the template escapes. */
final class PageScopes {

  private PageScopes() {}

  static Network network(AccountConfig account) {
    return Network.fromId(account.platform().id());
  }

  /** One line of a queue or list: enough to recognise the post and open it. */
  static Map<String, Object> summary(Post post, PageText words, Exchange exchange) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", post.id());
    row.put("url", exchange.url("posts/" + post.id()));
    row.put("excerpt", PageText.excerpt(post.text()));
    row.put("author", exchange.shownName(post.author()));
    row.put("accounts", String.join(", ", post.accounts()));
    row.put("topic", PageText.topic(post.topic()));
    row.put("intent", PageText.intent(post.intent()));
    row.put("state", PageText.state(post.state()));
    row.put("stateId", post.state().id());
    row.put(
        "publishAt",
        post.publishAt() == null ? "As soon as approved" : words.when(post.publishAt()));
    row.put("publishAtIso", PageText.iso(post.publishAt()));
    row.put("updated", words.when(post.updatedAt()));
    row.put("updatedIso", PageText.iso(post.updatedAt()));
    return row;
  }

  /**
   * What the moderator said when they sent the post back or rejected it, for the top of the post
   * and of its edit form: the author should not have to find it in the history's last row. Null
   * when the post is in neither state.
   */
  static Map<String, Object> decision(Post post, PageText words, Exchange exchange) {
    String action =
        switch (post.state()) {
          case CHANGES_REQUESTED -> "request-changes";
          case REJECTED -> "reject";
          default -> null;
        };
    if (action == null) {
      return null;
    }
    for (HistoryEntry entry : post.history().reversed()) {
      if (entry.action().equals(action)) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put(
            "heading",
            (action.equals("reject") ? "Rejected by " : "Changes asked for by ")
                + exchange.shownName(entry.actor()));
        decision.put("when", words.when(entry.at()));
        decision.put("whenIso", PageText.iso(entry.at()));
        decision.put("note", entry.note());
        return decision;
      }
    }
    return null;
  }

  /** A counter {@code used / limit} for one account, as the server counts it. */
  static Map<String, Object> counter(PlatformCheck check) {
    Map<String, Object> counter = new LinkedHashMap<>();
    counter.put("account", check.account());
    counter.put("platform", PageText.network(check.network()));
    // Grouped as the messages beside them write them: "1,001 / 1,000".
    counter.put("used", PageText.number(check.used()));
    counter.put("limit", PageText.number(check.limit()));
    counter.put("unit", PageText.unit(check.network()));
    counter.put("ok", check.ok());
    counter.put("message", check.message());
    return counter;
  }

  /** {@code 5 MB}, {@code 300 KB}: a size limit as people read it. */
  static String size(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes >= 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }
}
