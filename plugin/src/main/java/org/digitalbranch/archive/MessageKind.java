package org.digitalbranch.archive;

import java.util.Locale;
import java.util.Optional;

/** What a message was on its platform. The wire name is what filters and facets show. */
public enum MessageKind {
  COMMENT,
  REPLY,
  MENTION,
  DIRECT_MESSAGE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MessageKind> fromWireName(String value) {
    for (MessageKind kind : values()) {
      if (kind.wireName().equals(value)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
