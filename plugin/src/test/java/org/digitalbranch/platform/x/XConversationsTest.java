package org.digitalbranch.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Instant;
import java.util.Optional;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.ReplyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XConversationsTest {

  private static final Credentials TOKEN =
      new Credentials.XOAuth2("x-access-1", "x-refresh-1", "client-1", Optional.empty());
  private static final String MENTIONS = "/2/users/1500/mentions";
  private static final String SEARCH = "/2/tweets/search/recent";

  private WireMockServer server;
  private XReader reader;
  private XResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    XPlatform x = new XPlatform(PlatformDoubles.settings(server), CredentialsListener.IGNORE);
    reader = new XReader(x);
    responder = new XResponder(x);
    server.stubFor(
        get("/2/users/me")
            .willReturn(json(200, "{\"data\":{\"id\":\"1500\",\"username\":\"library\"}}")));
    server.stubFor(
        get(urlPathEqualTo(SEARCH))
            .atPriority(10)
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));
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

  static String tweet(
      String id, String authorId, String text, String conversation, String repliedTo) {
    return """
        {"id":"%s","author_id":"%s","text":"%s","conversation_id":"%s",
         "created_at":"2026-11-26T10:00:00.000Z"%s}
        """
        .formatted(
            id,
            authorId,
            text,
            conversation,
            repliedTo == null
                ? ""
                : ",\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\""
                    + repliedTo
                    + "\"}]");
  }

  private static String users() {
    return "\"includes\":{\"users\":[{\"id\":\"77\",\"username\":\"reader\",\"name\":\"A Reader\"},"
        + "{\"id\":\"1500\",\"username\":\"library\",\"name\":\"The Library\"}]}";
  }

  private MappingBuilder mentions() {
    return get(urlPathEqualTo(MENTIONS))
        .withHeader("Authorization", equalTo("Bearer x-access-1"))
        .withQueryParam("tweet.fields", equalTo(XReader.FIELDS));
  }

  @Test
  void pagesWithPaginationTokensToTheEndThenPollsOnWithSinceId() {
    server.stubFor(
        mentions()
            .withQueryParam("since_id", absent())
            .withQueryParam("pagination_token", absent())
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + tweet("903", "77", "@library open today?", "903", null)
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1,\"newest_id\":\"903\",\"oldest_id\":\"903\",\"next_token\":\"t1\"}}")));
    server.stubFor(
        mentions()
            .withQueryParam("pagination_token", equalTo("t1"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0,\"next_token\":\"t2\"}}")));
    server.stubFor(
        mentions()
            .withQueryParam("pagination_token", equalTo("t2"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + tweet("901", "77", "@library thanks!", "901", null)
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1,\"newest_id\":\"901\",\"oldest_id\":\"901\"}}")));

    ReadDrain.Poll first = ReadDrain.poll(reader, "x-main", TOKEN, null);

    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.ids()).containsExactly("903", "901");
    assertThat(first.item("903").authorHandle()).isEqualTo("reader");
    assertThat(first.item("903").kind()).isEqualTo(MessageKind.MENTION);
    assertThat(first.lastCursor()).isEqualTo("{\"since_id\":\"903\"}");

    server.stubFor(
        mentions()
            .withQueryParam("since_id", equalTo("903"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));
    ReadDrain.Poll second = ReadDrain.poll(reader, "x-main", TOKEN, first.lastCursor());

    assertThat(second.items()).isEmpty();
    assertThat(second.lastCursor()).isEqualTo("{\"since_id\":\"903\"}");
  }

  /** A post as X shows an edited one: its own id, and the whole chain oldest first. */
  private static String edited(String id, String text, String at, String... chain) {
    return """
        {"id":"%s","author_id":"77","text":"%s","conversation_id":"%s",
         "created_at":"%s","edit_history_tweet_ids":[%s]}
        """
        .formatted(
            id,
            text,
            chain[0],
            at,
            String.join(",", java.util.Arrays.stream(chain).map(c -> "\"" + c + "\"").toList()));
  }

  @Test
  void anEditIsANewVersionOfTheOriginalPostNotANewMessage() {
    server.stubFor(
        mentions()
            .withQueryParam("since_id", absent())
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + edited(
                            "910",
                            "@library is the branch open Sunday?",
                            "2026-11-26T10:00:00.000Z",
                            "910")
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1,\"newest_id\":\"910\"}}")));
    server.stubFor(
        mentions()
            .withQueryParam("since_id", equalTo("910"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + edited(
                            "912",
                            "@library is the Main branch open Sunday?",
                            "2026-11-26T10:07:00.000Z",
                            "910",
                            "912")
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1,\"newest_id\":\"912\"}}")));

    ReadDrain.Poll first = ReadDrain.poll(reader, "x-main", TOKEN, null);
    ReadDrain.Poll second = ReadDrain.poll(reader, "x-main", TOKEN, first.lastCursor());

    assertThat(first.ids()).containsExactly("910");
    assertThat(first.item("910").editedAt()).isNull();
    assertThat(second.ids()).as("upserted by the original id").containsExactly("910");
    assertThat(second.item("910").text()).isEqualTo("@library is the Main branch open Sunday?");
    assertThat(second.item("910").editedAt()).isEqualTo(Instant.parse("2026-11-26T10:07:00Z"));
    assertThat(second.item("910").rootPlatformId()).isNull();
    assertThat(second.item("910").rawJson()).contains("\"id\":\"912\"");
  }

  @Test
  void anOlderVersionInTheSamePageIsLeftOutSoTheNewestTextStaysCurrent() {
    server.stubFor(
        mentions()
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + edited(
                            "931", "@library fixed typo", "2026-11-26T10:05:00.000Z", "930", "931")
                        + ","
                        + edited(
                            "930", "@library fixd typo", "2026-11-26T10:00:00.000Z", "930", "931")
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":2,\"newest_id\":\"931\"}}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "x-main", TOKEN, null);

    assertThat(poll.ids()).containsExactly("930");
    assertThat(poll.item("930").text()).isEqualTo("@library fixed typo");
  }

  @Test
  void theConversationComesFromRecentSearchAndOurRepliesAreRecognised() {
    server.stubFor(
        mentions()
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + tweet("912", "77", "@library and Sunday?", "910", "910")
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1,\"newest_id\":\"912\"}}")));
    server.stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("query", equalTo("conversation_id:910"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + tweet("913", "1500", "@reader Sundays 1 to 5.", "910", "912")
                        + "],"
                        + users()
                        + ",\"meta\":{\"result_count\":1}}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "x-main", TOKEN, null);

    assertThat(poll.ids()).containsExactly("912", "913");
    assertThat(poll.item("912").kind()).isEqualTo(MessageKind.REPLY);
    assertThat(poll.item("912").rootPlatformId()).isEqualTo("910");
    assertThat(poll.item("912").ours()).isFalse();
    assertThat(poll.item("913").ours()).isTrue();
    assertThat(poll.item("913").parentPlatformId()).isEqualTo("912");
  }

  @Test
  void aMalformedPostIsPassedOnAndABrokenPageFails() {
    server.stubFor(
        mentions()
            .willReturn(
                json(
                    200,
                    "{\"data\":[{\"id\":\"920\",\"author_id\":\"77\",\"created_at\":\"2026-11-26T10:00:00.000Z\"},"
                        + tweet("921", "77", "@library hi", "921", null)
                        + "],\"meta\":{\"result_count\":2,\"newest_id\":\"921\"}}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "x-main", TOKEN, null);
    assertThat(poll.item("920").problem()).contains("text: missing");
    assertThat(poll.item("921").problem()).isEmpty();

    server.stubFor(mentions().willReturn(json(200, "{\"data\":[{")));
    assertThat(reader.fetch("x-main", TOKEN, null)).isInstanceOf(ReadResult.Failed.class);
  }

  @Test
  void aRateLimitStopsReadingUntilTheEpochReset() {
    server.stubFor(
        mentions()
            .willReturn(
                json(
                        429,
                        "{\"title\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429,\"detail\":\"Too Many Requests\"}")
                    .withHeader("x-rate-limit-limit", "300")
                    .withHeader("x-rate-limit-remaining", "0")
                    .withHeader("x-rate-limit-reset", "1795694700")));

    ReadResult result = reader.fetch("x-main", TOKEN, null);

    assertThat(((ReadResult.Failed) result).problem())
        .isInstanceOfSatisfying(
            PublishOutcome.RateLimited.class,
            limited -> assertThat(limited.until()).isEqualTo(Instant.ofEpochSecond(1795694700)));
    server.verify(0, getRequestedFor(urlPathEqualTo(SEARCH)));
  }

  @Test
  void aReplyNamesThePostItAnswers() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(json(201, "{\"data\":{\"id\":\"930\",\"text\":\"Sundays 1 to 5.\"}}")));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "912", "Sundays 1 to 5.", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo("930");
    server.verify(
        postRequestedFor(urlEqualTo("/2/tweets"))
            .withHeader("Authorization", equalTo("Bearer x-access-1"))
            .withRequestBody(
                equalToJson(
                    "{\"text\":\"Sundays 1 to 5.\",\"reply\":{\"in_reply_to_tweet_id\":\"912\"}}")));
  }

  private void stubDuplicateOfAnEarlierReply() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(
                json(
                    403,
                    "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));
    server.stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("query", equalTo("in_reply_to_tweet_id:912"))
            .willReturn(
                json(
                    200,
                    "{\"data\":[" + tweet("931", "1500", "Sundays 1 to 5.", "910", "912") + "]}")));
  }

  @Test
  void aDuplicateOfAResentReplyIsTheLostTryFoundUnderTheParentNotPostedAgain() {
    stubDuplicateOfAnEarlierReply();

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-1", "912", "Sundays 1 to 5.", TOKEN).resending());

    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo("931");
    server.verify(1, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  @Test
  void aDuplicateOfAResentReplyNotListedYetIsUnknownNeverNotSent() {
    // X says the words are already there but does not list them yet: most likely the lost try.
    stubDuplicateOfAnEarlierReply();
    server.stubFor(
        get(urlPathEqualTo(SEARCH)).willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-3", "912", "Sundays 1 to 5.", TOKEN).resending());

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aDuplicateOfAFirstTryIsAnotherReplyAndRefusedNamingItNotClaimedAsThisOne() {
    // A colleague already gave the same answer to the same tweet.
    stubDuplicateOfAnEarlierReply();

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-2", "912", "Sundays 1 to 5.", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Rejected(
                "X refused the reply as duplicate content: the account already posted this text"
                    + " (https://x.com/i/web/status/931)"));
  }

  @Test
  void hidingAReplyPutsHiddenTrueUnhidingPutsFalseAndDeletingIsRefused() {
    server.stubFor(
        put("/2/tweets/912/hidden").willReturn(json(200, "{\"data\":{\"hidden\":true}}")));
    server.stubFor(
        put("/2/tweets/913/hidden").willReturn(json(200, "{\"data\":{\"hidden\":false}}")));

    assertThat(responder.moderate(TOKEN, "912", ModerationKind.HIDE))
        .isEqualTo(new ModerationResult.Done());
    server.verify(
        putRequestedFor(urlEqualTo("/2/tweets/912/hidden"))
            .withHeader("Authorization", equalTo("Bearer x-access-1"))
            .withRequestBody(equalToJson("{\"hidden\":true}")));
    assertThat(responder.moderate(TOKEN, "913", ModerationKind.UNHIDE))
        .isEqualTo(new ModerationResult.Done());
    server.verify(
        putRequestedFor(urlEqualTo("/2/tweets/913/hidden"))
            .withRequestBody(equalToJson("{\"hidden\":false}")));
    assertThat(responder.moderation(true))
        .containsExactlyInAnyOrder(ModerationKind.HIDE, ModerationKind.UNHIDE);
    assertThat(responder.moderation(false))
        .as("only in conversations the account started")
        .isEmpty();

    assertThat(responder.moderate(TOKEN, "912", ModerationKind.DELETE))
        .isEqualTo(new ModerationResult.Failed(new PublishOutcome.Rejected(XResponder.NO_DELETE)));
  }
}
