package org.digitalbranch.archive;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A thread as the index sees it: our post or a customer's mention, with its messages in order.
 *
 * @param kind the kind of the opening item
 * @param topic the topic of our post when the thread started from one (e.g. {@code services}); null
 *     for a customer's mention or direct message
 * @param staff the intranet users who answered, in the order they first did
 */
public record ArchivedConversation(
    String id,
    String platform,
    String account,
    MessageKind kind,
    ConversationStatus status,
    String topic,
    List<String> staff,
    Instant startedAt,
    List<ArchivedMessage> messages) {

  public ArchivedConversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    requireText(platform, "platform");
    requireText(account, "account");
    staff = List.copyOf(staff);
    staff.forEach(user -> requireText(user, "staff"));
    messages = List.copyOf(messages);
  }

  private static void requireText(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
