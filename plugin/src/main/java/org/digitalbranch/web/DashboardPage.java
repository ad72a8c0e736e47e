package org.digitalbranch.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.publish.AccountState;
import org.digitalbranch.publish.AccountStatus;
import org.digitalbranch.publish.AccountStatuses;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.publish.TargetState;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueFilter;
import org.digitalbranch.queue.QueueItem;

/**
 * The page at the plugin's root: who you are here and which accounts the library runs; for
 * moderators, the last 30 days' mix of engagement and promotion (an inline SVG chart with the same
 * numbers as a table) and what waits in the queue.
 */
final class DashboardPage {

  private final DigitalBranchConfig config;
  private final PluginDescriptor descriptor;
  private final PostService posts;
  private final AccountStatuses statuses;

  /** How far back the dashboard lists what did not go out: a fortnight of a moderator's days. */
  static final Duration GIVEN_UP_WINDOW = Duration.ofDays(14);

  static final int GIVEN_UP_SHOWN = 20;

  static final int SENT_BACK_SHOWN = 20;

  private final GivenUp givenUp;

  /** What did not go out since a time, of one author's posts (everyone's when null). */
  interface GivenUp {
    List<TargetOutcome> since(Instant since, String author, int limit);
  }

  private final Function<IntranetUser, OptionalLong> answersWaiting;

  private final Function<Exchange, Map<String, Object>> heldReplies;

  /**
   * @param statuses the accounts' health, so admins and moderators see which need reconnecting
   * @param givenUp what did not go out and waits for a moderator ({@code Publisher.givenUp})
   * @param answersWaiting how many conversations the person may read wait for an answer; empty
   *     while the archive is not open
   * @param heldReplies the page's part on replies held for review ({@link
   *     ReplyReviewActions#dashboard}); empty while the conversations are not running
   */
  DashboardPage(
      DigitalBranchConfig config,
      PluginDescriptor descriptor,
      PostService posts,
      AccountStatuses statuses,
      GivenUp givenUp,
      Function<IntranetUser, OptionalLong> answersWaiting,
      Function<Exchange, Map<String, Object>> heldReplies) {
    this.config = config;
    this.descriptor = descriptor;
    this.posts = posts;
    this.statuses = statuses;
    this.givenUp = givenUp;
    this.answersWaiting = answersWaiting;
    this.heldReplies = heldReplies;
  }

  void show(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    List<Map<String, Object>> roles = new ArrayList<>();
    for (PluginDescriptor.Role role : descriptor.roles()) {
      if (user.hasRole(role.id())) {
        roles.add(Map.of("id", role.id(), "description", role.description()));
      }
    }
    List<Map<String, Object>> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", account.id());
      row.put("platform", account.platform().id());
      row.put("handle", account.handle());
      row.put("onYourTeam", account.team().contains(user.name()));
      accounts.add(row);
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("name", descriptor.name());
    scope.put("displayName", user.displayName());
    scope.put("userName", user.name());
    scope.put("roles", roles);
    scope.put("accounts", accounts);
    scope.put("hasAccounts", !accounts.isEmpty());
    scope.put("composeUrl", exchange.url("compose"));
    scope.put("queueUrl", exchange.url("queue"));
    // The inbox is half of the work: the start page says how much of it waits, for everyone.
    OptionalLong answers = answersWaiting.apply(user);
    if (answers.isPresent()) {
      scope.put(
          "answersWaiting",
          PageText.count(answers.getAsLong(), "conversation")
              + (answers.getAsLong() == 1 ? " waits" : " wait"));
      scope.put("inboxUrl", exchange.url("inbox"));
    }
    scope.putAll(heldReplies.apply(exchange));
    boolean moderator = user.hasRole(Actor.MODERATOR) || user.hasRole(Actor.ADMIN);
    scope.put("moderator", moderator);
    if (moderator) {
      scope.put("mix", MixChart.of(posts.mix(Instant.now())));
      List<QueueItem> waiting = posts.queue(QueueFilter.ALL);
      long held = waiting.stream().filter(i -> i.post().state() == PostState.HELD).count();
      scope.put("waitingCount", waiting.size());
      scope.put(
          "waitingLabel",
          switch (waiting.size()) {
            case 0 -> "Nothing waits";
            case 1 -> "1 post waits";
            default -> waiting.size() + " posts wait";
          });
      scope.put("heldCount", held);
      scope.put("hasHeld", held > 0);
      scope.put(
          "oldest",
          waiting.stream()
              .filter(i -> i.post().state() == PostState.SUBMITTED)
              .findFirst()
              .map(i -> PageText.age(i.age()))
              .orElse(null));
    }
    PageText words = new PageText(config.timeZone());
    // An author hears at once what came back to them, with what to change.
    List<Map<String, Object>> sentBack = new ArrayList<>();
    for (Post post :
        posts
            .mineInState(exchange.actor(), PostState.CHANGES_REQUESTED, 0, SENT_BACK_SHOWN)
            .posts()) {
      Map<String, Object> row = new LinkedHashMap<>(PageScopes.summary(post, words, exchange));
      // Lists carry no history; the few posts sent back are read whole for the moderator's note.
      row.put(
          "decision", PageScopes.decision(posts.get(exchange.actor(), post.id()), words, exchange));
      sentBack.add(row);
    }
    scope.put("sentBack", sentBack);
    scope.put("anySentBack", !sentBack.isEmpty());
    // A rejection is final, but the author hears of it here too, for a fortnight, with the note.
    Instant recently = Instant.now().minus(GIVEN_UP_WINDOW);
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (Post post :
        posts.mineInState(exchange.actor(), PostState.REJECTED, 0, SENT_BACK_SHOWN).posts()) {
      if (post.updatedAt().isBefore(recently)) {
        break; // newest first
      }
      Map<String, Object> row = new LinkedHashMap<>(PageScopes.summary(post, words, exchange));
      row.put(
          "decision", PageScopes.decision(posts.get(exchange.actor(), post.id()), words, exchange));
      rejected.add(row);
    }
    scope.put("rejected", rejected);
    scope.put("anyRejected", !rejected.isEmpty());
    // Moderators see every post that did not go out; an author sees their own.
    List<Map<String, Object>> notOut = notOut(exchange, words, moderator);
    scope.put("notOut", notOut);
    scope.put("anyNotOut", !notOut.isEmpty());
    scope.put("notOutDays", GIVEN_UP_WINDOW.toDays());
    scope.put("pause", QueuePage.pauseBanner(posts.pauseState(), words, exchange));
    List<Map<String, Object>> reconnect = needingReconnect(exchange.actor());
    scope.put("needsReconnect", reconnect);
    scope.put("anyNeedsReconnect", !reconnect.isEmpty());
    exchange.page(200, descriptor.name(), "dashboard", scope, List.of());
  }

  /**
   * Posts that did not go out on an account in the last fortnight and wait for a moderator (a
   * partial failure leaves the post "publishing" for good, and nothing else points to it).
   */
  private List<Map<String, Object>> notOut(Exchange exchange, PageText words, boolean everyones) {
    List<Map<String, Object>> rows = new ArrayList<>();
    Instant since = Instant.now().minus(GIVEN_UP_WINDOW);
    // A post that failed on several accounts is read once.
    Map<String, Post> read = new HashMap<>();
    String author = everyones ? null : exchange.actor().name();
    for (TargetOutcome target : givenUp.since(since, author, GIVEN_UP_SHOWN)) {
      Post post = read.computeIfAbsent(target.postId(), id -> posts.get(exchange.actor(), id));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("url", exchange.url("posts/" + post.id()));
      row.put("excerpt", PageText.excerpt(post.text()));
      row.put("account", target.accountId());
      row.put(
          "state",
          target.state() == TargetState.FAILED ? "failed" : "may or may not have gone out");
      row.put("reason", target.lastError());
      row.put("reasonPieces", PageText.withLinks(target.lastError()));
      rows.add(row);
    }
    return rows;
  }

  /** The accounts whose posts wait for an admin, with the platform's reason. */
  private List<Map<String, Object>> needingReconnect(Actor actor) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (statuses == null || !(actor.isAdmin() || actor.isModerator())) {
      return rows;
    }
    for (AccountStatus status : statuses.all(new Actor(actor.name(), Set.of(Actor.ADMIN)))) {
      if (status.state() == AccountState.NEEDS_RECONNECT) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", status.accountId());
        row.put("reason", status.reason());
        rows.add(row);
      }
    }
    return rows;
  }
}
