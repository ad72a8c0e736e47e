package org.digitalbranch.platform;

import java.util.Objects;

/**
 * Carries a failed outcome out of the steps of a publish (upload, poll, create) to the connector's
 * entry point, which returns {@link #outcome()}. Connectors never let it escape.
 */
public class PlatformFailure extends Exception {

  private final transient PublishOutcome outcome;

  public PlatformFailure(PublishOutcome outcome) {
    super(describe(outcome), null, false, false);
    if (outcome instanceof PublishOutcome.Published) {
      throw new IllegalArgumentException("outcome: a publish that worked is not a failure");
    }
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  public PublishOutcome outcome() {
    return outcome;
  }

  private static String describe(PublishOutcome outcome) {
    return String.valueOf(outcome);
  }
}
