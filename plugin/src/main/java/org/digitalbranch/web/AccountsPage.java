package org.digitalbranch.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.digitalbranch.archive.IngestReport;
import org.digitalbranch.archive.Ingestion;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.publish.AccountState;
import org.digitalbranch.publish.AccountStatus;
import org.digitalbranch.publish.AccountStatuses;
import org.digitalbranch.queue.Actor;

/**
 * The admins' accounts page ({@code /accounts}): each account's state in words, when it last
 * published and last failed to, how reading its conversations goes, its token expiry where known,
 * and "Test connection" and "Mark reconnected" buttons. The buttons are plain forms (POST with the
 * CSRF field), answered with a redirect back to the page and the result kept in the session for one
 * showing, so the page works without JavaScript.
 */
final class AccountsPage {

  private final AccountStatuses statuses;
  private final Function<String, Optional<Ingestion.AccountStatus>> reading;
  private final DigitalBranchConfig config;
  private final Clock clock;
  private final DateTimeFormatter time;

  /**
   * @param reading how each account's conversations are being read (the ingestion's status), or
   *     empty for an account that is not read
   */
  AccountsPage(
      AccountStatuses statuses,
      Function<String, Optional<Ingestion.AccountStatus>> reading,
      DigitalBranchConfig config,
      Clock clock) {
    this.statuses = statuses;
    this.reading = reading;
    this.config = config;
    this.clock = clock;
    this.time =
        DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.US)
            .withZone(config.timeZone());
  }

  Router routes(Router pages) {
    return pages
        .get("accounts", this::show)
        .post("accounts/{id}/test", this::test)
        .post("accounts/{id}/reconnected", this::reconnected);
  }

  void show(Exchange exchange) throws IOException {
    Actor actor = requireAdmin(exchange);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AccountStatus status : statuses.all(actor)) {
      rows.add(row(status));
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("accounts", rows);
    scope.put("csrf", exchange.csrfToken());
    scope.put("csrfField", HostSession.CSRF_FIELD);
    scope.put("zone", config.timeZone().getId());
    scope.put("flash", PageNotes.take(exchange, "accounts", "accounts", Flash.class));
    exchange.response().setHeader("Cache-Control", "no-store");
    exchange.page("Accounts", "accounts", scope);
  }

  void test(Exchange exchange) throws IOException {
    Actor actor = requireAdmin(exchange);
    String id = accountId(exchange);
    Verification result = statuses.testConnection(actor, id);
    flash(
        exchange,
        new Flash(
            result instanceof Verification.Verified,
            id + ": " + PublishingApi.AccountWords.testResult(result)));
  }

  void reconnected(Exchange exchange) throws IOException {
    Actor actor = requireAdmin(exchange);
    String id = accountId(exchange);
    statuses.reconnected(actor, id);
    flash(
        exchange,
        new Flash(true, id + ": marked reconnected; its waiting posts go out at the next run."));
  }

  private void flash(Exchange exchange, Flash flash) throws IOException {
    PageNotes.leave(exchange, "accounts", "accounts", flash);
    exchange.response().setStatus(303);
    exchange
        .response()
        .setHeader(
            "Location", exchange.request().getContextPath() + mountOf(exchange) + "/accounts");
  }

  private static String mountOf(Exchange exchange) {
    return exchange.request().getServletPath();
  }

  /** One row of the table, every value text for the template to escape. */
  Map<String, Object> row(AccountStatus status) {
    AccountConfig account = config.account(status.accountId()).orElse(null);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", status.accountId());
    row.put("platform", status.platform());
    row.put("handle", account == null ? "" : account.handle());
    row.put("ok", status.state() == AccountState.OK);
    row.put("needsReconnect", status.state() == AccountState.NEEDS_RECONNECT);
    row.put("state", stateWords(status));
    row.put("todo", todo(status));
    row.put("lastSuccess", shown(status.lastSuccessAt(), "never"));
    row.put("lastFailure", shown(status.lastFailureAt(), "never"));
    row.put("lastFailureReason", status.lastFailure());
    row.put("tokenExpiry", shown(status.tokenExpiresAt(), "not told by the platform"));
    row.put(
        "reading",
        reading
            .apply(status.accountId())
            .map(r -> readingWords(r, clock.instant(), time::format))
            .orElse(List.of("not read")));
    return row;
  }

  /**
   * How reading the account's comments, replies, mentions and messages goes, in lines: when a poll
   * last read without failing (to the end, or to its page limit, the rest left for the next) and
   * what it brought, when it last failed and why, and a rate limit's pause. An administrator sees
   * here that an account's conversations stopped arriving before staff notice an empty inbox.
   */
  static List<String> readingWords(
      Ingestion.AccountStatus status, Instant now, Function<Instant, String> shown) {
    List<String> lines = new ArrayList<>();
    if (status.lastSuccess() == null && status.lastFailure() == null) {
      lines.add("not read yet");
    }
    if (status.lastSuccess() != null) {
      IngestReport report = status.lastReport();
      lines.add("Last read " + shown.apply(status.lastSuccess()) + brought(report));
      if (report != null && !report.skipped().isEmpty()) {
        IngestReport.Skipped first = report.skipped().get(0);
        lines.add(
            PageText.count(report.skipped().size(), "malformed item")
                + " left out, the rest stored (first: "
                + first.reason()
                + ")");
      }
    }
    if (status.partFailed() != null) {
      lines.add("Part of that read failed, " + status.partFailed() + "; it is tried again");
    }
    boolean failedSince =
        status.lastFailure() != null
            && (status.lastSuccess() == null || status.lastFailure().isAfter(status.lastSuccess()));
    if (failedSince) {
      lines.add(
          "Failed "
              + shown.apply(status.lastFailure())
              + (status.failureReason() == null ? "" : ": " + status.failureReason()));
    }
    if (status.nextAttempt() != null && status.nextAttempt().isAfter(now)) {
      lines.add(
          "Not read again before "
              + shown.apply(status.nextAttempt())
              + ": "
              + PageText.count(status.failuresInARow(), "failed read")
              + " in a row, and the wait doubles up to an hour, so that a wrong password or a"
              + " platform that is down is not asked every minute");
    }
    if (status.rateLimitedUntil() != null && status.rateLimitedUntil().isAfter(now)) {
      lines.add(
          status.pauseReason() != null
              ? "Reading paused until "
                  + shown.apply(status.rateLimitedUntil())
                  + ": "
                  + status.pauseReason()
                  + "; it resumes by itself"
              : "Paused by the platform's rate limit until "
                  + shown.apply(status.rateLimitedUntil())
                  + "; reading resumes by itself");
    }
    return lines;
  }

  /** What a poll brought, after its time; nothing when it left no report. */
  private static String brought(IngestReport report) {
    if (report == null) {
      return "";
    }
    if (report.added() + report.edited() + report.deleted() == 0) {
      return ": nothing new";
    }
    return String.format(
        Locale.ROOT,
        ": %d new, %d edited, %d deleted",
        report.added(),
        report.edited(),
        report.deleted());
  }

  String stateWords(AccountStatus status) {
    return switch (status.state()) {
      case OK -> "ok";
      case RATE_LIMITED ->
          "rate limited until "
              + shown(status.rateLimitedUntil(), "the platform says")
              + (status.reason() == null ? "" : " (" + status.reason() + ")");
      case NEEDS_RECONNECT ->
          "needs reconnect" + (status.reason() == null ? "" : ": " + status.reason());
    };
  }

  private static String todo(AccountStatus status) {
    return switch (status.state()) {
      case OK -> "";
      case RATE_LIMITED -> "Nothing: posts wait and go out by themselves after the reset time.";
      case NEEDS_RECONNECT ->
          "Put new credentials for this account in the intranet's settings file and restart, or"
              + " fix the account on the platform; then press Test connection. Its posts wait"
              + " meanwhile; nothing is lost.";
    };
  }

  private String shown(Instant at, String otherwise) {
    return at == null ? otherwise : time.format(at);
  }

  private static Actor requireAdmin(Exchange exchange) {
    Actor actor = exchange.actor();
    if (!actor.isAdmin()) {
      throw new HttpProblem.Forbidden("The accounts page is for admins.");
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

  /** The result of the last button, shown once. Serializable: sessions may be persisted. */
  record Flash(boolean ok, String message) implements java.io.Serializable {}
}
