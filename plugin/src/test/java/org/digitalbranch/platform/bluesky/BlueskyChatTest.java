package org.digitalbranch.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.ReplyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Bluesky account's chats (direct messages) against a double that answers as Bluesky's chat
 * service does through the account's server (the shapes in {@code chat.bsky.convo.*}'s lexicons).
 */
class BlueskyChatTest {

  private static final Credentials LOGIN =
      new Credentials.BlueskyAppPassword("library.bsky.social", "abcd-efgh-ijkl-mnop");
  private static final String OURS = "did:plc:library";
  private static final String PROXY = "did:web:api.bsky.chat#bsky_chat";
  private static final String CONVOS = "/xrpc/chat.bsky.convo.listConvos";
  private static final String MESSAGES = "/xrpc/chat.bsky.convo.getMessages";
  private static final String NOTIFICATIONS = "/xrpc/app.bsky.notification.listNotifications";
  private static final String ACCEPT = "/xrpc/chat.bsky.convo.acceptConvo";
  private static final String SEND = "/xrpc/chat.bsky.convo.sendMessage";

  private WireMockServer server;
  private BlueskyReader reader;
  private BlueskyResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    BlueskyPlatform bluesky = new BlueskyPlatform(PlatformDoubles.settings(server));
    reader = new BlueskyReader(bluesky, true);
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
    server.stubFor(
        get(urlPathEqualTo(NOTIFICATIONS)).willReturn(json(200, "{\"notifications\":[]}")));
    // No chat requests unless a test says otherwise.
    requestsAre(null, null);
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

  /** A chat call as the account's server takes it: signed in, and sent on to the chat service. */
  private static MappingBuilder chat(MappingBuilder call) {
    return call.withHeader("Authorization", equalTo("Bearer access-1"))
        .withHeader("atproto-proxy", equalTo(PROXY));
  }

  private static String member(String did, String handle, String name) {
    return "{\"did\":\"%s\",\"handle\":\"%s\",\"displayName\":\"%s\"}".formatted(did, handle, name);
  }

  private static final String LIBRARY = member(OURS, "library.bsky.social", "Riverside Library");

  static String message(String id, String rev, String did, String text, String sentAt) {
    return """
        {"$type":"chat.bsky.convo.defs#messageView","id":"%s","rev":"%s","text":"%s",
         "sender":{"did":"%s"},"sentAt":"%s"}
        """
        .formatted(id, rev, text, did, sentAt);
  }

  private static String convo(String id, String rev, String patron, String status) {
    return """
        {"id":"%s","rev":"%s","members":[%s,%s],"muted":false,"status":"%s","unreadCount":1}
        """
        .formatted(id, rev, LIBRARY, patron, status);
  }

  private void requestsAre(String cursor, String next, String... convos) {
    convoList("request", cursor, next, convos);
  }

  /** The accepted chats' list. */
  private void convosAre(String cursor, String next, String... convos) {
    convoList("accepted", cursor, next, convos);
  }

  private void convoList(String status, String cursor, String next, String... convos) {
    pageOf(
        chat(get(urlPathEqualTo(CONVOS))).withQueryParam("status", equalTo(status)),
        cursor,
        "convos",
        next,
        convos);
  }

  private void messagesAre(String convoId, String cursor, String next, String... messages) {
    pageOf(
        chat(get(urlPathEqualTo(MESSAGES))).withQueryParam("convoId", equalTo(convoId)),
        cursor,
        "messages",
        next,
        messages);
  }

  /** A page of a chat list as the chat service answers it: its items and the next cursor. */
  private void pageOf(
      MappingBuilder call, String cursor, String field, String next, String... items) {
    server.stubFor(
        call.withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
            .willReturn(
                json(
                    200,
                    "{\""
                        + field
                        + "\":["
                        + String.join(",", items)
                        + "]"
                        + (next == null ? "" : ",\"cursor\":\"" + next + "\"")
                        + "}")));
  }

  private static final String KIM = member("did:plc:kim", "kim.bsky.social", "Kim");
  private static final String LEE = member("did:plc:lee", "lee.bsky.social", "Lee");
  private static final String ANA = member("did:plc:ana", "ana.bsky.social", "Ana");

  /**
   * Two accepted chats, the second on a page of its own, and a request; Kim's chat with two pages
   * of messages.
   */
  private void twoChats() {
    convosAre(null, "p2", convo("convoA", "3m00000000040", KIM, "accepted"));
    convosAre("p2", null, convo("convoC", "3m00000000015", ANA, "accepted"));
    requestsAre(null, null, convo("convoB", "3m00000000020", LEE, "request"));
    messagesAre(
        "convoC",
        null,
        null,
        message("m0", "3m00000000015", "did:plc:ana", "Hi there", "2026-11-26T09:59:00.000Z"));
    messagesAre(
        "convoA",
        null,
        "older",
        message("m4", "3m00000000040", OURS, "Yes, until 8 tonight.", "2026-11-26T10:04:00.000Z"),
        message(
            "m3", "3m00000000030", "did:plc:kim", "Are you open late?", "2026-11-26T10:03:00Z"));
    messagesAre(
        "convoA",
        "older",
        null,
        message("m1", "3m00000000010", "did:plc:kim", "Hello!", "2026-11-26T10:01:00.000Z"));
    messagesAre(
        "convoB",
        null,
        null,
        message("m2", "3m00000000020", "did:plc:lee", "Can I renew by chat?", "2026-11-26T10:02Z"));
  }

  /**
   * After {@link #twoChats}: Kim thanks the library, so her chat's rev moves; her messages' first
   * page says {@code next} is there.
   */
  private void kimThanksTheLibrary(String next) {
    convosAre(null, "p2", convo("convoA", "3m00000000050", KIM, "accepted"));
    messagesAre(
        "convoA",
        null,
        next,
        message("m5", "3m00000000050", "did:plc:kim", "Thanks!", "2026-11-26T10:05:00.000Z"),
        message("m4", "3m00000000040", OURS, "Yes, until 8 tonight.", "2026-11-26T10:04:00.000Z"));
  }

  private static String ids(List<IncomingItem> items) {
    return items.stream().map(IncomingItem::platformId).collect(Collectors.joining(" "));
  }

  @Test
  void everyChatIsReadToItsStartAsAThreadWhoseMessagesAnswerTheOneBefore() {
    twoChats();

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    // The requests first: a patron the library never answered waits there.
    assertThat(ids(poll.items())).isEqualTo("convoB/m2 convoA/m1 convoA/m3 convoA/m4 convoC/m0");
    IncomingItem question = poll.item("convoA/m3");
    assertThat(question.kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
    assertThat(question.rootPlatformId()).isEqualTo("convoA");
    assertThat(question.parentPlatformId()).isEqualTo("convoA/m1");
    assertThat(question.authorHandle()).isEqualTo("kim.bsky.social");
    assertThat(question.authorName()).isEqualTo("Kim");
    assertThat(question.text()).isEqualTo("Are you open late?");
    assertThat(question.createdAt()).isEqualTo(Instant.parse("2026-11-26T10:03:00Z"));
    assertThat(question.ours()).isFalse();
    assertThat(question.rawJson()).contains("\"rev\":\"3m00000000030\"");
    assertThat(poll.item("convoA/m4").ours()).isTrue();
    assertThat(poll.item("convoA/m1").parentPlatformId()).isNull();
    // A request (a patron the library never answered) is a patron's message all the same.
    assertThat(poll.item("convoB/m2").authorHandle()).isEqualTo("lee.bsky.social");
    assertThat(poll.lastCursor()).contains("\"chat\":\"3m00000000040\"");
  }

  @Test
  void theNextPollReadsOnlyChatsAndMessagesPastTheNewestItSaw() {
    twoChats();
    ReadDrain.Poll first = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);
    server.resetRequests();
    // Kim writes again; Lee's chat has nothing new and its messages are not asked for.
    kimThanksTheLibrary("older");

    ReadDrain.Poll second = ReadDrain.poll(reader, "bluesky-main", LOGIN, first.lastCursor());

    assertThat(ids(second.items())).isEqualTo("convoA/m5");
    // The first message of a read follows what the archive holds (the store links it there).
    assertThat(second.item("convoA/m5").parentPlatformId()).isNull();
    assertThat(second.lastCursor()).contains("\"chat\":\"3m00000000050\"");
    server.verify(
        0, getRequestedFor(urlPathEqualTo(MESSAGES)).withQueryParam("cursor", equalTo("older")));
    server.verify(
        0, getRequestedFor(urlPathEqualTo(MESSAGES)).withQueryParam("convoId", equalTo("convoB")));
    server.verify(
        0, getRequestedFor(urlPathEqualTo(MESSAGES)).withQueryParam("convoId", equalTo("convoC")));
    // The list comes most recent first: the page after the last news is read, and ends it.
    server.verify(
        1, getRequestedFor(urlPathEqualTo(CONVOS)).withQueryParam("cursor", equalTo("p2")));
  }

  @Test
  void aMessageTheChatServiceShowsLateIsReadAtTheNextPoll() {
    twoChats();
    ReadDrain.Poll first = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);
    kimThanksTheLibrary("older");
    ReadDrain.Poll second = ReadDrain.poll(reader, "bluesky-main", LOGIN, first.lastCursor());
    // Lee's message, rev 45, was written before Kim's 50 but shown only after the second read.
    convosAre(
        null,
        null,
        convo("convoA", "3m00000000050", KIM, "accepted"),
        convo("convoB", "3m00000000045", LEE, "accepted"));
    requestsAre(null, null);
    messagesAre(
        "convoB",
        null,
        null,
        message("m6", "3m00000000045", "did:plc:lee", "And fines?", "2026-11-26T10:04:30.000Z"),
        message("m2", "3m00000000020", "did:plc:lee", "Can I renew by chat?", "2026-11-26T10:02Z"));

    ReadDrain.Poll third = ReadDrain.poll(reader, "bluesky-main", LOGIN, second.lastCursor());

    // Read from the mark before the last: Kim's "Thanks!" again (the store keeps it once).
    assertThat(ids(third.items())).isEqualTo("convoA/m5 convoB/m6");
  }

  @Test
  void aGroupChatIsNotAPatronsPrivateMessageAndIsNotRead() {
    convosAre(
        null,
        null,
        """
        {"id":"group1","rev":"3m00000000030","members":[%s,%s,%s],"muted":false,
         "status":"accepted","unreadCount":1,
         "kind":{"$type":"chat.bsky.convo.defs#groupConvo","name":"Book club"}}
        """
            .formatted(LIBRARY, KIM, LEE));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    assertThat(poll.items()).isEmpty();
    server.verify(0, getRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void aChatGoneBetweenTheListAndItsMessagesDoesNotStopTheOthers() {
    twoChats();
    server.stubFor(
        chat(get(urlPathEqualTo(MESSAGES)))
            .withQueryParam("convoId", equalTo("convoA"))
            .willReturn(json(400, "{\"error\":\"InvalidConvo\",\"message\":\"Convo not found\"}")));

    ReadResult.Page page = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(ids(page.items())).isEqualTo("convoB/m2 convoC/m0");
    assertThat(page.partFailed()).isNull();
  }

  @Test
  void aMessageSharingOnlyAPostSaysWhichAndOneDeletedForTheLibraryKeepsNoWords() {
    convosAre(null, null, convo("convoA", "3m00000000030", KIM, "accepted"));
    messagesAre(
        "convoA",
        null,
        null,
        """
        {"$type":"chat.bsky.convo.defs#messageView","id":"m3","rev":"3m00000000030","text":"",
         "sender":{"did":"did:plc:kim"},"sentAt":"2026-11-26T10:03:00.000Z",
         "embed":{"$type":"app.bsky.embed.record#view","record":{
           "$type":"app.bsky.embed.record#viewRecord",
           "uri":"at://did:plc:pat/app.bsky.feed.post/3kpost","cid":"bafy",
           "author":{"did":"did:plc:pat","handle":"pat.bsky.social"}}}}
        """,
        """
        {"$type":"chat.bsky.convo.defs#deletedMessageView","id":"m2","rev":"3m00000000020",
         "sender":{"did":"did:plc:library"},"sentAt":"2026-11-26T10:02:00.000Z"}
        """,
        """
        {"$type":"chat.bsky.convo.defs#systemMessageView","id":"m1","rev":"3m00000000010",
         "sentAt":"2026-11-26T10:01:00.000Z","data":{}}
        """);

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    assertThat(ids(poll.items())).isEqualTo("convoA/m2 convoA/m3");
    assertThat(poll.item("convoA/m3").text())
        .startsWith("[shared a post: ")
        .endsWith("/profile/pat.bsky.social/post/3kpost]");
    assertThat(poll.item("convoA/m2").deleted()).isTrue();
    assertThat(poll.item("convoA/m2").text()).isNull();
    assertThat(poll.item("convoA/m2").ours()).isTrue();
  }

  @Test
  void aMessageWithoutAnIdReachesTheStoreToBeReportedAndTheRestIsRead() {
    convosAre(null, null, convo("convoA", "3m00000000030", KIM, "accepted"));
    messagesAre(
        "convoA",
        null,
        null,
        message("m3", "3m00000000030", "did:plc:kim", "Are you open?", "2026-11-26T10:03:00Z"),
        message("", "3m00000000020", "did:plc:kim", "broken", "2026-11-26T10:02:00Z"));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);

    assertThat(poll.items()).hasSize(2);
    assertThat(poll.items().getFirst().problem()).contains("platformId: missing");
    assertThat(poll.items().getLast().problem()).isEmpty();
  }

  @Test
  void anAppPasswordWithoutChatAccessCostsOnlyTheChatsAndSaysHowToMendIt() {
    server.stubFor(
        chat(get(urlPathEqualTo(CONVOS)))
            .willReturn(
                json(400, "{\"error\":\"InvalidToken\",\"message\":\"Bad token method\"}")));

    ReadResult result = reader.fetch("bluesky-main", LOGIN, null);

    assertThat(result).isInstanceOf(ReadResult.Page.class);
    ReadResult.Page page = (ReadResult.Page) result;
    assertThat(page.done()).isTrue();
    assertThat(page.partFailed())
        .startsWith("private messages not read: ")
        .contains("Allow access to your direct messages")
        .contains("Bad token method");
    // Not an expired session: signing in again would not help, and the account is not marked.
    server.verify(0, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession")));
    server.verify(1, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
    // Read whole never: the next poll reads every chat from the start.
    assertThat(page.nextCursor()).doesNotContain("\"chat\"");
  }

  @Test
  void aNewerServersRefusalOfTheChatIsNotAnExpiredSessionEither() {
    server.stubFor(
        chat(get(urlPathEqualTo(CONVOS)))
            .willReturn(
                json(
                    403,
                    "{\"error\":\"Forbidden\",\"message\":\"Authentication using method"
                        + " \\\"chat.bsky.convo.listConvos\\\" against"
                        + " \\\"did:web:api.bsky.chat#bsky_chat\\\" is forbidden\"}")));

    ReadResult.Page page = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(page.partFailed()).contains("Allow access to your direct messages");
    server.verify(0, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession")));
  }

  @Test
  void aFailedChatReadKeepsItsMarkSoTheNextPollReadsFromThere() {
    twoChats();
    ReadDrain.Poll first = ReadDrain.poll(reader, "bluesky-main", LOGIN, null);
    convosAre(null, "p2", convo("convoA", "3m00000000050", KIM, "accepted"));
    server.stubFor(
        chat(get(urlPathEqualTo(MESSAGES)))
            .withQueryParam("convoId", equalTo("convoA"))
            .willReturn(json(502, "{\"error\":\"UpstreamFailure\",\"message\":\"Upstream\"}")));

    requestsAre(null, null, convo("convoB", "3m00000000055", LEE, "request"));
    messagesAre(
        "convoB",
        null,
        null,
        message("m7", "3m00000000055", "did:plc:lee", "Hello?", "2026-11-26T10:05:30.000Z"));

    ReadResult.Page failed =
        (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, first.lastCursor());

    assertThat(failed.partFailed()).contains("server error (502)");
    assertThat(ids(failed.items()))
        .as("what was read before the failure is kept; the store drops it when it comes again")
        .isEqualTo("convoB/m7");
    assertThat(failed.nextCursor()).contains("\"chat\":\"3m00000000040\"");

    kimThanksTheLibrary(null);
    ReadDrain.Poll after = ReadDrain.poll(reader, "bluesky-main", LOGIN, failed.nextCursor());

    // Lee's chat was read whole before the failure: it is passed over at the same rev.
    assertThat(ids(after.items())).isEqualTo("convoA/m5");
  }

  @Test
  void aFirstReadCutShortGoesOnFromWhereItStoppedNextTime() {
    convosAre(
        null,
        null,
        convo("convoA", "3m00000000040", KIM, "accepted"),
        convo("convoC", "3m00000000030", ANA, "accepted"),
        convo("convoB", "3m00000000020", LEE, "accepted"));
    messagesAre(
        "convoA",
        null,
        null,
        message("m3", "3m00000000040", "did:plc:kim", "Are you open late?", "2026-11-26T10:03Z"));
    messagesAre(
        "convoC",
        null,
        null,
        message("m1", "3m00000000030", "did:plc:ana", "Hi there", "2026-11-26T10:01Z"));
    server.stubFor(
        chat(get(urlPathEqualTo(MESSAGES)))
            .withQueryParam("convoId", equalTo("convoB"))
            .willReturn(json(502, "{\"error\":\"UpstreamFailure\",\"message\":\"Upstream\"}")));

    ReadResult.Page cut = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(ids(cut.items())).isEqualTo("convoA/m3 convoC/m1");
    assertThat(cut.partFailed()).contains("server error (502)");

    server.resetRequests();
    // Ana wrote again meanwhile: her chat was read whole, but not at the rev it has now.
    convosAre(
        null,
        null,
        convo("convoA", "3m00000000040", KIM, "accepted"),
        convo("convoC", "3m00000000035", ANA, "accepted"),
        convo("convoB", "3m00000000020", LEE, "accepted"));
    messagesAre(
        "convoC",
        null,
        null,
        message("m5", "3m00000000035", "did:plc:ana", "Still there?", "2026-11-26T10:05Z"),
        message("m1", "3m00000000030", "did:plc:ana", "Hi there", "2026-11-26T10:01Z"));
    messagesAre(
        "convoB",
        null,
        null,
        message("m2", "3m00000000020", "did:plc:lee", "Can I renew by chat?", "2026-11-26T10:02Z"));
    ReadDrain.Poll next = ReadDrain.poll(reader, "bluesky-main", LOGIN, cut.nextCursor());

    assertThat(ids(next.items())).isEqualTo("convoC/m1 convoC/m5 convoB/m2");
    server.verify(
        0, getRequestedFor(urlPathEqualTo(MESSAGES)).withQueryParam("convoId", equalTo("convoA")));
    assertThat(next.lastCursor()).contains("\"chat\":\"3m00000000040\"").doesNotContain("chatDone");
  }

  @Test
  void chatsReadBeforeTheNotificationsFailAreKeptAndTheAccountWaitsAsAsked() {
    twoChats();
    server.stubFor(
        get(urlPathEqualTo(NOTIFICATIONS))
            .willReturn(
                json(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")
                    .withHeader("Retry-After", "300")));

    ReadResult.Page page = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(ids(page.items())).isEqualTo("convoB/m2 convoA/m1 convoA/m3 convoA/m4 convoC/m0");
    assertThat(page.pause()).isNotNull();
    assertThat(page.partFailed()).startsWith("mentions and replies not read: ");
    assertThat(page.nextCursor()).contains("\"chat\":\"3m00000000040\"").doesNotContain("seen");
  }

  @Test
  void malformedJsonFromTheChatServiceIsAPartFailureNotALostPoll() {
    server.stubFor(
        chat(get(urlPathEqualTo(CONVOS)))
            .willReturn(aResponse().withStatus(200).withBody("{\"convos\":[{\"id\":")));

    ReadResult.Page page = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(page.partFailed()).startsWith("private messages not read: ");
    assertThat(page.done()).isTrue();
  }

  @Test
  void aRateLimitOnTheChatsWaitsForTheChatServiceWhileTheNotificationsAreRead() throws Exception {
    server.stubFor(
        chat(get(urlPathEqualTo(CONVOS)))
            .willReturn(
                json(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Too Many Requests\"}")
                    .withHeader("Retry-After", "7200")
                    // The account's server's own budget, with room: not the chat service's wait.
                    .withHeader("RateLimit-Limit", "3000")
                    .withHeader("RateLimit-Remaining", "2911")
                    .withHeader("RateLimit-Reset", "1764000000")));

    ReadResult.Page page =
        (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, "{\"chat\":\"3m1\"}");

    assertThat(page.pause()).as("mentions and replies are not held up").isNull();
    assertThat(page.partFailed()).contains("chat rate limit", "wait until");
    server.verify(1, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
    JsonNode cursor = Json.MAPPER.readTree(page.nextCursor());
    assertThat(cursor.path("chat").asText()).isEqualTo("3m1");
    assertThat(Instant.parse(cursor.path("chatUntil").asText()))
        .as("the chat service's two hours, from the doubles' clock at noon")
        .isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));

    server.resetRequests();
    ReadResult.Page meanwhile =
        (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, page.nextCursor());

    assertThat(meanwhile.partFailed()).contains("chat rate limit");
    server.verify(0, getRequestedFor(urlPathEqualTo(CONVOS)));
    server.verify(1, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
  }

  @Test
  void anExpiredSessionOnAChatCallIsRenewedAndTheCallMadeAgain() {
    twoChats();
    server.stubFor(
        post("/xrpc/com.atproto.server.refreshSession")
            .willReturn(
                json(
                    200,
                    """
                    {"accessJwt":"access-2","refreshJwt":"refresh-2",
                     "handle":"library.bsky.social","did":"did:plc:library"}
                    """)));
    server.stubFor(
        get(urlPathEqualTo(CONVOS))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .atPriority(1)
            .willReturn(
                json(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")));
    server.stubFor(
        get(urlPathEqualTo(CONVOS))
            .withHeader("Authorization", equalTo("Bearer access-2"))
            .withHeader("atproto-proxy", equalTo(PROXY))
            .willReturn(json(200, "{\"convos\":[]}")));

    ReadResult.Page page = (ReadResult.Page) reader.fetch("bluesky-main", LOGIN, null);

    assertThat(page.partFailed()).isNull();
    server.verify(1, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession")));
  }

  @Test
  void withoutDirectMessagesTheChatIsNeverAsked() {
    BlueskyReader plain = new BlueskyReader(new BlueskyPlatform(PlatformDoubles.settings(server)));

    ReadDrain.poll(plain, "bluesky-main", LOGIN, null);

    server.verify(0, getRequestedFor(urlPathEqualTo(CONVOS)));
  }

  // ------------------------------------------------------------------------------ answering

  private static ReplyRequest privately(String inReplyTo, String text) {
    return new ReplyRequest("key-1", inReplyTo, text, LOGIN, true, "kim.bsky.social");
  }

  @Test
  void anAnswerAcceptsTheChatThenGoesIntoIt() {
    server.stubFor(chat(post(ACCEPT)).willReturn(json(200, "{\"rev\":\"3m00000000060\"}")));
    server.stubFor(
        chat(post(SEND))
            .willReturn(
                json(
                    200,
                    message(
                        "m9",
                        "3m00000000070",
                        OURS,
                        "See https://example.org/hours",
                        "2026-11-26T10:09:00.000Z"))));

    PublishOutcome outcome =
        responder.reply(privately("convoA/m3", "See https://example.org/hours"));

    assertThat(outcome).isEqualTo(new PublishOutcome.Published("convoA/m9", null));
    assertThat(server.getAllServeEvents().reversed())
        .extracting(event -> event.getRequest().getUrl())
        .as("accepted first: the chat service takes no answer to a request")
        .containsSubsequence(ACCEPT, SEND);
    server.verify(
        postRequestedFor(urlPathEqualTo(ACCEPT))
            .withRequestBody(equalToJson("{\"convoId\":\"convoA\"}")));
    server.verify(
        postRequestedFor(urlPathEqualTo(SEND))
            .withRequestBody(
                equalToJson(
                    """
                    {"convoId":"convoA","message":{"text":"See https://example.org/hours",
                     "facets":[{"index":{"byteStart":4,"byteEnd":29},
                       "features":[{"$type":"app.bsky.richtext.facet#link",
                                    "uri":"https://example.org/hours"}]}]}}
                    """)));
    // Not a public reply: no post is created.
    server.verify(0, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")));
  }

  @Test
  void aPersonWhoTakesNoMessagesIsARefusalInWords() {
    server.stubFor(chat(post(ACCEPT)).willReturn(json(200, "{}")));
    server.stubFor(
        chat(post(SEND))
            .willReturn(
                json(
                    400,
                    "{\"error\":\"InvalidRequest\",\"message\":\"recipient has disabled incoming"
                        + " messages\"}")));

    PublishOutcome outcome = responder.reply(privately("convoA/m3", "We open at 9."));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    assertThat(((PublishOutcome.Rejected) outcome).reason())
        .isEqualTo(
            "Bluesky refused sending the private answer: the person does not take direct"
                + " messages (recipient has disabled incoming messages)");
  }

  @Test
  void aChatTheLibraryLeftIsARefusalAndNothingIsSent() {
    server.stubFor(
        chat(post(ACCEPT))
            .willReturn(json(400, "{\"error\":\"InvalidConvo\",\"message\":\"Convo not found\"}")));

    PublishOutcome outcome = responder.reply(privately("convoA/m3", "We open at 9."));

    assertThat(((PublishOutcome.Rejected) outcome).reason())
        .contains("the chat is gone from Bluesky");
    server.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void aChatWithNoMessageOfThePersonsLeftIsAnsweredThroughItsOwnId() {
    server.stubFor(chat(post(ACCEPT)).willReturn(json(200, "{}")));
    server.stubFor(
        chat(post(SEND))
            .willReturn(
                json(200, message("m9", "3m9", OURS, "Hello again", "2026-11-26T10:09:00Z"))));

    assertThat(responder.reply(privately("convoA", "Hello again")))
        .isEqualTo(new PublishOutcome.Published("convoA/m9", null));
  }

  @Test
  void aMessageThatNamesNoChatIsRefusedWithoutACall() {
    PublishOutcome outcome =
        responder.reply(privately("at://did:plc:kim/app.bsky.feed.post/3k", "Hello"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    server.verify(0, postRequestedFor(urlPathEqualTo(ACCEPT)));
  }

  @Test
  void aLostAnswerIsFoundOnlyAmongTheLibrarysMessagesSinceTheTryBegan() {
    messagesAre(
        "convoA",
        null,
        null,
        message("m9", "3m00000000090", "did:plc:kim", "Thank you!", "2026-11-26T10:09:00.000Z"),
        message("m7", "3m00000000070", OURS, "Thank you!", "2026-11-25T10:07:00.000Z"));
    ReplyRequest request =
        privately("convoA/m3", "Thank you!").triedFrom(Instant.parse("2026-11-26T10:08:00Z"));

    assertThat(responder.findReply(request)).isInstanceOf(LookupResult.NotFound.class);

    messagesAre(
        "convoA",
        null,
        null,
        message("m10", "3m00000000100", OURS, "Thank you!", "2026-11-26T10:08:30.000Z"),
        message("m7", "3m00000000070", OURS, "Thank you!", "2026-11-25T10:07:00.000Z"));

    assertThat(responder.findReply(request))
        .isEqualTo(new LookupResult.Found(new PublishOutcome.Published("convoA/m10", null)));
  }
}
