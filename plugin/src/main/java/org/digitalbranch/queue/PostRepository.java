package org.digitalbranch.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts in the relational store over plain JDBC. The caller owns the connection and its
 * transaction; every method here runs in it, so a change and its history row commit together.
 * History rows are only ever inserted.
 */
public final class PostRepository {
  private static final String POST_COLUMNS =
      "id, version, state, author, body, link, topic, intent, publish_at, created_at, updated_at,"
          + " submitted_at, approved_at";

  private final Connection connection;

  public PostRepository(Connection connection) {
    this.connection = connection;
  }

  /** Inserts a new post with its images, targets and history (its creation row). */
  public void insert(Post post) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO posts ("
                + POST_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, post.id());
      insert.setInt(2, post.version());
      insert.setString(3, post.state().id());
      insert.setString(4, post.author());
      insert.setString(5, post.text());
      insert.setString(6, post.link());
      insert.setString(7, post.topic().id());
      insert.setString(8, post.intent().id());
      setInstant(insert, 9, post.publishAt());
      setInstant(insert, 10, post.createdAt());
      setInstant(insert, 11, post.updatedAt());
      setInstant(insert, 12, post.submittedAt());
      setInstant(insert, 13, post.approvedAt());
      insert.executeUpdate();
    }
    insertChildren(post);
    for (HistoryEntry entry : post.history()) {
      appendHistory(post.id(), entry);
    }
  }

  /**
   * Writes {@code post} over the stored one if it is still at {@code expectedVersion}, moving it to
   * {@code expectedVersion + 1}, and appends {@code entry} to its history.
   *
   * @return false, changing nothing, when the stored version is no longer {@code expectedVersion}
   */
  public boolean update(Post post, int expectedVersion, HistoryEntry entry) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE posts SET state = ?, body = ?, link = ?, topic = ?, intent = ?, publish_at = ?,"
                + " updated_at = ?, submitted_at = ?, approved_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ?")) {
      update.setString(1, post.state().id());
      update.setString(2, post.text());
      update.setString(3, post.link());
      update.setString(4, post.topic().id());
      update.setString(5, post.intent().id());
      setInstant(update, 6, post.publishAt());
      setInstant(update, 7, post.updatedAt());
      setInstant(update, 8, post.submittedAt());
      setInstant(update, 9, post.approvedAt());
      update.setString(10, post.id());
      update.setInt(11, expectedVersion);
      if (update.executeUpdate() == 0) {
        return false;
      }
    }
    for (String table : List.of("post_images", "post_targets")) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE post_id = ?")) {
        delete.setString(1, post.id());
        delete.executeUpdate();
      }
    }
    insertChildren(post);
    appendHistory(post.id(), entry);
    return true;
  }

  /** The post with its images, targets and full history, oldest first. */
  public Optional<Post> find(String id) throws SQLException {
    List<Post> found = select("WHERE id = ?", List.of(id));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(found.getFirst().withHistory(history(id)));
  }

  /** The post that carries the stored image {@code imageId}, if any. */
  public Optional<String> postOfImage(String imageId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT post_id FROM post_images WHERE image_id = ?")) {
      select.setString(1, imageId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  public Optional<Integer> version(String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT version FROM posts WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
      }
    }
  }

  /** Posts waiting for a decision: held ones first, then oldest submission first. */
  public List<Post> awaitingDecision(QueueFilter filter) throws SQLException {
    StringBuilder where = new StringBuilder("WHERE state IN ('submitted', 'held')");
    List<Object> parameters = new ArrayList<>();
    if (filter.account() != null) {
      where.append(" AND id IN (SELECT post_id FROM post_targets WHERE account_id = ?)");
      parameters.add(filter.account());
    }
    if (filter.author() != null) {
      where.append(" AND author = ?");
      parameters.add(filter.author());
    }
    if (filter.topic() != null) {
      where.append(" AND topic = ?");
      parameters.add(filter.topic().id());
    }
    if (filter.intent() != null) {
      where.append(" AND intent = ?");
      parameters.add(filter.intent().id());
    }
    where.append(
        " ORDER BY CASE WHEN state = 'held' THEN 0 ELSE 1 END, submitted_at, created_at, id");
    return select(where.toString(), parameters);
  }

  public int countAwaitingDecision() throws SQLException {
    try (PreparedStatement count =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM posts WHERE state IN ('submitted', 'held')");
        ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** An author's own posts, newest first. */
  public List<Post> byAuthor(String author) throws SQLException {
    return select("WHERE author = ? ORDER BY created_at DESC, id", List.of(author));
  }

  /** How many posts {@code author} has in each state; states with none are absent. */
  public Map<PostState, Integer> countByAuthor(String author) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT state, COUNT(*) FROM posts WHERE author = ? GROUP BY state")) {
      count.setString(1, author);
      Map<PostState, Integer> counts = new EnumMap<>(PostState.class);
      try (ResultSet rows = count.executeQuery()) {
        while (rows.next()) {
          counts.put(PostState.fromId(rows.getString(1)), rows.getInt(2));
        }
      }
      return counts;
    }
  }

  /** All of an author's posts in any of {@code states}, newest first. */
  public List<Post> byAuthorIn(String author, Set<PostState> states) throws SQLException {
    if (states.isEmpty()) {
      return List.of();
    }
    List<Object> parameters = new ArrayList<>();
    parameters.add(author);
    states.stream().map(PostState::id).sorted().forEach(parameters::add);
    String marks = String.join(", ", Collections.nCopies(states.size(), "?"));
    return select(
        "WHERE author = ? AND state IN (" + marks + ") ORDER BY created_at DESC, id", parameters);
  }

  /**
   * Up to {@code limit} of an author's posts in {@code state}, skipping the first {@code offset},
   * the most recently changed first. For a {@link PostState#finished() finished} state the last
   * change is the one that brought the post there, so this is "most recently published" and so on.
   * The index {@code posts_by_author_state} serves the filter and the order, so a page costs the
   * rows it shows, not the author's whole history.
   */
  public List<Post> byAuthorInState(String author, PostState state, int limit, long offset)
      throws SQLException {
    if (limit < 1 || offset < 0) {
      throw new IllegalArgumentException("limit " + limit + ", offset " + offset);
    }
    return select(
        "WHERE author = ? AND state = ? ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
        List.of(author, state.id(), limit, offset));
  }

  /** Approved posts waiting to go out, the soonest first ("as soon as approved" by approval). */
  public List<Post> approvedNext(int limit) throws SQLException {
    return select(
        "WHERE state = 'approved' ORDER BY COALESCE(publish_at, approved_at), id LIMIT ?",
        List.of(limit));
  }

  /**
   * Posts whose time came while they waited: submitted ones due by {@code now}, approved ones due
   * by {@code approvedDueBefore} (the publisher's grace has run out).
   */
  public List<Post> missed(Instant now, Instant approvedDueBefore) throws SQLException {
    return select(
        "WHERE (state = 'submitted' AND publish_at <= ?) OR (state = 'approved' AND publish_at <= ?)"
            + " ORDER BY publish_at, id",
        List.of(now.toEpochMilli(), approvedDueBefore.toEpochMilli()));
  }

  /** Approved (and, later, published) posts approved since {@code from}, by intent. */
  public Map<Intent, Integer> approvedByIntent(Instant from) throws SQLException {
    Map<Intent, Integer> counts = new EnumMap<>(Intent.class);
    for (Intent intent : Intent.values()) {
      counts.put(intent, 0);
    }
    for (Map.Entry<String, Integer> row : approvedGroupedBy("intent", from).entrySet()) {
      counts.put(Intent.parse(row.getKey(), "intent"), row.getValue());
    }
    return counts;
  }

  public Map<Topic, Integer> approvedByTopic(Instant from) throws SQLException {
    Map<Topic, Integer> counts = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      counts.put(topic, 0);
    }
    for (Map.Entry<String, Integer> row : approvedGroupedBy("topic", from).entrySet()) {
      counts.put(Topic.parse(row.getKey(), "topic"), row.getValue());
    }
    return counts;
  }

  public PauseState pauseState() throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT paused, changed_by, changed_at FROM publishing_pause WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        return new PauseState(false, null, null);
      }
      return new PauseState(rows.getInt(1) != 0, rows.getString(2), instant(rows, 3));
    }
  }

  public void setPause(boolean paused, String by, Instant at) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE publishing_pause SET paused = ?, changed_by = ?, changed_at = ? WHERE id = 1")) {
      update.setInt(1, paused ? 1 : 0);
      update.setString(2, by);
      setInstant(update, 3, at);
      update.executeUpdate();
    }
  }

  private Map<String, Integer> approvedGroupedBy(String column, Instant from) throws SQLException {
    // Posts that went out, or are going out, still count towards the mix.
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + column
                + ", COUNT(*) FROM posts WHERE state IN ('approved', 'publishing', 'published') AND approved_at >= ?"
                + " GROUP BY "
                + column)) {
      select.setLong(1, from.toEpochMilli());
      Map<String, Integer> counts = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getInt(2));
        }
      }
      return counts;
    }
  }

  private void insertChildren(Post post) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO post_images (post_id, ordinal, image_id, file_name, content_type,"
                + " alt_text, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < post.images().size(); i++) {
        PostImage image = post.images().get(i);
        insert.setString(1, post.id());
        insert.setInt(2, i);
        insert.setString(3, image.id());
        insert.setString(4, image.fileName());
        insert.setString(5, image.contentType());
        insert.setString(6, image.alt() == null ? "" : image.alt());
        insert.setLong(7, image.size());
        insert.executeUpdate();
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO post_targets (post_id, account_id, ordinal) VALUES (?, ?, ?)")) {
      for (int i = 0; i < post.accounts().size(); i++) {
        insert.setString(1, post.id());
        insert.setString(2, post.accounts().get(i));
        insert.setInt(3, i);
        insert.executeUpdate();
      }
    }
  }

  private void appendHistory(String postId, HistoryEntry entry) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO post_history (post_id, seq, action, actor, acted_at, from_state,"
                + " to_state, version, note, diff) SELECT ?, COALESCE(MAX(seq), 0) + 1,"
                + " ?, ?, ?, ?, ?, ?, ?, ? FROM post_history WHERE post_id = ?")) {
      insert.setString(1, postId);
      insert.setString(2, entry.action());
      insert.setString(3, entry.actor());
      setInstant(insert, 4, entry.at());
      insert.setString(5, entry.from() == null ? null : entry.from().id());
      insert.setString(6, entry.to().id());
      insert.setInt(7, entry.version());
      insert.setString(8, entry.note());
      insert.setString(9, entry.diff());
      insert.setString(10, postId);
      insert.executeUpdate();
    }
  }

  private List<HistoryEntry> history(String postId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT action, actor, acted_at, from_state, to_state, version, note, diff"
                + " FROM post_history WHERE post_id = ? ORDER BY seq")) {
      select.setString(1, postId);
      List<HistoryEntry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String from = rows.getString(4);
          entries.add(
              new HistoryEntry(
                  rows.getString(1),
                  rows.getString(2),
                  instant(rows, 3),
                  from == null ? null : PostState.fromId(from),
                  PostState.fromId(rows.getString(5)),
                  rows.getInt(6),
                  rows.getString(7),
                  rows.getString(8)));
        }
      }
      return entries;
    }
  }

  private List<Post> select(String where, List<?> parameters) throws SQLException {
    List<Post> posts = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + POST_COLUMNS + " FROM posts " + where)) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          posts.add(
              new Post(
                  rows.getString(1),
                  rows.getInt(2),
                  PostState.fromId(rows.getString(3)),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  List.of(),
                  List.of(),
                  Topic.parse(rows.getString(7), "topic"),
                  Intent.parse(rows.getString(8), "intent"),
                  instant(rows, 9),
                  instant(rows, 10),
                  instant(rows, 11),
                  instant(rows, 12),
                  instant(rows, 13),
                  List.of()));
        }
      }
    }
    List<Post> complete = new ArrayList<>(posts.size());
    for (Post post : posts) {
      complete.add(
          new Post(
              post.id(),
              post.version(),
              post.state(),
              post.author(),
              post.text(),
              post.link(),
              images(post.id()),
              targets(post.id()),
              post.topic(),
              post.intent(),
              post.publishAt(),
              post.createdAt(),
              post.updatedAt(),
              post.submittedAt(),
              post.approvedAt(),
              List.of()));
    }
    return complete;
  }

  private List<PostImage> images(String postId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT image_id, file_name, content_type, alt_text, size_bytes FROM post_images"
                + " WHERE post_id = ? ORDER BY ordinal")) {
      select.setString(1, postId);
      List<PostImage> images = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          images.add(
              new PostImage(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getLong(5)));
        }
      }
      return images;
    }
  }

  private List<String> targets(String postId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT account_id FROM post_targets WHERE post_id = ? ORDER BY ordinal")) {
      select.setString(1, postId);
      List<String> accounts = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          accounts.add(rows.getString(1));
        }
      }
      return accounts;
    }
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
