package org.digitalbranch.archive;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.digitalbranch.archive.ConversationThread.ActionKind;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.IngestReport.Skipped;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.queue.Transactor;

/**
 * The primary store of the conversation archive (DESIGN.md §3, §6): conversations, messages, their
 * versions and moderation, ingestion cursors, and the change log the Lucene index replays.
 *
 * <p>Nothing is overwritten: a changed text adds a version, a deletion adds a marker, a moderation
 * action keeps the original. Every write that changes what the index shows appends one row per
 * changed conversation to {@code archive_changes}, numbered from a one-row counter in the same
 * transaction, so the numbers a reader sees are gap-free and increase in commit order.
 *
 * <p>Each public method is one transaction through the {@link Transactor}. Plain values in, plain
 * values out; untrusted text is stored as received (escaping is the templates' job), except that
 * NUL characters, which PostgreSQL cannot store in text, become U+FFFD on both databases alike.
 */
public final class ArchiveStore {

  /** Conversations read per transaction while streaming the whole archive for a rebuild. */
  static final int REBUILD_BATCH = 500;

  private static final int MAX_REASON = 500;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Transactor transactor;
  private final Clock clock;
  private final Supplier<String> ids;

  public ArchiveStore(Transactor transactor, Clock clock) {
    this(transactor, clock, ArchiveStore::newId);
  }

  /**
   * With the ids of new conversations and messages taken from {@code ids} (tests use a counter).
   */
  public ArchiveStore(Transactor transactor, Clock clock, Supplier<String> ids) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  // ---------------------------------------------------------------- ingestion

  public IngestReport ingest(List<IncomingItem> items) {
    return ingest(items, List.of());
  }

  /**
   * Upserts a batch of fetched items by (account, platform id) and saves the cursors reached, all
   * in one transaction. Malformed items are skipped and reported; the rest are stored.
   *
   * <p>The batch's messages and conversations are looked up with a few {@code IN} queries before
   * the first item is stored, and each kind of statement is prepared once per batch: a message then
   * costs its own inserts, not a dozen lookups (docs/benchmarks.md, the archive).
   */
  public IngestReport ingest(List<IncomingItem> items, List<IngestionCursor> cursors) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(cursors, "cursors");
    return transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          try (Ingestion ingestion = new Ingestion(connection, now)) {
            List<IncomingItem> valid = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
              IncomingItem item = items.get(i);
              if (item == null) {
                ingestion.skipped.add(new Skipped(i, null, "item: missing"));
                continue;
              }
              Optional<String> problem = item.problem();
              if (problem.isPresent()) {
                ingestion.skipped.add(new Skipped(i, item.platformId(), problem.get()));
                continue;
              }
              valid.add(item);
            }
            ingestion.prefetch(valid);
            for (IncomingItem item : valid) {
              ingestion.accept(item);
            }
            linkPublishedPosts(ingestion.sql, ingestion.touched);
            settleStatuses(ingestion.sql, ingestion.touched);
            recordChanges(connection, ingestion.touched, now);
            for (IngestionCursor cursor : cursors) {
              putCursor(connection, cursor, now);
            }
            return ingestion.report();
          }
        });
  }

  /** The saved cursor of an account's stream, if any. */
  public Optional<String> cursor(String account, String stream) {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT cursor_text FROM ingestion_cursors WHERE account_id = ? AND stream = ?")) {
            select.setString(1, account);
            select.setString(2, stream);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
          }
        });
  }

  public void putCursor(IngestionCursor cursor) {
    Objects.requireNonNull(cursor, "cursor");
    transactor.inTransaction(
        connection -> {
          putCursor(connection, cursor, clock.instant());
          return null;
        });
  }

  /** A message or a thread root as the platform names it: unique per account. */
  private record PlatformKey(String account, String platformId) {}

  /**
   * One transaction's statements, each prepared once and reused (SQLite compiles every prepared
   * statement; the batch runs the same few thousands of times).
   */
  private static final class Statements implements AutoCloseable {
    final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement get(String sql) throws SQLException {
      PreparedStatement statement = prepared.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        prepared.put(sql, statement);
      }
      return statement;
    }

    @Override
    public void close() throws SQLException {
      SQLException failure = null;
      for (PreparedStatement statement : prepared.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      prepared.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private final class Ingestion implements AutoCloseable {
    final Statements sql;
    final Instant now;
    final Set<String> touched = new LinkedHashSet<>();
    final List<Skipped> skipped = new ArrayList<>();

    /** Messages of this batch by platform key; an empty value means "looked up: not stored". */
    private final Map<PlatformKey, Optional<StoredMessage>> messages = new HashMap<>();

    /** Conversations read or written in this transaction, kept current as it writes them. */
    private final Map<String, StoredConversation> conversationsById = new HashMap<>();

    private final Map<PlatformKey, Optional<String>> conversationsByRoot = new HashMap<>();

    int added;
    int edited;
    int deleted;
    int duplicates;
    int confirmed;

    Ingestion(Connection connection, Instant now) {
      this.sql = new Statements(connection);
      this.now = now;
    }

    @Override
    public void close() throws SQLException {
      sql.close();
    }

    IngestReport report() {
      return new IngestReport(added, edited, deleted, duplicates, confirmed, skipped);
    }

    /**
     * Reads, in a few queries, every stored message the batch names (the items and their parents)
     * and every conversation they may join.
     */
    void prefetch(List<IncomingItem> items) throws SQLException {
      Map<String, Set<String>> messageIds = new LinkedHashMap<>();
      Map<String, Set<String>> roots = new LinkedHashMap<>();
      for (IncomingItem item : items) {
        Set<String> wanted = messageIds.computeIfAbsent(item.account(), a -> new LinkedHashSet<>());
        wanted.add(item.platformId());
        if (!isBlank(item.parentPlatformId())) {
          wanted.add(item.parentPlatformId());
        }
        String root = item.threadRoot() != null ? item.threadRoot() : item.parentPlatformId();
        if (root != null) {
          roots.computeIfAbsent(item.account(), a -> new LinkedHashSet<>()).add(root);
        }
      }
      Set<String> conversationIds = new LinkedHashSet<>();
      for (Map.Entry<String, Set<String>> entry : messageIds.entrySet()) {
        String account = entry.getKey();
        for (List<String> chunk : chunks(entry.getValue())) {
          for (String platformId : chunk) {
            messages.put(new PlatformKey(account, platformId), Optional.empty());
          }
          PreparedStatement select =
              sql.get(
                  "SELECT "
                      + MESSAGE_COLUMNS
                      + ", platform_id FROM messages WHERE account_id = ? AND platform_id IN ("
                      + placeholders(chunk.size())
                      + ")");
          select.setString(1, account);
          bind(select, 2, chunk);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              StoredMessage message = message(rows);
              messages.put(new PlatformKey(account, rows.getString(7)), Optional.of(message));
              conversationIds.add(message.conversationId());
            }
          }
        }
      }
      for (List<String> chunk : chunks(conversationIds)) {
        PreparedStatement select =
            sql.get(
                "SELECT "
                    + CONVERSATION_COLUMNS
                    + " FROM conversations WHERE id IN ("
                    + placeholders(chunk.size())
                    + ")");
        bind(select, 1, chunk);
        readConversations(select);
      }
      for (Map.Entry<String, Set<String>> entry : roots.entrySet()) {
        String account = entry.getKey();
        for (List<String> chunk : chunks(entry.getValue())) {
          for (String root : chunk) {
            conversationsByRoot.putIfAbsent(new PlatformKey(account, root), Optional.empty());
          }
          PreparedStatement select =
              sql.get(
                  "SELECT "
                      + CONVERSATION_COLUMNS
                      + " FROM conversations WHERE account_id = ? AND root_platform_id IN ("
                      + placeholders(chunk.size())
                      + ")");
          select.setString(1, account);
          bind(select, 2, chunk);
          readConversations(select);
        }
      }
    }

    private void readConversations(PreparedStatement select) throws SQLException {
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          remember(conversation(rows));
        }
      }
    }

    private void remember(StoredConversation conversation) {
      conversationsById.put(conversation.id(), conversation);
      conversationsByRoot.put(
          new PlatformKey(conversation.account(), conversation.root()),
          Optional.of(conversation.id()));
    }

    private StoredMessage findMessage(String account, String platformId) throws SQLException {
      PlatformKey key = new PlatformKey(account, platformId);
      Optional<StoredMessage> known = messages.get(key);
      if (known == null) {
        known = Optional.ofNullable(ArchiveStore.findMessage(sql.connection, account, platformId));
        messages.put(key, known);
      }
      return known.orElse(null);
    }

    private StoredConversation conversationById(String id) throws SQLException {
      StoredConversation known = conversationsById.get(id);
      if (known == null) {
        known = ArchiveStore.conversationById(sql.connection, id);
        if (known != null) {
          remember(known);
        }
      }
      return known;
    }

    private StoredConversation conversationByRoot(String account, String root) throws SQLException {
      Optional<String> known = conversationsByRoot.get(new PlatformKey(account, root));
      if (known == null) {
        StoredConversation found = ArchiveStore.conversationByRoot(sql.connection, account, root);
        if (found == null) {
          conversationsByRoot.put(new PlatformKey(account, root), Optional.empty());
        } else {
          remember(found);
        }
        return found;
      }
      return known.isPresent() ? conversationsById.get(known.get()) : null;
    }

    void accept(IncomingItem item) throws SQLException {
      StoredMessage existing = findMessage(item.account(), item.platformId());
      if (existing == null) {
        addMessage(item);
      } else {
        update(existing, item);
      }
    }

    private void addMessage(IncomingItem item) throws SQLException {
      String conversationId = conversationFor(item);
      String id = ids.get();
      String text = clean(item.text());
      int version = 0;
      if (text != null) {
        version++;
      }
      if (item.deleted()) {
        version++;
      }
      boolean ours = item.ours();
      String staffUser = ours ? blankToNull(item.staffUser()) : null;
      String parent = blankToNull(item.parentPlatformId());
      if (parent == null && item.kind() == MessageKind.DIRECT_MESSAGE && !item.isRoot()) {
        // A chat read in windows (Messenger details only a conversation's 20 latest messages):
        // the first of a window follows the latest message the conversation already holds, so
        // that an answer after it still answers what came before, even across a gap.
        parent = latestBefore(conversationId, item);
      }
      PreparedStatement insert = sql.get(INSERT_MESSAGE);
      bindMessage(
          insert,
          new NewMessage(
              id,
              conversationId,
              item.account(),
              item.platform(),
              item.platformId(),
              parent,
              item.kind(),
              clean(item.authorHandle()),
              clean(item.authorName()),
              ours,
              staffUser,
              version,
              item.deleted(),
              item.createdAt(),
              now));
      insert.executeUpdate();
      messages.put(
          new PlatformKey(item.account(), item.platformId()),
          Optional.of(
              new StoredMessage(id, conversationId, ours, staffUser, version, item.deleted())));
      int number = 0;
      if (text != null) {
        insertVersion(id, ++number, text, false, item.editedAt(), raw(item));
      }
      if (item.deleted()) {
        insertVersion(id, ++number, null, true, null, raw(item));
        deleted++;
      }
      added++;
      touched.add(conversationId);
    }

    private void insertVersion(
        String messageId, int number, String text, boolean deletion, Instant editedAt, String raw)
        throws SQLException {
      PreparedStatement insert = sql.get(INSERT_VERSION);
      bindVersion(insert, messageId, number, text, deletion, editedAt, now, raw);
      insert.executeUpdate();
    }

    private void update(StoredMessage existing, IncomingItem item) throws SQLException {
      List<ConversationThread.Version> versions = versions(sql.connection, existing.id());
      ConversationThread.Version current = versions.getLast();
      Optional<String> latest = ConversationThread.Message.latestText(versions);
      if (item.deleted()) {
        if (existing.deleted()) {
          duplicates++;
          return;
        }
        String last = clean(item.text());
        StoredMessage message = existing;
        if (last != null && !latest.equals(Optional.of(last))) {
          // The deletion notice carries a text we never saw: keep it before the marker.
          message = appendVersion(message, item, last, false, item.editedAt(), raw(item));
          edited++;
        }
        appendVersion(message, item, null, true, null, raw(item));
        deleted++;
        return;
      }
      String text = clean(item.text());
      if (existing.deleted() && text != null) {
        if (!newerThanTheDeletion(item, versions)) {
          // An edit made before the deletion, come late: after the marker it would read as words
          // written since, and as the time the message was shown again.
          duplicates++;
          return;
        }
        if (!deletedFromHere(existing)) {
          // Shown again after the archive recorded it gone: a deletion found by asking the
          // platform may have been a patron's account switched off for a while (Meta answers
          // "does not exist" for both). The record keeps the marker and adds the text as the
          // platform shows it again. A message a moderator deleted from here stays deleted: a
          // listing that still shows it is the platform's delay.
          appendVersion(existing, item, text, false, item.editedAt(), raw(item), true);
          edited++;
          return;
        }
      }
      if (latest.isPresent() && latest.get().equals(text)) {
        if (current.rawJson() == null && !current.deleted() && item.rawJson() != null) {
          // A reply the intranet sent, now fetched: keep the platform's JSON of it too.
          appendVersion(existing, item, text, false, item.editedAt(), raw(item));
          updateAuthor(existing, item);
          confirmed++;
        } else {
          duplicates++;
        }
        return;
      }
      if (item.editedAt() != null
          && current.editedAt() != null
          && item.editedAt().isBefore(current.editedAt())) {
        // An edit older than the one the archive holds, come late (Meta's retries may arrive out
        // of order): made current, it would show the patron's words as they no longer stand.
        duplicates++;
        return;
      }
      boolean seenBefore = versions.stream().anyMatch(v -> text.equals(v.text()));
      boolean editedLater =
          item.editedAt() != null
              && (current.editedAt() == null || item.editedAt().isAfter(current.editedAt()));
      if (seenBefore && !editedLater) {
        // A late redelivery of an older version, not a new edit back to it.
        duplicates++;
        return;
      }
      appendVersion(existing, item, text, false, item.editedAt(), raw(item));
      edited++;
    }

    /** Adds a version and returns the message as it now stands. */
    private StoredMessage appendVersion(
        StoredMessage message,
        IncomingItem item,
        String text,
        boolean deletion,
        Instant editedAt,
        String raw)
        throws SQLException {
      return appendVersion(message, item, text, deletion, editedAt, raw, false);
    }

    /**
     * As above; {@code shownAgain} makes a message marked deleted live again (the marker stays in
     * its versions).
     */
    private StoredMessage appendVersion(
        StoredMessage message,
        IncomingItem item,
        String text,
        boolean deletion,
        Instant editedAt,
        String raw,
        boolean shownAgain)
        throws SQLException {
      int number = message.currentVersion() + 1;
      insertVersion(message.id(), number, text, deletion, editedAt, raw);
      boolean nowDeleted = deletion || (message.deleted() && !shownAgain);
      PreparedStatement update =
          sql.get("UPDATE messages SET current_version = ?, deleted = ? WHERE id = ?");
      update.setInt(1, number);
      update.setInt(2, nowDeleted ? 1 : 0);
      update.setString(3, message.id());
      update.executeUpdate();
      touched.add(message.conversationId());
      StoredMessage updated =
          new StoredMessage(
              message.id(),
              message.conversationId(),
              message.ours(),
              message.staffUser(),
              number,
              nowDeleted);
      messages.put(new PlatformKey(item.account(), item.platformId()), Optional.of(updated));
      return updated;
    }

    /**
     * Whether {@code item} can say the message stands again: not an edit made before the deletion
     * was recorded, which a webhook's retry delivers late (an edit made after it is news).
     */
    private static boolean newerThanTheDeletion(
        IncomingItem item, List<ConversationThread.Version> versions) {
      Instant recorded = null;
      for (ConversationThread.Version version : versions) {
        if (version.deleted()) {
          recorded = version.seenAt();
        }
      }
      return item.editedAt() == null || recorded == null || item.editedAt().isAfter(recorded);
    }

    /** Whether a moderator deleted the message from the intranet, and the platform did it. */
    private boolean deletedFromHere(StoredMessage message) throws SQLException {
      PreparedStatement select =
          sql.get(
              "SELECT 1 FROM moderation_actions WHERE message_id = ? AND action = '"
                  + ModerationKind.DELETE.wireName()
                  + "' AND outcome = '"
                  + ModerationAction.DONE
                  + "'");
      select.setString(1, message.id());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }

    /** The conversation's latest message written before {@code item}, or null when none. */
    private String latestBefore(String conversationId, IncomingItem item) throws SQLException {
      PreparedStatement select =
          sql.get(
              "SELECT platform_id FROM messages WHERE conversation_id = ? AND created_at <= ?"
                  + " AND platform_id <> ? ORDER BY created_at DESC, first_seen_at DESC LIMIT 1");
      select.setString(1, conversationId);
      select.setLong(2, item.createdAt().toEpochMilli());
      select.setString(3, item.platformId());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }

    private void updateAuthor(StoredMessage message, IncomingItem item) throws SQLException {
      PreparedStatement update =
          sql.get("UPDATE messages SET author_handle = ?, author_name = ? WHERE id = ?");
      update.setString(1, clean(item.authorHandle()));
      update.setString(2, clean(item.authorName()));
      update.setString(3, message.id());
      update.executeUpdate();
    }

    /** The conversation an item joins, created when it is the first of its thread to arrive. */
    private String conversationFor(IncomingItem item) throws SQLException {
      String root = item.threadRoot();
      StoredConversation conversation = null;
      if (root == null) {
        StoredMessage parent = findMessage(item.account(), item.parentPlatformId());
        if (parent != null) {
          conversation = conversationById(parent.conversationId());
        }
        root = item.parentPlatformId();
      }
      if (conversation == null) {
        conversation = conversationByRoot(item.account(), root);
      }
      long createdAt = item.createdAt().toEpochMilli();
      if (conversation == null) {
        String id = ids.get();
        PreparedStatement insert =
            sql.get(
                "INSERT INTO conversations (id, account_id, platform, root_platform_id, kind,"
                    + " status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, id);
        insert.setString(2, item.account());
        insert.setString(3, item.platform());
        insert.setString(4, root);
        insert.setString(5, item.kind().wireName());
        insert.setString(6, ConversationStatus.UNANSWERED.wireName());
        insert.setLong(7, createdAt);
        insert.executeUpdate();
        conversation =
            new StoredConversation(
                id,
                item.account(),
                item.platform(),
                root,
                ConversationStatus.UNANSWERED,
                null,
                createdAt);
        remember(conversation);
      } else if (item.platformId().equals(conversation.root())) {
        // The root arrived after a reply: it says what kind of thread this is and when it began.
        long startedAt = Math.min(conversation.startedAt(), createdAt);
        PreparedStatement update =
            sql.get("UPDATE conversations SET kind = ?, started_at = ? WHERE id = ?");
        update.setString(1, item.kind().wireName());
        update.setLong(2, startedAt);
        update.setString(3, conversation.id());
        update.executeUpdate();
        conversation = conversation.startingAt(startedAt);
        remember(conversation);
      } else if (createdAt < conversation.startedAt()) {
        PreparedStatement update = sql.get("UPDATE conversations SET started_at = ? WHERE id = ?");
        update.setLong(1, createdAt);
        update.setString(2, conversation.id());
        update.executeUpdate();
        conversation = conversation.startingAt(createdAt);
        remember(conversation);
      }
      if (conversation.ourPostId() == null && !isBlank(item.ourPostId())) {
        linkPost(sql.connection, conversation.id(), item.ourPostId());
        remember(conversation.linkedTo(item.ourPostId()));
      }
      return conversation.id();
    }
  }

  /**
   * Links each of these conversations that starts at a post the queue published (its root is a
   * published target's platform id on the same account) to that post, and so to its topic and its
   * approval trail. The connectors cannot tell: they see a post of the account, not the queue's
   * post behind it. Asked per batch over the conversations it touched, so a comment that arrives
   * before the publisher recorded the post's id is linked by the next message of its thread.
   */
  private static void linkPublishedPosts(Statements sql, Set<String> conversationIds)
      throws SQLException {
    for (List<String> chunk : chunks(conversationIds)) {
      PreparedStatement select =
          sql.get(
              PUBLISHED_ROOTS
                  + " AND c.id IN ("
                  + placeholders(chunk.size())
                  + ")"
                  + EARLIEST_FIRST);
      bind(select, 1, chunk);
      for (Map.Entry<String, String> link : publishedRoots(select).entrySet()) {
        linkPost(sql.connection, link.getKey(), link.getValue());
      }
    }
  }

  /** Unlinked conversations whose root is a post the queue published, with that post's id. */
  private static final String PUBLISHED_ROOTS =
      "SELECT c.id, t.post_id FROM conversations c JOIN publish_targets t"
          + " ON t.account_id = c.account_id AND t.platform_post_id = c.root_platform_id"
          + " WHERE t.state = 'published' AND c.our_post_id IS NULL";

  /**
   * Two queue posts can name one platform post (a duplicate refusal settled as the earlier post):
   * the earlier published wins, alike on both databases.
   */
  private static final String EARLIEST_FIRST = " ORDER BY c.id, t.published_at, t.post_id";

  /** As {@link #PUBLISHED_ROOTS}, for posts published since {@code since} (null: ever). */
  private static Map<String, String> publishedRoots(Connection connection, Instant since)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            PUBLISHED_ROOTS + (since == null ? "" : " AND t.published_at >= ?") + EARLIEST_FIRST)) {
      if (since != null) {
        select.setLong(1, since.toEpochMilli());
      }
      return publishedRoots(select);
    }
  }

  private static Map<String, String> publishedRoots(PreparedStatement select) throws SQLException {
    Map<String, String> links = new LinkedHashMap<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        links.putIfAbsent(rows.getString(1), rows.getString(2));
      }
    }
    return links;
  }

  /**
   * Links every conversation that starts at a post the queue published and is not linked yet (an
   * archive from before conversations were linked, or a thread whose link the per-batch check has
   * not met again), recording the changes for the index.
   *
   * @return how many conversations were linked
   */
  public int linkPublishedPosts() {
    return linkPublished(null);
  }

  /**
   * As {@link #linkPublishedPosts()}, for posts published since {@code since} only: a link the
   * per-batch check could miss is one whose post's outcome was recorded after its thread's last
   * message, so lately; this is what a periodic check asks, without reading every target ever.
   */
  public int linkPublishedSince(Instant since) {
    return linkPublished(Objects.requireNonNull(since, "since"));
  }

  private int linkPublished(Instant since) {
    // Read first: nearly always there is nothing to link, and a read waits for no writer.
    if (transactor.read(connection -> publishedRoots(connection, since)).isEmpty()) {
      return 0;
    }
    return transactor.inTransaction(
        connection -> {
          Map<String, String> links = publishedRoots(connection, since);
          for (Map.Entry<String, String> link : links.entrySet()) {
            linkPost(connection, link.getKey(), link.getValue());
          }
          recordChanges(connection, new LinkedHashSet<>(links.keySet()), clock.instant());
          return links.size();
        });
  }

  private static void linkPost(Connection connection, String conversationId, String postId)
      throws SQLException {
    String topic = null;
    try (PreparedStatement select =
        connection.prepareStatement("SELECT topic FROM posts WHERE id = ?")) {
      select.setString(1, postId);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          topic = rows.getString(1);
        }
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE conversations SET our_post_id = ?, topic = ? WHERE id = ?")) {
      update.setString(1, postId);
      update.setString(2, topic);
      update.setString(3, conversationId);
      update.executeUpdate();
    }
  }

  /**
   * The rule statuses are derived by now ({@link AnswerRule}); V11__answer_rule records which one a
   * store's statuses follow. 2 answered by branch and by every ancestor; 3 answers what a reply
   * replies to and its author's run, and counts a close and "no answer needed".
   */
  static final int ANSWER_RULE = 3;

  /**
   * How far back an upgrade settles conversations again by the current rule: the ones people still
   * work on. An older thread keeps the status its rule gave it until a message arrives in it; all
   * of them again would put years of unanswered thank-yous at the top of the inbox, above this
   * week's questions.
   */
  static final java.time.Duration RESETTLED_SINCE = java.time.Duration.ofDays(14);

  /**
   * Settles again, once, every open conversation with a message in the last {@link
   * #RESETTLED_SINCE} whose status an older rule derived, and records a change for each whose
   * status or waiting time moved, so the index follows. Returns how many moved.
   */
  public int settleByCurrentRule() {
    return transactor.inTransaction(
        connection -> {
          int rule;
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT rule FROM archive_answer_rule");
              ResultSet rows = select.executeQuery()) {
            rule = rows.next() ? rows.getInt(1) : ANSWER_RULE;
          }
          if (rule >= ANSWER_RULE) {
            return 0;
          }
          String recent =
              "SELECT id, status, waiting_since FROM conversations c WHERE status <> ? AND EXISTS"
                  + " (SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
                  + " AND m.first_seen_at >= ?)";
          long since = clock.instant().minus(RESETTLED_SINCE).toEpochMilli();
          Map<String, String> before = statuses(connection, recent, since);
          try (Statements sql = new Statements(connection)) {
            settleStatuses(sql, before.keySet());
          }
          Map<String, String> after = statuses(connection, recent, since);
          Set<String> moved = new LinkedHashSet<>();
          for (Map.Entry<String, String> was : before.entrySet()) {
            if (!was.getValue().equals(after.get(was.getKey()))) {
              moved.add(was.getKey());
            }
          }
          recordChanges(connection, moved, clock.instant());
          try (PreparedStatement update =
              connection.prepareStatement("UPDATE archive_answer_rule SET rule = ?")) {
            update.setInt(1, ANSWER_RULE);
            update.executeUpdate();
          }
          return moved.size();
        });
  }

  /** Each open conversation's status and waiting time, of those {@code select} picks. */
  private static Map<String, String> statuses(Connection connection, String select, long since)
      throws SQLException {
    Map<String, String> statuses = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement(select)) {
      query.setString(1, ConversationStatus.CLOSED.wireName());
      query.setLong(2, since);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          statuses.put(rows.getString(1), rows.getString(2) + "/" + rows.getObject(3));
        }
      }
    }
    return statuses;
  }

  private static void settleStatus(Connection connection, String conversationId)
      throws SQLException {
    try (Statements sql = new Statements(connection)) {
      settleStatuses(sql, Set.of(conversationId));
    }
  }

  /**
   * Derives the status from the messages in platform order, so a late delivery cannot leave it
   * wrong: unanswered while any customer message waits for an answer ({@link AnswerRule}: a reply
   * answers what it replies to, not every patron's comment under a post; a message there when the
   * conversation was last closed, or marked as needing no answer, waits for nothing), else answered
   * by the author of our latest reply. A closed conversation stays closed until a message arrives
   * after it was closed: a patron's follow-up must reach the inbox, not vanish. The conversations
   * are read and updated a chunk at a time, not one by one.
   */
  private static void settleStatuses(Statements sql, Set<String> conversationIds)
      throws SQLException {
    for (List<String> chunk : chunks(conversationIds)) {
      Map<String, String> openRoots = new HashMap<>();
      Map<String, Long> closedAt = new HashMap<>();
      Set<String> oneLevel = new HashSet<>();
      PreparedStatement heads =
          sql.get(
              "SELECT id, root_platform_id, status, closed_at, platform FROM conversations"
                  + " WHERE id IN ("
                  + placeholders(chunk.size())
                  + ")");
      bind(heads, 1, chunk);
      try (ResultSet rows = heads.executeQuery()) {
        while (rows.next()) {
          if (AnswerRule.oneLevelReplies(rows.getString(5))) {
            oneLevel.add(rows.getString(1));
          }
          if (ConversationStatus.CLOSED.wireName().equals(rows.getString(3))) {
            closedAt.put(rows.getString(1), rows.getLong(4));
          } else {
            openRoots.put(rows.getString(1), rows.getString(2));
          }
        }
      }
      if (!closedAt.isEmpty()) {
        reopenWhereAMessageArrivedAfterTheClose(sql, closedAt, openRoots);
      }
      if (openRoots.isEmpty()) {
        continue;
      }
      Map<String, AnswerRule.Outcome> settled = new LinkedHashMap<>();
      Map<String, String> firstWaiting = new HashMap<>();
      List<String> open = chunk.stream().filter(openRoots::containsKey).toList();
      PreparedStatement select =
          sql.get(
              "SELECT conversation_id, platform_id, parent_platform_id, ours, staff_user,"
                  + " created_at, CASE WHEN deleted = 1 OR EXISTS (SELECT 1 FROM"
                  + " moderation_actions a WHERE a.message_id = messages.id AND a.outcome = 'done'"
                  + " AND a.action = 'delete')"
                  // Hidden: the latest done hide or unhide is a hide (Message.hidden()).
                  + " OR (SELECT a.action FROM moderation_actions a"
                  + " WHERE a.message_id = messages.id AND a.outcome = 'done'"
                  + " AND a.action <> 'delete' ORDER BY a.seq DESC LIMIT 1) = 'hide'"
                  + " OR EXISTS (SELECT 1 FROM answers_not_needed n"
                  + " WHERE n.message_id = messages.id)"
                  + " OR first_seen_at <= (SELECT c.closed_at FROM conversations c"
                  + " WHERE c.id = messages.conversation_id)"
                  + " THEN 1 ELSE 0 END, author_handle, id"
                  + " FROM messages WHERE conversation_id IN ("
                  + placeholders(open.size())
                  + ") ORDER BY conversation_id, created_at, first_seen_at, id");
      bind(select, 1, open);
      try (ResultSet rows = select.executeQuery()) {
        String current = null;
        List<AnswerRule.Entry> entries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (true) {
          boolean more = rows.next();
          String conversationId = more ? rows.getString(1) : null;
          if (current != null && !current.equals(conversationId)) {
            AnswerRule.Outcome outcome =
                AnswerRule.settle(openRoots.get(current), entries, oneLevel.contains(current));
            settled.put(current, outcome);
            int first = outcome.waiting().indexOf(true);
            if (first >= 0) {
              firstWaiting.put(current, ids.get(first));
            }
            entries = new ArrayList<>();
            ids = new ArrayList<>();
          }
          if (!more) {
            break;
          }
          current = conversationId;
          entries.add(
              new AnswerRule.Entry(
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(8),
                  rows.getInt(4) == 1,
                  rows.getInt(7) == 1,
                  rows.getLong(6),
                  rows.getString(5)));
          ids.add(rows.getString(9));
        }
      }
      PreparedStatement update =
          sql.get(
              "UPDATE conversations SET status = ?, waiting_since = ?, answered_by = ?,"
                  + " answered_at = ?, waiting_message_id = ? WHERE id = ?");
      for (String conversationId : open) {
        AnswerRule.Outcome s =
            settled.getOrDefault(
                conversationId, AnswerRule.settle(openRoots.get(conversationId), List.of(), false));
        ConversationStatus status =
            s.anyWaiting() ? ConversationStatus.UNANSWERED : ConversationStatus.ANSWERED;
        boolean answered = status == ConversationStatus.ANSWERED;
        update.setString(1, status.wireName());
        update.setObject(2, s.waitingSince(), java.sql.Types.BIGINT);
        update.setString(3, answered ? s.answeredBy() : null);
        update.setObject(4, answered ? s.answeredAt() : null, java.sql.Types.BIGINT);
        update.setString(5, firstWaiting.get(conversationId));
        update.setString(6, conversationId);
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /**
   * Of the closed conversations given with their close times, those with a message that arrived
   * here after the close are reopened and added to {@code openRoots} to be settled: a patron's
   * follow-up makes it unanswered; an answer the library gave on the platform makes it answered, as
   * one sent from the intranet does. By our own clock ({@code first_seen_at}): whoever closed it
   * cannot have read a message that came in later, whenever the platform says it was written (a
   * poll a minute behind; a client-set date).
   */
  private static void reopenWhereAMessageArrivedAfterTheClose(
      Statements sql, Map<String, Long> closedAt, Map<String, String> openRoots)
      throws SQLException {
    List<String> closed = List.copyOf(closedAt.keySet());
    // The first message after each close: the one that reopened it, and whose it is.
    PreparedStatement select =
        sql.get(
            "SELECT m.conversation_id, c.root_platform_id, m.first_seen_at, m.ours, m.staff_user"
                + " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                + " WHERE m.conversation_id IN ("
                + placeholders(closed.size())
                + ") AND m.first_seen_at > c.closed_at"
                + " ORDER BY m.conversation_id, m.first_seen_at, m.id");
    bind(select, 1, closed);
    Map<String, Long> reopenedAt = new LinkedHashMap<>();
    Map<String, String> reopenedBy = new HashMap<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        if (!reopenedAt.containsKey(id)) {
          openRoots.put(id, rows.getString(2));
          reopenedAt.put(id, rows.getLong(3));
          if (rows.getBoolean(4)) {
            reopenedBy.put(id, rows.getString(5));
          }
        }
      }
    }
    for (Map.Entry<String, Long> conversation : reopenedAt.entrySet()) {
      openAgain(sql.connection, conversation.getKey());
      // On the trail as that message's doing, when it was seen: a colleague's reply names them;
      // a patron's message, or the library's written on the platform, names nobody.
      recordAction(
          sql.connection,
          conversation.getKey(),
          ActionKind.REOPEN,
          reopenedBy.get(conversation.getKey()),
          null,
          Instant.ofEpochMilli(conversation.getValue()));
    }
  }

  // ---------------------------------------------------------------- staff actions

  /** Records a reply sent from the intranet, in reply to the thread's root. */
  public String recordReply(
      String conversationId, String staffUser, String platformId, String text) {
    return recordReply(conversationId, staffUser, platformId, null, text);
  }

  /**
   * Records a reply sent from the intranet, so the conversation is answered by {@code staffUser} at
   * once and the ingestion, when it fetches the reply later, knows it is ours and who wrote it.
   *
   * @param inReplyTo the platform id replied to, or null for the thread's root
   * @return the message id
   */
  public String recordReply(
      String conversationId, String staffUser, String platformId, String inReplyTo, String text) {
    return recordReply(conversationId, staffUser, platformId, inReplyTo, text, null);
  }

  /**
   * As {@link #recordReply(String, String, String, String, String)}, with the library account's
   * handle as the platform shows it (null: the account's id), so that the reply reads as the
   * library's until the poll fetches the platform's own record of it.
   */
  public String recordReply(
      String conversationId,
      String staffUser,
      String platformId,
      String inReplyTo,
      String text,
      String accountHandle) {
    return recordReply(
        conversationId, staffUser, platformId, inReplyTo, text, accountHandle, false);
  }

  /**
   * As above; {@code direct} when the answer went out privately (a direct message answered, in a
   * private conversation or a public one), so that it is recorded as the private message it is, as
   * the platform's copy of it will say.
   */
  public String recordReply(
      String conversationId,
      String staffUser,
      String platformId,
      String inReplyTo,
      String text,
      String accountHandle,
      boolean direct) {
    requireText(staffUser, "staffUser");
    requireText(platformId, "platformId");
    if (text == null) {
      throw ArchiveRefused.invalid("text", "missing");
    }
    return transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          StoredConversation conversation = conversationById(connection, conversationId);
          if (conversation == null) {
            throw ArchiveRefused.notFound("conversation", conversationId);
          }
          StoredMessage existing = findMessage(connection, conversation.account(), platformId);
          String id;
          if (existing != null) {
            // The ingestion fetched it before we recorded it: claim it.
            if (!existing.conversationId().equals(conversationId)) {
              throw ArchiveRefused.conflict(
                  "platform item " + platformId + " belongs to another conversation");
            }
            id = existing.id();
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE messages SET ours = 1, staff_user = ? WHERE id = ?")) {
              update.setString(1, staffUser);
              update.setString(2, id);
              update.executeUpdate();
            }
          } else {
            id = ids.get();
            LibraryShown shownAs = libraryAsShown(connection, conversationId);
            insertMessage(
                connection,
                new NewMessage(
                    id,
                    conversationId,
                    conversation.account(),
                    conversation.platform(),
                    platformId,
                    inReplyTo == null ? conversation.root() : inReplyTo,
                    direct ? MessageKind.DIRECT_MESSAGE : MessageKind.REPLY,
                    shownAs != null
                        ? shownAs.handle()
                        : isBlank(accountHandle) ? conversation.account() : accountHandle.strip(),
                    shownAs != null ? shownAs.name() : null,
                    true,
                    staffUser,
                    1,
                    false,
                    now,
                    now));
            insertVersion(connection, id, 1, clean(text), false, null, now, null);
          }
          // A closed conversation answered now reopens (settleStatuses' rule for any message that
          // arrives after the close): answered by the sender unless something came in since.
          settleStatus(connection, conversationId);
          recordChanges(connection, Set.of(conversationId), now);
          return id;
        });
  }

  /**
   * The library's handle and name as the platform itself gave them on the thread's latest message
   * of ours that a poll fetched (null when none): a reply recorded here then reads as the library's
   * other messages do, not under the configured handle (on Facebook the Page's name, where the
   * platform's handle is the Page's number), and an export does not split the library in two.
   */
  private static LibraryShown libraryAsShown(Connection connection, String conversationId)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT author_handle, author_name FROM messages WHERE conversation_id = ? AND ours = 1"
                + " AND author_name IS NOT NULL ORDER BY created_at DESC LIMIT 1")) {
      query.setString(1, conversationId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? new LibraryShown(row.getString(1), row.getString(2)) : null;
      }
    }
  }

  private record LibraryShown(String handle, String name) {}

  /** Closes a conversation: it leaves the unanswered list until a message arrives in it. */
  public void close(String conversationId, String actor) {
    requireText(actor, "actor");
    transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          StoredConversation conversation = conversationById(connection, conversationId);
          if (conversation == null) {
            throw ArchiveRefused.notFound("conversation", conversationId);
          }
          if (conversation.status() == ConversationStatus.CLOSED) {
            return null;
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE conversations SET status = ?, waiting_since = NULL, closed_by = ?,"
                      + " closed_at = ? WHERE id = ?")) {
            update.setString(1, ConversationStatus.CLOSED.wireName());
            update.setString(2, actor);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, conversationId);
            update.executeUpdate();
          }
          recordAction(connection, conversationId, ActionKind.CLOSE, actor, null, now);
          recordChanges(connection, Set.of(conversationId), now);
          return null;
        });
  }

  /**
   * Adds a step to the conversation's trail ({@code conversation_actions}), never changed after.
   */
  private static void recordAction(
      Connection connection,
      String conversationId,
      ActionKind action,
      String actor,
      String messageId,
      Instant at)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO conversation_actions (conversation_id, seq, action, actor, message_id,"
                + " acted_at) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?"
                + " FROM conversation_actions WHERE conversation_id = ?")) {
      insert.setString(1, conversationId);
      insert.setString(2, action.wireName());
      insert.setString(3, actor);
      insert.setString(4, messageId);
      insert.setLong(5, at.toEpochMilli());
      insert.setString(6, conversationId);
      insert.executeUpdate();
    }
  }

  /**
   * Reopens a closed conversation by hand: the close is undone (who closed it and when are cleared,
   * so what it covered waits again as its messages say), and the status is derived from the
   * messages. A conversation that is not closed is left as it is.
   *
   * @return whether it was closed
   */
  public boolean reopen(String conversationId, String actor) {
    requireText(actor, "actor");
    return transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          StoredConversation conversation = conversationById(connection, conversationId);
          if (conversation == null) {
            throw ArchiveRefused.notFound("conversation", conversationId);
          }
          if (conversation.status() != ConversationStatus.CLOSED) {
            return false;
          }
          openAgain(connection, conversationId);
          // Undone by hand: the messages the close covered wait again, as they say.
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE conversations SET closed_at = NULL, closed_by = NULL WHERE id = ?")) {
            update.setString(1, conversationId);
            update.executeUpdate();
          }
          recordAction(connection, conversationId, ActionKind.REOPEN, actor, null, now);
          settleStatus(connection, conversationId);
          recordChanges(connection, Set.of(conversationId), now);
          return true;
        });
  }

  /**
   * Records that a customer message needs no answer (a thank-you, patrons talking to each other),
   * or, with {@code needed}, that it does after all: it stops or starts waiting, and the record
   * says who decided and when. Only a customer's message; marking it again changes nothing.
   *
   * @return whether anything changed
   */
  public boolean markAnswerNeeded(String messageId, String actor, boolean needed) {
    requireText(actor, "actor");
    return transactor.inTransaction(
        connection -> {
          StoredMessage message = messageById(connection, messageId);
          if (message == null) {
            throw ArchiveRefused.notFound("message", messageId);
          }
          if (message.ours()) {
            throw ArchiveRefused.invalid(
                "message", "only a customer's message waits for an answer, not the library's");
          }
          Instant now = clock.instant();
          int changed;
          try (PreparedStatement change =
              connection.prepareStatement(
                  needed
                      ? "DELETE FROM answers_not_needed WHERE message_id = ?"
                      : "INSERT INTO answers_not_needed (message_id, actor, marked_at)"
                          + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM answers_not_needed"
                          + " WHERE message_id = ?)")) {
            change.setString(1, messageId);
            if (!needed) {
              change.setString(2, actor);
              change.setLong(3, now.toEpochMilli());
              change.setString(4, messageId);
            }
            changed = change.executeUpdate();
          }
          if (changed > 0) {
            recordAction(
                connection,
                message.conversationId(),
                needed ? ActionKind.ANSWER_NEEDED : ActionKind.NO_ANSWER_NEEDED,
                actor,
                messageId,
                now);
            settleStatus(connection, message.conversationId());
            recordChanges(connection, Set.of(message.conversationId()), now);
          }
          return changed > 0;
        });
  }

  /** Takes a conversation out of closed, for {@link #settleStatus} to derive its status. */
  private static void openAgain(Connection connection, String conversationId) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE conversations SET status = ? WHERE id = ?")) {
      update.setString(1, ConversationStatus.UNANSWERED.wireName());
      update.setString(2, conversationId);
      update.executeUpdate();
    }
  }

  /**
   * Records a moderator's decision to hide, unhide or delete a customer's message, before the
   * platform is asked, so an attempt is on the record even when the platform call fails. Settle it
   * with {@link #settleModeration}. The message and all its versions stay.
   */
  public ModerationAction moderate(
      String messageId, String actor, ModerationKind action, String reason) {
    requireText(actor, "actor");
    if (action == null) {
      throw ArchiveRefused.invalid("action", "must be hide, unhide or delete");
    }
    requireText(reason, "reason");
    if (reason.length() > MAX_REASON) {
      throw ArchiveRefused.invalid("reason", "longer than " + MAX_REASON + " characters");
    }
    return transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          StoredMessage message = messageById(connection, messageId);
          if (message.ours()) {
            throw ArchiveRefused.conflict(
                "only customers' messages are moderated; this one is the library's own");
          }
          if (action != ModerationKind.DELETE) {
            refuseARepeatedHideOrUnhide(connection, messageId, action, now);
          }
          int number;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO moderation_actions (message_id, seq, actor, action, reason,"
                      + " acted_at, outcome) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?"
                      + " FROM moderation_actions WHERE message_id = ?")) {
            insert.setString(1, messageId);
            insert.setString(2, actor);
            insert.setString(3, action.wireName());
            insert.setString(4, clean(reason));
            insert.setLong(5, now.toEpochMilli());
            insert.setString(6, ModerationAction.PENDING);
            insert.setString(7, messageId);
            insert.executeUpdate();
          }
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT MAX(seq) FROM moderation_actions WHERE message_id = ?")) {
            select.setString(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
              rows.next();
              number = rows.getInt(1);
            }
          }
          return new ModerationAction(
              messageId, number, actor, action, clean(reason), now, ModerationAction.PENDING, null);
        });
  }

  /** How long a pending hide or unhide holds off the same action by another moderator. */
  private static final java.time.Duration PENDING_HOLDS = java.time.Duration.ofMinutes(2);

  /**
   * Checked in the write transaction that records the action, so that two moderators clicking at
   * once do not both hide (or unhide) it: refused when the message already is as asked, or when the
   * same action by someone is waiting for the platform's answer (for a while: one a stop cut short
   * does not hold it for ever).
   */
  private static void refuseARepeatedHideOrUnhide(
      Connection connection, String messageId, ModerationKind action, Instant now)
      throws SQLException {
    List<ModerationAction> actions =
        ThreadReader.moderation(connection, List.of(messageId)).getOrDefault(messageId, List.of());
    for (ModerationAction earlier : actions) {
      if (earlier.action() == action
          && ModerationAction.PENDING.equals(earlier.outcome())
          && earlier.at().isAfter(now.minus(PENDING_HOLDS))) {
        throw ArchiveRefused.conflict(
            "a colleague is "
                + (action == ModerationKind.HIDE ? "hiding" : "unhiding")
                + " this message now");
      }
    }
    boolean hidden = ConversationThread.hidden(actions);
    if (action == ModerationKind.HIDE && hidden) {
      throw ArchiveRefused.conflict("the message is already hidden");
    }
    if (action == ModerationKind.UNHIDE && !hidden) {
      throw ArchiveRefused.conflict("the message is not hidden, so there is nothing to unhide");
    }
  }

  /**
   * Records what the platform answered to a pending moderation action. A successful delete also
   * adds a deletion marker to the message at once, as the platform will report on the next fetch.
   *
   * @param failure null when the platform did it, else why it did not
   */
  public ModerationAction settleModeration(String messageId, int number, String failure) {
    return transactor.inTransaction(
        connection -> {
          Instant now = clock.instant();
          StoredMessage message = messageById(connection, messageId);
          ModerationAction action =
              moderation(connection, messageId).stream()
                  .filter(a -> a.number() == number)
                  .findFirst()
                  .orElseThrow(
                      () -> ArchiveRefused.notFound("moderation action", messageId + "/" + number));
          if (!ModerationAction.PENDING.equals(action.outcome())) {
            throw ArchiveRefused.conflict("this moderation action is already " + action.outcome());
          }
          String outcome =
              failure == null
                  ? ModerationAction.DONE
                  : ModerationAction.FAILED_PREFIX + clean(failure);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE moderation_actions SET outcome = ?, settled_at = ?"
                      + " WHERE message_id = ? AND seq = ?")) {
            update.setString(1, outcome);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, messageId);
            update.setInt(4, number);
            update.executeUpdate();
          }
          if (failure == null && action.action() == ModerationKind.DELETE && !message.deleted()) {
            int version = message.currentVersion() + 1;
            insertVersion(connection, messageId, version, null, true, null, now, null);
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE messages SET current_version = ?, deleted = 1 WHERE id = ?")) {
              update.setInt(1, version);
              update.setString(2, messageId);
              update.executeUpdate();
            }
          }
          if (failure == null) {
            // A hidden or deleted message waits for no answer: the inbox drops it, and the index
            // learns the conversation's new status (and a deletion).
            settleStatus(connection, message.conversationId());
            recordChanges(connection, Set.of(message.conversationId()), now);
          }
          return new ModerationAction(
              messageId,
              number,
              action.actor(),
              action.action(),
              action.reason(),
              action.at(),
              outcome,
              now);
        });
  }

  // ---------------------------------------------------------------- reading

  /** The whole thread: every message, version, deletion marker, moderation action, approval. */
  public Optional<ConversationThread> conversation(String id) {
    return transactor.read(connection -> ThreadReader.thread(connection, id));
  }

  /**
   * The inbox: unanswered first, the longest waiting first; then answered and closed ones, oldest
   * first. Direct messages only of the filter's visible accounts.
   */
  public List<InboxEntry> inbox(InboxFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return transactor.read(connection -> ThreadReader.inbox(connection, filter));
  }

  /** The conversation as the index holds it, or empty when the store has no such conversation. */
  public Optional<ArchivedConversation> toArchived(String conversationId) {
    return transactor.inTransaction(
        connection ->
            Optional.ofNullable(
                ThreadReader.archived(connection, List.of(conversationId)).get(conversationId)));
  }

  /**
   * The changes after {@code sequence}, at most {@code limit} change rows, as the index needs them:
   * each changed conversation once, in its current state, at the last of its sequences in the
   * batch, in sequence order. The last element's sequence is therefore the last row read, which is
   * what the index may commit once it has applied them.
   *
   * <p>A read on its own snapshot, not a write transaction: the index's thread reads while the
   * ingestion writes its next page. Sequences become visible in commit order without gaps, so a
   * snapshot never shows a change without the ones before it.
   */
  public List<IndexChange> changesAfter(long sequence, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    return transactor.read(
        connection -> {
          Map<String, Long> lastSequence = new LinkedHashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT sequence, conversation_id FROM archive_changes WHERE sequence > ?"
                      + " ORDER BY sequence LIMIT ?")) {
            select.setLong(1, sequence);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                String conversationId = rows.getString(2);
                lastSequence.remove(conversationId);
                lastSequence.put(conversationId, rows.getLong(1));
              }
            }
          }
          Map<String, ArchivedConversation> current =
              ThreadReader.archived(connection, List.copyOf(lastSequence.keySet()));
          List<IndexChange> changes = new ArrayList<>(lastSequence.size());
          lastSequence.forEach(
              (conversationId, seq) -> {
                ArchivedConversation conversation = current.get(conversationId);
                changes.add(
                    conversation == null
                        ? new IndexChange.Remove(seq, conversationId)
                        : new IndexChange.Upsert(seq, conversation));
              });
          return changes;
        });
  }

  /**
   * This store's identity (the {@code store_identity} table), made the first time it is asked for:
   * the index records it with its commits, so that an index built from another store is noticed.
   */
  public String identity() {
    // Read first: after the store's first start the row is there, and a read never waits for,
    // nor nests inside, a write.
    return storedIdentity()
        .orElseGet(
            () ->
                transactor.inTransaction(
                    connection -> {
                      Optional<String> raced = storedIdentity(connection);
                      if (raced.isPresent()) {
                        return raced.get();
                      }
                      String made = UUID.randomUUID().toString();
                      try (PreparedStatement insert =
                          connection.prepareStatement(
                              "INSERT INTO store_identity (one, id, created_at) VALUES (1, ?, ?)")) {
                        insert.setString(1, made);
                        insert.setString(2, clock.instant().toString());
                        insert.executeUpdate();
                      }
                      return made;
                    }));
  }

  /** This store's identity if it was ever asked for; a read, which never makes one. */
  public Optional<String> storedIdentity() {
    return transactor.read(ArchiveStore::storedIdentity);
  }

  private static Optional<String> storedIdentity(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT id FROM store_identity");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
    }
  }

  /** The last sequence a committed change holds; 0 before the first. */
  public long lastSequence() {
    return transactor.read(ArchiveStore::lastSequence);
  }

  public long conversationCount() {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT COUNT(*) FROM conversations");
              ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  /**
   * Every conversation as the index holds it, in id order, read lazily in batches of one
   * transaction each, so a rebuild holds neither a long transaction nor the archive in memory.
   */
  public Stream<ArchivedConversation> allArchived() {
    Iterator<ArchivedConversation> batches =
        new Iterator<>() {
          private Iterator<ArchivedConversation> batch = List.<ArchivedConversation>of().iterator();
          private String after = "";
          private boolean exhausted;

          @Override
          public boolean hasNext() {
            while (!batch.hasNext() && !exhausted) {
              List<ArchivedConversation> next =
                  transactor.inTransaction(
                      connection -> ThreadReader.archivedPage(connection, after, REBUILD_BATCH));
              exhausted = next.size() < REBUILD_BATCH;
              if (!next.isEmpty()) {
                after = next.getLast().id();
              }
              batch = next.iterator();
            }
            return batch.hasNext();
          }

          @Override
          public ArchivedConversation next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return batch.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(batches, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  // ---------------------------------------------------------------- rows

  record StoredConversation(
      String id,
      String account,
      String platform,
      String root,
      ConversationStatus status,
      String ourPostId,
      long startedAt) {

    StoredConversation startingAt(long at) {
      return new StoredConversation(id, account, platform, root, status, ourPostId, at);
    }

    StoredConversation linkedTo(String postId) {
      return new StoredConversation(id, account, platform, root, status, postId, startedAt);
    }
  }

  record StoredMessage(
      String id,
      String conversationId,
      boolean ours,
      String staffUser,
      int currentVersion,
      boolean deleted) {}

  private record NewMessage(
      String id,
      String conversationId,
      String account,
      String platform,
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

  private static final String CONVERSATION_COLUMNS =
      "id, account_id, platform, root_platform_id, status, our_post_id, started_at";

  private static StoredConversation conversationById(Connection connection, String id)
      throws SQLException {
    return oneConversation(connection, "WHERE id = ?", id);
  }

  private static StoredConversation conversationByRoot(
      Connection connection, String account, String root) throws SQLException {
    return oneConversation(
        connection, "WHERE account_id = ? AND root_platform_id = ?", account, root);
  }

  private static StoredConversation oneConversation(
      Connection connection, String where, String... parameters) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + CONVERSATION_COLUMNS + " FROM conversations " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? conversation(rows) : null;
      }
    }
  }

  private static StoredConversation conversation(ResultSet rows) throws SQLException {
    return new StoredConversation(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        ConversationStatus.fromWireName(rows.getString(5)).orElseThrow(),
        rows.getString(6),
        rows.getLong(7));
  }

  /**
   * The colleague whose reply from the intranet the platform item is, when it is one: a reply the
   * platform points to (a duplicate's, or one found after a lost answer) may be theirs, and must
   * not be recorded as someone else's.
   */
  public Optional<String> answeredFromHereBy(String account, String platformId) {
    return transactor.read(
        connection -> {
          StoredMessage known = findMessage(connection, account, platformId);
          return known != null && known.ours() && known.staffUser() != null
              ? Optional.of(known.staffUser())
              : Optional.<String>empty();
        });
  }

  /**
   * The account's private conversation with a person, as a platform's webhook needs it: Meta's
   * names the person and the account, not the conversation.
   *
   * @param rootPlatformId the conversation's root on the platform, under which a message is filed
   * @param personName the name the platform last gave the person's messages there, or null
   * @param ownName the name the platform last gave the account's messages there, or null
   */
  public record DirectChat(String rootPlatformId, String personName, String ownName) {}

  /**
   * The private conversation of {@code account} in which {@code person} (their handle on the
   * platform) last wrote, if the archive holds one.
   */
  public Optional<DirectChat> directChatWith(String account, String person) {
    return transactor.read(
        connection -> {
          String conversation;
          String root;
          String personName;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT m.conversation_id, c.root_platform_id, m.author_name FROM messages m"
                      + " JOIN conversations c ON c.id = m.conversation_id"
                      + " WHERE m.account_id = ? AND m.author_handle = ? AND m.kind = '"
                      + MessageKind.DIRECT_MESSAGE.wireName()
                      + "' AND m.ours = 0 ORDER BY m.created_at DESC LIMIT 1")) {
            select.setString(1, account);
            select.setString(2, person);
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.<DirectChat>empty();
              }
              conversation = rows.getString(1);
              root = rows.getString(2);
              personName = rows.getString(3);
            }
          }
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT author_name FROM messages WHERE conversation_id = ? AND ours = 1"
                      + " AND author_name IS NOT NULL ORDER BY created_at DESC LIMIT 1")) {
            select.setString(1, conversation);
            try (ResultSet rows = select.executeQuery()) {
              return Optional.of(
                  new DirectChat(root, personName, rows.next() ? rows.getString(1) : null));
            }
          }
        });
  }

  /** What the store holds, as readers see it to notice deletions the platform does not report. */
  public ArchivedItems archivedItems() {
    return new StoredItems(transactor);
  }

  /** Whether the archive holds the platform's item {@code platformId} of {@code account}. */
  public boolean holds(String account, String platformId) {
    return transactor.read(connection -> findMessage(connection, account, platformId) != null);
  }

  private static final String MESSAGE_COLUMNS =
      "id, conversation_id, ours, staff_user, current_version, deleted";

  private static StoredMessage findMessage(Connection connection, String account, String platformId)
      throws SQLException {
    return oneMessage(connection, "WHERE account_id = ? AND platform_id = ?", account, platformId);
  }

  private static StoredMessage messageById(Connection connection, String id) throws SQLException {
    StoredMessage message = oneMessage(connection, "WHERE id = ?", id);
    if (message == null) {
      throw ArchiveRefused.notFound("message", id);
    }
    return message;
  }

  private static StoredMessage oneMessage(Connection connection, String where, String... parameters)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? message(rows) : null;
      }
    }
  }

  private static StoredMessage message(ResultSet rows) throws SQLException {
    return new StoredMessage(
        rows.getString(1),
        rows.getString(2),
        rows.getInt(3) == 1,
        rows.getString(4),
        rows.getInt(5),
        rows.getInt(6) == 1);
  }

  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (id, conversation_id, account_id, platform, platform_id,"
          + " parent_platform_id, kind, author_handle, author_name, ours, staff_user,"
          + " current_version, deleted, created_at, first_seen_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_VERSION =
      "INSERT INTO message_versions (message_id, version, text, deleted, edited_at,"
          + " seen_at, raw_json) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static void insertMessage(Connection connection, NewMessage m) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
      bindMessage(insert, m);
      insert.executeUpdate();
    }
  }

  private static void bindMessage(PreparedStatement insert, NewMessage m) throws SQLException {
    insert.setString(1, m.id());
    insert.setString(2, m.conversationId());
    insert.setString(3, m.account());
    insert.setString(4, m.platform());
    insert.setString(5, m.platformId());
    insert.setString(6, m.parentPlatformId());
    insert.setString(7, m.kind().wireName());
    insert.setString(8, m.authorHandle());
    insert.setString(9, m.authorName());
    insert.setInt(10, m.ours() ? 1 : 0);
    insert.setString(11, m.staffUser());
    insert.setInt(12, m.currentVersion());
    insert.setInt(13, m.deleted() ? 1 : 0);
    insert.setLong(14, m.createdAt().toEpochMilli());
    insert.setLong(15, m.firstSeenAt().toEpochMilli());
  }

  private static void insertVersion(
      Connection connection,
      String messageId,
      int version,
      String text,
      boolean deletion,
      Instant editedAt,
      Instant seenAt,
      String raw)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_VERSION)) {
      bindVersion(insert, messageId, version, text, deletion, editedAt, seenAt, raw);
      insert.executeUpdate();
    }
  }

  private static void bindVersion(
      PreparedStatement insert,
      String messageId,
      int version,
      String text,
      boolean deletion,
      Instant editedAt,
      Instant seenAt,
      String raw)
      throws SQLException {
    insert.setString(1, messageId);
    insert.setInt(2, version);
    insert.setString(3, text);
    insert.setInt(4, deletion ? 1 : 0);
    insert.setObject(5, editedAt == null ? null : editedAt.toEpochMilli(), java.sql.Types.BIGINT);
    insert.setLong(6, seenAt.toEpochMilli());
    insert.setString(7, raw);
  }

  /** Parameters per {@code IN} list: far below SQLite's and PostgreSQL's limits. */
  static final int IN_CHUNK = 500;

  private static List<List<String>> chunks(java.util.Collection<String> values) {
    List<String> all = List.copyOf(values);
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + IN_CHUNK)));
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static void bind(PreparedStatement statement, int first, List<String> values)
      throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setString(first + i, values.get(i));
    }
  }

  static List<ConversationThread.Version> versions(Connection connection, String messageId)
      throws SQLException {
    return ThreadReader.versions(connection, List.of(messageId)).getOrDefault(messageId, List.of());
  }

  static List<ModerationAction> moderation(Connection connection, String messageId)
      throws SQLException {
    return ThreadReader.moderation(connection, List.of(messageId))
        .getOrDefault(messageId, List.of());
  }

  /**
   * Appends one change row per conversation, numbered from the counter. The UPDATE takes the
   * counter row's write lock until this transaction ends, so no other transaction can number its
   * changes in between: sequences are contiguous within a transaction and commit in order.
   */
  private static void recordChanges(Connection connection, Set<String> conversations, Instant now)
      throws SQLException {
    if (conversations.isEmpty()) {
      return;
    }
    try (PreparedStatement bump =
        connection.prepareStatement(
            "UPDATE archive_sequence SET last_value = last_value + ? WHERE id = 1")) {
      bump.setLong(1, conversations.size());
      bump.executeUpdate();
    }
    long next = lastSequence(connection) - conversations.size() + 1;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO archive_changes (sequence, conversation_id, changed_at) VALUES (?, ?, ?)")) {
      for (String conversationId : conversations) {
        insert.setLong(1, next++);
        insert.setString(2, conversationId);
        insert.setLong(3, now.toEpochMilli());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static long lastSequence(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT last_value FROM archive_sequence WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void putCursor(Connection connection, IngestionCursor cursor, Instant now)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO ingestion_cursors (account_id, stream, cursor_text, updated_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, stream) DO UPDATE SET"
                + " cursor_text = excluded.cursor_text, updated_at = excluded.updated_at")) {
      upsert.setString(1, cursor.account());
      upsert.setString(2, cursor.stream());
      upsert.setString(3, cursor.value());
      upsert.setLong(4, now.toEpochMilli());
      upsert.executeUpdate();
    }
  }

  private static String raw(IncomingItem item) {
    return clean(item.rawJson());
  }

  /** PostgreSQL cannot store NUL in text; SQLite could, but both databases must hold the same. */
  static String clean(String text) {
    // indexOf first: it is vectorised, and a raw JSON without NUL (all of them) is then not copied
    // or scanned twice; the ingest runs this over every item's raw JSON.
    return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
  }

  private static String blankToNull(String value) {
    return isBlank(value) ? null : value;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static void requireText(String value, String field) {
    if (isBlank(value)) {
      throw ArchiveRefused.invalid(field, "missing");
    }
  }

  /** The base64url characters in ASCII order, so that ids sort as their numbers do. */
  private static final char[] ORDERED =
      "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".toCharArray();

  /**
   * 22 base64url characters: 7 of the current time in milliseconds (42 bits, enough until 2109),
   * then 90 random bits. Ids made together sort together, so the rows of a batch land side by side
   * in the primary-key B-trees instead of on random pages all over them, which matters once the
   * archive outgrows SQLite's page cache. Ids stay unguessable enough for what they are: names of
   * rows that every read checks the reader's rights to.
   *
   * <p>Seven characters, not eight: the eighth, the time's highest bits, is 0 until the year 10889
   * and so always {@code -}, and a cell starting with {@code -} is one a spreadsheet runs as a
   * formula, which the CSV export must quote: every id in an export came out as {@code '-P7U...}.
   * Ids made before the change still start with {@code -}, which sorts before every character used
   * now, so old ids still sort before new ones.
   */
  static String newId() {
    char[] id = new char[22];
    long millis = System.currentTimeMillis();
    for (int i = 6; i >= 0; i--) {
      id[i] = ORDERED[(int) (millis & 63)];
      millis >>>= 6;
    }
    byte[] random = new byte[15];
    RANDOM.nextBytes(random);
    for (int i = 0; i < 15; i++) {
      id[7 + i] = ORDERED[random[i] & 63];
    }
    return new String(id);
  }
}
