package org.digitalbranch.archive;

import java.util.Objects;

/**
 * A change the store made, in the form the index needs. Every change to a message gets a sequence
 * number in the store; the store turns it into the whole current state of that message's
 * conversation, because the index holds one document per conversation (see {@link ArchiveSchema}).
 * Applying the same change twice leaves the same index, so a replay after a crash is harmless.
 */
public sealed interface IndexChange {

  long sequence();

  /** The conversation now looks like this: add it, or replace what the index had. */
  record Upsert(long sequence, ArchivedConversation conversation) implements IndexChange {
    public Upsert {
      Objects.requireNonNull(conversation, "conversation");
    }
  }

  /** The conversation is gone from the store (for example purged by a retention rule). */
  record Remove(long sequence, String conversationId) implements IndexChange {
    public Remove {
      Objects.requireNonNull(conversationId, "conversationId");
    }
  }
}
