package org.digitalbranch.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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

class BlueskyConversationsTest {

  private static final Credentials LOGIN =
      new Credentials.BlueskyAppPassword("library.bsky.social", "abcd-efgh-ijkl-mnop");
  private static final String OURS = "did:plc:library";
  private static final String LIST = "/xrpc/app.bsky.notification.listNotifications";
  private static final String THREAD = "/xrpc/app.bsky.feed.getPostThread";

  private WireMockServer server;
  private BlueskyReader reader;
  private BlueskyResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    BlueskyPlatform bluesky = new BlueskyPlatform(PlatformDoubles.settings(server));
    reader = new BlueskyReader(bluesky);
    responder = new BlueskyResponder(bluesky);
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(
                json(
                    200,
                    """
                    {"accessJwt":"access-1","refreshJwt":"refresh-1",
                     "handle":"library.bsky.social","did":"did:plc:library"}
                    """)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String uri(String did, String rkey) {
    return "at://" + did + "/app.bsky.feed.post/" + rkey;
  }

  /** A post view (or a notification: both have uri, cid, author and record). */
  static String postView(String did, String rkey, String text, String parentRkey, String extra) {
    String reply =
        parentRkey == null
            ? ""
            : ",\"reply\":{\"root\":{\"uri\":\"%s\",\"cid\":\"bafyroot\"},\"parent\":{\"uri\":\"%s\",\"cid\":\"bafyparent\"}}"
                .formatted(uri(OURS, "root1"), uri(OURS, parentRkey));
    return """
        {"uri":"%s","cid":"bafy%s","author":{"did":"%s","handle":"%s","displayName":"%s"},
         "record":{"$type":"app.bsky.feed.post","text":"%s","createdAt":"2026-11-26T10:00:00.000Z"%s}%s}
        """
        .formatted(uri(did, rkey), rkey, did, handle(did), handle(did), text, reply, extra);
  }

  private static String handle(String did) {
    return did.substring("did:plc:".length()) + ".bsky.social";
  }

  static String notification(String did, String rkey, String reason, String indexedAt) {
    return postView(
        did,
        rkey,
        "Do you have " + rkey + "?",
        reason.equals("reply") ? "root1" : null,
        ",\"reason\":\"%s\",\"isRead\":false,\"indexedAt\":\"%s\",\"labels\":[]"
            .formatted(reason, indexedAt));
  }

  private MappingBuilder list() {
    return get(urlPathEqualTo(LIST)).withHeader("Authorization", equalTo("Bearer access-1"));
  }

  private void threadIs(String rkey, String did, String thread) {
    server.stubFor(
        get(urlPathEqualTo(THREAD))
            .withQueryParam("uri", equalTo(uri(did, rkey)))
            .willReturn(json(200, "{\"thread\":" + thread + "}")));
  }

  private static String view(String postJson) {
    return "{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
        + postJson
        + ",\"replies\":[]}";
  }

  @Test
  void pagesWithTheCursorToTheEndAndTheNextPollStopsAtWhatItHasSeen() {
    server.stubFor(
        list()
            .withQueryParam("cursor", absent())
            .willReturn(
                json(
                    200,
                    "{\"notifications\":["
                        + notification("did:plc:kim", "a3", "mention", "2026-11-26T10:03:00.000Z")
                        + "],\"cursor\":\"c1\"}")));
    server.stubFor(
        list()
            .withQueryParam("cursor", equalTo("c1"))
            .willReturn(json(200, "{\"notifications\":[],\"cursor\":\"c2\"}")));
    server.stubFor(
        list()
            .withQueryParam("cursor", equalTo("c2"))
            .willReturn(
                json(
                    200,
                    "{\"notifications\":["
                        + notification("did:plc:lee", "a1", "quote", "2026-11-26T10:01:00.000Z")
                        + "]}")));
    threadIs("a3", "did:plc:kim", view(postView("did:plc:kim", "a3", "Do you have a3?", null, "")));
    threadIs("a1", "did:plc:lee", view(postView("did:plc:lee", "a1", "Do you have a1?", null, "")));

    ReadDrain.Poll first = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.ids()).containsExactly(uri("did:plc:kim", "a3"), uri("did:plc:lee", "a1"));
    assertThat(first.lastCursor()).isEqualTo("{\"seen\":\"2026-11-26T10:03:00Z\"}");
    server.verify(
        getRequestedFor(urlPathEqualTo(LIST))
            .withQueryParam("reasons", equalTo("mention"))
            .withQueryParam("reasons", equalTo("reply"))
            .withQueryParam("reasons", equalTo("quote")));

    server.resetRequests();
    server.stubFor(
        list()
            .withQueryParam("cursor", absent())
            .willReturn(
                json(
                    200,
                    "{\"notifications\":["
                        + notification("did:plc:ana", "a4", "mention", "2026-11-26T10:04:00.000Z")
                        + ","
                        + notification("did:plc:kim", "a3", "mention", "2026-11-26T10:03:00.000Z")
                        + "],\"cursor\":\"c1\"}")));
    threadIs("a4", "did:plc:ana", view(postView("did:plc:ana", "a4", "Do you have a4?", null, "")));

    ReadDrain.Poll second = ReadDrain.poll(reader, "bluesky-main", LOGIN, first.lastCursor());

    assertThat(second.ids()).containsExactly(uri("did:plc:ana", "a4"));
    assertThat(second.pages()).isEqualTo(1);
    server.verify(0, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("cursor", equalTo("c1")));
  }

  @Test
  void aThreadBringsItsParentsAndRepliesAndRecognisesOurPosts() {
    server.stubFor(
        list()
            .willReturn(
                json(
                    200,
                    "{\"notifications\":["
                        + notification("did:plc:kim", "b2", "reply", "2026-11-26T10:05:00.000Z")
                        + "]}")));
    String thread =
        "{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + postView("did:plc:kim", "b2", "When is story time?", "root1", "")
            + ",\"parent\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + postView(OURS, "root1", "Story time is back!", null, "")
            + "},\"replies\":["
            + view(postView(OURS, "b3", "Saturdays at 10.", "b2", ""))
            + "]}";
    threadIs("b2", "did:plc:kim", thread);

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    assertThat(poll.ids())
        .containsExactly(uri(OURS, "root1"), uri("did:plc:kim", "b2"), uri(OURS, "b3"));
    assertThat(poll.item(uri(OURS, "root1")).ours()).isTrue();
    assertThat(poll.item(uri("did:plc:kim", "b2")).ours()).isFalse();
    assertThat(poll.item(uri("did:plc:kim", "b2")).kind()).isEqualTo(MessageKind.REPLY);
    assertThat(poll.item(uri(OURS, "b3")).ours()).isTrue();
  }

  @Test
  void aNotFoundPostRecordsADeletion() {
    server.stubFor(
        list()
            .willReturn(
                json(
                    200,
                    "{\"notifications\":["
                        + notification("did:plc:kim", "c1", "mention", "2026-11-26T10:06:00.000Z")
                        + "]}")));
    threadIs(
        "c1",
        "did:plc:kim",
        "{\"$type\":\"app.bsky.feed.defs#notFoundPost\",\"uri\":\""
            + uri("did:plc:kim", "c1")
            + "\",\"notFound\":true}");

    var item = ReadDrain.poll(reader, "bluesky-main", LOGIN, null).item(uri("did:plc:kim", "c1"));

    assertThat(item.deleted()).isTrue();
    assertThat(item.problem()).isEmpty();
  }

  @Test
  void aMalformedNotificationIsPassedOnAndABrokenPageFails() {
    server.stubFor(
        list()
            .willReturn(
                json(
                    200,
                    "{\"notifications\":[{\"reason\":\"mention\",\"indexedAt\":\"2026-11-26T10:07:00.000Z\",\"author\":{\"did\":\"did:plc:x\",\"handle\":\"x.bsky.social\"},\"record\":{\"createdAt\":\"2026-11-26T10:07:00.000Z\"}}]}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);
    assertThat(poll.items()).hasSize(1);
    assertThat(poll.items().getFirst().problem()).contains("platformId: missing");

    server.stubFor(list().willReturn(json(200, "{\"notifications\":[")));
    assertThat(reader.fetch("bluesky-main", LOGIN, null)).isInstanceOf(ReadResult.Failed.class);
  }

  @Test
  void aRateLimitStopsReadingUntilTheEpochReset() {
    server.stubFor(
        list()
            .willReturn(
                json(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")
                    .withHeader("RateLimit-Limit", "3000")
                    .withHeader("RateLimit-Remaining", "0")
                    .withHeader("RateLimit-Reset", "1795694700")
                    .withHeader("RateLimit-Policy", "3000;w=300")));

    ReadResult result = reader.fetch("bluesky-main", LOGIN, null);

    assertThat(((ReadResult.Failed) result).problem())
        .isInstanceOfSatisfying(
            PublishOutcome.RateLimited.class,
            limited -> assertThat(limited.until()).isEqualTo(Instant.ofEpochSecond(1795694700)));
    server.verify(0, getRequestedFor(urlPathEqualTo(THREAD)));
  }

  @Test
  void aReplyCarriesStrongReferencesToTheRootAndTheParent() {
    server.stubFor(
        get(urlPathEqualTo("/xrpc/app.bsky.feed.getPosts"))
            .withQueryParam("uris", equalTo(uri("did:plc:kim", "b2")))
            .willReturn(
                json(
                    200,
                    "{\"posts\":[" + postView("did:plc:kim", "b2", "When?", "root1", "") + "]}")));
    server.stubFor(
        post("/xrpc/com.atproto.repo.createRecord")
            .willReturn(json(200, "{\"uri\":\"" + uri(OURS, "r9") + "\",\"cid\":\"bafyr9\"}")));

    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest("reply-1", uri("did:plc:kim", "b2"), "Saturdays at 10.", LOGIN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo(uri(OURS, "r9"));
    server.verify(
        postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord"))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withRequestBody(
                equalToJson(
                    """
                    {"repo":"did:plc:library","collection":"app.bsky.feed.post",
                     "record":{"$type":"app.bsky.feed.post","text":"Saturdays at 10.",
                       "createdAt":"2026-11-26T12:00:00.000Z",
                       "reply":{"root":{"uri":"%s","cid":"bafyroot"},
                                "parent":{"uri":"%s","cid":"bafyb2"}}}}
                    """
                        .formatted(uri(OURS, "root1"), uri("did:plc:kim", "b2")))));
  }

  @Test
  void moderationIsNotSupportedAndSaysWhatToDoInstead() {
    ModerationResult result =
        responder.moderate(LOGIN, uri("did:plc:kim", "b2"), ModerationKind.HIDE);

    assertThat(result)
        .isEqualTo(
            new ModerationResult.Failed(
                new PublishOutcome.Rejected(BlueskyResponder.NO_MODERATION)));
    assertThat(BlueskyResponder.NO_MODERATION).startsWith("not supported by Bluesky");
  }
}
