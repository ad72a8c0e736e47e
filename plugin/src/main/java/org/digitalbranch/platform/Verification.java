package org.digitalbranch.platform;

import java.time.Instant;
import java.util.Optional;

/** The answer of {@link Platform#verify}, shown by the accounts page's "test connection". */
public sealed interface Verification {

  /**
   * The credentials work. {@code accountId} is the platform's id for the account, {@code handle}
   * how people see it, and {@code tokenExpiresAt} is present where the platform tells it.
   */
  record Verified(String accountId, String handle, Optional<Instant> tokenExpiresAt)
      implements Verification {}

  /** The check failed; {@code problem} is never {@link PublishOutcome.Published}. */
  record Failed(PublishOutcome problem) implements Verification {}
}
