package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.archive.ArchiveStoreFixture.customer;
import static org.digitalbranch.archive.ArchiveStoreFixture.minute;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.digitalbranch.archive.ArchiveStoreFixture.Item;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExportTest {

  @TempDir Path folder;
  private ArchiveStoreFixture fixture;
  private ArchiveStore store;
  private ArchiveExport export;

  @BeforeEach
  void setUp() {
    fixture = new ArchiveStoreFixture(folder);
    store = fixture.store;
    export = new ArchiveExport(store, fixture.clock);
  }

  private void ingest(Item... items) {
    store.ingest(List.of(items).stream().map(Item::build).toList());
  }

  /**
   * Our approved post p1, a customer's question edited once, a customer's formula deleted after a
   * moderator hid it, and a staff reply sent from the intranet.
   */
  private String smallThread() throws SQLException {
    fixture.queuePost("post-1", 3, "approved", "Storytime is back!", "events");
    fixture.publishTarget("post-1", "fb-main", 0, "published", "p1");
    try (Connection c = fixture.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE publish_targets SET url = 'https://facebook.example/p1' WHERE post_id = 'post-1'");
      s.executeUpdate(
          "INSERT INTO post_images (post_id, ordinal, image_id, file_name, content_type, alt_text,"
              + " size_bytes) VALUES ('post-1', 0, 'img-1', 'img-1.png', 'image/png',"
              + " 'Felt story characters on a board', 2048)");
      s.executeUpdate(
          "INSERT INTO post_history (post_id, seq, action, actor, acted_at, from_state, to_state,"
              + " version, note, diff) VALUES"
              + " ('post-1', 1, 'create', 'ana', 1795176000000, NULL, 'draft', 1, NULL, NULL),"
              + " ('post-1', 2, 'submit', 'ana', 1795176060000, 'draft', 'submitted', 1, NULL,"
              + " NULL),"
              + " ('post-1', 3, 'approve', 'mo', 1795176120000, 'submitted', 'approved', 2,"
              + " 'Lovely, go', NULL)");
    }
    ingest(
        customer("p1", "Storytime is back!").ours(null).ourPost("post-1"),
        customer("c1", "What time, is it free?").replyTo("p1", "p1").at(minute(1)),
        customer("c2", "=HYPERLINK(\"http://x.test\",\"win\")").replyTo("p1", "p1").at(minute(2)));
    fixture.clock.advance(Duration.ofMinutes(3));
    ingest(
        customer("c1", "")
            .replyTo("p1", "p1")
            .at(minute(1))
            .edited("What time is it, and is it free?", minute(3)));
    String conversation =
        store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId();
    String formula = store.conversation(conversation).orElseThrow().messages().get(2).id();
    fixture.clock.advance(Duration.ofMinutes(1));
    store.moderate(formula, "mo", ModerationKind.HIDE, "spam");
    store.settleModeration(formula, 1, null);
    fixture.clock.advance(Duration.ofMinutes(1));
    ingest(customer("c2", null).replyTo("p1", "p1").at(minute(2)).gone());
    fixture.clock.advance(Duration.ofMinutes(1));
    store.recordReply(conversation, "ana", "r1", "c1", "10am, and \"free\", yes!\nSee you.");
    return conversation;
  }

  @Test
  void aThreadExportsAsJsonWithVersionsDeletionModerationRepliesAndTheApprovalTrail()
      throws Exception {
    String id = smallThread();

    String json = export.json(List.of(id), "records.officer");

    assertThat(json).isEqualTo(EXPECTED_JSON);
  }

  @Test
  void aThreadExportsAsCsvWithOneRowPerVersionDeletionModerationAndApprovalStep() throws Exception {
    String id = smallThread();

    String csv = export.csv(List.of(id));

    assertThat(csv).isEqualTo(EXPECTED_CSV);
  }

  @Test
  void aReplySentFromHereAndFetchedBackIsSaidInTheCsvToBeOneMessageNotTwo() throws Exception {
    ingest(
        customer("p1", "Storytime is back!").ours(null),
        customer("c1", "What time?").replyTo("p1", "p1").at(minute(1)));
    String id = store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId();
    store.recordReply(id, "ana", "r1", "c1", "At ten.");
    fixture.clock.advance(Duration.ofMinutes(1));
    // The next poll brings the platform's own copy of it, with its JSON.
    ingest(customer("r1", "At ten.").replyTo("c1", "p1").at(minute(2)).ours("ana"));

    List<String> replyRows =
        export.csv(List.of(id)).lines().filter(row -> row.contains(",r1,")).toList();

    assertThat(replyRows).hasSize(2);
    assertThat(replyRows.get(0)).doesNotContain(ArchiveExport.CONFIRMED);
    assertThat(replyRows.get(1)).contains(ArchiveExport.CONFIRMED);
    assertThat(export.json(List.of(id), "records"))
        .as("the JSON export says the same of the second version")
        .contains("\"platformCopy\" : true");
  }

  @Test
  void aMessageJudgedToNeedNoAnswerSaysWhoJudgedItAndWhenInBothExportsAndTheTrailKeepsIt()
      throws Exception {
    ingest(
        customer("p1", "Storytime is back!").ours(null),
        customer("c1", "Thank you!").replyTo("p1", "p1").at(minute(1)));
    String id = store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId();
    fixture.clock.advance(Duration.ofMinutes(2));
    store.markAnswerNeeded(
        store.conversation(id).orElseThrow().messages().get(1).id(), "kpatel", false);

    com.fasterxml.jackson.databind.JsonNode mark =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(export.json(List.of(id), "records.officer"))
            .at("/conversations/0/messages/1/noAnswerNeeded");
    assertThat(mark.get("actor").asText()).isEqualTo("kpatel");
    assertThat(mark.get("at").asText()).isEqualTo(fixture.clock.instant().toString());
    assertThat(export.csv(List.of(id)).lines())
        .anySatisfy(
            row ->
                assertThat(row)
                    .contains(",no_answer_needed,")
                    .contains("," + fixture.clock.instant() + ",")
                    .contains(",kpatel,"));

    // Taken back: the mark is gone from where things stand, and both steps stay on the trail.
    String thanks = store.conversation(id).orElseThrow().messages().get(1).id();
    store.markAnswerNeeded(thanks, "jlee", true);
    com.fasterxml.jackson.databind.JsonNode exported =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(export.json(List.of(id), "records.officer"))
            .at("/conversations/0");
    assertThat(exported.at("/messages/1/noAnswerNeeded").isNull()).isTrue();
    assertThat(exported.get("actions").findValuesAsText("action"))
        .containsExactly("no_answer_needed", "answer_needed");
    assertThat(exported.get("actions").findValuesAsText("actor")).containsExactly("kpatel", "jlee");
    assertThat(exported.at("/actions/1/message").asText()).isEqualTo(thanks);
    assertThat(export.csv(List.of(id)).lines().filter(row -> row.contains(",conversation_action,")))
        .hasSize(2)
        .last()
        .asString()
        .contains(",conversation_action," + thanks + ",")
        .contains(",answer_needed,jlee,");
  }

  @Test
  void aModeratorsEditOfOurPostKeepsItsDiffInTheCsv() throws Exception {
    fixture.queuePost("post-2", 2, "approved", "Story time at ten", "events");
    try (Connection c = fixture.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO post_history (post_id, seq, action, actor, acted_at, from_state, to_state,"
              + " version, note, diff) VALUES ('post-2', 1, 'edit', 'mo', 1795176000000,"
              + " 'submitted', 'submitted', 2, NULL, 'Story time at [-nine-]{+ten+}')");
    }
    ingest(customer("p2", "Story time at ten").ours(null).ourPost("post-2"));
    String id = store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId();

    String csv = export.csv(List.of(id));

    assertThat(csv.lines().filter(line -> line.contains(",approval,")))
        .singleElement()
        .asString()
        .contains(",\"Story time at [-nine-]{+ten+}\",");
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAreNeutralised() {
    assertThat(ArchiveExport.spreadsheetSafe("=1+1")).isEqualTo("'=1+1");
    assertThat(ArchiveExport.spreadsheetSafe("+1 555")).isEqualTo("'+1 555");
    assertThat(ArchiveExport.spreadsheetSafe("-2")).isEqualTo("'-2");
    assertThat(ArchiveExport.spreadsheetSafe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(ArchiveExport.spreadsheetSafe("\t=1")).isEqualTo("'\t=1");
    assertThat(ArchiveExport.spreadsheetSafe("\r=1")).isEqualTo("'\r=1");
    assertThat(ArchiveExport.spreadsheetSafe("Is it 1+1?")).isEqualTo("Is it 1+1?");
    assertThat(ArchiveExport.spreadsheetSafe("")).isEmpty();
  }

  @Test
  void customerTextThatLooksLikeAFormulaIsNeutralisedInTheCsvFile() {
    ingest(
        customer("c1", "@cmd|' /C calc'!A0").replyTo("p1", "p1"),
        customer("c2", "-1, \"quoted\"").replyTo("p1", "p1").at(minute(1)).by("+handle", null));
    String id = store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId();

    String csv = export.csv(List.of(id));

    assertThat(csv.lines().skip(1).toList())
        .containsExactly(
            "id1,facebook,fb-main,comment,unanswered,,,version,id2,c1,p1,comment,pat.reader,"
                + "\"Pat Reader\",false,,1,2026-11-20T15:00:00Z,2026-11-20T15:00:00Z,"
                + "\"'@cmd|' /C calc'!A0\",,,,,,,,,,,,,,,",
            "id1,facebook,fb-main,comment,unanswered,,,version,id3,c2,p1,comment,\"'+handle\",,false,"
                + ",1,2026-11-20T15:01:00Z,2026-11-20T15:00:00Z,\"'-1, \"\"quoted\"\"\",,,,,,,,,,,,,,,");
  }

  @Test
  void anUnknownConversationIsRefusedBeforeAnythingIsWritten() {
    java.io.StringWriter out = new java.io.StringWriter();

    assertThatThrownBy(() -> export.writeCsv(List.of("nope"), out))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("no conversation with id nope");
    assertThat(out.toString()).isEmpty();
  }

  private static final String EXPECTED_JSON =
      """
      {
        "exportedAt" : "2026-11-20T15:06:00Z",
        "exportedBy" : "records.officer",
        "conversations" : [
          {
            "id" : "id1",
            "platform" : "facebook",
            "account" : "fb-main",
            "rootPlatformId" : "p1",
            "kind" : "comment",
            "status" : "answered",
            "topic" : "events",
            "startedAt" : "2026-11-20T15:00:00Z",
            "waitingSince" : null,
            "answeredBy" : "ana",
            "answeredAt" : "2026-11-20T15:06:00Z",
            "closedBy" : null,
            "closedAt" : null,
            "ourPost" : {
              "id" : "post-1",
              "text" : "Storytime is back!",
              "link" : null,
              "published" : [
                {
                  "account" : "fb-main",
                  "state" : "published",
                  "url" : "https://facebook.example/p1",
                  "publishedAt" : "2026-11-20T15:00:00Z"
                }
              ],
              "images" : [
                {
                  "id" : "img-1",
                  "alt" : "Felt story characters on a board",
                  "contentType" : "image/png",
                  "sizeBytes" : 2048
                }
              ],
              "approvalTrail" : [
                {
                  "action" : "create",
                  "actor" : "ana",
                  "at" : "2026-11-20T12:00:00Z",
                  "from" : null,
                  "to" : "draft",
                  "version" : 1,
                  "note" : null,
                  "diff" : null
                },
                {
                  "action" : "submit",
                  "actor" : "ana",
                  "at" : "2026-11-20T12:01:00Z",
                  "from" : "draft",
                  "to" : "submitted",
                  "version" : 1,
                  "note" : null,
                  "diff" : null
                },
                {
                  "action" : "approve",
                  "actor" : "mo",
                  "at" : "2026-11-20T12:02:00Z",
                  "from" : "submitted",
                  "to" : "approved",
                  "version" : 2,
                  "note" : "Lovely, go",
                  "diff" : null
                }
              ]
            },
            "messages" : [
              {
                "id" : "id2",
                "platformId" : "p1",
                "parentPlatformId" : null,
                "kind" : "comment",
                "authorHandle" : "library",
                "authorName" : "The Library",
                "ours" : true,
                "staffUser" : null,
                "deleted" : false,
                "createdAt" : "2026-11-20T15:00:00Z",
                "firstSeenAt" : "2026-11-20T15:00:00Z",
                "versions" : [
                  {
                    "version" : 1,
                    "text" : "Storytime is back!",
                    "deleted" : false,
                    "editedAt" : null,
                    "seenAt" : "2026-11-20T15:00:00Z",
                    "platformCopy" : false,
                    "raw" : "{\\"id\\":\\"p1\\"}"
                  }
                ],
                "moderation" : [ ],
                "noAnswerNeeded" : null
              },
              {
                "id" : "id3",
                "platformId" : "c1",
                "parentPlatformId" : "p1",
                "kind" : "comment",
                "authorHandle" : "pat.reader",
                "authorName" : "Pat Reader",
                "ours" : false,
                "staffUser" : null,
                "deleted" : false,
                "createdAt" : "2026-11-20T15:01:00Z",
                "firstSeenAt" : "2026-11-20T15:00:00Z",
                "versions" : [
                  {
                    "version" : 1,
                    "text" : "What time, is it free?",
                    "deleted" : false,
                    "editedAt" : null,
                    "seenAt" : "2026-11-20T15:00:00Z",
                    "platformCopy" : false,
                    "raw" : "{\\"id\\":\\"c1\\"}"
                  },
                  {
                    "version" : 2,
                    "text" : "What time is it, and is it free?",
                    "deleted" : false,
                    "editedAt" : "2026-11-20T15:03:00Z",
                    "seenAt" : "2026-11-20T15:03:00Z",
                    "platformCopy" : false,
                    "raw" : "{\\"id\\":\\"c1\\",\\"text\\":\\"What time is it, and is it free?\\"}"
                  }
                ],
                "moderation" : [ ],
                "noAnswerNeeded" : null
              },
              {
                "id" : "id4",
                "platformId" : "c2",
                "parentPlatformId" : "p1",
                "kind" : "comment",
                "authorHandle" : "pat.reader",
                "authorName" : "Pat Reader",
                "ours" : false,
                "staffUser" : null,
                "deleted" : true,
                "createdAt" : "2026-11-20T15:02:00Z",
                "firstSeenAt" : "2026-11-20T15:00:00Z",
                "versions" : [
                  {
                    "version" : 1,
                    "text" : "=HYPERLINK(\\"http://x.test\\",\\"win\\")",
                    "deleted" : false,
                    "editedAt" : null,
                    "seenAt" : "2026-11-20T15:00:00Z",
                    "platformCopy" : false,
                    "raw" : "{\\"id\\":\\"c2\\"}"
                  },
                  {
                    "version" : 2,
                    "text" : null,
                    "deleted" : true,
                    "editedAt" : null,
                    "seenAt" : "2026-11-20T15:05:00Z",
                    "platformCopy" : false,
                    "raw" : "{\\"error\\":\\"not found\\"}"
                  }
                ],
                "moderation" : [
                  {
                    "number" : 1,
                    "actor" : "mo",
                    "action" : "hide",
                    "reason" : "spam",
                    "at" : "2026-11-20T15:04:00Z",
                    "outcome" : "done",
                    "settledAt" : "2026-11-20T15:04:00Z"
                  }
                ],
                "noAnswerNeeded" : null
              },
              {
                "id" : "id5",
                "platformId" : "r1",
                "parentPlatformId" : "c1",
                "kind" : "reply",
                "authorHandle" : "library",
                "authorName" : "The Library",
                "ours" : true,
                "staffUser" : "ana",
                "deleted" : false,
                "createdAt" : "2026-11-20T15:06:00Z",
                "firstSeenAt" : "2026-11-20T15:06:00Z",
                "versions" : [
                  {
                    "version" : 1,
                    "text" : "10am, and \\"free\\", yes!\\nSee you.",
                    "deleted" : false,
                    "editedAt" : null,
                    "seenAt" : "2026-11-20T15:06:00Z",
                    "platformCopy" : false,
                    "raw" : null
                  }
                ],
                "moderation" : [ ],
                "noAnswerNeeded" : null
              }
            ],
            "heldReplies" : [ ],
            "actions" : [ ]
          }
        ]
      }""";
  private static final String EXPECTED_CSV =
      String.join(
          "\r\n",
          "conversation_id,platform,account,conversation_kind,conversation_status,topic,our_post_id,record,message_id,platform_id,parent_platform_id,message_kind,author_handle,author_name,ours,staff_user,version,at,seen_at,text,action,actor,reason,outcome,from_state,to_state,note,diff,conversation_answered_by,conversation_answered_at,conversation_closed_by,conversation_closed_at,our_post_link,our_post_published,our_post_images",
          "id1,facebook,fb-main,comment,answered,events,post-1,our_post,,,,,,,,,,,,\"Storytime is back!\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,\"fb-main published https://facebook.example/p1 2026-11-20T15:00:00Z\",\"img-1 image/png alt \"\"Felt story characters on a board\"\"\"",
          "id1,facebook,fb-main,comment,answered,events,post-1,approval,,,,,,,,,1,2026-11-20T12:00:00Z,,,create,ana,,,,draft,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,approval,,,,,,,,,1,2026-11-20T12:01:00Z,,,submit,ana,,,draft,submitted,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,approval,,,,,,,,,2,2026-11-20T12:02:00Z,,,approve,mo,,,submitted,approved,\"Lovely, go\",,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,version,id2,p1,,comment,library,\"The Library\",true,,1,2026-11-20T15:00:00Z,2026-11-20T15:00:00Z,\"Storytime is back!\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,version,id3,c1,p1,comment,pat.reader,\"Pat Reader\",false,,1,2026-11-20T15:01:00Z,2026-11-20T15:00:00Z,\"What time, is it free?\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,version,id3,c1,p1,comment,pat.reader,\"Pat Reader\",false,,2,2026-11-20T15:03:00Z,2026-11-20T15:03:00Z,\"What time is it, and is it free?\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,version,id4,c2,p1,comment,pat.reader,\"Pat Reader\",false,,1,2026-11-20T15:02:00Z,2026-11-20T15:00:00Z,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"win\"\")\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,deletion,id4,c2,p1,comment,pat.reader,\"Pat Reader\",false,,2,,2026-11-20T15:05:00Z,,,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,moderation,id4,c2,p1,comment,pat.reader,\"Pat Reader\",false,,,2026-11-20T15:04:00Z,,,hide,mo,spam,done,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "id1,facebook,fb-main,comment,answered,events,post-1,version,id5,r1,c1,reply,library,\"The Library\",true,ana,1,2026-11-20T15:06:00Z,2026-11-20T15:06:00Z,\"10am, and \"\"free\"\", yes!\nSee you.\",,,,,,,,,ana,2026-11-20T15:06:00Z,,,,,",
          "");
}
