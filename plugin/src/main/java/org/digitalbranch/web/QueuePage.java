package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.PauseState;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueFilter;
import org.digitalbranch.queue.QueueItem;
import org.digitalbranch.queue.Topic;

/**
 * The queue page ({@code queue}): for moderators, held posts first with what to do, then what waits
 * oldest first, narrowed by a GET form; for everyone, their own posts by state; on top, whether
 * publishing is paused, and for admins the switch ({@code POST publishing}).
 */
final class QueuePage {

  private static final List<PostState> OWN_ORDER =
      List.of(
          PostState.CHANGES_REQUESTED,
          PostState.DRAFT,
          PostState.HELD,
          PostState.SUBMITTED,
          PostState.APPROVED,
          PostState.REJECTED,
          PostState.WITHDRAWN);

  private final PostService posts;
  private final DigitalBranchConfig config;
  private final PageText words;

  QueuePage(PostService posts, DigitalBranchConfig config) {
    this.posts = posts;
    this.config = config;
    this.words = new PageText(config.timeZone());
  }

  /** The banner every queue page shows while publishing is paused; null while it runs. */
  static Map<String, Object> pauseBanner(PauseState pause, PageText words) {
    if (!pause.paused()) {
      return null;
    }
    Map<String, Object> banner = new LinkedHashMap<>();
    banner.put("by", pause.changedBy() == null ? "an admin" : pause.changedBy());
    banner.put("since", words.when(pause.changedAt()));
    banner.put("sinceIso", PageText.iso(pause.changedAt()));
    return banner;
  }

  void show(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    var request = exchange.request();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("done", PageText.done(request.getParameter("done")));
    PauseState pause = posts.pauseState();
    scope.put("pause", pauseBanner(pause, words));
    scope.put("admin", actor.isAdmin());
    scope.put("paused", pause.paused());
    scope.put("csrf", exchange.csrfToken());
    scope.put("publishingAction", exchange.url("publishing"));
    scope.put("composeUrl", exchange.url("compose"));
    scope.put("queueUrl", exchange.url("queue"));

    boolean reviewer = actor.isModerator() || actor.isAdmin();
    scope.put("reviewer", reviewer);
    if (reviewer) {
      String account = blankToNull(request.getParameter("account"));
      String author = blankToNull(request.getParameter("author"));
      String topic = blankToNull(request.getParameter("topic"));
      String intent = blankToNull(request.getParameter("intent"));
      QueueFilter filter;
      try {
        filter =
            new QueueFilter(
                account,
                author,
                topic == null ? null : Topic.parse(topic, "topic"),
                intent == null ? null : Intent.parse(intent, "intent"));
      } catch (PostRefused refused) {
        throw new HttpProblem.BadRequest(
            "The queue cannot be filtered by that: " + refused.getMessage() + ".");
      }
      List<QueueItem> all = posts.queue(QueueFilter.ALL);
      List<QueueItem> shown = filter.equals(QueueFilter.ALL) ? all : posts.queue(filter);
      List<Map<String, Object>> held = new ArrayList<>();
      List<Map<String, Object>> waiting = new ArrayList<>();
      for (QueueItem item : shown) {
        Map<String, Object> row = PageScopes.summary(item.post(), words, exchange);
        row.put("age", PageText.age(item.age()));
        (item.post().state() == PostState.HELD ? held : waiting).add(row);
      }
      scope.put("held", held);
      scope.put("hasHeld", !held.isEmpty());
      scope.put("waiting", waiting);
      scope.put("hasWaiting", !waiting.isEmpty());
      scope.put("filtered", !filter.equals(QueueFilter.ALL));
      scope.put("shownCount", shown.size());
      scope.put("totalCount", all.size());
      scope.put("anyWaiting", !all.isEmpty());

      List<Map<String, Object>> accounts = new ArrayList<>();
      for (AccountConfig a : config.accounts()) {
        accounts.add(
            option(a.id(), a.id() + " (" + PageText.network(PageScopes.network(a)) + ")", account));
      }
      scope.put("accountOptions", accounts);
      TreeSet<String> authors = new TreeSet<>();
      all.forEach(item -> authors.add(item.post().author()));
      if (author != null) {
        authors.add(author);
      }
      scope.put("authorOptions", authors.stream().map(a -> option(a, a, author)).toList());
      List<Map<String, Object>> topics = new ArrayList<>();
      for (Topic t : Topic.values()) {
        topics.add(option(t.id(), PageText.topic(t), topic));
      }
      scope.put("topicOptions", topics);
      List<Map<String, Object>> intents = new ArrayList<>();
      for (Intent i : Intent.values()) {
        intents.add(option(i.id(), PageText.intent(i), intent));
      }
      scope.put("intentOptions", intents);
    }

    List<Post> mine = posts.mine(actor);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (PostState state : OWN_ORDER) {
      List<Map<String, Object>> rows =
          mine.stream()
              .filter(p -> p.state() == state)
              .map(p -> PageScopes.summary(p, words, exchange))
              .toList();
      if (!rows.isEmpty()) {
        groups.add(
            Map.of(
                "state", PageText.state(state),
                "stateId", state.id(),
                "posts", rows,
                "count", rows.size()));
      }
    }
    scope.put("ownGroups", groups);
    scope.put("hasOwn", !groups.isEmpty());
    exchange.page(200, "Post queue", "queue", scope, List.of());
  }

  /** POST publishing: the admin's pause switch, from a plain form. */
  void setPublishing(Exchange exchange) {
    Actor actor = exchange.actor();
    String choice = FormFields.of(exchange.request()).value("do");
    if ("pause".equals(choice)) {
      posts.pause(actor);
      exchange.seeOther("queue?done=paused");
    } else if ("resume".equals(choice)) {
      posts.resume(actor);
      exchange.seeOther("queue?done=resumed");
    } else {
      throw new HttpProblem.BadRequest("do", "Choose pause or resume.");
    }
  }

  private static Map<String, Object> option(String value, String label, String chosen) {
    return Map.of("value", value, "label", label, "selected", value.equals(chosen));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
