package org.digitalbranch.archive;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.queue.Transactor;

/**
 * The readers' view of what the store holds ({@link ArchivedItems}), read on the store's reading
 * connection, so a reader looking for deletions never waits for the ingest's writer.
 */
final class StoredItems implements ArchivedItems {

  private static final String COLUMNS =
      "m.platform_id, m.parent_platform_id, c.root_platform_id, m.kind, m.author_handle,"
          + " m.created_at, m.ours";

  private final Transactor transactor;

  StoredItems(Transactor transactor) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
  }

  @Override
  public List<Known> liveInThread(String account, String rootPlatformId) {
    return transactor.read(
        connection -> {
          // The thread's row first (its unique key), then its messages (messages_by_conversation).
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM conversations c JOIN messages m ON m.conversation_id = c.id"
                      + " WHERE c.account_id = ? AND c.root_platform_id = ? AND m.deleted = 0"
                      + " AND m.platform_id <> c.root_platform_id AND m.kind <> ?"
                      + " ORDER BY m.created_at, m.platform_id")) {
            select.setString(1, account);
            select.setString(2, rootPlatformId);
            select.setString(3, MessageKind.DIRECT_MESSAGE.wireName());
            return known(select);
          }
        });
  }

  /** A range of the partial index V18 (account, time) over the messages not deleted. */
  @Override
  public List<Known> liveBetween(String account, Instant from, Instant until, int limit) {
    if (limit <= 0 || !from.isBefore(until)) {
      return List.of();
    }
    return transactor.read(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                      + " WHERE m.account_id = ? AND m.deleted = 0 AND m.kind <> ?"
                      + " AND m.created_at >= ? AND m.created_at < ?"
                      + " ORDER BY m.created_at, m.platform_id LIMIT ?")) {
            select.setString(1, account);
            select.setString(2, MessageKind.DIRECT_MESSAGE.wireName());
            select.setLong(3, from.toEpochMilli());
            select.setLong(4, until.toEpochMilli());
            select.setInt(5, limit);
            return known(select);
          }
        });
  }

  private static List<Known> known(PreparedStatement select) throws SQLException {
    List<Known> found = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        found.add(
            new Known(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                MessageKind.fromWireName(rows.getString(4)).orElse(MessageKind.COMMENT),
                rows.getString(5),
                Instant.ofEpochMilli(rows.getLong(6)),
                rows.getInt(7) == 1));
      }
    }
    return found;
  }
}
