package org.digitalbranch.publish;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The publisher's tables over plain JDBC. The caller owns the connection and its transaction, so a
 * target's outcome, its account's state and the post's state commit together.
 */
final class PublishStore {
  private static final String TARGET_COLUMNS =
      "t.post_id, t.account_id, t.ordinal, t.state, t.attempts, t.failures, t.next_attempt_at,"
          + " t.first_attempt_at, t.last_attempt_at, t.retry_safe, t.last_error,"
          + " t.platform_post_id, t.url, t.idempotency_key, t.published_at";
  private static final String ACCOUNT_COLUMNS =
      "account_id, state, rate_limited_until, reason, last_success_at, last_failure_at,"
          + " last_failure, token_expires_at";

  /** Renewed credentials as stored, with the digest of the configured ones they replaced. */
  record Renewed(String json, String configuredDigest) {
    @Override
    public String toString() {
      return "Renewed[json=***, configuredDigest=" + configuredDigest + "]";
    }
  }

  private final Connection connection;

  PublishStore(Connection connection) {
    this.connection = connection;
  }

  /** Approved posts whose time has come (or that have none), oldest time first. */
  List<String> dueApprovedPosts(Instant now) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id FROM posts WHERE state = 'approved' AND (publish_at IS NULL OR publish_at <= ?)"
                + " ORDER BY COALESCE(publish_at, approved_at), id")) {
      select.setLong(1, now.toEpochMilli());
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  /**
   * A target that was published before this store knew it (the demo's history): its outcome as the
   * publisher would have recorded it. A row the post already has for the account keeps its outcome
   * and takes the new address (a sandbox serves its pages on another port at every start).
   */
  void insertPublished(
      String postId, String accountId, int ordinal, String platformPostId, URI url, Instant at)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO publish_targets (post_id, account_id, ordinal, state, attempts, failures,"
                + " first_attempt_at, last_attempt_at, retry_safe, platform_post_id, url,"
                + " idempotency_key, published_at, updated_at)"
                + " VALUES (?, ?, ?, 'published', 1, 0, ?, ?, 0, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (post_id, account_id) DO UPDATE SET url = excluded.url")) {
      insert.setString(1, postId);
      insert.setString(2, accountId);
      insert.setInt(3, ordinal);
      insert.setLong(4, at.toEpochMilli());
      insert.setLong(5, at.toEpochMilli());
      insert.setString(6, platformPostId);
      insert.setString(7, url == null ? null : url.toString());
      insert.setString(8, UUID.randomUUID().toString());
      insert.setLong(9, at.toEpochMilli());
      insert.setLong(10, at.toEpochMilli());
      insert.executeUpdate();
    }
  }

  /** One pending row per account, each with its idempotency key, due at once. */
  void createTargets(String postId, List<String> accountIds, Instant now) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO publish_targets (post_id, account_id, ordinal, state, attempts, failures,"
                + " next_attempt_at, retry_safe, idempotency_key, updated_at)"
                + " VALUES (?, ?, ?, 'pending', 0, 0, ?, 0, ?, ?)"
                + " ON CONFLICT (post_id, account_id) DO NOTHING")) {
      for (int i = 0; i < accountIds.size(); i++) {
        insert.setString(1, postId);
        insert.setString(2, accountIds.get(i));
        insert.setInt(3, i);
        insert.setLong(4, now.toEpochMilli());
        insert.setString(5, UUID.randomUUID().toString());
        insert.setLong(6, now.toEpochMilli());
        insert.executeUpdate();
      }
    }
  }

  /**
   * Targets of posts being published that are due by {@code now}: lost answers first, since they
   * must be cleared up before anything new goes to their account; then in the posts' order.
   */
  List<TargetOutcome> dueTargets(Instant now) throws SQLException {
    return targets(
        "JOIN posts p ON p.id = t.post_id WHERE p.state = 'publishing'"
            + " AND t.state IN ('pending', 'unknown') AND t.next_attempt_at <= ?"
            + " ORDER BY CASE WHEN t.state = 'unknown' THEN 0 ELSE 1 END, t.next_attempt_at,"
            + " COALESCE(p.publish_at, p.approved_at), p.approved_at, t.post_id, t.ordinal",
        now.toEpochMilli());
  }

  List<TargetOutcome> inState(TargetState state) throws SQLException {
    return targets("WHERE t.state = ? ORDER BY t.post_id, t.ordinal", state.id());
  }

  /**
   * Targets a person must act on (failed, or unknown with no look planned), last changed since
   * {@code since}, the latest first.
   */
  List<TargetOutcome> givenUp(Instant since, String author, int limit) throws SQLException {
    String given =
        "WHERE (t.state = 'failed' OR (t.state = 'unknown' AND t.next_attempt_at IS NULL))"
            + " AND t.updated_at >= ?";
    String order = " ORDER BY t.updated_at DESC, t.post_id, t.ordinal LIMIT ?";
    return author == null
        ? targets(given + order, since.toEpochMilli(), limit)
        : targets(
            given + " AND t.post_id IN (SELECT p.id FROM posts p WHERE p.author = ?)" + order,
            since.toEpochMilli(),
            author,
            limit);
  }

  List<TargetOutcome> ofPost(String postId) throws SQLException {
    return targets("WHERE t.post_id = ? ORDER BY t.ordinal", postId);
  }

  Optional<TargetOutcome> find(String postId, String accountId) throws SQLException {
    return targets("WHERE t.post_id = ? AND t.account_id = ?", postId, accountId).stream()
        .findFirst();
  }

  void save(TargetOutcome target, Instant now) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE publish_targets SET state = ?, attempts = ?, failures = ?, next_attempt_at = ?,"
                + " first_attempt_at = ?, last_attempt_at = ?, retry_safe = ?, last_error = ?,"
                + " platform_post_id = ?, url = ?, published_at = ?, updated_at = ?"
                + " WHERE post_id = ? AND account_id = ?")) {
      update.setString(1, target.state().id());
      update.setInt(2, target.attempts());
      update.setInt(3, target.failures());
      setInstant(update, 4, target.nextAttemptAt());
      setInstant(update, 5, target.firstAttemptAt());
      setInstant(update, 6, target.lastAttemptAt());
      update.setInt(7, target.retrySafe() ? 1 : 0);
      update.setString(8, target.lastError());
      update.setString(9, target.platformPostId());
      update.setString(10, target.url() == null ? null : target.url().toString());
      setInstant(update, 11, target.publishedAt());
      update.setLong(12, now.toEpochMilli());
      update.setString(13, target.postId());
      update.setString(14, target.accountId());
      if (update.executeUpdate() != 1) {
        throw new SQLException(
            "no publishing record for post " + target.postId() + " and " + target.accountId());
      }
    }
  }

  boolean allPublished(String postId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COUNT(*), SUM(CASE WHEN state = 'published' THEN 1 ELSE 0 END)"
                + " FROM publish_targets WHERE post_id = ?")) {
      select.setString(1, postId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0 && rows.getInt(1) == rows.getInt(2);
      }
    }
  }

  /** The account's stored health, or a fresh "ok" when nothing has happened to it yet. */
  AccountStatus account(String accountId, String platform) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + ACCOUNT_COLUMNS + " FROM publish_accounts WHERE account_id = ?")) {
      select.setString(1, accountId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? account(rows, platform) : AccountStatus.fresh(accountId, platform);
      }
    }
  }

  /** Every stored account's health, by account id; the platform is filled in by the caller. */
  Map<String, AccountStatus> accounts() throws SQLException {
    Map<String, AccountStatus> accounts = new LinkedHashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM publish_accounts ORDER BY account_id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        accounts.put(rows.getString(1), account(rows, null));
      }
    }
    return accounts;
  }

  /** Stores the account's health; renewed credentials are left as they are. */
  void save(AccountStatus account, Instant now) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO publish_accounts ("
                + ACCOUNT_COLUMNS
                + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (account_id) DO UPDATE SET state = excluded.state,"
                + " rate_limited_until = excluded.rate_limited_until, reason = excluded.reason,"
                + " last_success_at = excluded.last_success_at,"
                + " last_failure_at = excluded.last_failure_at,"
                + " last_failure = excluded.last_failure,"
                + " token_expires_at = excluded.token_expires_at,"
                + " updated_at = excluded.updated_at")) {
      upsert.setString(1, account.accountId());
      upsert.setString(2, account.state().id());
      setInstant(upsert, 3, account.rateLimitedUntil());
      upsert.setString(4, account.reason());
      setInstant(upsert, 5, account.lastSuccessAt());
      setInstant(upsert, 6, account.lastFailureAt());
      upsert.setString(7, account.lastFailure());
      setInstant(upsert, 8, account.tokenExpiresAt());
      upsert.setLong(9, now.toEpochMilli());
      upsert.executeUpdate();
    }
  }

  Optional<Renewed> renewed(String accountId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT credentials, configured_digest FROM publish_accounts WHERE account_id = ?"
                + " AND credentials IS NOT NULL")) {
      select.setString(1, accountId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(new Renewed(rows.getString(1), rows.getString(2)))
            : Optional.empty();
      }
    }
  }

  void saveRenewed(String accountId, Renewed renewed, Instant tokenExpiresAt, Instant now)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO publish_accounts (account_id, state, credentials, configured_digest,"
                + " token_expires_at, updated_at) VALUES (?, 'ok', ?, ?, ?, ?)"
                + " ON CONFLICT (account_id) DO UPDATE SET credentials = excluded.credentials,"
                + " configured_digest = excluded.configured_digest,"
                + " token_expires_at = excluded.token_expires_at,"
                + " updated_at = excluded.updated_at")) {
      upsert.setString(1, accountId);
      upsert.setString(2, renewed.json());
      upsert.setString(3, renewed.configuredDigest());
      setInstant(upsert, 4, tokenExpiresAt);
      upsert.setLong(5, now.toEpochMilli());
      upsert.executeUpdate();
    }
  }

  private List<TargetOutcome> targets(String rest, Object... parameters) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + TARGET_COLUMNS + " FROM publish_targets t " + rest)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      List<TargetOutcome> targets = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String url = rows.getString(13);
          targets.add(
              new TargetOutcome(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getInt(3),
                  TargetState.fromId(rows.getString(4)),
                  rows.getInt(5),
                  rows.getInt(6),
                  instant(rows, 7),
                  instant(rows, 8),
                  instant(rows, 9),
                  rows.getInt(10) != 0,
                  rows.getString(11),
                  rows.getString(12),
                  url == null ? null : URI.create(url),
                  rows.getString(14),
                  instant(rows, 15)));
        }
      }
      return targets;
    }
  }

  private static AccountStatus account(ResultSet rows, String platform) throws SQLException {
    return new AccountStatus(
        rows.getString(1),
        platform,
        AccountState.fromId(rows.getString(2)),
        instant(rows, 3),
        rows.getString(4),
        instant(rows, 5),
        instant(rows, 6),
        rows.getString(7),
        instant(rows, 8));
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, instant.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet rows, int index) throws SQLException {
    long millis = rows.getLong(index);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
