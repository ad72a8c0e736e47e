package org.digitalbranch.intranet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing from one address: the first {@link #FREE_FAILURES} failures cost
 * nothing, each further failure doubles a waiting time (one second, two, four, ... up to {@link
 * #LONGEST_WAIT}) during which that address may not try again. A success forgets the address.
 */
public final class LoginThrottle {

  public static final int FREE_FAILURES = 5;
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  /** Failures older than this are forgotten, so an address is not punished for last week. */
  private static final Duration MEMORY = Duration.ofHours(1);

  private static final int PRUNE_ABOVE = 10_000;

  private record Failures(int count, Instant last, Instant blockedUntil) {}

  private final Clock clock;
  private final Map<String, Failures> failuresByAddress = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code address} must still wait before it may try a password; empty when it may. */
  public Optional<Duration> waitFor(String address) {
    Failures failures = failuresByAddress.get(address);
    Instant now = clock.instant();
    if (failures == null || !failures.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    Duration remaining = Duration.between(now, failures.blockedUntil());
    // Rounded up: a client told "0 seconds" would come back too early.
    return Optional.of(Duration.ofSeconds((remaining.toMillis() + 999) / 1000));
  }

  public void recordFailure(String address) {
    Instant now = clock.instant();
    failuresByAddress.compute(
        address,
        (key, previous) -> {
          int count =
              previous == null || previous.last().plus(MEMORY).isBefore(now)
                  ? 1
                  : previous.count() + 1;
          return new Failures(count, now, now.plus(waitAfter(count)));
        });
    if (failuresByAddress.size() > PRUNE_ABOVE) {
      failuresByAddress.values().removeIf(failures -> failures.last().plus(MEMORY).isBefore(now));
    }
  }

  public void recordSuccess(String address) {
    failuresByAddress.remove(address);
  }

  static Duration waitAfter(int failures) {
    if (failures <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
    Duration wait = Duration.ofSeconds(1L << doublings);
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }
}
