package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.publish.Publisher;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.publish.TargetState;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostService;

/**
 * The post page's "Publishing" section: each target account's state, attempts, last error and the
 * live link, and for moderators a "Retry" form on a target that was given up. The form posts to
 * {@code posts/{id}/retry} (registered before the queue's {@code posts/{id}/{action}}) with the
 * CSRF field, the version and the account, and answers with a 303 back to the post.
 */
final class PublishTargets {

  private final Function<String, List<TargetOutcome>> outcomes;
  private final Publisher publisher;
  private final PostService posts;
  private final DigitalBranchConfig config;
  private final PageText words;

  PublishTargets(Publisher publisher, PostService posts, DigitalBranchConfig config) {
    this.outcomes = publisher::outcomes;
    this.publisher = publisher;
    this.posts = posts;
    this.config = config;
    this.words = new PageText(config.timeZone());
  }

  Router routes(Router pages) {
    return pages.post("posts/{id}/retry", this::retry);
  }

  /** The publisher's record of the post's targets (read before the post: PostViews.current). */
  List<TargetOutcome> recorded(String postId) {
    return outcomes.apply(postId);
  }

  /** The rows the post template shows, empty until the publisher has taken the post up. */
  List<Map<String, Object>> rows(List<TargetOutcome> recorded, Actor actor) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TargetOutcome target : recorded) {
      AccountConfig account = config.account(target.accountId()).orElse(null);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("account", target.accountId());
      row.put("platform", account == null ? "" : account.platform().id());
      row.put("handle", account == null ? "" : account.handle());
      row.put("stateId", target.state().id());
      row.put("state", stateWords(target));
      row.put("attempts", target.attempts());
      row.put("error", target.lastError());
      row.put("errorPieces", PageText.withLinks(target.lastError()));
      row.put("url", target.url() == null ? null : target.url().toString());
      row.put(
          "nextAttempt",
          target.nextAttemptAt() == null ? null : words.when(target.nextAttemptAt()));
      row.put("retry", actor.isModerator() && PublishingApi.givenUp(target));
      rows.add(row);
    }
    return rows;
  }

  /**
   * What a post still "publishing" is once nothing more will happen by itself: every target is
   * published or given up, and some were given up. Null while anything is still on its way (or
   * nothing was).
   */
  static String settled(List<TargetOutcome> recorded) {
    long published = recorded.stream().filter(t -> t.state() == TargetState.PUBLISHED).count();
    long givenUp = recorded.stream().filter(PublishingApi::givenUp).count();
    if (givenUp == 0 || published + givenUp < recorded.size()) {
      return null;
    }
    return published == 0
        ? "Not published: it did not go out on any account"
        : "Published to " + published + " of " + recorded.size() + " accounts";
  }

  private static String stateWords(TargetOutcome target) {
    return switch (target.state()) {
      case PENDING -> "Waiting";
      case PUBLISHING -> "Being sent";
      case PUBLISHED -> "Published";
      case FAILED -> "Failed";
      case UNKNOWN -> "Checking whether it went out";
    };
  }

  /** POST posts/{id}/retry from the post page's form. */
  void retry(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    if (!actor.isModerator()) {
      throw new HttpProblem.Forbidden("Retrying a publish needs the moderator role.");
    }
    String id = exchange.pathParameter("id");
    FormFields form = FormFields.of(exchange.request());
    int version = form.version();
    String account = form.text("account");
    Post post = posts.get(actor, id);
    if (post.version() != version) {
      throw new HttpProblem.Conflict(
          "The post changed since you opened it; go back, reload it and decide again.",
          Map.of("currentVersion", post.version()));
    }
    TargetOutcome target =
        outcomes.apply(id).stream()
            .filter(candidate -> candidate.accountId().equals(account))
            .findFirst()
            .orElseThrow(
                () ->
                    new HttpProblem.BadRequest(
                        "account", "account: this post is not being published to that account."));
    if (!PublishingApi.givenUp(target)) {
      throw new HttpProblem.Conflict(
          "Publishing to " + account + " is not failed (it is " + target.state().id() + ").",
          Map.of("state", target.state().id(), "action", "retry"));
    }
    publisher.retry(actor, id, account);
    exchange.response().setStatus(303);
    exchange.response().setHeader("Location", exchange.url("posts/" + id));
  }
}
