package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.digitalbranch.queue.PostSlice;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueFilter;
import org.digitalbranch.queue.QueueItem;
import org.digitalbranch.queue.Topic;

/**
 * The queue page ({@code queue}): for moderators, held posts first with what to do, then what waits
 * oldest first, narrowed by a GET form; for everyone, their own posts by state (the finished ones
 * only the most recent, with pages of the older ones: {@code queue?mine=published&page=2}); on top,
 * whether publishing is paused, and for admins the switch ({@code POST publishing}).
 */
final class QueuePage {

  /** Approved posts listed as going out next: a few days of a busy library's posts. */
  static final int APPROVED_SHOWN = 50;

  /**
   * How many posts of each finished state the queue page shows, and each history page: an author
   * who has published for years still gets a short page.
   */
  static final int FINISHED_PAGE_SIZE = 10;

  private static final List<PostState> OWN_ORDER =
      List.of(
          PostState.CHANGES_REQUESTED,
          PostState.DRAFT,
          PostState.HELD,
          PostState.SUBMITTED,
          PostState.APPROVED,
          PostState.PUBLISHING,
          PostState.PUBLISHED,
          PostState.REJECTED,
          PostState.WITHDRAWN);

  private final PostService posts;
  private final DigitalBranchConfig config;
  private final PublishTargets targets;
  private final PageText words;

  QueuePage(PostService posts, DigitalBranchConfig config, PublishTargets targets) {
    this.posts = posts;
    this.config = config;
    this.targets = targets;
    this.words = new PageText(config.timeZone());
  }

  /** The banner every queue page shows while publishing is paused; null while it runs. */
  static Map<String, Object> pauseBanner(PauseState pause, PageText words, Exchange exchange) {
    if (!pause.paused()) {
      return null;
    }
    Map<String, Object> banner = new LinkedHashMap<>();
    banner.put(
        "by", pause.changedBy() == null ? "an admin" : exchange.shownName(pause.changedBy()));
    banner.put("since", words.when(pause.changedAt()));
    banner.put("sinceIso", PageText.iso(pause.changedAt()));
    return banner;
  }

  void show(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    var request = exchange.request();
    String history = request.getParameter("mine");
    String page = request.getParameter("page");
    if (history != null) {
      showHistory(exchange, historyState(history), pageNumber(page));
      return;
    }
    if (page != null) {
      throw new HttpProblem.BadRequest(
          "page", "page: only a history has pages; add mine=published, rejected or withdrawn.");
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("done", PageText.done(request.getParameter("done")));
    PauseState pause = posts.pauseState();
    scope.put("pause", pauseBanner(pause, words, exchange));
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
      List<Map<String, Object>> next = new ArrayList<>();
      for (Post post : posts.approvedNext(APPROVED_SHOWN)) {
        Map<String, Object> row = PageScopes.summary(post, words, exchange);
        if (post.publishAt() == null) {
          // Already approved: "as soon as approved" would say nothing about when.
          row.put("publishAt", pause.paused() ? "When publishing resumes" : "Now, being sent");
        }
        next.add(row);
      }
      scope.put("approvedNext", next);
      scope.put("anyApprovedNext", !next.isEmpty());

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
      scope.put(
          "authorOptions",
          authors.stream().map(a -> option(a, exchange.shownName(a), author)).toList());
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

    Map<PostState, PostSlice> mine = posts.mineByState(actor, FINISHED_PAGE_SIZE);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (PostState state : OWN_ORDER) {
      PostSlice slice = mine.get(state);
      if (slice == null || slice.total() == 0) {
        continue;
      }
      if (state == PostState.PUBLISHING) {
        slice = splitOffUnfinished(slice, exchange, groups);
        if (slice.total() == 0) {
          continue;
        }
      }
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("state", PageText.state(state));
      group.put("stateId", state.id());
      group.put("posts", rows(slice, exchange));
      group.put("count", countText(slice));
      group.put("olderUrl", slice.hasMore() ? historyUrl(exchange, state, 2) : null);
      group.put("olderLabel", olderLabel(state));
      groups.add(group);
    }
    scope.put("ownGroups", groups);
    scope.put("hasOwn", !groups.isEmpty());
    exchange.page(200, "Post queue", "queue", scope, List.of());
  }

  /**
   * GET queue?mine=published&page=2: one page of the actor's own posts in a finished state, the
   * most recently finished first. Numbered pages rather than a "before" cursor: a finished post
   * never changes again, so its position moves only when a newer one arrives (by one), and a page
   * number can be read aloud, bookmarked and shown as "page 2 of 32". The queue page itself shows
   * page 1 of each finished state.
   */
  private void showHistory(Exchange exchange, PostState state, int page) throws IOException {
    long offset = (page - 1L) * FINISHED_PAGE_SIZE;
    PostSlice slice = posts.mineInState(exchange.actor(), state, offset, FINISHED_PAGE_SIZE);
    long pages = Math.max(1, (slice.total() + FINISHED_PAGE_SIZE - 1) / FINISHED_PAGE_SIZE);
    String kind = PageText.state(state).toLowerCase(Locale.ROOT);
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("kind", kind);
    scope.put("stateId", state.id());
    scope.put("page", page);
    scope.put("pages", pages);
    scope.put("total", slice.total());
    scope.put("first", offset + 1);
    scope.put("last", offset + slice.posts().size());
    scope.put("posts", rows(slice, exchange));
    scope.put("hasPosts", !slice.posts().isEmpty());
    scope.put("none", slice.total() == 0);
    boolean beyond = slice.total() > 0 && slice.posts().isEmpty();
    scope.put("beyond", beyond);
    scope.put("lastPageUrl", historyUrl(exchange, state, pages));
    scope.put("newerUrl", page > 1 && page <= pages ? historyUrl(exchange, state, page - 1) : null);
    scope.put("newerLabel", "Newer " + kind + " posts");
    scope.put("olderUrl", slice.hasMore() ? historyUrl(exchange, state, page + 1) : null);
    scope.put("olderLabel", olderLabel(state));
    scope.put("hasLinks", scope.get("newerUrl") != null || scope.get("olderUrl") != null);
    scope.put("queueUrl", exchange.url("queue"));
    // A page past the end does not exist (404), but still says where the last one is.
    exchange.page(
        beyond ? 404 : 200,
        "Your " + kind + " posts, page " + page + " of " + pages,
        "queue-history",
        scope,
        List.of());
  }

  /** The {@code mine} parameter: which finished state's history to page through. */
  private static PostState historyState(String raw) {
    for (PostState state : OWN_ORDER) {
      if (state.finished() && state.id().equals(raw)) {
        return state;
      }
    }
    throw new HttpProblem.BadRequest(
        "mine",
        "mine: expected published, rejected or withdrawn; posts in other states are all on the"
            + " queue page.");
  }

  /** The {@code page} parameter: 1 when absent, else a whole number from 1. */
  private static int pageNumber(String raw) {
    if (raw == null) {
      return 1;
    }
    try {
      int page = Integer.parseInt(raw.strip());
      if (page >= 1) {
        return page;
      }
    } catch (NumberFormatException notANumber) {
      // answered below, as for a number below 1
    }
    throw new HttpProblem.BadRequest("page", "page: expected a whole number from 1, as in page=2.");
  }

  private static String historyUrl(Exchange exchange, PostState state, long page) {
    return exchange.url("queue") + "?mine=" + state.id() + "&page=" + page;
  }

  private static String olderLabel(PostState state) {
    return "Older " + PageText.state(state).toLowerCase(Locale.ROOT) + " posts";
  }

  /** "3", or "10 of 312" when the group shows only the most recent. */
  private static String countText(PostSlice slice) {
    return slice.posts().size() == slice.total()
        ? String.valueOf(slice.total())
        : slice.posts().size() + " of " + slice.total();
  }

  /**
   * Lists apart, under "Did not go out everywhere", the author's posts that stay "publishing" for
   * good because some account gave up, each with the post page's "Published to 1 of 2 accounts":
   * filed under "Publishing" they read as still on their way. Returns the rest. An author has few
   * posts publishing at once, so reading each one's targets is a handful of reads.
   */
  private PostSlice splitOffUnfinished(
      PostSlice publishing, Exchange exchange, List<Map<String, Object>> groups) {
    List<Post> going = new ArrayList<>();
    List<Map<String, Object>> stopped = new ArrayList<>();
    for (Post post : publishing.posts()) {
      String settled = PublishTargets.settled(targets.recorded(post.id()));
      if (settled == null) {
        going.add(post);
      } else {
        Map<String, Object> row = PageScopes.summary(post, words, exchange);
        row.put("settled", settled);
        stopped.add(row);
      }
    }
    if (!stopped.isEmpty()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("state", "Did not go out everywhere");
      group.put("stateId", "partly-published");
      group.put("posts", stopped);
      group.put("count", String.valueOf(stopped.size()));
      groups.add(group);
    }
    return new PostSlice(going, 0, publishing.total() - stopped.size());
  }

  private List<Map<String, Object>> rows(PostSlice slice, Exchange exchange) {
    return slice.posts().stream().map(p -> PageScopes.summary(p, words, exchange)).toList();
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
      // Who may not pause hears that first, not how the form should have been filled in.
      posts.requireMayPause(actor);
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
