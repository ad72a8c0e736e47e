package org.digitalbranch.platform.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.facebook.FacebookConversationsTest.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Facebook Page's private conversations (Messenger): read through {@code GET
 * /{page-id}/conversations}, answered through the Send API, with Messenger's refusals in words.
 */
class FacebookPrivateMessagesTest {

  private static final Credentials PAGE = new Credentials.GraphToken("1001", "page-token-1");

  private WireMockServer server;
  private FacebookPlatform facebook;
  private FacebookResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    facebook = new FacebookPlatform(PlatformDoubles.settings(server));
    responder = new FacebookResponder(facebook);
    // The Page has no posts: only its private conversations are read.
    server.stubFor(
        get(urlPathEqualTo("/1001/posts")).willReturn(json(200, "{\"data\":[],\"paging\":{}}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String message(String id, String from, String name, String text, String at) {
    return """
        {"id":"%s","created_time":"%s","from":{"name":"%s","email":"%s@facebook.com","id":"%s"},
         "to":{"data":[{"name":"x","id":"y"}]},"message":"%s"}
        """
        .formatted(id, at, name, from, from, text);
  }

  private static String conversation(String id, String updated, String... newestFirst) {
    return """
        {"id":"%s","updated_time":"%s","messages":{"data":[%s],"paging":{"cursors":{}}}}
        """
        .formatted(id, updated, String.join(",", newestFirst));
  }

  private String conversations(String next, String... conversations) {
    return "{\"data\":["
        + String.join(",", conversations)
        + "],\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}"
        + (next == null ? "" : ",\"next\":\"http://127.0.0.1:" + server.port() + next + "\"")
        + "}}";
  }

  private void conversationsAnswer(String body) {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("platform", equalTo("messenger"))
            .withQueryParam("fields", equalTo(FacebookReader.CONVERSATION_FIELDS))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .willReturn(json(200, body)));
  }

  @Test
  void aConversationsMessagesArriveOldestFirstAsDirectMessagesEachAnsweringTheOneBefore() {
    conversationsAnswer(
        conversations(
            null,
            conversation(
                "t_77",
                "2026-11-25T10:05:00+0000",
                message(
                    "m_3",
                    "1001",
                    "Riverside Library",
                    "Yes, until 8.",
                    "2026-11-25T10:05:00+0000"),
                message(
                    "m_2", "555", "Kim Reader", "Are you open late?", "2026-11-25T10:01:00+0000"),
                message("m_1", "555", "Kim Reader", "Hello!", "2026-11-25T10:00:00+0000"))));

    ReadDrain.Poll poll =
        ReadDrain.poll(new FacebookReader(facebook, true), "facebook-page", PAGE, null);

    assertThat(poll.ids()).containsExactly("m_1", "m_2", "m_3");
    assertThat(poll.item("m_1").kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
    assertThat(poll.item("m_1").rootPlatformId()).isEqualTo("t_77");
    assertThat(poll.item("m_1").parentPlatformId()).isNull();
    assertThat(poll.item("m_2").parentPlatformId()).isEqualTo("m_1");
    assertThat(poll.item("m_3").parentPlatformId()).isEqualTo("m_2");
    assertThat(poll.item("m_2").authorHandle()).isEqualTo("555");
    assertThat(poll.item("m_2").authorName()).isEqualTo("Kim Reader");
    assertThat(poll.item("m_2").ours()).isFalse();
    assertThat(poll.item("m_3").ours()).isTrue();
    assertThat(poll.item("m_2").rawJson()).contains("Are you open late?");
  }

  @Test
  void withoutDirectMessagesThePagesConversationsAreNeverAsked() {
    ReadDrain.poll(new FacebookReader(facebook), "facebook-page", PAGE, null);

    server.verify(0, getRequestedFor(urlPathEqualTo("/1001/conversations")));
  }

  @Test
  void theNextPollStopsAPageAfterTheConversationsPassTheLookback() {
    // The last poll was at 2026-12-08T00:00:00Z; the window opens seven days before it.
    conversationsAnswer(
        conversations(
            "/1001/conversations?after=b",
            conversation(
                "t_new",
                "2026-12-07T09:00:00+0000",
                message("m_9", "555", "Kim", "Any news?", "2026-12-07T09:00:00+0000")),
            conversation(
                "t_old",
                "2026-11-01T09:00:00+0000",
                message("m_8", "556", "Lee", "Old question", "2026-11-01T09:00:00+0000"))));
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("after", equalTo("b"))
            .willReturn(
                json(
                    200,
                    conversations(
                        "/1001/conversations?after=c",
                        conversation(
                            "t_older",
                            "2026-10-01T09:00:00+0000",
                            message("m_7", "557", "Mo", "Older", "2026-10-01T09:00:00+0000"))))));

    ReadDrain.Poll poll =
        ReadDrain.poll(new FacebookReader(facebook, true), "facebook-page", PAGE, "1796688000");

    assertThat(poll.ids()).containsExactly("m_9");
    // The first page mixed a new and an old conversation: an order not quite newest first could
    // hide newer ones behind it, so the next page was read too, and the one after it was not.
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("after", equalTo("b")));
    server.verify(
        0,
        getRequestedFor(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("after", equalTo("c")));
  }

  @Test
  void aMessageWithOnlyAPhotoSaysWhatWasSent() {
    conversationsAnswer(
        conversations(
            null,
            """
            {"id":"t_5","updated_time":"2026-11-25T10:00:00+0000","messages":{"data":[
              {"id":"m_5","created_time":"2026-11-25T10:00:00+0000",
               "from":{"name":"Kim","id":"555"},"message":"",
               "attachments":{"data":[{"id":"a1","mime_type":"image/jpeg"}]}},
              {"id":"m_6","created_time":"2026-11-25T10:01:00+0000",
               "from":{"name":"Kim","id":"555"},"message":"",
               "sticker":"https://scontent.example/sticker.png"},
              {"id":"m_7","created_time":"2026-11-25T10:02:00+0000",
               "from":{"name":"Kim","id":"555"},"message":"",
               "shares":{"data":[{"link":"https://www.facebook.com/riverside/posts/1"}]}}]}}
            """));

    ReadDrain.Poll poll =
        ReadDrain.poll(new FacebookReader(facebook, true), "facebook-page", PAGE, null);

    assertThat(poll.item("m_5").text()).isEqualTo("[sent image/jpeg]");
    assertThat(poll.item("m_6").text()).isEqualTo("[sent a sticker]");
    assertThat(poll.item("m_7").text())
        .isEqualTo("[sent a link: https://www.facebook.com/riverside/posts/1]");
  }

  @Test
  void aTokenWithoutMessagingPermissionStillReadsTheCommentsAndSaysWhatWasNotRead() {
    server.stubFor(
        get(urlPathEqualTo("/1001/posts"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + FacebookConversationsTest.pagePost("1001_1", "Story time")
                        + "],\"paging\":{}}")));
    server.stubFor(
        get(urlPathEqualTo("/1001_1/comments"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + FacebookConversationsTest.comment("1001_1_c1", "31", "Kim", "Ages?", null)
                        + "],\"paging\":{}}")));
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .willReturn(
                json(
                    403,
                    """
                    {"error":{"message":"(#230) Requires pages_messaging permission to manage the object",
                     "type":"OAuthException","code":230,"fbtrace_id":"Axyz"}}
                    """)));

    ReadResult result = new FacebookReader(facebook, true).fetch("facebook-page", PAGE, null);

    assertThat(result)
        .isInstanceOfSatisfying(
            ReadResult.Page.class,
            page -> {
              assertThat(page.items())
                  .extracting(item -> item.platformId())
                  .containsExactly("1001_1", "1001_1_c1");
              assertThat(page.done()).isTrue();
              assertThat(page.partFailed())
                  .startsWith("private messages not read")
                  .contains("pages_messaging")
                  .as("Meta's trace differs at every call; the same failure must read the same")
                  .doesNotContain("Axyz");
              assertThat(page.nextCursor())
                  .as("the messages were never read whole: the next poll reads all of them")
                  .endsWith(" private:all");
            });

    // The permission granted: the next poll reads every conversation, however old, and the
    // comments from the week before this poll.
    conversationsAnswer(
        conversations(
            null,
            conversation(
                "t_2020",
                "2020-03-01T09:00:00+0000",
                message("m_1", "555", "Kim", "Are you open?", "2020-03-01T09:00:00+0000"))));
    ReadResult.Page next =
        (ReadResult.Page)
            new FacebookReader(facebook, true)
                .fetch("facebook-page", PAGE, ((ReadResult.Page) result).nextCursor());

    assertThat(next.items()).extracting(item -> item.platformId()).contains("m_1");
    assertThat(next.partFailed()).isNull();
    assertThat(next.nextCursor()).doesNotContain("private");
  }

  @Test
  void aTaggedAnswerRefusedForAnotherReasonSaysThatReason() {
    taggedAnswerRefusedWith(
        """
        {"error":{"message":"(#551) This person isn't available right now.",
         "type":"OAuthException","code":551,"error_subcode":1545041}}
        """);

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Late answer", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("not available")
                    .doesNotContain("write again"));
  }

  @Test
  void anotherAppHandlingTheChatIsARefusalSayingWhereToAnswer() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#10) This thread is controlled by another app.",
                     "type":"OAuthException","code":10,"error_subcode":2018300}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Hello", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected -> assertThat(rejected.reason()).contains("another app", "answer it there"));
  }

  @Test
  void aPrivateAnswerGoesThroughTheSendApiToThePersonWithinTheirWindow() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withRequestBody(
                equalToJson(
                    """
                    {"recipient":{"id":"555"},"messaging_type":"RESPONSE",
                     "message":{"text":"Yes, until 8."}}
                    """))
            .willReturn(json(200, "{\"recipient_id\":\"555\",\"message_id\":\"m_10\"}")));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Yes, until 8.", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Published.class,
            published -> {
              assertThat(published.platformId()).isEqualTo("m_10");
              assertThat(published.url()).isNull();
            });
    server.verify(0, postRequestedFor(urlPathEqualTo("/m_2/comments")));
  }

  @Test
  void anAnswerAfterTheTwentyFourHourWindowIsRefusedInWordsWithoutTouchingTheAccount() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#10) This message is sent outside of allowed window.",
                     "type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"B1"}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Late answer", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected -> assertThat(rejected.reason()).contains("within 24 hours"));
  }

  private static final String OUTSIDE_WINDOW =
      """
      {"error":{"message":"(#10) This message is sent outside of allowed window.",
       "type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"B1"}}
      """;

  /** Messenger refuses the plain answer for its window, and the tagged one with {@code error}. */
  private void taggedAnswerRefusedWith(String error) {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withRequestBody(equalToJson("{\"messaging_type\":\"RESPONSE\"}", true, true))
            .willReturn(json(400, OUTSIDE_WINDOW)));
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withRequestBody(equalToJson("{\"tag\":\"HUMAN_AGENT\"}", true, true))
            .willReturn(json(400, error)));
  }

  @Test
  void anAnswerPastTheTwentyFourHoursGoesOutTaggedHumanAgentWhereMetaAllowsIt() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withRequestBody(equalToJson("{\"messaging_type\":\"RESPONSE\"}", true, true))
            .willReturn(json(400, OUTSIDE_WINDOW)));
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withRequestBody(
                equalToJson(
                    """
                    {"recipient":{"id":"555"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT",
                     "message":{"text":"Sorry for the wait: yes, it is."}}
                    """))
            .willReturn(json(200, "{\"recipient_id\":\"555\",\"message_id\":\"m_12\"}")));

    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest(
                "reply-1", "m_2", "Sorry for the wait: yes, it is.", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Published.class,
            published -> assertThat(published.platformId()).isEqualTo("m_12"));
    server.verify(2, postRequestedFor(urlPathEqualTo("/1001/messages")));
  }

  @Test
  void whereTheSettingsSayTheAppHasNoHumanAgentALateAnswerIsRefusedWithoutATaggedTry() {
    server.stubFor(post(urlPathEqualTo("/1001/messages")).willReturn(json(400, OUTSIDE_WINDOW)));

    PublishOutcome outcome =
        new FacebookResponder(facebook, GraphMessaging.HumanAgent.NOT_GRANTED)
            .reply(new ReplyRequest("reply-1", "m_2", "Late answer", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("within 24 hours", "has not granted", "[code 10/2018278")
                    .doesNotContain("7 days"));
    server.verify(1, postRequestedFor(urlPathEqualTo("/1001/messages")));
  }

  @Test
  void withoutHumanAgentAnAnswerWithinTheDayStillGoesOutAndOtherRefusalsKeepTheirWords() {
    FacebookResponder notGranted =
        new FacebookResponder(facebook, GraphMessaging.HumanAgent.NOT_GRANTED);
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(json(200, "{\"recipient_id\":\"555\",\"message_id\":\"m_in\"}")));

    assertThat(notGranted.reply(new ReplyRequest("reply-1", "m_2", "In time", PAGE, true, "555")))
        .isInstanceOf(PublishOutcome.Published.class);

    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#10) This person cannot receive messages.",
                     "type":"OAuthException","code":10,"error_subcode":2018108}}
                    """)));
    assertThat(notGranted.reply(new ReplyRequest("reply-2", "m_2", "Hi", PAGE, true, "555")))
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("cannot receive messages from the Page")
                    .doesNotContain("Human Agent"));
  }

  @Test
  void whereTheSettingsSayGrantedAndMetaRefusesTheTagTheRefusalNamesTheSetting() {
    taggedAnswerRefusedWith(
        """
        {"error":{"message":"(#200) The app has not been approved for this tag.",
         "type":"OAuthException","code":200,"error_subcode":2018028}}
        """);

    PublishOutcome outcome =
        new FacebookResponder(facebook, GraphMessaging.HumanAgent.GRANTED)
            .reply(new ReplyRequest("reply-1", "m_2", "Late answer", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("Meta refused the Human Agent tag", "metaHumanAgent")
                    .contains("[code 200/2018028"));
  }

  @Test
  void anAppWithoutTheHumanAgentFeatureGetsARefusalInWordsNotAReconnect() {
    taggedAnswerRefusedWith(
        """
        {"error":{"message":"(#200) The app has not been approved for this tag.",
         "type":"OAuthException","code":200,"error_subcode":2018028}}
        """);

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Late answer", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("within 24 hours", "Human Agent", "[code 200/2018028]"));
  }

  @Test
  void aPersonWhoCannotBeMessagedNowIsARefusalNotAPermissionProblem() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#551) This person isn't available right now.",
                     "type":"OAuthException","code":551,"error_subcode":1545041}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Hello", PAGE, true, "555"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected -> assertThat(rejected.reason()).contains("not available"));
  }

  @Test
  void messengersPageThrottlingWaitsLikeAnyGraphRateLimit() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"There have been too many messenger api calls to this Page account.",
                     "type":"OAuthException","code":80006}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_2", "Hello", PAGE, true, "555"));

    assertThat(outcome).isInstanceOf(PublishOutcome.RateLimited.class);
  }

  @Test
  void anAnswerToThePagesOwnMessageHasNoOneToGoToAndSendsNothing() {
    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "m_3", "Hello", PAGE, true, null));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    server.verify(0, postRequestedFor(urlPathEqualTo("/1001/messages")));
  }

  @Test
  void aLostPrivateAnswerIsFoundAmongThePagesMessagesToThatPerson() {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("user_id", equalTo("555"))
            .willReturn(
                json(
                    200,
                    conversations(
                        null,
                        conversation(
                            "t_77",
                            "2026-11-25T10:05:00+0000",
                            message(
                                "m_11",
                                "1001",
                                "Riverside Library",
                                "Yes,  until 8.",
                                "2026-11-25T10:05:00+0000"),
                            message(
                                "m_2",
                                "555",
                                "Kim",
                                "Yes, until 8.",
                                "2026-11-25T10:01:00+0000"))))));
    ReplyRequest request = new ReplyRequest("reply-1", "m_2", "Yes, until 8.", PAGE, true, "555");

    assertThat(responder.findReply(request))
        .isInstanceOfSatisfying(
            LookupResult.Found.class,
            found -> assertThat(found.post().platformId()).isEqualTo("m_11"));
    assertThat(
            responder.findReply(
                new ReplyRequest("reply-2", "m_2", "Something else", PAGE, true, "555")))
        .isInstanceOf(LookupResult.NotFound.class);
    assertThat(
            responder.findReply(request.triedFrom(java.time.Instant.parse("2026-11-26T09:00:00Z"))))
        .as("the same words the Page wrote the day before are not this try")
        .isInstanceOf(LookupResult.NotFound.class);
    assertThat(
            responder.findReply(request.triedFrom(java.time.Instant.parse("2026-11-25T10:04:30Z"))))
        .as("Meta's clock may be a little behind ours")
        .isInstanceOf(LookupResult.Found.class);
  }
}
