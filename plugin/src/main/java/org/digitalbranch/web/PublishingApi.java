package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.digitalbranch.archive.Ingestion;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.publish.AccountStatus;
import org.digitalbranch.publish.AccountStatuses;
import org.digitalbranch.publish.Publisher;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.publish.TargetState;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostService;

/**
 * The publishing side of the JSON API: {@code POST api/posts/{id}/retry} (moderators), {@code GET
 * api/accounts} (staff see each account's state; admins also its history and token expiry, never
 * its credentials), {@code POST api/accounts/{id}/test} and {@code POST
 * api/accounts/{id}/reconnected} (admins). Also the target rows of {@code GET api/posts/{id}}.
 */
final class PublishingApi {

  /** Reads every account's state for staff, who may see the state but not the details. */
  private static final Actor STATE_READER = new Actor("system", Set.of(Actor.ADMIN));

  private final PostService posts;
  private final Publisher publisher;
  private final AccountStatuses statuses;
  private final Function<String, Optional<Ingestion.AccountStatus>> reading;
  private final DigitalBranchConfig config;
  private final PostViews views;

  /**
   * @param reading how each account's conversations are being read (the ingestion's status), or
   *     empty for an account not read
   */
  PublishingApi(
      PostService posts,
      Publisher publisher,
      AccountStatuses statuses,
      Function<String, Optional<Ingestion.AccountStatus>> reading,
      DigitalBranchConfig config,
      PostViews views) {
    this.posts = posts;
    this.publisher = publisher;
    this.statuses = statuses;
    this.reading = reading;
    this.config = config;
    this.views = views;
  }

  /** Add before the queue's routes: {@code posts/{id}/retry} must win over {@code {action}}. */
  Router routes(Router api) {
    return api.post("posts/{id}/retry", this::retry)
        .get("accounts", this::accounts)
        .post("accounts/{id}/test", this::test)
        .post("accounts/{id}/reconnected", this::reconnected);
  }

  void retry(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    if (!actor.isModerator()) {
      throw new HttpProblem.Forbidden("Retrying a publish needs the moderator role.");
    }
    String id = exchange.pathParameter("id");
    if (!PostRequests.ID.matcher(id).matches()) {
      throw new HttpProblem.NotFound("No such post.");
    }
    JsonNode body = exchange.jsonObject(Set.of("account", "version"));
    int version = PostRequests.version(body);
    Post post = posts.get(actor, id);
    if (post.version() != version) {
      throw new HttpProblem.Conflict(
          "The post changed since you saw it (version "
              + version
              + ", now "
              + post.version()
              + "); reload it and try again.",
          Map.of("currentVersion", post.version()));
    }
    List<TargetOutcome> outcomes = publisher.outcomes(id);
    if (outcomes.isEmpty()) {
      throw new HttpProblem.Conflict(
          "Only a post whose publication failed can be retried; this one is "
              + post.state().id()
              + " and nothing has been sent yet.",
          Map.of("state", post.state().id(), "action", "retry"));
    }
    JsonNode account = body.get("account");
    if (account == null || !account.isTextual() || account.textValue().isBlank()) {
      throw new HttpProblem.BadRequest(
          "account", "account: name the account to publish to again, such as \"mastodon-main\".");
    }
    String accountId = account.textValue();
    TargetOutcome target =
        outcomes.stream()
            .filter(candidate -> candidate.accountId().equals(accountId))
            .findFirst()
            .orElseThrow(
                () ->
                    new HttpProblem.BadRequest(
                        "account",
                        "account: this post is not being published to " + quote(accountId) + "."));
    if (!givenUp(target)) {
      throw new HttpProblem.Conflict(
          "Publishing to "
              + accountId
              + " is "
              + target.state().id()
              + "; only a failed attempt can be retried.",
          Map.of("state", target.state().id(), "action", "retry"));
    }
    publisher.retry(actor, id, accountId);
    exchange.json(200, views.current(id, postId -> posts.get(actor, postId)));
  }

  /** A target no one will try again unless a moderator asks. */
  static boolean givenUp(TargetOutcome target) {
    return target.state() == TargetState.FAILED
        || (target.state() == TargetState.UNKNOWN && target.nextAttemptAt() == null);
  }

  void accounts(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AccountStatus status : statuses.all(STATE_READER)) {
      rows.add(account(status, actor.isAdmin()));
    }
    exchange.json(200, Map.of("accounts", rows));
  }

  void test(Exchange exchange) throws IOException {
    Actor actor = requireAdmin(exchange);
    String id = accountId(exchange);
    Verification verification = statuses.testConnection(actor, id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", verification instanceof Verification.Verified);
    body.put("message", AccountWords.testResult(verification));
    body.put("account", account(statuses.of(actor, id), true));
    exchange.json(200, body);
  }

  void reconnected(Exchange exchange) throws IOException {
    Actor actor = requireAdmin(exchange);
    String id = accountId(exchange);
    statuses.reconnected(actor, id);
    exchange.json(200, account(statuses.of(actor, id), true));
  }

  /** One account as the API shows it; the details only to admins. */
  Map<String, Object> account(AccountStatus status, boolean details) {
    AccountConfig configured = config.account(status.accountId()).orElse(null);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", status.accountId());
    row.put("platform", status.platform());
    row.put("handle", configured == null ? null : configured.handle());
    row.put("state", status.state().id());
    if (details) {
      row.put("rateLimitedUntil", status.rateLimitedUntil());
      row.put("reason", status.reason());
      row.put("lastSuccessAt", status.lastSuccessAt());
      row.put("lastFailureAt", status.lastFailureAt());
      row.put("lastFailure", status.lastFailure());
      row.put("tokenExpiresAt", status.tokenExpiresAt());
      // Publishing's state above; reading the account's conversations fails on its own.
      row.put(
          "reading", reading.apply(status.accountId()).map(PublishingApi::reading).orElse(null));
    }
    return row;
  }

  private static Map<String, Object> reading(Ingestion.AccountStatus status) {
    Map<String, Object> reading = new LinkedHashMap<>();
    reading.put("lastSuccessAt", status.lastSuccess());
    reading.put("lastFailureAt", status.lastFailure());
    reading.put("lastFailure", status.failureReason());
    reading.put("partFailed", status.partFailed());
    reading.put("failuresInARow", status.failuresInARow());
    reading.put("nextAttemptAt", status.nextAttempt());
    reading.put("pausedUntil", status.rateLimitedUntil());
    return reading;
  }

  /** The rows of a post's {@code targets}, from the publisher's records. */
  static List<Map<String, Object>> targets(
      DigitalBranchConfig config, List<TargetOutcome> outcomes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TargetOutcome target : outcomes) {
      AccountConfig account = config.account(target.accountId()).orElse(null);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("account", target.accountId());
      row.put("platform", account == null ? null : account.platform().id());
      row.put("handle", account == null ? null : account.handle());
      row.put("state", target.state().id());
      row.put("url", target.url() == null ? null : target.url().toString());
      row.put("attempts", target.attempts());
      row.put("error", target.lastError());
      row.put("nextAttemptAt", target.nextAttemptAt());
      row.put("publishedAt", target.publishedAt());
      row.put("retryable", givenUp(target));
      rows.add(row);
    }
    return rows;
  }

  private static Actor requireAdmin(Exchange exchange) {
    Actor actor = exchange.actor();
    if (!actor.isAdmin()) {
      throw new HttpProblem.Forbidden("The accounts' connections are for admins.");
    }
    return actor;
  }

  private String accountId(Exchange exchange) {
    String id = exchange.pathParameter("id");
    if (config.account(id).isEmpty()) {
      throw new HttpProblem.NotFound("No such account.");
    }
    return id;
  }

  private static String quote(String text) {
    return '"' + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + '"';
  }

  /** Words for people, shared by the API and the accounts page. */
  static final class AccountWords {
    private AccountWords() {}

    static String testResult(Verification verification) {
      return switch (verification) {
        case Verification.Verified verified ->
            "The connection works"
                + (verified.handle() == null || verified.handle().isBlank()
                    ? ""
                    : " (signed in as " + verified.handle() + ")")
                + ".";
        case Verification.Failed failed -> "The connection failed: " + problem(failed.problem());
      };
    }

    static String problem(PublishOutcome problem) {
      return switch (problem) {
        case PublishOutcome.NeedsReconnect r ->
            r.reason() + ". Reconnect the account: put new credentials in the settings file.";
        case PublishOutcome.RateLimited l ->
            l.reason() + ". The platform asks us to wait" + until(l.until()) + ".";
        case PublishOutcome.Transient t -> t.reason() + ". Try again in a few minutes.";
        case PublishOutcome.Rejected r -> r.reason() + ".";
        case PublishOutcome.Unknown u -> u.reason() + ".";
        case PublishOutcome.Published p -> "it answered as if a post had been made.";
      };
    }

    private static String until(Instant until) {
      return until == null ? "" : " until " + until;
    }
  }
}
