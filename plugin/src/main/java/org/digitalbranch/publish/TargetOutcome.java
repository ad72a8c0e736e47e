package org.digitalbranch.publish;

import java.net.URI;
import java.time.Instant;

/**
 * One target account of a post, as stored and as the post page shows it.
 *
 * @param attempts requests sent since the post was taken up or a moderator last retried it
 * @param failures failures in a row: the backoff grows with them and they stop at the limit
 * @param nextAttemptAt when the publisher looks at it again; null when a person must act
 * @param firstAttemptAt when the first request went out; a lost answer is looked for from here
 * @param retrySafe the platform deduplicates a resend with {@code idempotencyKey} (Mastodon)
 * @param lastError what went wrong last, in words a librarian understands; null after success
 * @param url the live post; null until published (or when the platform did not say it)
 */
public record TargetOutcome(
    String postId,
    String accountId,
    int ordinal,
    TargetState state,
    int attempts,
    int failures,
    Instant nextAttemptAt,
    Instant firstAttemptAt,
    Instant lastAttemptAt,
    boolean retrySafe,
    String lastError,
    String platformPostId,
    URI url,
    String idempotencyKey,
    Instant publishedAt) {

  TargetOutcome with(TargetState newState, Instant next, String error) {
    return new TargetOutcome(
        postId,
        accountId,
        ordinal,
        newState,
        attempts,
        failures,
        next,
        firstAttemptAt,
        lastAttemptAt,
        retrySafe,
        error,
        platformPostId,
        url,
        idempotencyKey,
        publishedAt);
  }

  TargetOutcome counting(int newAttempts, int newFailures) {
    return new TargetOutcome(
        postId,
        accountId,
        ordinal,
        state,
        newAttempts,
        newFailures,
        nextAttemptAt,
        firstAttemptAt,
        lastAttemptAt,
        retrySafe,
        lastError,
        platformPostId,
        url,
        idempotencyKey,
        publishedAt);
  }

  /** Marked as sending now: one more attempt, and the first attempt's time kept. */
  TargetOutcome sending(Instant now) {
    return new TargetOutcome(
        postId,
        accountId,
        ordinal,
        TargetState.PUBLISHING,
        attempts + 1,
        failures,
        null,
        firstAttemptAt == null ? now : firstAttemptAt,
        now,
        retrySafe,
        lastError,
        platformPostId,
        url,
        idempotencyKey,
        publishedAt);
  }

  TargetOutcome unknown(boolean safe, Instant next, String error) {
    return new TargetOutcome(
        postId,
        accountId,
        ordinal,
        TargetState.UNKNOWN,
        attempts,
        failures,
        next,
        firstAttemptAt,
        lastAttemptAt,
        safe,
        error,
        platformPostId,
        url,
        idempotencyKey,
        publishedAt);
  }

  TargetOutcome published(String platformId, URI liveUrl, Instant at) {
    return new TargetOutcome(
        postId,
        accountId,
        ordinal,
        TargetState.PUBLISHED,
        attempts,
        0,
        null,
        firstAttemptAt,
        lastAttemptAt,
        retrySafe,
        null,
        platformId,
        liveUrl,
        idempotencyKey,
        at);
  }
}
