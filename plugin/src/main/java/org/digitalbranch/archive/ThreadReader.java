package org.digitalbranch.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.digitalbranch.archive.ConversationThread.ApprovalStep;
import org.digitalbranch.archive.ConversationThread.Message;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.ConversationThread.Version;

/** The archive's read queries, on a connection whose transaction {@link ArchiveStore} owns. */
final class ThreadReader {
  private ThreadReader() {}

  /** Platform order: a thread reads top to bottom as it happened. */
  private static final String MESSAGE_ORDER = "created_at, first_seen_at, id";

  static Optional<ConversationThread> thread(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, account_id, platform, root_platform_id, kind, status, topic, our_post_id,"
                + " started_at, waiting_since, answered_by, answered_at, closed_by, closed_at"
                + " FROM conversations WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String ourPostId = rows.getString(8);
        List<Message> messages = messages(connection, id);
        List<ApprovalStep> trail =
            ourPostId == null ? List.of() : approvalTrail(connection, ourPostId);
        ConversationThread.OurPost post = ourPostId == null ? null : ourPost(connection, ourPostId);
        List<ReplyReviews.Review> held = ReplyReviews.ofConversation(connection, id);
        List<ConversationThread.ConversationAction> actions = actions(connection, id);
        return Optional.of(
            new ConversationThread(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                kind(rows.getString(5)),
                status(rows.getString(6)),
                rows.getString(7),
                ourPostId,
                instant(rows, 9),
                instant(rows, 10),
                rows.getString(11),
                instant(rows, 12),
                rows.getString(13),
                instant(rows, 14),
                messages,
                trail,
                post,
                held,
                actions));
      }
    }
  }

  private static List<ConversationThread.ConversationAction> actions(
      Connection connection, String conversationId) throws SQLException {
    List<ConversationThread.ConversationAction> actions = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, action, actor, message_id, acted_at FROM conversation_actions"
                + " WHERE conversation_id = ? ORDER BY seq")) {
      select.setString(1, conversationId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          actions.add(
              new ConversationThread.ConversationAction(
                  rows.getInt(1),
                  ConversationThread.ActionKind.fromWireName(rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  instant(rows, 5)));
        }
      }
    }
    return actions;
  }

  /** The queue's post as it stands and its publish targets, read only; null when absent. */
  private static ConversationThread.OurPost ourPost(Connection connection, String postId)
      throws SQLException {
    String text;
    String link;
    try (PreparedStatement select =
        connection.prepareStatement("SELECT body, link FROM posts WHERE id = ?")) {
      select.setString(1, postId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        text = rows.getString(1);
        link = rows.getString(2);
      }
    }
    List<ConversationThread.Publication> publications = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT account_id, state, url, published_at FROM publish_targets"
                + " WHERE post_id = ? ORDER BY ordinal")) {
      select.setString(1, postId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          publications.add(
              new ConversationThread.Publication(
                  rows.getString(1), rows.getString(2), rows.getString(3), instant(rows, 4)));
        }
      }
    }
    List<ConversationThread.PostImage> images = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT image_id, alt_text, content_type, size_bytes FROM post_images"
                + " WHERE post_id = ? ORDER BY ordinal")) {
      select.setString(1, postId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          images.add(
              new ConversationThread.PostImage(
                  rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
        }
      }
    }
    return new ConversationThread.OurPost(text, link, publications, images);
  }

  /** The queue's {@code post_history} rows of our post, read only. */
  private static List<ApprovalStep> approvalTrail(Connection connection, String postId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT action, actor, acted_at, from_state, to_state, version, note, diff"
                + " FROM post_history WHERE post_id = ? ORDER BY seq")) {
      select.setString(1, postId);
      List<ApprovalStep> steps = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          steps.add(
              new ApprovalStep(
                  rows.getString(1),
                  rows.getString(2),
                  instant(rows, 3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getInt(6),
                  rows.getString(7),
                  rows.getString(8)));
        }
      }
      return steps;
    }
  }

  private record MessageRow(
      String id,
      String platformId,
      String parentPlatformId,
      MessageKind kind,
      String authorHandle,
      String authorName,
      boolean ours,
      String staffUser,
      int currentVersion,
      boolean deleted,
      Instant createdAt,
      Instant firstSeenAt) {}

  private static List<Message> messages(Connection connection, String conversationId)
      throws SQLException {
    List<MessageRow> found = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, platform_id, parent_platform_id, kind, author_handle, author_name, ours,"
                + " staff_user, current_version, deleted, created_at, first_seen_at"
                + " FROM messages WHERE conversation_id = ? ORDER BY "
                + MESSAGE_ORDER)) {
      select.setString(1, conversationId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(
              new MessageRow(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  kind(rows.getString(4)),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getInt(7) == 1,
                  rows.getString(8),
                  rows.getInt(9),
                  rows.getInt(10) == 1,
                  instant(rows, 11),
                  instant(rows, 12)));
        }
      }
    }
    List<String> ids = found.stream().map(MessageRow::id).toList();
    Map<String, List<Version>> versions = versions(connection, ids);
    Map<String, List<ModerationAction>> moderation = moderation(connection, ids);
    Map<String, ConversationThread.NoAnswerNeeded> notNeeded = notNeeded(connection, ids);
    List<Message> messages = new ArrayList<>(found.size());
    for (MessageRow m : found) {
      messages.add(
          new Message(
              m.id(),
              m.platformId(),
              m.parentPlatformId(),
              m.kind(),
              m.authorHandle(),
              m.authorName(),
              m.ours(),
              m.staffUser(),
              m.currentVersion(),
              m.deleted(),
              m.createdAt(),
              m.firstSeenAt(),
              versions.getOrDefault(m.id(), List.of()),
              moderation.getOrDefault(m.id(), List.of()),
              notNeeded.get(m.id())));
    }
    return messages;
  }

  /** Who judged which of the messages to need no answer. */
  private static Map<String, ConversationThread.NoAnswerNeeded> notNeeded(
      Connection connection, List<String> messageIds) throws SQLException {
    Map<String, ConversationThread.NoAnswerNeeded> marks = new HashMap<>();
    if (messageIds.isEmpty()) {
      return marks;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT message_id, actor, marked_at FROM answers_not_needed WHERE message_id IN ("
                + placeholders(messageIds.size())
                + ")")) {
      bind(select, messageIds);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          marks.put(
              rows.getString(1),
              new ConversationThread.NoAnswerNeeded(rows.getString(2), instant(rows, 3)));
        }
      }
    }
    return marks;
  }

  static Map<String, List<Version>> versions(Connection connection, List<String> messageIds)
      throws SQLException {
    Map<String, List<Version>> versions = new HashMap<>();
    if (messageIds.isEmpty()) {
      return versions;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT message_id, version, text, deleted, edited_at, seen_at, raw_json"
                + " FROM message_versions WHERE message_id IN ("
                + placeholders(messageIds.size())
                + ") ORDER BY message_id, version")) {
      bind(select, messageIds);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions
              .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(
                  new Version(
                      rows.getInt(2),
                      rows.getString(3),
                      rows.getInt(4) == 1,
                      instant(rows, 5),
                      instant(rows, 6),
                      rows.getString(7)));
        }
      }
    }
    return versions;
  }

  static Map<String, List<ModerationAction>> moderation(
      Connection connection, List<String> messageIds) throws SQLException {
    Map<String, List<ModerationAction>> actions = new HashMap<>();
    if (messageIds.isEmpty()) {
      return actions;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT message_id, seq, actor, action, reason, acted_at, outcome, settled_at"
                + " FROM moderation_actions WHERE message_id IN ("
                + placeholders(messageIds.size())
                + ") ORDER BY message_id, seq")) {
      bind(select, messageIds);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          actions
              .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(
                  new ModerationAction(
                      rows.getString(1),
                      rows.getInt(2),
                      rows.getString(3),
                      ModerationKind.fromWireName(rows.getString(4)).orElseThrow(),
                      rows.getString(5),
                      instant(rows, 6),
                      rows.getString(7),
                      instant(rows, 8)));
        }
      }
    }
    return actions;
  }

  // ---------------------------------------------------------------- the index's view

  private static final String ARCHIVED_CONVERSATION_COLUMNS =
      "id, platform, account_id, kind, status, topic, started_at";

  /** The given conversations as the index holds them, by id; missing ones are left out. */
  static Map<String, ArchivedConversation> archived(Connection connection, List<String> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + ARCHIVED_CONVERSATION_COLUMNS
                + " FROM conversations WHERE id IN ("
                + placeholders(ids.size())
                + ")")) {
      bind(select, ids);
      Map<String, ArchivedConversation> byId = new HashMap<>();
      for (ArchivedConversation c : archived(connection, select)) {
        byId.put(c.id(), c);
      }
      return byId;
    }
  }

  /** Up to {@code size} conversations with ids after {@code after}, in id order. */
  static List<ArchivedConversation> archivedPage(Connection connection, String after, int size)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + ARCHIVED_CONVERSATION_COLUMNS
                + " FROM conversations WHERE id > ? ORDER BY id LIMIT ?")) {
      select.setString(1, after);
      select.setInt(2, size);
      return archived(connection, select);
    }
  }

  /** The messages with {@code inReplyTo} set where their parent is one of them. */
  private static List<ArchivedMessage> withParents(
      List<ArchivedMessage> messages,
      Map<String, String> idsByPlatformId,
      Map<String, String> parentPlatformIds) {
    List<ArchivedMessage> resolved = new ArrayList<>(messages.size());
    for (ArchivedMessage m : messages) {
      String parent = parentPlatformIds.get(m.id());
      String inReplyTo = parent == null ? null : idsByPlatformId.get(parent);
      resolved.add(
          inReplyTo == null
              ? m
              : new ArchivedMessage(
                  m.id(),
                  m.author(),
                  m.authorName(),
                  inReplyTo,
                  m.staff(),
                  m.staffUser(),
                  m.kind(),
                  m.text(),
                  m.at(),
                  m.deleted()));
    }
    return resolved;
  }

  private record Head(
      String id,
      String platform,
      String account,
      MessageKind kind,
      ConversationStatus status,
      String topic,
      Instant startedAt) {}

  private static List<ArchivedConversation> archived(
      Connection connection, PreparedStatement conversations) throws SQLException {
    List<Head> heads = new ArrayList<>();
    try (ResultSet rows = conversations.executeQuery()) {
      while (rows.next()) {
        heads.add(
            new Head(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                kind(rows.getString(4)),
                status(rows.getString(5)),
                rows.getString(6),
                instant(rows, 7)));
      }
    }
    if (heads.isEmpty()) {
      return List.of();
    }
    List<String> ids = heads.stream().map(Head::id).toList();
    Map<String, List<ArchivedMessage>> messages = new HashMap<>();
    Map<String, Set<String>> staff = new HashMap<>();
    // Which message each answers, by platform id within its conversation: resolved to archive ids
    // once the conversation's messages are all read (a reply can be fetched before its parent).
    Map<String, Map<String, String>> idsByPlatformId = new HashMap<>();
    Map<String, String> parentPlatformIds = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT m.conversation_id, m.id, m.author_handle, m.ours, m.staff_user, m.kind,"
                + " m.created_at, m.deleted, (SELECT v.text FROM message_versions v"
                + " WHERE v.message_id = m.id AND v.text IS NOT NULL"
                + " ORDER BY v.version DESC LIMIT 1), m.author_name, m.platform_id,"
                + " m.parent_platform_id"
                + " FROM messages m WHERE m.conversation_id IN ("
                + placeholders(ids.size())
                + ") ORDER BY m.conversation_id, m.created_at, m.first_seen_at, m.id")) {
      bind(select, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String conversationId = rows.getString(1);
          String id = rows.getString(2);
          boolean ours = rows.getInt(4) == 1;
          String staffUser = rows.getString(5);
          String text = rows.getString(9);
          idsByPlatformId
              .computeIfAbsent(conversationId, k -> new HashMap<>())
              .put(rows.getString(11), id);
          String parent = rows.getString(12);
          if (parent != null) {
            parentPlatformIds.put(id, parent);
          }
          messages
              .computeIfAbsent(conversationId, k -> new ArrayList<>())
              .add(
                  new ArchivedMessage(
                      id,
                      rows.getString(3),
                      rows.getString(10),
                      null,
                      ours,
                      ours ? staffUser : null,
                      kind(rows.getString(6)),
                      text == null ? "" : text,
                      instant(rows, 7),
                      rows.getInt(8) == 1));
          if (ours && staffUser != null) {
            staff.computeIfAbsent(conversationId, k -> new LinkedHashSet<>()).add(staffUser);
          }
        }
      }
    }
    messages.replaceAll(
        (conversationId, list) ->
            withParents(list, idsByPlatformId.get(conversationId), parentPlatformIds));
    List<ArchivedConversation> result = new ArrayList<>(heads.size());
    for (Head head : heads) {
      result.add(
          new ArchivedConversation(
              head.id(),
              head.platform(),
              head.account(),
              head.kind(),
              head.status(),
              head.topic(),
              List.copyOf(staff.getOrDefault(head.id(), Set.of())),
              head.startedAt(),
              messages.getOrDefault(head.id(), List.of())));
    }
    return result;
  }

  // ---------------------------------------------------------------- inbox

  static List<InboxEntry> inbox(Connection connection, InboxFilter filter) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT c.id, c.account_id, c.platform, c.kind, c.status, c.topic, c.started_at,"
                + " c.waiting_since, c.answered_by,"
                + " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id),"
                + " c.waiting_message_id"
                + " FROM conversations c WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (filter.account() != null) {
      sql.append(" AND c.account_id = ?");
      parameters.add(filter.account());
    }
    if (filter.kind() != null) {
      sql.append(" AND c.kind = ?");
      parameters.add(filter.kind().wireName());
    }
    if (filter.status() != null) {
      sql.append(" AND c.status = ?");
      parameters.add(filter.status().wireName());
    }
    // Direct messages are private to the account's team.
    sql.append(" AND (c.kind <> ?");
    parameters.add(MessageKind.DIRECT_MESSAGE.wireName());
    if (!filter.visibleAccounts().isEmpty()) {
      List<String> visible = new ArrayList<>(filter.visibleAccounts());
      Collections.sort(visible);
      sql.append(" OR c.account_id IN (").append(placeholders(visible.size())).append(")");
      parameters.addAll(visible);
    }
    sql.append(")");
    sql.append(
        " ORDER BY CASE c.status WHEN 'unanswered' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END,"
            + " COALESCE(c.waiting_since, c.started_at)"
            + (filter.order() == InboxFilter.Order.NEWEST ? " DESC" : "")
            + ", c.id LIMIT ? OFFSET ?");
    parameters.add(filter.limit());
    parameters.add(filter.offset());

    List<InboxEntry> entries = new ArrayList<>();
    Map<String, String> waitingMessages = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(
              new InboxEntry(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  kind(rows.getString(4)),
                  status(rows.getString(5)),
                  rows.getString(6),
                  instant(rows, 7),
                  instant(rows, 8),
                  rows.getString(9),
                  rows.getInt(10),
                  null,
                  null,
                  null,
                  null,
                  null));
          if (rows.getString(11) != null && "unanswered".equals(rows.getString(5))) {
            waitingMessages.put(rows.getString(1), rows.getString(11));
          }
        }
      }
    }
    Map<String, String[]> waitingPreviews = previews(connection, waitingMessages.values());
    Map<String, String[]> newest =
        newestCustomerMessages(
            connection, entries.stream().map(InboxEntry::conversationId).toList());
    List<InboxEntry> withPreview = new ArrayList<>(entries.size());
    for (InboxEntry entry : entries) {
      String waiting = waitingMessages.get(entry.conversationId());
      withPreview.add(
          withPreviews(
              entry,
              newest.get(entry.conversationId()),
              waiting,
              waiting == null ? null : waitingPreviews.get(waiting)));
    }
    return withPreview;
  }

  /** The author and latest text of each of the messages, in one query for a page of rows. */
  private static Map<String, String[]> previews(
      Connection connection, java.util.Collection<String> messageIds) throws SQLException {
    Map<String, String[]> previews = new HashMap<>();
    if (messageIds.isEmpty()) {
      return previews;
    }
    List<String> ids = List.copyOf(messageIds);
    try (PreparedStatement select =
        connection.prepareStatement(
            PREVIEW + ", m.id FROM messages m WHERE m.id IN (" + placeholders(ids.size()) + ")")) {
      bind(select, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          previews.put(rows.getString(3), new String[] {rows.getString(1), rows.getString(2)});
        }
      }
    }
    return previews;
  }

  /**
   * A message's author, by the name the customer shows (as staff recognise them; the handle when
   * there is none), and its latest text.
   */
  private static final String PREVIEW =
      "SELECT COALESCE(NULLIF(m.author_name, ''), m.author_handle),"
          + " (SELECT v.text FROM message_versions v"
          + " WHERE v.message_id = m.id AND v.text IS NOT NULL"
          + " ORDER BY v.version DESC LIMIT 1)";

  /**
   * The newest customer message of each conversation, by its author and latest text, for a page of
   * rows in one query (a window over the conversations' messages), not one query per row.
   */
  private static Map<String, String[]> newestCustomerMessages(
      Connection connection, List<String> conversationIds) throws SQLException {
    Map<String, String[]> newest = new HashMap<>();
    if (conversationIds.isEmpty()) {
      return newest;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            PREVIEW
                + ", m.conversation_id FROM messages m WHERE m.id IN (SELECT ranked.id FROM"
                + " (SELECT id, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY"
                + " created_at DESC, first_seen_at DESC, id DESC) AS place FROM messages"
                + " WHERE ours = 0 AND conversation_id IN ("
                + placeholders(conversationIds.size())
                + ")) ranked WHERE ranked.place = 1)")) {
      bind(select, conversationIds);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          newest.put(rows.getString(3), new String[] {rows.getString(1), rows.getString(2)});
        }
      }
    }
    return newest;
  }

  /**
   * The row's preview: the newest customer message, and the first that waits for an answer (what
   * the row is about: under a library post the newest is often another patron's thank-you).
   */
  private static InboxEntry withPreviews(
      InboxEntry entry, String[] newest, String waitingMessageId, String[] waitingPreview) {
    if (newest == null) {
      return entry;
    }
    String[] waiting = waitingPreview == null ? new String[] {null, null} : waitingPreview;
    return new InboxEntry(
        entry.conversationId(),
        entry.account(),
        entry.platform(),
        entry.kind(),
        entry.status(),
        entry.topic(),
        entry.startedAt(),
        entry.waitingSince(),
        entry.answeredBy(),
        entry.messages(),
        newest[0],
        newest[1],
        waiting[0],
        waiting[1],
        waitingPreview == null ? null : waitingMessageId);
  }

  // ---------------------------------------------------------------- helpers

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setString(i + 1, values.get(i));
    }
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static MessageKind kind(String wireName) {
    return MessageKind.fromWireName(wireName).orElseThrow();
  }

  private static ConversationStatus status(String wireName) {
    return ConversationStatus.fromWireName(wireName).orElseThrow();
  }
}
