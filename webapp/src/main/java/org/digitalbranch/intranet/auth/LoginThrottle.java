package org.digitalbranch.intranet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, from one address and against one user name alike: the first {@link
 * #FREE_FAILURES} failures cost nothing, each further failure doubles a waiting time (one second,
 * two, four, ... up to {@link #LONGEST_WAIT}) during which that address, or that name, may not try
 * again.
 *
 * <p>A try is counted as failed when it is reserved, before the password is checked, so a burst of
 * parallel tries cannot all pass while the first are still being hashed. A success forgets the
 * failures of the address (a library's staff share a few addresses) and takes back its own count on
 * the name; guesses at the name from elsewhere, and at other names, stand. So guessing a
 * colleague's password between one's own sign-ins stays slowed down, and so does guessing from many
 * addresses (or a forged {@code X-Forwarded-For}).
 *
 * <p>A name's own wait does not hold at an address the name signed in from before (its person's
 * desk): whoever guesses at a colleague's name elsewhere cannot lock that colleague out of their
 * own computer, whose tries are still slowed by the address and by the name at that address.
 */
public final class LoginThrottle {

  public static final int FREE_FAILURES = 5;
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  /** Failures older than this are forgotten, so an address is not punished for last week. */
  private static final Duration MEMORY = Duration.ofHours(1);

  private static final int PRUNE_ABOVE = 10_000;

  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private Instant lastSweep = Instant.EPOCH;

  /** Names longer than this are counted under their first characters, to bound the memory. */
  private static final int NAME_KEY_LIMIT = 100;

  private record Failures(int count, Instant last, Instant blockedUntil) {}

  /**
   * How long to wait before trying again, and whether it is the user name (not the address) that
   * must wait.
   */
  public record Wait(Duration duration, boolean forName) {}

  /** How many addresses a name is trusted at, the most recent kept. */
  private static final int TRUSTED_ADDRESSES = 10;

  /** How long an address stays a name's own after the name signed in there. */
  private static final Duration TRUST = Duration.ofDays(30);

  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** By name: the addresses it signed in from, with when it last did. */
  private final Map<String, Map<String, Instant>> trusted = new java.util.HashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Reserves one try of a password for {@code name} from {@code address}, counted as failed until
   * {@link #succeeded} says otherwise; or how long to wait first, when either must.
   */
  public synchronized Optional<Wait> reserve(String address, String name) {
    Instant now = clock.instant();
    Optional<Duration> byAddress = remaining(addressKey(address), now);
    Optional<Duration> byName =
        trustedAt(name, address, now)
            ? remaining(pairKey(address, name), now)
            : remaining(nameKey(name), now);
    if (byAddress.isPresent() || byName.isPresent()) {
      Duration a = byAddress.orElse(Duration.ZERO);
      Duration n = byName.orElse(Duration.ZERO);
      return Optional.of(n.compareTo(a) > 0 ? new Wait(n, true) : new Wait(a, false));
    }
    fail(addressKey(address), now);
    fail(nameKey(name), now);
    fail(pairKey(address, name), now);
    // Old failures are swept when there are many, once a minute at most: a flood of tries from
    // fresh addresses must not make every sign-in scan the whole table.
    if (failures.size() > PRUNE_ABOVE && lastSweep.plus(SWEEP_EVERY).isBefore(now)) {
      lastSweep = now;
      failures.values().removeIf(f -> f.last().plus(MEMORY).isBefore(now));
    }
    return Optional.empty();
  }

  /** The reserved try was the right password: the name and the address start afresh. */
  public synchronized void succeeded(String address, String name) {
    failures.remove(addressKey(address));
    failures.remove(pairKey(address, name));
    // Guesses at the name from elsewhere stand (they fade after an hour); only this try's own
    // provisional count is taken back.
    failures.computeIfPresent(
        nameKey(name),
        (key, counted) ->
            counted.count() <= 1
                ? null
                : new Failures(
                    counted.count() - 1,
                    counted.last(),
                    counted.last().plus(waitAfter(counted.count() - 1))));
    Map<String, Instant> addresses =
        trusted.computeIfAbsent(nameKey(name), k -> new java.util.HashMap<>());
    // By the address's key: a machine whose IPv6 address rotates within its /64 stays trusted.
    addresses.put(addressKey(address), clock.instant());
    if (addresses.size() > TRUSTED_ADDRESSES) {
      addresses.entrySet().stream()
          .min(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey)
          .ifPresent(addresses::remove);
    }
  }

  private boolean trustedAt(String name, String address, Instant now) {
    Map<String, Instant> addresses = trusted.get(nameKey(name));
    Instant last = addresses == null ? null : addresses.get(addressKey(address));
    return last != null && last.plus(TRUST).isAfter(now);
  }

  private Optional<Duration> remaining(String key, Instant now) {
    Failures known = failures.get(key);
    if (known == null || !known.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    Duration remaining = Duration.between(now, known.blockedUntil());
    // Rounded up: a client told "0 seconds" would come back too early.
    return Optional.of(Duration.ofSeconds((remaining.toMillis() + 999) / 1000));
  }

  private void fail(String key, Instant now) {
    failures.compute(
        key,
        (k, previous) -> {
          int count =
              previous == null || previous.last().plus(MEMORY).isBefore(now)
                  ? 1
                  : previous.count() + 1;
          return new Failures(count, now, now.plus(waitAfter(count)));
        });
  }

  /**
   * An IPv6 address counts by its /64 network: one machine is given a whole /64 and may change
   * address within it at will.
   */
  private static String addressKey(String address) {
    if (address != null && address.contains(":")) {
      try {
        byte[] bytes =
            java.net.InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
        if (bytes.length == 16) {
          return "address " + java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
      } catch (java.net.UnknownHostException notALiteral) {
        // Kept whole below: an address the container gave is always a literal.
      }
    }
    return "address " + address;
  }

  private static String pairKey(String address, String name) {
    return nameKey(name) + " at " + addressKey(address);
  }

  /** Names as people type them: "JLee " and "jlee" are one account's guesses. */
  private static String nameKey(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return "name " + (key.length() > NAME_KEY_LIMIT ? key.substring(0, NAME_KEY_LIMIT) : key);
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
