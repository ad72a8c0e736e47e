package org.digitalbranch.platform;

import java.time.Instant;
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
   * @param pause when not null, the platform said its quota is running low: reading stopped here
   *     and waits until then, so that publishing and replies keep what is left
   * @param partFailed when not null, one part of the read failed (a Page's private messages) and
   *     the rest is in {@code items}: why, in words for the accounts page
   */
  record Page(
      List<IncomingItem> items, String nextCursor, boolean done, Pause pause, String partFailed)
      implements ReadResult {
    public Page {
      items = List.copyOf(items);
      Objects.requireNonNull(nextCursor, "nextCursor");
    }

    public Page(List<IncomingItem> items, String nextCursor, boolean done, Pause pause) {
      this(items, nextCursor, done, pause, null);
    }

    public Page(List<IncomingItem> items, String nextCursor, boolean done) {
      this(items, nextCursor, done, null, null);
    }
  }

  /**
   * Reading stops until {@code until}, for {@code reason} (in words for the accounts page). Nothing
   * is lost: the next read starts where the cursor stayed.
   */
  record Pause(Instant until, String reason) {
    public Pause {
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(reason, "reason");
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
