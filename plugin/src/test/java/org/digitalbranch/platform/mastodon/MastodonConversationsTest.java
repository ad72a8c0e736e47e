package org.digitalbranch.platform.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Instant;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.IncomingItem;
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

class MastodonConversationsTest {

  private static final Credentials TOKEN = new Credentials.MastodonToken("mastodon-token-1");
  private static final String NOTIFICATIONS = "/api/v1/notifications";

  private WireMockServer server;
  private MastodonReader reader;
  private MastodonResponder responder;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    MastodonPlatform mastodon = new MastodonPlatform(PlatformDoubles.settings(server));
    reader = new MastodonReader(mastodon);
    responder = new MastodonResponder(mastodon);
    server.stubFor(
        get("/api/v1/accounts/verify_credentials")
            .willReturn(json(200, "{\"id\":\"109000\",\"acct\":\"library\"}")));
    server.stubFor(
        get(urlPathMatching("/api/v1/statuses/[^/]+/context"))
            .atPriority(10)
            .willReturn(json(200, "{\"ancestors\":[],\"descendants\":[]}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static String status(String id, String inReplyTo, String accountId, String acct, String html) {
    return status(id, inReplyTo, accountId, acct, html, null);
  }

  static String status(
      String id, String inReplyTo, String accountId, String acct, String html, String editedAt) {
    return """
        {"id":"%s","created_at":"2026-11-26T10:%s:00.000Z","in_reply_to_id":%s,
         "edited_at":%s,"content":"%s","visibility":"public",
         "account":{"id":"%s","acct":"%s","display_name":"%s"}}
        """
        .formatted(
            id,
            id.substring(id.length() - 2),
            inReplyTo == null ? "null" : "\"" + inReplyTo + "\"",
            editedAt == null ? "null" : "\"" + editedAt + "\"",
            html,
            accountId,
            acct,
            acct);
  }

  static String mention(String notificationId, String status) {
    return """
        {"id":"%s","type":"mention","created_at":"2026-11-26T11:00:00.000Z","status":%s}
        """
        .formatted(notificationId, status);
  }

  private String link(String rel, String param, String value) {
    return "<"
        + server.baseUrl()
        + NOTIFICATIONS
        + "?"
        + param
        + "="
        + value
        + ">; rel=\""
        + rel
        + "\"";
  }

  /**
   * A poll going forward from {@code after}: one page of the given mentions (newest first, as
   * Mastodon sends them), then an empty page after its newest.
   */
  private void forwardPage(String after, String... mentions) {
    String newest = mentions[0].replaceAll("(?s).*?\"id\":\"(n\\d+)\".*", "$1");
    server.stubFor(
        notifications()
            .withQueryParam("min_id", equalTo(after))
            .willReturn(
                json(200, "[" + String.join(",", mentions) + "]")
                    .withHeader("Link", link("prev", "min_id", newest))));
    server.stubFor(
        notifications().withQueryParam("min_id", equalTo(newest)).willReturn(json(200, "[]")));
  }

  private MappingBuilder notifications() {
    return get(urlPathEqualTo(NOTIFICATIONS))
        .withQueryParam("types[]", equalTo("mention"))
        .withHeader("Authorization", equalTo("Bearer mastodon-token-1"));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void theFirstPollPagesBackToTheEndThroughLinkHeadersAndThenResumesFromTheNewest() {
    server.stubFor(
        notifications()
            .withQueryParam("max_id", absent())
            .withQueryParam("min_id", absent())
            .willReturn(
                json(
                        200,
                        "["
                            + mention(
                                "n30",
                                status(
                                    "s11",
                                    null,
                                    "555",
                                    "reader@town.example",
                                    "<p>Open on Sunday?</p>"))
                            + ","
                            + mention(
                                "n20", status("s12", null, "556", "kim@town.example", "<p>Hi</p>"))
                            + "]")
                    .withHeader(
                        "Link",
                        link("next", "max_id", "n20") + ", " + link("prev", "min_id", "n30"))));
    server.stubFor(
        notifications()
            .withQueryParam("max_id", equalTo("n20"))
            .willReturn(json(200, "[]").withHeader("Link", link("next", "max_id", "n15"))));
    server.stubFor(
        notifications()
            .withQueryParam("max_id", equalTo("n15"))
            .willReturn(
                json(
                    200,
                    "["
                        + mention(
                            "n10", status("s13", null, "557", "lee@town.example", "<p>Thanks!</p>"))
                        + "]")));

    ReadDrain.Poll first = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.ids()).containsExactly("s11", "s12", "s13");
    assertThat(first.item("s11").text()).isEqualTo("Open on Sunday?");
    assertThat(first.item("s11").kind()).isEqualTo(MessageKind.MENTION);
    assertThat(first.item("s11").authorHandle()).isEqualTo("reader@town.example");
    assertThat(first.item("s11").rawJson()).contains("\"id\":\"s11\"");
    assertThat(first.lastCursor()).isEqualTo("{\"min_id\":\"n30\"}");

    server.stubFor(
        notifications()
            .withQueryParam("min_id", equalTo("n30"))
            .willReturn(
                json(
                        200,
                        "["
                            + mention(
                                "n40",
                                status("s14", null, "558", "ana@town.example", "<p>Holds?</p>"))
                            + "]")
                    .withHeader("Link", link("prev", "min_id", "n40"))));
    server.stubFor(
        notifications().withQueryParam("min_id", equalTo("n40")).willReturn(json(200, "[]")));

    ReadDrain.Poll second = ReadDrain.poll(reader, "mastodon-main", TOKEN, first.lastCursor());

    assertThat(second.ids()).containsExactly("s14");
    assertThat(second.lastCursor()).isEqualTo("{\"min_id\":\"n40\"}");
    server.verify(
        0,
        getRequestedFor(urlPathEqualTo(NOTIFICATIONS)).withQueryParam("since_id", equalTo("n30")));
  }

  @Test
  void aDirectStatusAndItsDirectRepliesAreDirectMessagesSoOnlyTheTeamSeesThem() {
    String question =
        status("s31", null, "555", "reader@town.example", "<p>My card number is 2931</p>")
            .replace("\"public\"", "\"direct\"");
    server.stubFor(notifications().willReturn(json(200, "[" + mention("n60", question) + "]")));
    server.stubFor(
        get("/api/v1/statuses/s31/context")
            .willReturn(
                json(
                    200,
                    "{\"ancestors\":[],\"descendants\":["
                        + status("s32", "s31", "109000", "library", "<p>Thanks, fixed.</p>")
                            .replace("\"public\"", "\"direct\"")
                        + "]}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(poll.ids()).containsExactly("s31", "s32");
    assertThat(poll.item("s31").kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
    assertThat(poll.item("s32").kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
  }

  @Test
  void aThreadComesFromTheContextAndOurOwnStatusesAreRecognised() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                    200,
                    "["
                        + mention(
                            "n50",
                            status(
                                "s22",
                                "s21",
                                "555",
                                "reader@town.example",
                                "<p>And on Monday?</p>"))
                        + "]")));
    server.stubFor(
        get("/api/v1/statuses/s22/context")
            .willReturn(
                json(
                    200,
                    "{\"ancestors\":["
                        + status("s21", null, "109000", "library", "<p>We are open late!</p>")
                        + "],\"descendants\":["
                        + status("s23", "s22", "109000", "library", "<p>Yes, 9 to 5.</p>")
                        + "]}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(poll.ids()).containsExactly("s21", "s22", "s23");
    assertThat(poll.item("s21").ours()).isTrue();
    assertThat(poll.item("s22").ours()).isFalse();
    assertThat(poll.item("s22").kind()).isEqualTo(MessageKind.REPLY);
    assertThat(poll.item("s22").parentPlatformId()).isEqualTo("s21");
    assertThat(poll.item("s23").ours()).isTrue();
    assertThat(poll.item("s23").rootPlatformId()).isEqualTo("s21");
  }

  @Test
  void twoMentionsInOneThreadCostOneContextRequestGoingForward() {
    // Newest first, as Mastodon sends it; read oldest first going forward.
    forwardPage(
        "n69",
        mention("n71", status("s62", "s61", "555", "reader@town.example", "<p>Or 5?</p>")),
        mention("n70", status("s61", null, "555", "reader@town.example", "<p>At 4?</p>")));
    server.stubFor(
        get("/api/v1/statuses/s61/context")
            .willReturn(
                json(
                    200,
                    "{\"ancestors\":[],\"descendants\":["
                        + status("s62", "s61", "555", "reader@town.example", "<p>Or 5?</p>")
                        + "]}")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, "{\"min_id\":\"n69\"}");

    assertThat(poll.ids()).containsExactly("s61", "s62");
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s61/context")));
    server.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s62/context")));
  }

  @Test
  void aContextCutAtMastodonsCapDoesNotStandForItsDescendantsOwn() {
    forwardPage(
        "n89",
        mention("n91", status("s92", "s91", "555", "reader@town.example", "<p>Me too</p>")),
        mention("n90", status("s91", null, "555", "reader@town.example", "<p>Big</p>")));
    StringBuilder crowded = new StringBuilder("{\"ancestors\":[],\"descendants\":[");
    crowded.append(status("s92", "s91", "555", "reader@town.example", "<p>Me too</p>"));
    // Just under the cap: Mastodon drops statuses hidden from the reader after applying it.
    for (int i = 1;
        i < MastodonReader.CONTEXT_DESCENDANTS_CAP - MastodonReader.CONTEXT_CAP_MARGIN / 2;
        i++) {
      crowded
          .append(',')
          .append(status("x" + (10_000 + i), "s91", "556", "kim@town.example", "hi"));
    }
    server.stubFor(
        get("/api/v1/statuses/s91/context").willReturn(json(200, crowded.append("]}").toString())));

    ReadDrain.poll(reader, "mastodon-main", TOKEN, "{\"min_id\":\"n89\"}");

    server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s92/context")));
  }

  @Test
  void anEditedStatusInTwoMentionedPartsOfAThreadHasItsHistoryReadOnce() {
    // Going back (a first poll), the newer mention comes first: its context shows its parent as
    // an ancestor only, so the parent's own context is still read, but not the edit history again.
    String edited =
        status(
            "s82",
            "s81",
            "555",
            "reader@town.example",
            "<p>Or at 5?</p>",
            "2026-11-26T10:50:00.000Z");
    String parent = status("s81", null, "555", "reader@town.example", "<p>At 4?</p>");
    server.stubFor(
        notifications()
            .willReturn(
                json(200, "[" + mention("n81", edited) + "," + mention("n80", parent) + "]")));
    server.stubFor(
        get("/api/v1/statuses/s82/context")
            .willReturn(json(200, "{\"ancestors\":[" + parent + "],\"descendants\":[]}")));
    server.stubFor(
        get("/api/v1/statuses/s81/context")
            .willReturn(json(200, "{\"ancestors\":[],\"descendants\":[" + edited + "]}")));
    server.stubFor(
        get("/api/v1/statuses/s82/history")
            .willReturn(
                json(
                    200,
                    """
                    [{"content":"<p>Or at 5</p>","created_at":"2026-11-26T10:45:00.000Z"},
                     {"content":"<p>Or at 5?</p>","created_at":"2026-11-26T10:50:00.000Z"}]
                    """)));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(poll.items())
        .extracting(IncomingItem::text)
        .containsExactly("At 4?", "Or at 5", "Or at 5?");
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s82/history")));
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s81/context")));
  }

  @Test
  void anEditedStatusBringsEveryVersionFromItsHistoryOldestFirst() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                    200,
                    "["
                        + mention(
                            "n60",
                            status(
                                "s31",
                                null,
                                "555",
                                "reader@town.example",
                                "<p>Is the wifi down?</p>",
                                "2026-11-26T10:40:00.000Z"))
                        + "]")));
    server.stubFor(
        get("/api/v1/statuses/s31/history")
            .willReturn(
                json(
                    200,
                    """
                    [{"content":"<p>Is the wfi down</p>","created_at":"2026-11-26T10:31:00.000Z"},
                     {"content":"<p>Is the wifi down</p>","created_at":"2026-11-26T10:35:00.000Z"},
                     {"content":"<p>Is the wifi down?</p>","created_at":"2026-11-26T10:40:00.000Z"}]
                    """)));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(poll.items())
        .extracting(IncomingItem::text)
        .containsExactly("Is the wfi down", "Is the wifi down", "Is the wifi down?");
    assertThat(poll.items())
        .extracting(IncomingItem::editedAt)
        .containsExactly(
            null, Instant.parse("2026-11-26T10:35:00Z"), Instant.parse("2026-11-26T10:40:00Z"));
  }

  @Test
  void aNotFoundStatusRecordsADeletion() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                    200,
                    "["
                        + mention(
                            "n70", status("s41", null, "555", "reader@town.example", "<p>oops</p>"))
                        + "]")));
    server.stubFor(
        get("/api/v1/statuses/s41/context")
            .willReturn(json(404, "{\"error\":\"Record not found\"}")));

    IncomingItem item = ReadDrain.poll(reader, "mastodon-main", TOKEN, null).item("s41");

    assertThat(item.deleted()).isTrue();
    assertThat(item.text()).isNull();
    assertThat(item.problem()).isEmpty();
  }

  @Test
  void aMalformedItemIsPassedOnForTheStoreToReportWhileTheRestIsRead() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                    200,
                    "[{\"id\":\"n80\",\"type\":\"mention\",\"status\":{\"id\":\"s51\",\"created_at\":\"2026-11-26T10:51:00.000Z\",\"account\":{\"id\":\"9\",\"acct\":\"x@y\"}}},"
                        + mention(
                            "n79", status("s52", null, "555", "reader@town.example", "<p>Fine</p>"))
                        + "]")));

    ReadDrain.Poll poll = ReadDrain.poll(reader, "mastodon-main", TOKEN, null);

    assertThat(poll.item("s51").problem()).contains("text: missing");
    assertThat(poll.item("s52").problem()).isEmpty();
  }

  @Test
  void aBrokenPageIsAFailureAndTheCursorStays() {
    server.stubFor(notifications().willReturn(json(200, "[{\"id\":\"n1\",")));

    ReadResult result = reader.fetch("mastodon-main", TOKEN, "{\"min_id\":\"n9\"}");

    assertThat(result).isInstanceOf(ReadResult.Failed.class);
    assertThat(((ReadResult.Failed) result).problem()).isInstanceOf(PublishOutcome.Transient.class);
  }

  @Test
  void aRateLimitStopsReadingUntilTheIsoReset() {
    server.stubFor(
        notifications()
            .willReturn(
                json(429, "{\"error\":\"Too many requests\"}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T12:05:00.516127Z")));

    ReadResult result = reader.fetch("mastodon-main", TOKEN, null);

    assertThat(((ReadResult.Failed) result).problem())
        .isInstanceOfSatisfying(
            PublishOutcome.RateLimited.class,
            limited ->
                assertThat(limited.until())
                    .isEqualTo(Instant.parse("2026-11-26T12:05:00.516127Z")));
    server.verify(1, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
    server.verify(0, getRequestedFor(urlPathMatching("/api/v1/statuses/.*")));
  }

  @Test
  void fewerThanAQuarterOfTheRequestsLeftStopsReadingMidPageAndTheCursorMovesPastWhatWasRead() {
    String cursor = "{\"min_id\":\"n40\"}";
    server.stubFor(
        notifications()
            .withQueryParam("min_id", equalTo("n40"))
            .willReturn(
                json(
                    200,
                    "["
                        + mention("n43", status("s43", null, "555", "a@town.example", "<p>A</p>"))
                        + ","
                        + mention("n42", status("s42", null, "556", "b@town.example", "<p>B</p>"))
                        + ","
                        + mention("n41", status("s41", null, "557", "c@town.example", "<p>C</p>"))
                        + "]")));
    server.stubFor(
        get("/api/v1/statuses/s42/context")
            .willReturn(
                json(200, "{\"ancestors\":[],\"descendants\":[]}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "74")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T12:04:00.000Z")));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("mastodon-main", TOKEN, cursor);

    // Going forward a page is read oldest first, so the next poll starts after n42.
    assertThat(read.items()).extracting(item -> item.platformId()).containsExactly("s41", "s42");
    assertThat(read.nextCursor()).isEqualTo("{\"min_id\":\"n42\"}");
    assertThat(read.pause().until()).isEqualTo(Instant.parse("2026-11-26T12:04:00Z"));
    assertThat(read.pause().reason())
        .isEqualTo(
            "Mastodon says 74 of the account's 300 requests are left until it resets; reading"
                + " waits so that publishing and replies keep them");
    server.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s43/context")));
  }

  @Test
  void aPauseWhileGoingBackThroughAFirstPollMovesMaxIdPastWhatWasRead() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                        200,
                        "["
                            + mention("n9", status("s9", null, "555", "a@town.example", "<p>A</p>"))
                            + ","
                            + mention("n8", status("s8", null, "556", "b@town.example", "<p>B</p>"))
                            + "]")
                    .withHeader(
                        "Link",
                        link("next", "max_id", "n8") + ", " + link("prev", "min_id", "n9"))));
    server.stubFor(
        get("/api/v1/statuses/s9/context")
            .willReturn(
                json(200, "{\"ancestors\":[],\"descendants\":[]}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "10")));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("mastodon-main", TOKEN, null);

    assertThat(read.items()).extracting(item -> item.platformId()).containsExactly("s9");
    assertThat(read.nextCursor()).isEqualTo("{\"max_id\":\"n9\",\"min_id\":\"n9\"}");
    server.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/statuses/s8/context")));
  }

  @Test
  void aQuarterOfTheRequestsLeftIsEnoughToReadOn() {
    server.stubFor(
        notifications()
            .willReturn(
                json(
                        200,
                        "["
                            + mention(
                                "n43", status("s43", null, "555", "a@town.example", "<p>A</p>"))
                            + "]")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "75")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T12:04:00.000Z")));

    ReadResult.Page read = (ReadResult.Page) reader.fetch("mastodon-main", TOKEN, null);

    assertThat(read.pause()).isNull();
    assertThat(read.items()).hasSize(1);
  }

  @Test
  void aReplyIsAStatusInReplyToTheMessageWithTheIdempotencyKey() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                json(200, status("s90", "s41", "109000", "library", "<p>We open at 9.</p>"))));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-7", "s41", "@reader We open at 9.", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    assertThat(((PublishOutcome.Published) outcome).platformId()).isEqualTo("s90");
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1"))
            .withHeader("Idempotency-Key", equalTo("reply-7"))
            .withFormParam("status", equalTo("@reader We open at 9."))
            .withFormParam("in_reply_to_id", equalTo("s41")));
  }

  @Test
  void aDirectMessageIsAnsweredDirectlyAndNamesThePatronSoOnlyTheyReceiveIt() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                json(200, status("s91", "s42", "109000", "library", "<p>Your hold is in.</p>"))));

    PublishOutcome outcome =
        responder.reply(
            new ReplyRequest(
                "reply-9", "s42", "Your hold is in.", TOKEN, true, "reader@example.social"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam("status", equalTo("@reader@example.social Your hold is in."))
            .withFormParam("in_reply_to_id", equalTo("s42"))
            .withFormParam("visibility", equalTo("direct")));
  }

  @Test
  void aPublicAnswerSetsNoVisibilitySoTheAccountsDefaultApplies() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(json(200, status("s92", "s41", "109000", "library", "<p>Yes.</p>"))));

    responder.reply(new ReplyRequest("reply-10", "s41", "Yes.", TOKEN));

    server.verify(
        1, postRequestedFor(urlEqualTo("/api/v1/statuses")).withoutFormParam("visibility"));
  }

  @Test
  void aPublicAnswerMentionsThePatronSoMastodonNotifiesThem() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(json(200, status("s93", "s41", "109000", "library", "<p>Yes.</p>"))));

    responder.reply(
        new ReplyRequest(
            "reply-11", "s41", "Yes, until 8 tonight.", TOKEN, false, "reader@town.example"));
    responder.reply(
        new ReplyRequest(
            "reply-12",
            "s41",
            "@reader@town.example yes, until 8.",
            TOKEN,
            false,
            "reader@town.example"));

    server.verify(
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam("status", equalTo("@reader@town.example Yes, until 8 tonight."))
            .withoutFormParam("visibility"));
    server.verify(
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam("status", equalTo("@reader@town.example yes, until 8.")));
    assertThat(responder.textAsSent("Yes.", "reader@town.example", false))
        .isEqualTo("@reader@town.example Yes.");
    assertThat(responder.textAsSent("Yes.", null, false)).isEqualTo("Yes.");
    // Recorded as Mastodon shows it, so the poll that fetches it back finds the same words.
    assertThat(responder.textAsShown("Yes.", "reader@town.example", false))
        .isEqualTo("@reader Yes.");
    // A dotted user name loses its domain as Mastodon shows it, like any other.
    assertThat(responder.textAsShown("Yes.", "oliver.silva@example.social", false))
        .isEqualTo("@oliver.silva Yes.");
  }

  @Test
  void aMentionCountsAsPresentOnlyWhenItIsWhole() {
    String bob = "bob@town.example";

    assertThat(responder.textAsSent("Thanks @Bob@Town.example.", bob, false))
        .isEqualTo("Thanks @Bob@Town.example.");
    assertThat(responder.textAsSent("Ask @bobby or write to help@bob@town.example", bob, false))
        .startsWith("@bob@town.example ");
    assertThat(responder.textAsSent("Hi @bob, the desk has it.", bob, false))
        .as("@bob alone names this server's bob")
        .startsWith("@bob@town.example ");
    assertThat(responder.textAsSent("Hi @bob, the desk has it.", "bob", false))
        .isEqualTo("Hi @bob, the desk has it.");
  }

  @Test
  void aLostReplyAnswerIsUnknownButSafeToRetryWithTheSameKey() {
    server.stubFor(
        post("/api/v1/statuses").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    PublishOutcome outcome =
        responder.reply(new ReplyRequest("reply-8", "s41", "We open at 9.", TOKEN));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Unknown.class, unknown -> assertThat(unknown.safeToRetry()).isTrue());
  }

  @Test
  void moderatingSomeoneElsesStatusIsRefusedWithWhatToDoInstead() {
    ModerationResult result = responder.moderate(TOKEN, "s41", ModerationKind.DELETE);

    assertThat(result)
        .isEqualTo(
            new ModerationResult.Failed(
                new PublishOutcome.Rejected(MastodonResponder.NO_MODERATION)));
    assertThat(MastodonResponder.NO_MODERATION)
        .startsWith("not supported by Mastodon: use a report or block");
    server.verify(0, postRequestedFor(anyUrl()));
  }
}
