package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made before "no answer needed" and before a close counted as dealt with: the migrations
 * that follow give it the table, and undo the closes a colleague had undone by hand.
 */
class AnswerRuleUpgradeTest {

  @TempDir Path folder;

  @Test
  void aConversationReopenedByHandBeforeTheUpgradeHasItsCloseUndoneAndOneReopenedByAMessageKeepsIt()
      throws SQLException {
    DataSource store = TestStores.migratedUpTo(folder, "12");
    try (Connection c = store.getConnection();
        Statement s = c.createStatement()) {
      for (String id : new String[] {"by-hand", "by-a-message"}) {
        s.executeUpdate(
            "INSERT INTO conversations (id, account_id, platform, root_platform_id, kind, status,"
                + " started_at, closed_by, closed_at) VALUES ('"
                + id
                + "', 'fb-main', 'facebook', 'root-"
                + id
                + "', 'comment', 'unanswered', 100, 'mo', 1000)");
        s.executeUpdate(
            "INSERT INTO messages (id, conversation_id, account_id, platform, platform_id, kind,"
                + " author_handle, ours, current_version, deleted, created_at, first_seen_at)"
                + " VALUES ('m-"
                + id
                + "', '"
                + id
                + "', 'fb-main', 'facebook', 'root-"
                + id
                + "', 'comment', 'pat', 0, 1, 0, 500, 500)");
      }
      // Reopened by a message that arrived after the close.
      s.executeUpdate(
          "INSERT INTO messages (id, conversation_id, account_id, platform, platform_id,"
              + " parent_platform_id, kind, author_handle, ours, current_version, deleted,"
              + " created_at, first_seen_at) VALUES ('later', 'by-a-message', 'fb-main',"
              + " 'facebook', 'later', 'root-by-a-message', 'reply', 'sam', 0, 1, 0, 2000, 2000)");
    }

    TestStores.migrateTheRest(store);

    try (Connection c = store.getConnection();
        Statement s = c.createStatement()) {
      assertThat(closedAt(s, "by-hand")).isNull();
      assertThat(closedAt(s, "by-a-message")).isEqualTo(1000L);
      try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM answers_not_needed")) {
        rows.next();
        assertThat(rows.getInt(1)).as("the table is there").isZero();
      }
    }
  }

  private static Long closedAt(Statement s, String id) throws SQLException {
    try (ResultSet rows =
        s.executeQuery("SELECT closed_at FROM conversations WHERE id = '" + id + "'")) {
      rows.next();
      long value = rows.getLong(1);
      return rows.wasNull() ? null : value;
    }
  }
}
