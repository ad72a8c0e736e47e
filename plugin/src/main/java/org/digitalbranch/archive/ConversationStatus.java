package org.digitalbranch.archive;

import java.util.Locale;
import java.util.Optional;

/** Where a conversation stands for the staff answering it. */
public enum ConversationStatus {
  UNANSWERED,
  ANSWERED,
  CLOSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ConversationStatus> fromWireName(String value) {
    for (ConversationStatus status : values()) {
      if (status.wireName().equals(value)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
