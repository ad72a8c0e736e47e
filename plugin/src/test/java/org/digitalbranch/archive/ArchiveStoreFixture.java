package org.digitalbranch.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;

/**
 * An archive store over a real store with every migration applied (SQLite in the test's folder, or
 * PostgreSQL in the store's second test run: {@link TestStores}), a clock the test moves, and ids
 * counted from 1 so expectations are exact.
 */
final class ArchiveStoreFixture {
  static final Instant START = Instant.parse("2026-11-20T15:00:00Z");

  final DataSource dataSource;
  final MovableClock clock = new MovableClock(START);
  final AtomicInteger nextId = new AtomicInteger();
  final ArchiveStore store;

  ArchiveStoreFixture(Path folder) {
    dataSource = TestStores.migrated(folder);
    store = newStore();
  }

  /** A post of the queue, as the queue would have stored it (its history is the test's). */
  void queuePost(String id, int version, String state, String body, String topic)
      throws SQLException {
    update(
        "INSERT INTO posts (id, version, state, author, body, topic, intent, created_at,"
            + " updated_at) VALUES (?, ?, ?, 'ana', ?, ?, 'engagement', 0, 0)",
        id,
        version,
        state,
        body,
        topic);
  }

  /**
   * A post's outcome on an account, as the publisher records it, with the platform's id; published
   * (when it is) at the fixture clock's time.
   */
  void publishTarget(
      String postId, String account, int ordinal, String state, String platformPostId)
      throws SQLException {
    update(
        "INSERT INTO publish_targets (post_id, account_id, ordinal, state, attempts, failures,"
            + " retry_safe, platform_post_id, idempotency_key, published_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 1, 0, 0, ?, ?, ?, 0)",
        postId,
        account,
        ordinal,
        state,
        platformPostId,
        postId + "-" + account,
        "published".equals(state) ? clock.instant().toEpochMilli() : null);
  }

  private void update(String sql, Object... values) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  ArchiveStore newStore() {
    return new ArchiveStore(
        Transactor.over(dataSource), clock, () -> "id" + nextId.incrementAndGet());
  }

  /** Minutes after {@link #START}: platform times in tests read as a timeline. */
  static Instant minute(int minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  /** A customer's item on the Facebook page, to be adjusted with the record's wither methods. */
  static Item customer(String platformId, String text) {
    return new Item(
        "fb-main",
        "facebook",
        platformId,
        null,
        null,
        MessageKind.COMMENT,
        "pat.reader",
        "Pat Reader",
        text,
        START,
        null,
        false,
        false,
        null,
        null,
        "{\"id\":\"" + platformId + "\"}");
  }

  /** A fluent copy of {@link IncomingItem} for tests. */
  record Item(
      String account,
      String platform,
      String platformId,
      String parent,
      String root,
      MessageKind kind,
      String handle,
      String name,
      String text,
      Instant createdAt,
      Instant editedAt,
      boolean deleted,
      boolean ours,
      String staffUser,
      String ourPostId,
      String raw) {

    IncomingItem build() {
      return new IncomingItem(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item replyTo(String parentId, String rootId) {
      return new Item(
          account,
          platform,
          platformId,
          parentId,
          rootId,
          kind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item on(String newAccount, String newPlatform) {
      return new Item(
          newAccount,
          newPlatform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item kind(MessageKind newKind) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          newKind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item at(Instant when) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          text,
          when,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item by(String newHandle, String newName) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          newHandle,
          newName,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item edited(String newText, Instant when) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          newText,
          createdAt,
          when,
          deleted,
          ours,
          staffUser,
          ourPostId,
          rawFor(newText));
    }

    Item gone() {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          null,
          createdAt,
          editedAt,
          true,
          ours,
          staffUser,
          ourPostId,
          "{\"error\":\"not found\"}");
    }

    Item text(String newText) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          newText,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          raw);
    }

    Item ours(String staff) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          "library",
          "The Library",
          text,
          createdAt,
          editedAt,
          deleted,
          true,
          staff,
          ourPostId,
          raw);
    }

    Item ourPost(String postId) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          postId,
          raw);
    }

    Item raw(String newRaw) {
      return new Item(
          account,
          platform,
          platformId,
          parent,
          root,
          kind,
          handle,
          name,
          text,
          createdAt,
          editedAt,
          deleted,
          ours,
          staffUser,
          ourPostId,
          newRaw);
    }

    private String rawFor(String newText) {
      return "{\"id\":\"" + platformId + "\",\"text\":\"" + newText + "\"}";
    }
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the archive works in instants");
    }
  }
}
