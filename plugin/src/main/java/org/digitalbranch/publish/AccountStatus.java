package org.digitalbranch.publish;

import java.time.Instant;

/**
 * One account's health for the accounts page. {@code reason} is the platform's reason for a rate
 * limit or a needed reconnect; {@code tokenExpiresAt} is known only where the platform tells it.
 * Credentials never appear here.
 */
public record AccountStatus(
    String accountId,
    String platform,
    AccountState state,
    Instant rateLimitedUntil,
    String reason,
    Instant lastSuccessAt,
    Instant lastFailureAt,
    String lastFailure,
    Instant tokenExpiresAt) {

  static AccountStatus fresh(String accountId, String platform) {
    return new AccountStatus(
        accountId, platform, AccountState.OK, null, null, null, null, null, null);
  }

  /** Whether the publisher may send to the account at {@code now}. */
  public boolean acceptsPostsAt(Instant now) {
    return switch (state) {
      case OK -> true;
      case RATE_LIMITED -> rateLimitedUntil == null || !rateLimitedUntil.isAfter(now);
      case NEEDS_RECONNECT -> false;
    };
  }

  /** The state as it stands at {@code now}: a rate limit whose reset time has passed is over. */
  public AccountStatus asOf(Instant now) {
    if (state == AccountState.RATE_LIMITED && acceptsPostsAt(now)) {
      return with(AccountState.OK, null, null);
    }
    return this;
  }

  AccountStatus with(AccountState newState, Instant until, String newReason) {
    return new AccountStatus(
        accountId,
        platform,
        newState,
        until,
        newReason,
        lastSuccessAt,
        lastFailureAt,
        lastFailure,
        tokenExpiresAt);
  }

  AccountStatus succeeded(Instant at) {
    return new AccountStatus(
        accountId,
        platform,
        AccountState.OK,
        null,
        null,
        at,
        lastFailureAt,
        lastFailure,
        tokenExpiresAt);
  }

  AccountStatus failed(Instant at, String failure) {
    return new AccountStatus(
        accountId,
        platform,
        state,
        rateLimitedUntil,
        reason,
        lastSuccessAt,
        at,
        failure,
        tokenExpiresAt);
  }

  AccountStatus withTokenExpiry(Instant expiresAt) {
    return new AccountStatus(
        accountId,
        platform,
        state,
        rateLimitedUntil,
        reason,
        lastSuccessAt,
        lastFailureAt,
        lastFailure,
        expiresAt);
  }
}
