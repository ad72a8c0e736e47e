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
 * @param order within each status, the longest waiting first (the reference desk's way) or the
 *     newest first (to find a message that just arrived)
 */
public record InboxFilter(
    String account,
    MessageKind kind,
    ConversationStatus status,
    Set<String> visibleAccounts,
    int limit,
    int offset,
    Order order) {

  public static final int MAX_LIMIT = 200;

  /** The order within each status; unanswered conversations always come first. */
  public enum Order {
    LONGEST_WAITING,
    NEWEST
  }

  /** The longest waiting first. */
  public InboxFilter(
      String account,
      MessageKind kind,
      ConversationStatus status,
      Set<String> visibleAccounts,
      int limit,
      int offset) {
    this(account, kind, status, visibleAccounts, limit, offset, Order.LONGEST_WAITING);
  }

  public InboxFilter {
    visibleAccounts = Set.copyOf(Objects.requireNonNull(visibleAccounts, "visibleAccounts"));
    order = order == null ? Order.LONGEST_WAITING : order;
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
    return new InboxFilter(newAccount, kind, status, visibleAccounts, limit, offset, order);
  }

  public InboxFilter withKind(MessageKind newKind) {
    return new InboxFilter(account, newKind, status, visibleAccounts, limit, offset, order);
  }

  public InboxFilter withStatus(ConversationStatus newStatus) {
    return new InboxFilter(account, kind, newStatus, visibleAccounts, limit, offset, order);
  }

  public InboxFilter ordered(Order newOrder) {
    return new InboxFilter(account, kind, status, visibleAccounts, limit, offset, newOrder);
  }

  public InboxFilter page(int newLimit, int newOffset) {
    return new InboxFilter(account, kind, status, visibleAccounts, newLimit, newOffset, order);
  }
}
