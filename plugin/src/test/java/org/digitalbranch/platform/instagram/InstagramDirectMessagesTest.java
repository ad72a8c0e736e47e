package org.digitalbranch.platform.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.instagram.InstagramConversationsTest.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
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
 * An Instagram account's direct messages: read through the linked Page's {@code GET
 * /{page-id}/conversations?platform=instagram}, answered through its Send API, in Instagram's
 * shapes (a username, the account's own id on its messages, subcode 2534022 for a closed window).
 */
class InstagramDirectMessagesTest {

  /** The Instagram account 178, linked to the Page 1001, whose token this is. */
  private static final Credentials ACCOUNT =
      new Credentials.GraphToken("178", "page-token-1", "1001");

  private WireMockServer server;
  private InstagramPlatform instagram;
  private InstagramResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    instagram = new InstagramPlatform(PlatformDoubles.settings(server));
    responder = new InstagramResponder(instagram);
    // The account has no media: only its direct messages are read.
    server.stubFor(get(urlPathEqualTo("/178/media")).willReturn(json(200, "{\"data\":[]}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String message(String id, String from, String username, String text, String at) {
    return """
        {"id":"%s","created_time":"%s","from":{"username":"%s","id":"%s"},
         "to":{"data":[{"username":"x","id":"y"}]},"message":"%s"}
        """
        .formatted(id, at, username, from, text);
  }

  private static String conversation(String id, String updated, String... newestFirst) {
    return """
        {"id":"%s","updated_time":"%s","messages":{"data":[%s],"paging":{"cursors":{}}}}
        """
        .formatted(id, updated, String.join(",", newestFirst));
  }

  private static String conversations(String... conversations) {
    return "{\"data\":[" + String.join(",", conversations) + "],\"paging\":{\"cursors\":{}}}";
  }

  private void conversationsAnswer(String body) {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("platform", equalTo("instagram"))
            .withQueryParam("fields", equalTo(GraphMessaging.Inbox.INSTAGRAM.conversationFields()))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .willReturn(json(200, body)));
  }

  private ReadDrain.Poll poll() {
    return ReadDrain.poll(new InstagramReader(instagram, true), "instagram-main", ACCOUNT, null);
  }

  @Test
  void aConversationsMessagesArriveThroughTheLinkedPageOldestFirstEachAnsweringTheOneBefore() {
    conversationsAnswer(
        conversations(
            conversation(
                "aWdfZ_77",
                "2026-11-25T10:05:00+0000",
                message(
                    "aWdfm_3",
                    "178",
                    "riversidelibrary",
                    "Yes, until 8.",
                    "2026-11-25T10:05:00+0000"),
                message(
                    "aWdfm_2",
                    "9055",
                    "kim.reads",
                    "Are you open late?",
                    "2026-11-25T10:01:00+0000"),
                message("aWdfm_1", "9055", "kim.reads", "Hello!", "2026-11-25T10:00:00+0000"))));

    ReadDrain.Poll poll = poll();

    assertThat(poll.ids()).containsExactly("aWdfm_1", "aWdfm_2", "aWdfm_3");
    assertThat(poll.item("aWdfm_1").kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
    assertThat(poll.item("aWdfm_1").platform()).isEqualTo("instagram");
    assertThat(poll.item("aWdfm_1").rootPlatformId()).isEqualTo("aWdfZ_77");
    assertThat(poll.item("aWdfm_1").parentPlatformId()).isNull();
    assertThat(poll.item("aWdfm_3").parentPlatformId()).isEqualTo("aWdfm_2");
    assertThat(poll.item("aWdfm_2").authorHandle())
        .as("the Send API takes the person's Instagram-scoped id")
        .isEqualTo("9055");
    assertThat(poll.item("aWdfm_2").authorName()).isEqualTo("kim.reads");
    assertThat(poll.item("aWdfm_2").ours()).isFalse();
    assertThat(poll.item("aWdfm_3").ours())
        .as("the library's messages carry the Instagram account's id, not the Page's")
        .isTrue();
  }

  @Test
  void withoutDirectMessagesThePageIsNeverAsked() {
    ReadDrain.poll(new InstagramReader(instagram), "instagram-main", ACCOUNT, null);

    server.verify(0, getRequestedFor(urlPathEqualTo("/1001/conversations")));
  }

  @Test
  void storyAnswersSharedPostsAndWhatTheApiCannotShowSayWhatCame() {
    conversationsAnswer(
        conversations(
            """
            {"id":"aWdfZ_5","updated_time":"2026-11-25T10:03:00+0000","messages":{"data":[
              {"id":"s_4","created_time":"2026-11-25T10:03:00+0000",
               "from":{"username":"kim.reads","id":"9055"},"is_unsupported":true},
              {"id":"s_3","created_time":"2026-11-25T10:02:00+0000",
               "from":{"username":"kim.reads","id":"9055"},"message":"",
               "shares":{"data":[{"link":"https://www.instagram.com/p/C1abc/"}]}},
              {"id":"s_2","created_time":"2026-11-25T10:01:00+0000",
               "from":{"username":"kim.reads","id":"9055"},"message":"",
               "story":{"mention":{"link":"https://lookaside.example/story/2","id":"st2"}}},
              {"id":"s_1","created_time":"2026-11-25T10:00:00+0000",
               "from":{"username":"kim.reads","id":"9055"},"message":"Is this on Saturday?",
               "story":{"reply_to":{"link":"https://lookaside.example/story/1","id":"st1"}}}]}}
            """));

    ReadDrain.Poll poll = poll();

    assertThat(poll.item("s_1").text())
        .isEqualTo("Is this on Saturday? [an answer to the library's story]");
    assertThat(poll.item("s_2").text()).isEqualTo("[sent a story mentioning the library]");
    assertThat(poll.item("s_3").text())
        .isEqualTo("[sent a link: https://www.instagram.com/p/C1abc/]");
    assertThat(poll.item("s_4").text()).isEqualTo("[sent a kind of message the API does not show]");
    assertThat(poll.item("s_1").rawJson())
        .as("the story's address is kept with the item as fetched, not in its words")
        .contains("lookaside.example/story/1");
  }

  @Test
  void aPageWithoutMessagingPermissionStillLetsTheCommentsBeReadAndSaysWhatWasNot() {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .willReturn(
                json(
                    403,
                    """
                    {"error":{"message":"(#3) Application does not have the capability to make this API call.",
                     "type":"OAuthException","code":3,"fbtrace_id":"Axyz"}}
                    """)));

    ReadResult result = new InstagramReader(instagram, true).fetch("instagram-main", ACCOUNT, null);

    assertThat(result)
        .isInstanceOfSatisfying(
            ReadResult.Page.class,
            page -> {
              assertThat(page.done()).isTrue();
              assertThat(page.partFailed())
                  .startsWith("private messages not read")
                  .contains("Instagram", "capability");
            });
    server.verify(1, getRequestedFor(urlPathEqualTo("/178/media")));
  }

  @Test
  void anAnswerGoesThroughThePagesSendApiToThePersonsInstagramScopedId() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withRequestBody(
                equalToJson(
                    """
                    {"recipient":{"id":"9055"},"messaging_type":"RESPONSE",
                     "message":{"text":"Yes, until 8."}}
                    """))
            .willReturn(json(200, "{\"recipient_id\":\"9055\",\"message_id\":\"aWdfm_10\"}")));

    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest("reply-1", "aWdfm_2", "Yes, until 8.", ACCOUNT, true, "9055"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Published.class,
            published -> {
              assertThat(published.platformId()).isEqualTo("aWdfm_10");
              assertThat(published.url()).isNull();
            });
    server.verify(0, postRequestedFor(urlPathEqualTo("/aWdfm_2/replies")));
  }

  private static final String OUTSIDE_WINDOW =
      """
      {"error":{"message":"This message is sent outside of allowed window.",
       "type":"IGApiException","code":10,"error_subcode":2534022,"fbtrace_id":"A9C5"}}
      """;

  @Test
  void pastTheTwentyFourHoursTheAnswerIsTriedOnceMoreTaggedHumanAgentThenRefusedInWords() {
    server.stubFor(post(urlPathEqualTo("/1001/messages")).willReturn(json(403, OUTSIDE_WINDOW)));

    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest("reply-1", "aWdfm_2", "Late answer", ACCOUNT, true, "9055"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .startsWith(
                        "Instagram refused the private answer: Instagram takes an account's")
                    .contains("within 24 hours", "Human Agent", "[code 10/2534022")
                    .doesNotContain("Messenger", "Page"));
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/1001/messages"))
            .withRequestBody(equalToJson("{\"tag\":\"HUMAN_AGENT\"}", true, true)));
  }

  @Test
  void aPersonInstagramNoLongerFindsIsARefusalInInstagramsWordsNotAReconnect() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"The requested user cannot be found.",
                     "type":"IGApiException","code":100,"error_subcode":2534014}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "aWdfm_2", "Hello", ACCOUNT, true, "9055"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("Instagram finds no such person now")
                    .doesNotContain("Messenger"));
  }

  @Test
  void anOwnerWhoTurnedOffAppsAccessToMessagesIsToldWhereToTurnItOnNotToReconnect() {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .willReturn(
                json(
                    403,
                    """
                    {"error":{"message":"The account owner has disabled access to instagram direct messages.",
                     "type":"IGApiException","code":200,"error_subcode":2534041}}
                    """)));

    ReadResult.Page page =
        (ReadResult.Page)
            new InstagramReader(instagram, true).fetch("instagram-main", ACCOUNT, null);

    assertThat(page.partFailed())
        .contains("turned off other apps' access to its messages", "Allow access to messages")
        .doesNotContain("permission");
  }

  @Test
  void instagramsBusinessUseCaseThrottlingWaitsLikeAnyGraphRateLimit() {
    server.stubFor(
        post(urlPathEqualTo("/1001/messages"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"There have been too many calls for this Instagram account.",
                     "type":"OAuthException","code":80002}}
                    """)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "aWdfm_2", "Hello", ACCOUNT, true, "9055"));

    assertThat(outcome).isInstanceOf(PublishOutcome.RateLimited.class);
  }

  @Test
  void anAccountWhoseSettingsLostThePageCannotAnswerAndSaysWhatIsMissing() {
    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest(
                "reply-1",
                "aWdfm_2",
                "Hello",
                new Credentials.GraphToken("178", "token"),
                true,
                "9055"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.NeedsReconnect.class,
            reconnect -> assertThat(reconnect.reason()).contains("pageId"));
    server.verify(0, postRequestedFor(urlPathEqualTo("/1001/messages")));
  }

  @Test
  void aLostAnswerIsFoundAmongTheAccountsMessagesToThatPersonSinceTheTryBegan() {
    server.stubFor(
        get(urlPathEqualTo("/1001/conversations"))
            .withQueryParam("platform", equalTo("instagram"))
            .withQueryParam("user_id", equalTo("9055"))
            .willReturn(
                json(
                    200,
                    conversations(
                        conversation(
                            "aWdfZ_77",
                            "2026-11-25T10:05:00+0000",
                            message(
                                "aWdfm_11",
                                "178",
                                "riversidelibrary",
                                "Yes,  until 8.",
                                "2026-11-25T10:05:00+0000"),
                            message(
                                "aWdfm_2",
                                "9055",
                                "kim.reads",
                                "Yes, until 8.",
                                "2026-11-25T10:01:00+0000"))))));
    ReplyRequest request =
        new ReplyRequest("reply-1", "aWdfm_2", "Yes, until 8.", ACCOUNT, true, "9055");

    assertThat(responder.findReply(request))
        .isInstanceOfSatisfying(
            LookupResult.Found.class,
            found -> assertThat(found.post().platformId()).isEqualTo("aWdfm_11"));
    assertThat(responder.findReply(request.triedFrom(Instant.parse("2026-11-26T09:00:00Z"))))
        .as("the same words the account wrote the day before are not this try")
        .isInstanceOf(LookupResult.NotFound.class);
  }
}
