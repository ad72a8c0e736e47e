package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the demo's sandbox behaves: the generator's seed, how many conversations it seeds, how often
 * a new customer comment trickles in (zero = never), how long a publish answer is held back, and
 * the failures switched on per platform.
 */
public record SandboxBehaviour(
    long seed,
    int seededConversations,
    Duration trickleEvery,
    Duration publishDelay,
    Map<SandboxPlatform, FailureMode> failures) {

  public static final long DEFAULT_SEED = 20261201L;

  public SandboxBehaviour {
    Objects.requireNonNull(trickleEvery, "trickleEvery");
    Objects.requireNonNull(publishDelay, "publishDelay");
    if (seededConversations < 0) {
      throw new IllegalArgumentException(
          "seededConversations: must be 0 or more, was " + seededConversations);
    }
    if (trickleEvery.isNegative() || publishDelay.isNegative()) {
      throw new IllegalArgumentException("trickleEvery and publishDelay must not be negative");
    }
    EnumMap<SandboxPlatform, FailureMode> copy = new EnumMap<>(SandboxPlatform.class);
    copy.putAll(failures == null ? Map.of() : failures);
    failures = Map.copyOf(copy);
  }

  /** The demo: 3,000 conversations, a new comment every 20 seconds, nothing failing. */
  public static SandboxBehaviour demo() {
    return new SandboxBehaviour(
        DEFAULT_SEED, 3000, Duration.ofSeconds(20), Duration.ZERO, Map.of());
  }

  /** Nothing seeded, nothing trickling: the platforms answer but hold only what a test creates. */
  public static SandboxBehaviour empty() {
    return new SandboxBehaviour(DEFAULT_SEED, 0, Duration.ZERO, Duration.ZERO, Map.of());
  }

  public SandboxBehaviour withSeed(long newSeed) {
    return new SandboxBehaviour(newSeed, seededConversations, trickleEvery, publishDelay, failures);
  }

  public SandboxBehaviour withSeededConversations(int count) {
    return new SandboxBehaviour(seed, count, trickleEvery, publishDelay, failures);
  }

  public SandboxBehaviour withTrickleEvery(Duration every) {
    return new SandboxBehaviour(seed, seededConversations, every, publishDelay, failures);
  }

  public SandboxBehaviour withPublishDelay(Duration delay) {
    return new SandboxBehaviour(seed, seededConversations, trickleEvery, delay, failures);
  }

  public SandboxBehaviour withFailure(SandboxPlatform platform, FailureMode mode) {
    EnumMap<SandboxPlatform, FailureMode> next = new EnumMap<>(SandboxPlatform.class);
    next.putAll(failures);
    next.put(platform, mode);
    return new SandboxBehaviour(seed, seededConversations, trickleEvery, publishDelay, next);
  }

  /**
   * Reads the {@code failures} setting, e.g. {@code {"mastodon": "rate-limit-once", "x":
   * "expired-token"}}; an unknown platform or mode is refused with the key it was found under.
   */
  public SandboxBehaviour withFailures(Map<String, String> setting) {
    SandboxBehaviour result = this;
    for (Map.Entry<String, String> entry : setting.entrySet()) {
      SandboxPlatform platform;
      FailureMode mode;
      try {
        platform = SandboxPlatform.fromId(entry.getKey());
        mode = FailureMode.fromId(entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("failures." + entry.getKey() + ": " + e.getMessage(), e);
      }
      result = result.withFailure(platform, mode);
    }
    return result;
  }

  public FailureMode failure(SandboxPlatform platform) {
    return failures.getOrDefault(platform, FailureMode.NONE);
  }
}
