package org.digitalbranch.platform.facebook;

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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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

class FacebookConversationsTest {

  private static final Credentials PAGE = new Credentials.GraphToken("1001", "page-token-1");

  private WireMockServer server;
  private FacebookReader reader;
  private FacebookResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    FacebookPlatform facebook = new FacebookPlatform(PlatformDoubles.settings(server));
    reader = new FacebookReader(facebook);
    responder = new FacebookResponder(facebook);
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
        + "],\"paging\":{\"cursors\":{\"before\":\"QVFIUmx\",\"after\":\"QVFIUm9\"}"
        + (next == null ? "" : ",\"next\":\"http://127.0.0.1:" + server.port() + next + "\"")
        + "}}";
  }

  static String pagePost(String id, String message) {
    return """
        {"id":"%s","message":"%s","created_time":"2026-11-25T09:00:00+0000",
         "from":{"id":"1001","name":"Riverside Library"}}
        """
        .formatted(id, message);
  }

  static String comment(String id, String fromId, String name, String message, String parent) {
    return """
        {"id":"%s","message":"%s","created_time":"2026-11-25T10:00:00+0000",
         "from":{"id":"%s","name":"%s"},"is_hidden":false%s}
        """
        .formatted(
            id,
            message,
            fromId,
            name,
            parent == null ? "" : ",\"parent\":{\"id\":\"" + parent + "\"}");
  }

  private void commentsOf(String postId, String body) {
    server.stubFor(
        get(urlPathEqualTo("/" + postId + "/comments"))
            .withQueryParam("filter", equalTo("stream"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .willReturn(json(200, body)));
  }

  @Test
  void followsPagingNextThroughPostsAndCommentsEvenPastAnEmptyPage() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .withQueryParam("fields", equalTo(FacebookReader.POST_FIELDS))
            .willReturn(
                json(
                    200, page(pagePost("1001_1", "Story time is back!"), "/1001/posts?after=p2"))));
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .withQueryParam("after", equalTo("p2"))
            .willReturn(json(200, page("", "/1001/posts?after=p3"))));
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .withQueryParam("after", equalTo("p3"))
            .willReturn(json(200, page(pagePost("1001_2", "New e-books"), null))));
    commentsOf(
        "1001_1",
        page(
            comment("1001_1_c1", "31", "Kim Reader", "What age is it for?", null)
                + ","
                + comment("1001_1_c2", "1001", "Riverside Library", "Ages 3 to 6!", "1001_1_c1"),
            "/1001_1/comments?after=c2"));
    server.stubFor(
        get(urlPathEqualTo("/1001_1/comments"))
            .withQueryParam("after", equalTo("c2"))
            .willReturn(json(200, page(comment("1001_1_c3", "32", "Lee", "Thanks", null), null))));
    commentsOf("1001_2", page("", null));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "facebook-page", PAGE, null);

    assertThat(poll.ids())
        .containsExactly("1001_1", "1001_1_c1", "1001_1_c2", "1001_1_c3", "1001_2");
    assertThat(poll.item("1001_1").ours()).isTrue();
    assertThat(poll.item("1001_1_c1").ours()).isFalse();
    assertThat(poll.item("1001_1_c1").kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(poll.item("1001_1_c1").parentPlatformId()).isEqualTo("1001_1");
    assertThat(poll.item("1001_1_c2").ours()).isTrue();
    assertThat(poll.item("1001_1_c2").kind()).isEqualTo(MessageKind.REPLY);
    assertThat(poll.item("1001_1_c2").parentPlatformId()).isEqualTo("1001_1_c1");
    assertThat(poll.item("1001_1_c2").rootPlatformId()).isEqualTo("1001_1");
    assertThat(poll.item("1001_1_c1").rawJson()).contains("\"What age is it for?\"");
    assertThat(poll.lastCursor()).isEqualTo(Long.toString(PlatformDoubles.NOW.getEpochSecond()));
  }

  @Test
  void theNextPollReadsOnlyTheLookbackBeforeTheLastPoll() {
    server.stubFor(get(urlPathEqualTo("/1001/posts")).willReturn(json(200, page("", null))));

    ReadDrain.poll(reader, "facebook-page", PAGE, "1795694400");

    server.verify(
        getRequestedFor(urlPathEqualTo("/1001/posts"))
            .withQueryParam(
                "since",
                equalTo(
                    Long.toString(
                        Instant.ofEpochSecond(1795694400)
                            .minus(FacebookReader.LOOKBACK)
                            .getEpochSecond()))));
  }

  @Test
  void aPostWhoseCommentsAnswerObjectMissingIsRecordedAsDeleted() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(json(200, page(pagePost("1001_9", "Old post"), null))));
    server.stubFor(
        get(urlPathEqualTo("/1001_9/comments"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"Unsupported get request. Object with ID '1001_9' does not exist",
                     "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"A1"}}
                    """)));

    var item = ReadDrain.poll(reader, "facebook-page", PAGE, null).item("1001_9");

    assertThat(item.deleted()).isTrue();
    assertThat(item.problem()).isEmpty();
  }

  @Test
  void aMalformedCommentIsPassedOnAndABrokenPageFails() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(json(200, page(pagePost("1001_1", "Hi"), null))));
    commentsOf(
        "1001_1",
        page(
            "{\"id\":\"1001_1_c7\",\"created_time\":\"2026-11-25T10:00:00+0000\",\"from\":{\"id\":\"31\"}},"
                + comment("1001_1_c8", "31", "Kim", "Fine", null),
            null));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "facebook-page", PAGE, null);
    assertThat(poll.item("1001_1_c7").problem()).contains("text: missing");
    assertThat(poll.item("1001_1_c8").problem()).isEmpty();

    commentsOf("1001_1", "{\"data\":[{\"id\":");
    assertThat(reader.fetch("facebook-page", PAGE, null)).isInstanceOf(ReadResult.Failed.class);
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(
                json(
                    200,
                    "{\"data\":[],\"paging\":{\"next\":\"https://attacker.example/steal?after=x\"}}")));

    ReadResult result = reader.fetch("facebook-page", PAGE, null);

    assertThat(((ReadResult.Failed) result).problem()).isInstanceOf(PublishOutcome.Rejected.class);
  }

  @Test
  void throttlingCode32StopsReadingForTheTimeMetaEstimates() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(
                json(
                        400,
                        """
                        {"error":{"message":"(#32) Page request limit reached","type":"OAuthException",
                         "code":32,"fbtrace_id":"B2"}}
                        """)
                    .withHeader(
                        "X-Business-Use-Case-Usage",
                        "{\"1001\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":20,"
                            + "\"total_time\":20,\"estimated_time_to_regain_access\":12}]}")));

    ReadResult result = reader.fetch("facebook-page", PAGE, null);

    assertThat(((ReadResult.Failed) result).problem())
        .isInstanceOfSatisfying(
            PublishOutcome.RateLimited.class,
            limited ->
                assertThat(limited.until()).isEqualTo(PlatformDoubles.NOW.plusSeconds(12 * 60)));
    server.verify(0, getRequestedFor(urlPathMatching("/1001_.*")));
  }

  @Test
  void aQuotaReportedThreeQuartersFullStopsReadingAndKeepsTheCursorForAfterThePause() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(
                json(
                    200,
                    page(
                        pagePost("1001_1", "Story time")
                            + ","
                            + pagePost("1001_2", "New e-books")
                            + ","
                            + pagePost("1001_3", "Closed Monday"),
                        null))));
    commentsOf("1001_1", page(comment("1001_1_c1", "31", "Kim", "What age?", null), null));
    server.stubFor(
        get(urlPathEqualTo("/1001_2/comments"))
            .willReturn(
                json(200, page(comment("1001_2_c1", "32", "Lee", "Kindle too?", null), null))
                    .withHeader(
                        "X-App-Usage",
                        "{\"call_count\":76,\"total_cputime\":10,\"total_time\":12}")));

    ReadResult result = reader.fetch("facebook-page", PAGE, "1795694400");

    ReadResult.Page read = (ReadResult.Page) result;
    assertThat(read.items())
        .extracting(item -> item.platformId())
        .containsExactly("1001_1", "1001_1_c1", "1001_2", "1001_2_c1");
    assertThat(read.nextCursor())
        .as("the window is read again after the pause")
        .isEqualTo("1795694400");
    assertThat(read.pause().until()).isEqualTo(PlatformDoubles.NOW.plus(Duration.ofMinutes(15)));
    assertThat(read.pause().reason())
        .isEqualTo(
            "Facebook reports 76 % of a quota used; reading waits so that publishing and replies"
                + " keep the rest");
    server.verify(0, getRequestedFor(urlPathEqualTo("/1001_3/comments")));
  }

  @Test
  void aQuotaUnderThreeQuartersReadsTheWholeWindow() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(
                json(200, page(pagePost("1001_1", "Story time"), null))
                    .withHeader(
                        "X-Business-Use-Case-Usage",
                        "{\"1001\":[{\"type\":\"pages\",\"call_count\":74,\"total_cputime\":3,"
                            + "\"total_time\":5,\"estimated_time_to_regain_access\":0}]}")));
    commentsOf("1001_1", page(comment("1001_1_c1", "31", "Kim", "What age?", null), null));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("facebook-page", PAGE, null);

    assertThat(read.pause()).isNull();
    assertThat(read.items()).hasSize(2);
    assertThat(read.nextCursor()).isEqualTo(Long.toString(PlatformDoubles.NOW.getEpochSecond()));
  }

  @Test
  void aQuotaOverTheCeilingOnTheLastPostKeepsTheCursorSinceItsCommentsMayBeCutShort() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(json(200, page(pagePost("1001_1", "Story time"), null))));
    server.stubFor(
        get(urlPathEqualTo("/1001_1/comments"))
            .willReturn(
                json(
                        200,
                        page(
                            comment("1001_1_c1", "31", "Kim", "What age?", null),
                            "/1001_1/comments?after=c2"))
                    .withHeader("X-Page-Usage", "{\"call_count\":90}")));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("facebook-page", PAGE, "1795694400");

    assertThat(read.items()).hasSize(2);
    server.verify(
        0,
        getRequestedFor(urlPathEqualTo("/1001_1/comments")).withQueryParam("after", equalTo("c2")));
    assertThat(read.nextCursor())
        .as("the post's later comments are read after the pause")
        .isEqualTo("1795694400");
    assertThat(read.pause()).isNotNull();
  }

  @Test
  void aReplyIsACommentOnTheCommentAsThePage() {
    server.stubFor(post("/1001_1_c1/comments").willReturn(json(200, "{\"id\":\"1001_1_c9\"}")));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "1001_1_c1", "Ages 3 to 6!", PAGE));

    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo("1001_1_c9");
    server.verify(
        postRequestedFor(urlEqualTo("/1001_1_c1/comments"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withFormParam("message", equalTo("Ages 3 to 6!")));
  }

  @Test
  void aReplysLiveLinkIsBuiltUnderTheConfiguredWebBaseUrlAndTheRealSiteByDefault() {
    server.stubFor(post("/1001_1_c1/comments").willReturn(json(200, "{\"id\":\"1001_1_c9\"}")));
    ReplyRequest request = new ReplyRequest("reply-1", "1001_1_c1", "Ages 3 to 6!", PAGE);
    FacebookResponder sandboxed =
        new FacebookResponder(
            new FacebookPlatform(
                PlatformDoubles.settings(server)
                    .withWebBaseUrl(URI.create("http://127.0.0.1:8123/web"))));

    assertThat(((PublishOutcome.Published) sandboxed.reply(request)).url())
        .isEqualTo(URI.create("http://127.0.0.1:8123/web/1001_1_c9"));
    assertThat(((PublishOutcome.Published) responder.reply(request)).url())
        .isEqualTo(URI.create("https://www.facebook.com/1001_1_c9"));
  }

  @Test
  void aLostReplyIsUnknownAndFoundUnderTheParent() {
    server.stubFor(
        post("/1001_1_c1/comments")
            .willReturn(json(200, "{}").withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));
    server.stubFor(
        get(urlPathEqualTo("/1001_1_c1/comments"))
            .willReturn(
                json(
                    200,
                    page(
                        comment(
                            "1001_1_c9", "1001", "Riverside Library", "Ages 3 to 6!", "1001_1_c1"),
                        null))));
    ReplyRequest request = new ReplyRequest("reply-1", "1001_1_c1", "Ages 3 to 6!", PAGE);

    assertThat(responder.reply(request))
        .isInstanceOfSatisfying(
            PublishOutcome.Unknown.class, unknown -> assertThat(unknown.safeToRetry()).isFalse());
    assertThat(responder.findReply(request))
        .isInstanceOfSatisfying(
            org.digitalbranch.platform.LookupResult.Found.class,
            found -> assertThat(found.post().platformId()).isEqualTo("1001_1_c9"));
  }

  @Test
  void hidingSetsIsHiddenUnhidingClearsItAndDeletingSendsDelete() {
    server.stubFor(post("/1001_1_c1").willReturn(json(200, "{\"success\":true}")));
    server.stubFor(delete("/1001_1_c1").willReturn(json(200, "{\"success\":true}")));

    assertThat(responder.moderate(PAGE, "1001_1_c1", ModerationKind.HIDE))
        .isEqualTo(new ModerationResult.Done());
    assertThat(responder.moderate(PAGE, "1001_1_c1", ModerationKind.UNHIDE))
        .isEqualTo(new ModerationResult.Done());
    assertThat(responder.moderate(PAGE, "1001_1_c1", ModerationKind.DELETE))
        .isEqualTo(new ModerationResult.Done());

    server.verify(
        postRequestedFor(urlEqualTo("/1001_1_c1"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withFormParam("is_hidden", equalTo("true")));
    server.verify(
        postRequestedFor(urlEqualTo("/1001_1_c1")).withFormParam("is_hidden", equalTo("false")));
    server.verify(
        deleteRequestedFor(urlEqualTo("/1001_1_c1"))
            .withHeader("Authorization", equalTo("Bearer page-token-1")));
  }
}
