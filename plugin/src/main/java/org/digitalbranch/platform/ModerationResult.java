package org.digitalbranch.platform;

import java.util.Objects;

/** What the platform said to a hide or delete. */
public sealed interface ModerationResult {

  record Done() implements ModerationResult {}

  /**
   * The platform did not do it. A platform without the feature answers {@link
   * PublishOutcome.Rejected} with a reason that says what to do instead.
   */
  record Failed(PublishOutcome problem) implements ModerationResult {
    public Failed {
      Objects.requireNonNull(problem, "problem");
      if (problem instanceof PublishOutcome.Published) {
        throw new IllegalArgumentException("problem: a failed action cannot be a published post");
      }
    }
  }
}
