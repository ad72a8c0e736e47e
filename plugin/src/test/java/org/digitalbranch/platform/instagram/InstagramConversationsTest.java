package org.digitalbranch.platform.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.ReplyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstagramConversationsTest {

  private static final Credentials ACCOUNT = new Credentials.GraphToken("1784", "ig-token-1");

  private WireMockServer server;
  private InstagramReader reader;
  private InstagramResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    InstagramPlatform instagram = new InstagramPlatform(PlatformDoubles.settings(server));
    reader = new InstagramReader(instagram);
    responder = new InstagramResponder(instagram);
    server.stubFor(
        get(urlPathMatching("/[^/]+/replies"))
            .atPriority(10)
            .willReturn(json(200, "{\"data\":[]}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private String page(String data, String next) {
    return "{\"data\":["
        + data
        + "],\"paging\":{\"cursors\":{\"after\":\"QVFI\"}"
        + (next == null ? "" : ",\"next\":\"http://127.0.0.1:" + server.port() + next + "\"")
        + "}}";
  }

  static String comment(String id, String fromId, String username, String text, String parent) {
    return """
        {"id":"%s","text":"%s","timestamp":"2026-11-25T10:00:00+0000",
         "from":{"id":"%s","username":"%s"},"username":"%s","hidden":false%s}
        """
        .formatted(
            id,
            text,
            fromId,
            username,
            username,
            parent == null ? "" : ",\"parent_id\":\"" + parent + "\"");
  }

  /** A comment's first page of replies, nested by field expansion; {@code next} when more wait. */
  private String withReplies(String comment, String replies, String next) {
    String object = comment.strip();
    return object.substring(0, object.length() - 1) + ",\"replies\":" + page(replies, next) + "}";
  }

  @Test
  void readsMediaCommentsAndRepliesToTheEndAndRecognisesOurOwnReplies() {
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1"))
            .willReturn(
                json(
                    200,
                    page(
                        "{\"id\":\"m1\",\"caption\":\"New arrivals\",\"timestamp\":\"2026-11-25T09:00:00+0000\",\"username\":\"riversidelib\"}",
                        null))));
    server.stubFor(
        get(urlPathEqualTo("/m1/comments"))
            .withQueryParam("fields", equalTo(InstagramReader.COMMENT_WITH_REPLIES_FIELDS))
            .willReturn(
                json(
                    200,
                    page(
                        withReplies(
                            comment("c1", "41", "bookfan", "Is this in large print?", null),
                            comment("c2", "1784", "riversidelib", "Yes, at the main branch!", "c1"),
                            null),
                        "/m1/comments?after=x1"))));
    server.stubFor(
        get(urlPathEqualTo("/m1/comments"))
            .withQueryParam("after", equalTo("x1"))
            .willReturn(
                json(200, page(comment("c3", "42", "reader", "Any audiobooks too?", null), null))));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "instagram-main", ACCOUNT, null);

    assertThat(poll.ids()).containsExactly("m1", "c1", "c2", "c3");
    assertThat(poll.item("m1").ours()).isTrue();
    assertThat(poll.item("c1").ours()).isFalse();
    assertThat(poll.item("c1").kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(poll.item("c1").rawJson()).doesNotContain("replies").contains("large print");
    assertThat(poll.item("c2").ours()).isTrue();
    assertThat(poll.item("c2").kind()).isEqualTo(MessageKind.REPLY);
    assertThat(poll.item("c2").parentPlatformId()).isEqualTo("c1");
    assertThat(poll.item("c2").rootPlatformId()).isEqualTo("m1");
    // The replies came nested: no comment's replies edge was read on its own.
    server.verify(0, getRequestedFor(urlPathMatching("/[^/]+/replies")));
  }

  @Test
  void aCommentWithMoreRepliesThanTheNestedPageHasItsRepliesEdgeReadFromTheStart() {
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                    200,
                    page(
                        "{\"id\":\"m1\",\"caption\":\"Story time\",\"timestamp\":\"2026-11-25T09:00:00+0000\"}",
                        null))));
    server.stubFor(
        get(urlPathEqualTo("/m1/comments"))
            .willReturn(
                json(
                    200,
                    page(
                        withReplies(
                            comment("c1", "41", "bookfan", "What time on Saturday?", null),
                            comment("r1", "43", "parent", "10am I think", "c1"),
                            "/c1/replies?after=r1"),
                        null))));
    server.stubFor(
        get(urlPathEqualTo("/c1/replies"))
            .withQueryParam("fields", equalTo(InstagramReader.COMMENT_FIELDS))
            .willReturn(
                json(
                    200,
                    page(
                        comment("r1", "43", "parent", "10am I think", "c1")
                            + ","
                            + comment(
                                "r2", "1784", "riversidelib", "10:30 in the children's room", "c1"),
                        null))));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "instagram-main", ACCOUNT, null);

    assertThat(poll.ids()).containsExactly("m1", "c1", "r1", "r2");
    assertThat(poll.item("r2").ours()).isTrue();
    assertThat(poll.item("r2").parentPlatformId()).isEqualTo("c1");
    server.verify(1, getRequestedFor(urlPathEqualTo("/c1/replies")));
  }

  @Test
  void aQuotaOverTheCeilingStopsReadingBeforeTheNextMediumAndAFirstPollStartsOverAfterThePause() {
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                        200,
                        page(
                            "{\"id\":\"m1\",\"caption\":\"New arrivals\","
                                + "\"timestamp\":\"2026-11-25T09:00:00+0000\"},"
                                + "{\"id\":\"m2\",\"caption\":\"Story time\","
                                + "\"timestamp\":\"2026-11-24T09:00:00+0000\"}",
                            null))
                    .withHeader(
                        "X-Business-Use-Case-Usage",
                        "{\"1784\":[{\"type\":\"instagram\",\"call_count\":12,"
                            + "\"total_cputime\":81,\"total_time\":9}]}")));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("instagram-main", ACCOUNT, null);

    assertThat(read.items()).isEmpty();
    assertThat(read.nextCursor()).as("no poll reached yet: the next one reads it all").isEmpty();
    assertThat(read.pause().reason()).startsWith("Instagram reports 81 % of a quota used");
    server.verify(0, getRequestedFor(urlPathMatching("/m[12]/comments")));
  }

  @Test
  void deletedMediaIsRecordedAndThrottlingStops() {
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                    200,
                    page(
                        "{\"id\":\"m9\",\"caption\":\"Gone\",\"timestamp\":\"2026-11-25T09:00:00+0000\"}",
                        null))));
    server.stubFor(
        get(urlPathEqualTo("/m9/comments"))
            .willReturn(
                json(
                    400,
                    "{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}")));

    assertThat(ReadDrain.poll(reader, "instagram-main", ACCOUNT, null).item("m9").deleted())
        .isTrue();

    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                    400,
                    "{\"error\":{\"message\":\"(#4) Application request limit reached\",\"type\":\"OAuthException\",\"is_transient\":true,\"code\":4}}")));
    server.resetRequests();
    ReadResult limited = reader.fetch("instagram-main", ACCOUNT, null);

    assertThat(((ReadResult.Failed) limited).problem())
        .isInstanceOf(PublishOutcome.RateLimited.class);
    server.verify(0, getRequestedFor(urlPathMatching("/m9/.*")));
  }

  @Test
  void aReplyGoesToTheCommentsRepliesEdgeAndHideAndDeleteUseTheirFields() {
    server.stubFor(post("/c1/replies").willReturn(json(200, "{\"id\":\"c5\"}")));
    server.stubFor(post("/c1").willReturn(json(200, "{\"success\":true}")));
    server.stubFor(delete("/c1").willReturn(json(200, "{\"success\":true}")));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "c1", "Yes, at the main branch!", ACCOUNT));

    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo("c5");
    server.verify(
        postRequestedFor(urlEqualTo("/c1/replies"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1"))
            .withFormParam("message", equalTo("Yes, at the main branch!")));
    assertThat(responder.moderate(ACCOUNT, "c1", ModerationKind.HIDE))
        .isEqualTo(new ModerationResult.Done());
    server.verify(postRequestedFor(urlEqualTo("/c1")).withFormParam("hide", equalTo("true")));
    assertThat(responder.moderate(ACCOUNT, "c1", ModerationKind.UNHIDE))
        .isEqualTo(new ModerationResult.Done());
    server.verify(postRequestedFor(urlEqualTo("/c1")).withFormParam("hide", equalTo("false")));
    assertThat(responder.moderate(ACCOUNT, "c1", ModerationKind.DELETE))
        .isEqualTo(new ModerationResult.Done());
    server.verify(deleteRequestedFor(urlEqualTo("/c1")));
  }
}
