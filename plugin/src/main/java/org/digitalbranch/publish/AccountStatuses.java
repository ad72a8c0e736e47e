package org.digitalbranch.publish;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.Refusal;
import org.digitalbranch.queue.Transactor;

/**
 * The accounts page: each account's health, the "test connection" button and the "reconnected"
 * action that lets an account's waiting posts go. Admins only.
 */
public final class AccountStatuses {
  private final Transactor transactor;
  private final Clock clock;
  private final Map<String, PublishAccount> accounts;
  private final RenewedCredentials credentials;

  /** {@code credentials} must be the publisher's, so that renewed tokens are the ones tested. */
  public AccountStatuses(
      Transactor transactor,
      Clock clock,
      Map<String, PublishAccount> accounts,
      RenewedCredentials credentials) {
    this.transactor = transactor;
    this.clock = clock;
    this.accounts = new TreeMap<>(accounts);
    this.credentials = credentials;
  }

  /** Every configured account, by id, as it stands now. */
  public List<AccountStatus> all(Actor actor) {
    requireAdmin(actor);
    Instant now = clock.instant();
    Map<String, AccountStatus> stored =
        transactor.inTransaction(connection -> new PublishStore(connection).accounts());
    List<AccountStatus> statuses = new ArrayList<>();
    for (PublishAccount account : accounts.values()) {
      AccountStatus status = stored.get(account.id());
      statuses.add(complete(account, status).asOf(now));
    }
    return statuses;
  }

  public AccountStatus of(Actor actor, String accountId) {
    requireAdmin(actor);
    PublishAccount account = account(accountId);
    return transactor
        .inTransaction(
            connection ->
                complete(
                    account,
                    new PublishStore(connection).account(accountId, account.platformName())))
        .asOf(clock.instant());
  }

  /**
   * Calls the platform's verify endpoint with the account's current credentials. Success clears a
   * "needs reconnect" (its posts go out at the next run) and records the token's expiry; expired
   * credentials mark the account.
   */
  public Verification testConnection(Actor actor, String accountId) {
    requireAdmin(actor);
    PublishAccount account = account(accountId);
    Verification verification = account.platform().verify(credentials.current(accountId));
    Instant now = clock.instant();
    transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          AccountStatus status = store.account(accountId, account.platformName());
          switch (verification) {
            case Verification.Verified verified -> {
              status = status.asOf(now);
              if (status.state() == AccountState.NEEDS_RECONNECT) {
                status = status.with(AccountState.OK, null, null);
              }
              if (verified.tokenExpiresAt().isPresent()) {
                status = status.withTokenExpiry(verified.tokenExpiresAt().get());
              }
            }
            case Verification.Failed failed -> status = failedCheck(status, failed.problem(), now);
          }
          store.save(status, now);
          return null;
        });
    if (verification instanceof Verification.Verified) {
      verified.forEach(listener -> listener.accept(accountId));
    }
    return verification;
  }

  /**
   * Told the account's id when a test of its connection works: reading, waiting after failures,
   * reads it at the next poll rather than after its wait.
   */
  public void whenVerified(java.util.function.Consumer<String> listener) {
    verified.add(listener);
  }

  private final java.util.List<java.util.function.Consumer<String>> verified =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** An admin reconnected the account (new credentials are in place): its posts may go again. */
  public AccountStatus reconnected(Actor actor, String accountId) {
    requireAdmin(actor);
    PublishAccount account = account(accountId);
    Instant now = clock.instant();
    return transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          AccountStatus status =
              store.account(accountId, account.platformName()).with(AccountState.OK, null, null);
          store.save(status, now);
          return complete(account, status);
        });
  }

  private static AccountStatus failedCheck(
      AccountStatus status, PublishOutcome problem, Instant now) {
    return switch (problem) {
      case PublishOutcome.NeedsReconnect reconnect ->
          status
              .with(AccountState.NEEDS_RECONNECT, null, reconnect.reason())
              .failed(now, reconnect.reason());
      case PublishOutcome.RateLimited limited ->
          status
              .with(AccountState.RATE_LIMITED, limited.until(), limited.reason())
              .failed(now, limited.reason());
      case PublishOutcome.Transient t -> status.failed(now, t.reason());
      case PublishOutcome.Rejected r -> status.failed(now, r.reason());
      case PublishOutcome.Unknown u -> status.failed(now, u.reason());
      case PublishOutcome.Published p -> status;
    };
  }

  /** Fills in the platform, and the token expiry the credentials know when none is stored. */
  private AccountStatus complete(PublishAccount account, AccountStatus stored) {
    AccountStatus status =
        stored == null ? AccountStatus.fresh(account.id(), account.platformName()) : stored;
    status =
        new AccountStatus(
            status.accountId(),
            account.platformName(),
            status.state(),
            status.rateLimitedUntil(),
            status.reason(),
            status.lastSuccessAt(),
            status.lastFailureAt(),
            status.lastFailure(),
            status.tokenExpiresAt());
    if (status.tokenExpiresAt() == null
        && credentials.current(account.id()) instanceof Credentials.XOAuth2 oauth
        && oauth.expiresAt().isPresent()) {
      status = status.withTokenExpiry(oauth.expiresAt().get());
    }
    // Shown, not stored: it holds exactly as long as the settings stay as they are.
    Optional<String> unusable = account.platform().unusable();
    if (unusable.isPresent()) {
      status = status.with(AccountState.NEEDS_RECONNECT, null, unusable.get());
    }
    return status;
  }

  private PublishAccount account(String accountId) {
    PublishAccount account = accounts.get(accountId);
    if (account == null) {
      throw new PostRefused(new Refusal.NotFound());
    }
    return account;
  }

  private static void requireAdmin(Actor actor) {
    if (!actor.isAdmin()) {
      throw new PostRefused(new Refusal.Forbidden("the accounts page needs the admin role"));
    }
  }
}
