package org.digitalbranch.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th failure in a row waits between half and all of {@code
 * first * 2^(n-1)} (capped), so that many targets failing together do not all come back at once.
 */
final class Backoff {
  private final Duration first;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration first, Duration max, RandomGenerator random) {
    this.first = first;
    this.max = max;
    this.random = random;
  }

  Duration after(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long ceiling = Math.min(max.toMillis(), first.toMillis() << doublings);
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
  }

  /** The next attempt: after the backoff, and never before the platform's reset time. */
  Instant next(Instant now, int failures, Instant notBefore) {
    Instant next = now.plus(after(failures));
    return notBefore != null && notBefore.isAfter(next) ? notBefore : next;
  }
}
