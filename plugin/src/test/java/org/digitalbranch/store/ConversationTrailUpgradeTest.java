package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made before conversations kept their own trail: the closes and "no answer needed" marks
 * still standing become the trail's first steps, numbered in the order they happened, and a close a
 * patron's later message undid is followed by that reopen.
 */
class ConversationTrailUpgradeTest {

  @TempDir Path folder;

  @Test
  void theClosesAndMarksStandingAtTheUpgradeStartEachConversationsTrailInTheirOrder()
      throws SQLException {
    DataSource store = TestStores.migratedUpTo(folder, "14");
    try (Connection c = store.getConnection();
        Statement s = c.createStatement()) {
      conversation(s, "closed", "'closed', 'mo', 3000");
      conversation(s, "open", "'unanswered', NULL, NULL");
      // Closed, then reopened by a patron's message that arrived after the close.
      conversation(s, "reopened", "'unanswered', 'ana', 1000");
      message(s, "closed", "m-1", 500);
      message(s, "closed", "m-2", 600);
      message(s, "open", "m-3", 700);
      message(s, "reopened", "m-4", 900);
      message(s, "reopened", "m-5", 5000);
      message(s, "reopened", "m-6", 6000);
      s.executeUpdate(
          "INSERT INTO answers_not_needed (message_id, actor, marked_at) VALUES"
              + " ('m-2', 'kpatel', 2000), ('m-3', 'jlee', 4000)");
    }

    TestStores.migrateTheRest(store);

    try (Connection c = store.getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT conversation_id, seq, action, actor, message_id, acted_at"
                    + " FROM conversation_actions ORDER BY conversation_id, seq")) {
      List<String> trail = new ArrayList<>();
      while (rows.next()) {
        trail.add(
            String.join(
                " ",
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                String.valueOf(rows.getString(5)),
                rows.getString(6)));
      }
      assertThat(trail)
          .containsExactly(
              "closed 1 no_answer_needed kpatel m-2 2000",
              "closed 2 close mo null 3000",
              "open 1 no_answer_needed jlee m-3 4000",
              "reopened 1 close ana null 1000",
              "reopened 2 reopen null null 5000");
    }
  }

  private static void conversation(Statement s, String id, String state) throws SQLException {
    s.executeUpdate(
        "INSERT INTO conversations (id, account_id, platform, root_platform_id, kind, status,"
            + " closed_by, closed_at, started_at) VALUES ('"
            + id
            + "', 'fb-main', 'facebook', 'root-"
            + id
            + "', 'comment', "
            + state
            + ", 100)");
  }

  private static void message(Statement s, String conversation, String id, long at)
      throws SQLException {
    s.executeUpdate(
        "INSERT INTO messages (id, conversation_id, account_id, platform, platform_id, kind,"
            + " author_handle, ours, current_version, deleted, created_at, first_seen_at)"
            + " VALUES ('"
            + id
            + "', '"
            + conversation
            + "', 'fb-main', 'facebook', 'p-"
            + id
            + "', 'comment', 'pat', 0, 1, 0, "
            + at
            + ", "
            + at
            + ")");
  }
}
