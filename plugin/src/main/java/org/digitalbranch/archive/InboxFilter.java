package org.digitalbranch.archive;

import java.util.Objects;
import java.util.Set;

/**
 * What the inbox shows a user.
 *
 * @param account only this account, or null for all
 * @param kind only conversations opened by this kind of item, or null for all
 * @param status only this status, or null for all (unanswered first)
 * @param visibleAccounts the accounts whose team includes the user: direct messages of other
 *     accounts are never shown to them (the caller knows the teams; the store does not)
 * @param limit at most this many, 1 to {@value #MAX_LIMIT}
 * @param offset skip this many
 */
public record InboxFilter(
    String account,
    MessageKind kind,
    ConversationStatus status,
    Set<String> visibleAccounts,
    int limit,
    int offset) {

  public static final int MAX_LIMIT = 200;

  public InboxFilter {
    visibleAccounts = Set.copyOf(Objects.requireNonNull(visibleAccounts, "visibleAccounts"));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ArchiveRefused.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (offset < 0) {
      throw ArchiveRefused.invalid("offset", "must not be negative");
    }
  }

  /** Everything the user may see, the first page of 50. */
  public static InboxFilter visibleTo(Set<String> visibleAccounts) {
    return new InboxFilter(null, null, null, visibleAccounts, 50, 0);
  }

  public InboxFilter withAccount(String newAccount) {
    return new InboxFilter(newAccount, kind, status, visibleAccounts, limit, offset);
  }

  public InboxFilter withKind(MessageKind newKind) {
    return new InboxFilter(account, newKind, status, visibleAccounts, limit, offset);
  }

  public InboxFilter withStatus(ConversationStatus newStatus) {
    return new InboxFilter(account, kind, newStatus, visibleAccounts, limit, offset);
  }

  public InboxFilter page(int newLimit, int newOffset) {
    return new InboxFilter(account, kind, status, visibleAccounts, newLimit, newOffset);
  }
}
