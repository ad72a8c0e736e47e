package org.digitalbranch.publish;

import java.time.Duration;

/**
 * How the publisher retries.
 *
 * @param maxAttempts failures in a row (server errors, rate limits, lost answers) before a target
 *     is given up and waits for a moderator
 * @param firstRetryDelay the wait after the first failure; it doubles with each further failure
 * @param maxRetryDelay the longest wait between two attempts (before jitter)
 * @param pollInterval how often the background loop looks for due work
 * @param lookupMargin how long before the first attempt a lost post is looked for: clocks differ
 * @param idempotencyWindow how long the platform remembers an idempotency key (Mastodon: an hour);
 *     after it, a lost answer is looked up instead of resent with the key
 * @param batchSize how many due targets one commit marks {@code publishing} before they are sent
 *     (each account's in order, accounts side by side) and one commit records; a pause stops what
 *     is not yet marked, and a crash leaves at most this many to look up at start
 */
public record PublishSettings(
    int maxAttempts,
    Duration firstRetryDelay,
    Duration maxRetryDelay,
    Duration pollInterval,
    Duration lookupMargin,
    Duration idempotencyWindow,
    int batchSize) {

  public PublishSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: must be at least 1");
    }
    requirePositive(firstRetryDelay, "firstRetryDelay");
    requirePositive(maxRetryDelay, "maxRetryDelay");
    requirePositive(pollInterval, "pollInterval");
    requirePositive(lookupMargin, "lookupMargin");
    requirePositive(idempotencyWindow, "idempotencyWindow");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: must be at least 1");
    }
    if (maxRetryDelay.compareTo(firstRetryDelay) < 0) {
      throw new IllegalArgumentException("maxRetryDelay: must not be shorter than firstRetryDelay");
    }
  }

  /**
   * Five tries over about a quarter of an hour, looking for work every five seconds, twenty targets
   * to a batch.
   */
  public static PublishSettings defaults() {
    return new PublishSettings(
        5,
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        Duration.ofMinutes(55),
        20);
  }

  public PublishSettings withMaxAttempts(int attempts) {
    return new PublishSettings(
        attempts,
        firstRetryDelay,
        maxRetryDelay,
        pollInterval,
        lookupMargin,
        idempotencyWindow,
        batchSize);
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": must be a positive duration");
    }
  }
}
