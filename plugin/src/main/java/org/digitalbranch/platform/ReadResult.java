package org.digitalbranch.platform;

import java.util.List;
import java.util.Objects;
import org.digitalbranch.archive.IncomingItem;

/** The answer of {@link ConversationReader#fetch}: a page of items, or why there is none. */
public sealed interface ReadResult {

  /**
   * @param items what the page held, in the order to store them (a thread's earlier messages first
   *     where the platform tells the order)
   * @param nextCursor where to continue; saved with the items
   * @param done true when this poll has reached the newest item; the next poll starts from {@code
   *     nextCursor} later
   */
  record Page(List<IncomingItem> items, String nextCursor, boolean done) implements ReadResult {
    public Page {
      items = List.copyOf(items);
      Objects.requireNonNull(nextCursor, "nextCursor");
    }
  }

  /** Nothing was read; {@code problem} is never {@link PublishOutcome.Published}. */
  record Failed(PublishOutcome problem) implements ReadResult {
    public Failed {
      Objects.requireNonNull(problem, "problem");
      if (problem instanceof PublishOutcome.Published) {
        throw new IllegalArgumentException("problem: a failed read cannot be a published post");
      }
    }
  }
}
