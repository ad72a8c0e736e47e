package org.digitalbranch.platform;

import java.util.Objects;

/** The answer of {@link Platform#findRecent}: found, not found, or could not look. */
public sealed interface LookupResult {

  record Found(PublishOutcome.Published post) implements LookupResult {
    public Found {
      Objects.requireNonNull(post, "post");
    }
  }

  record NotFound() implements LookupResult {}

  /** The lookup itself failed; {@code problem} is never {@link PublishOutcome.Published}. */
  record Failed(PublishOutcome problem) implements LookupResult {
    public Failed {
      if (problem instanceof PublishOutcome.Published) {
        throw new IllegalArgumentException("problem: a failed lookup cannot be a published post");
      }
    }
  }
}
