package org.digitalbranch.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.PlatformDoubles;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replying and moderating from the intranet over real HTTP, with WireMock answering as Facebook,
 * Mastodon and X: a reply goes out once and marks the conversation answered by its author, lost
 * answers are settled without a double post, and moderation keeps the original and the refusal.
 */
class ConversationActionsTest {

  static final String JLEE = "jlee;J. Lee;digital-branch.staff";
  static final String KIM = "kim;K. Kim;digital-branch.staff";
  static final String MOD = "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";

  @TempDir static Path dataDir;
  static WireMockServer platforms;
  static TestIntranet intranet;
  static DigitalBranchPlugin plugin;
  private static final AtomicInteger serial = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    platforms = PlatformDoubles.start();
    String base = platforms.baseUrl();
    intranet =
        TestIntranet.start(
            dataDir,
            "{'pollSeconds': 3600, 'publicBaseUrl': 'https://intranet.example.org', 'accounts': ["
                + "{'id': 'fb-main', 'platform': 'facebook', 'handle': 'Library', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'fb-token', 'pageId': 'page-1',"
                + " 'appSecret': 'app-secret', 'verifyToken': 'verify-me'},"
                + " 'team': ['jlee', 'mgarcia']},"
                + "{'id': 'masto-main', 'platform': 'mastodon', 'handle': '@library', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'masto-token'}, 'team': ['jlee', 'mgarcia']},"
                + "{'id': 'x-main', 'platform': 'x', 'handle': '@library', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'x-token', 'clientId': 'x-client'},"
                + " 'team': ['jlee']},"
                + "{'id': 'sky-main', 'platform': 'bluesky', 'handle': 'library.bsky.social',"
                + " 'baseUrl': '"
                + base
                + "', 'credentials': {'identifier': 'library.bsky.social', 'appPassword':"
                + " 'a-b-c-d'}, 'team': ['jlee', 'mgarcia'], 'directMessages': true},"
                + "{'id': 'ig-main', 'platform': 'instagram', 'handle': 'library', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'ig-page-token', 'igUserId': 'ig-1',"
                + " 'pageId': 'page-ig'}, 'team': ['jlee', 'mgarcia'], 'directMessages': true}]}");
    plugin = (DigitalBranchPlugin) intranet.plugin();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
    platforms.stop();
  }

  @BeforeEach
  void freshStubs() {
    platforms.resetAll();
  }

  // ---------------------------------------------------------------- replies

  @Test
  void aReplyGoesOutOnceAndMarksTheConversationAnsweredByItsAuthor() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open on Sunday?");
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(okJson("{\"id\":\"reply-1\",\"url\":\"https://x.example/@library/1\"}")));

    HttpResponse<String> sent =
        send(question.repliesPath(), JLEE, "{'text': 'Yes, from noon to five.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    JsonNode reply = TestIntranet.json(sent);
    assertThat(reply.get("platformId").asText()).isEqualTo("reply-1");
    assertThat(reply.get("staffUser").asText()).isEqualTo("jlee");
    assertThat(reply.get("inReplyTo").asText()).isEqualTo(question.platformId());
    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withRequestBody(containing("in_reply_to_id=" + question.platformId())));

    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    assertThat(thread.get("status").asText()).isEqualTo("answered");
    assertThat(thread.get("answeredBy").asText()).isEqualTo("jlee");
    JsonNode last = thread.get("messages").get(thread.get("messages").size() - 1);
    // As it went out: Mastodon notifies only the accounts a status mentions.
    assertThat(last.get("text").asText()).matches("@patron\\d+ Yes, from noon to five\\.");
    assertThat(last.get("ours").asBoolean()).isTrue();
    assertThat(last.get("staffUser").asText()).isEqualTo("jlee");
    // Under the account's handle, as the platform will show it, not the intranet's account id.
    assertThat(last.get("authorHandle").asText()).isEqualTo("@library");

    JsonNode inbox =
        TestIntranet.json(fetch("digital-branch/api/conversations?status=unanswered&limit=200"));
    assertThat(inbox.get("conversations").findValuesAsText("id")).doesNotContain(question.id());
  }

  @Test
  void theFetchedCopyOfAReplySentFromHereIsNoEditButALaterChangeIs() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open on Monday?");
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(okJson("{\"id\":\"reply-copy\",\"url\":\"https://x.example/@l/2\"}")));
    send(question.repliesPath(), JLEE, "{'text': 'Yes, from nine.'}", true);
    JsonNode sent = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    String asSent = sent.get("messages").get(1).get("text").asText();

    fetchedCopy(question, asSent);

    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    JsonNode reply = thread.get("messages").get(1);
    assertThat(reply.get("versions")).as("the platform's copy is kept").hasSize(2);
    assertThat(reply.get("edited").asBoolean()).isFalse();
    Document page =
        Jsoup.parse(fetch("digital-branch/conversations/" + question.id(), JLEE).body());
    assertThat(page.select(".db-versions")).isEmpty();
    assertThat(page.text()).doesNotContain("edited");
    // Served back with other spacing (Mastodon's paragraphs): still the same words.
    fetchedCopy(question, asSent.replace(" ", "\n\n"));
    assertThat(
            Jsoup.parse(fetch("digital-branch/conversations/" + question.id(), JLEE).body())
                .select(".db-versions"))
        .isEmpty();

    fetchedCopy(question, asSent + " Until five.");

    Document edited =
        Jsoup.parse(fetch("digital-branch/conversations/" + question.id(), JLEE).body());
    assertThat(edited.select(".db-versions summary").text()).isEqualTo("Earlier versions (1)");
    assertThat(edited.select(".db-versions li").text()).endsWith(asSent);
  }

  /** The library's reply as the platform serves it back to the poller. */
  private static void fetchedCopy(Seeded question, String text) {
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                item(
                    "masto-main",
                    "mastodon",
                    "reply-copy",
                    question.platformId(),
                    MessageKind.REPLY,
                    "library",
                    text,
                    Instant.parse("2026-11-20T16:00:00Z"))));
  }

  @Test
  void aLostAnswerOnMastodonIsRetriedWithTheSameIdempotencyKey() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Do you have wifi?");
    platforms.stubFor(
        post("/api/v1/statuses")
            .inScenario("lost")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("sent"));
    platforms.stubFor(
        post("/api/v1/statuses")
            .inScenario("lost")
            .whenScenarioStateIs("sent")
            .willReturn(okJson("{\"id\":\"reply-2\",\"url\":\"https://x.example/@library/2\"}")));

    HttpResponse<String> sent = send(question.repliesPath(), JLEE, "{'text': 'Yes.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(TestIntranet.json(sent).get("platformId").asText()).isEqualTo("reply-2");
    List<LoggedRequest> posts = platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")));
    assertThat(posts).hasSize(2);
    String key = posts.get(0).getHeader("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(posts.get(1).getHeader("Idempotency-Key")).isEqualTo(key);
  }

  @Test
  void sendingAgainAfterCouldNotConfirmLooksForTheFirstTryAndPostsNothingTwice() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Is there a 3D printer?");
    platforms.stubFor(
        post("/api/v1/statuses").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    platforms.stubFor(
        get("/api/v1/accounts/verify_credentials").willReturn(okJson("{\"id\":\"library-1\"}")));
    platforms.stubFor(
        get("/api/v1/statuses/" + question.platformId() + "/context")
            .willReturn(okJson("{\"ancestors\":[],\"descendants\":[]}")));
    HttpResponse<String> first =
        send(question.repliesPath(), JLEE, "{'text': 'Yes, in the makerspace.'}", true);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(TestIntranet.json(first).get("detail").asText()).contains("could not confirm");
    int posts = platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).size();
    String handle =
        TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()))
            .get("messages")
            .get(0)
            .get("authorHandle")
            .asText();
    // It did go out after all: the platform lists it under the question.
    platforms.stubFor(
        get("/api/v1/statuses/" + question.platformId() + "/context")
            .willReturn(
                okJson(
                    "{\"ancestors\":[],\"descendants\":[{\"id\":\"first-try\","
                        + "\"in_reply_to_id\":\""
                        + question.platformId()
                        + "\",\"account\":{\"id\":\"library-1\"},\"content\":\"<p>@"
                        + handle
                        + " Yes, in the makerspace.</p>\",\"url\":\"https://x.example/@l/1\"}]}")));

    HttpResponse<String> again =
        send(question.repliesPath(), JLEE, "{'text': 'Yes, in the makerspace.'}", true);

    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(TestIntranet.json(again).get("platformId").asText()).isEqualTo("first-try");
    assertThat(platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).hasSize(posts);
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    assertThat(thread.get("answeredBy").asText()).isEqualTo("jlee");
  }

  @Test
  void aLostAnswerOnXIsLookedUpBeforeSendingAgain() throws Exception {
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Are you open late tonight?");
    platforms.stubFor(
        post("/2/tweets").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    stubTheLibrarysXAccount();
    platforms.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .willReturn(okJson(ourTweets("tw-9", "Until 9 pm tonight."))));

    HttpResponse<String> sent =
        send(question.repliesPath(), JLEE, "{'text': 'Until 9 pm tonight.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(TestIntranet.json(sent).get("platformId").asText()).isEqualTo("tw-9");
    platforms.verify(1, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  @Test
  void aResendXRefusesAsADuplicateOfTheLostTryIsThatTryOnceItIsListed() throws Exception {
    // The first try's answer is lost and X does not list it yet, so it is sent again; X refuses
    // that as a duplicate of the first, which it lists by then.
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Do you have a 3D printer?");
    platforms.stubFor(
        post("/2/tweets")
            .inScenario("lost")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("sent once"));
    platforms.stubFor(
        post("/2/tweets")
            .inScenario("lost")
            .whenScenarioStateIs("listed")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"detail\":\"You are not allowed to create a Tweet with duplicate"
                            + " content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\","
                            + "\"status\":403}")));
    stubTheLibrarysXAccount();
    platforms.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .inScenario("lost")
            .whenScenarioStateIs("sent once")
            .willReturn(okJson("{\"meta\":{\"result_count\":0}}"))
            .willSetStateTo("listed"));
    platforms.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .inScenario("lost")
            .whenScenarioStateIs("listed")
            .willReturn(okJson(ourTweets("tw-10", "Yes, at Central."))));

    HttpResponse<String> sent =
        send(question.repliesPath(), JLEE, "{'text': 'Yes, at Central.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(TestIntranet.json(sent).get("platformId").asText()).isEqualTo("tw-10");
    platforms.verify(2, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  @Test
  void aLostAnswerThatPointsToAColleaguesSameWordsIsUnconfirmedNeverRecordedAsTheirs()
      throws Exception {
    // A colleague answered from here first; the second person's try is lost, and X lists only
    // the colleague's reply with the same words under the tweet.
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Can I renew by phone?");
    platforms.stubFor(
        post("/2/tweets")
            .inScenario("colleague")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"data\":{\"id\":\"tw-20\",\"text\":\"Yes, call us.\"}}"))
            .willSetStateTo("answered once"));
    platforms.stubFor(
        post("/2/tweets")
            .inScenario("colleague")
            .whenScenarioStateIs("answered once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    stubTheLibrarysXAccount();
    platforms.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .willReturn(okJson(ourTweets("tw-20", "Yes, call us."))));
    assertThat(send(question.repliesPath(), MOD, "{'text': 'Yes, call us.'}", true).statusCode())
        .isEqualTo(201);

    HttpResponse<String> second =
        send(question.repliesPath(), JLEE, "{'text': 'Yes, call us.'}", true);

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(TestIntranet.json(second).get("detail").asText())
        .contains("could not confirm", "mgarcia");
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    assertThat(thread.get("answeredBy").asText()).isEqualTo("mgarcia");
    assertThat(thread.get("messages")).hasSize(2);
    assertThat(thread.get("messages").get(1).get("staffUser").asText()).isEqualTo("mgarcia");
  }

  /** X's answer to "who am I" for the library's account, {@code lib-1}. */
  private static void stubTheLibrarysXAccount() {
    platforms.stubFor(
        get("/2/users/me")
            .willReturn(okJson("{\"data\":{\"id\":\"lib-1\",\"username\":\"library\"}}")));
  }

  /** A recent-search page holding one reply of the library's account. */
  private static String ourTweets(String id, String text) {
    return "{\"data\":[{\"id\":\"" + id + "\",\"author_id\":\"lib-1\",\"text\":\"" + text + "\"}]}";
  }

  @Test
  void aPlatformThatStaysDownIsAClearErrorAndNothingIsRecordedAsSent() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Lost my card, help?");
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down\"}")));

    HttpResponse<String> refused =
        send(question.repliesPath(), JLEE, "{'text': 'Come to the desk.'}", true);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(TestIntranet.json(refused).get("detail").asText())
        .contains("Your reply was not sent");
    platforms.verify(3, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()));
    assertThat(thread.get("status").asText()).isEqualTo("unanswered");
    assertThat(thread.get("messages")).hasSize(1);
  }

  @Test
  void aBlankReplyIsRefusedNamingText() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Hello?");

    HttpResponse<String> refused = send(question.repliesPath(), JLEE, "{'text': '   '}", true);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("text");
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aShownAtNoPageCouldHaveBeenShownAtIsRefusedNamingItAndNothingGoesOut() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open on Boxing Day?");

    for (String when :
        List.of(
            "+1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z",
            plugin.archive().now().plusSeconds(3 * 86_400).toString())) {
      HttpResponse<String> refused =
          send(question.repliesPath(), JLEE, "{'text': 'Yes.', 'shownAt': '" + when + "'}", true);

      assertThat(refused.statusCode()).as(when).isEqualTo(400);
      assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("shownAt");
      assertThat(TestIntranet.json(refused).get("detail").asText())
          .startsWith("shownAt: expected when the page was shown");
    }
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aMisspeltFieldIsRefusedNamingItAndNothingGoesOut() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open on Monday?");

    HttpResponse<String> refused =
        send(question.repliesPath(), JLEE, "{'text': 'Yes.', 'inReplyto': 'm-1'}", true);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("inReplyto");
    assertThat(TestIntranet.json(refused).get("detail").asText())
        .isEqualTo("inReplyto: unknown field; expected inReplyTo, shownAt, text.");
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aReplyOverThePlatformsLimitIsRefusedNamingText() throws Exception {
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Tell me everything");

    HttpResponse<String> refused =
        send(question.repliesPath(), JLEE, "{'text': '" + "a".repeat(281) + "'}", true);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("text");
    assertThat(TestIntranet.json(refused).get("detail").asText()).contains("280");
  }

  @Test
  void aMastodonReplyIsMeasuredWithTheMentionOfThePatronItWillCarry() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Tell me all of it");
    String patron = "@patron" + serial.get();
    // Fits Mastodon's 500 alone; the mention Mastodon needs to notify the patron takes it over.
    String text = "a".repeat(500 - patron.length());

    HttpResponse<String> refused =
        send(question.repliesPath(), JLEE, "{'text': '" + text + "'}", true);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("text");
    assertThat(TestIntranet.json(refused).get("detail").asText()).contains("500");
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aDirectMessageIsAnsweredOnlyByTheAccountsTeam() throws Exception {
    Seeded message =
        seed("masto-main", "mastodon", MessageKind.DIRECT_MESSAGE, "My address is 1 Main St");

    HttpResponse<String> outsider = send(message.repliesPath(), KIM, "{'text': 'Thanks'}", true);

    assertThat(outsider.statusCode()).isEqualTo(404);
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aDirectMessageIsAnsweredDirectlyToThePatronNotInPublic() throws Exception {
    Seeded message =
        seed("masto-main", "mastodon", MessageKind.DIRECT_MESSAGE, "Is my hold in yet?");
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(okJson("{\"id\":\"reply-dm\",\"url\":\"https://x.example/1\"}")));
    assertThat(
            Jsoup.parse(
                    open(TestIntranet.browser(), "digital-branch/conversations/" + message.id()))
                .select("#db-reply-form .db-muted")
                .text())
        .as("the form says where the answer goes")
        .startsWith("It goes to the patron privately, as a direct message on Mastodon");

    HttpResponse<String> sent =
        send(message.repliesPath(), JLEE, "{'text': 'Yes, it is on the shelf.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withRequestBody(containing("visibility=direct"))
            .withRequestBody(containing("status=%40patron")));
  }

  @Test
  void aFacebookPrivateMessageIsAnsweredThroughMessengerToThePerson() throws Exception {
    Seeded message =
        seed("fb-main", "facebook", MessageKind.DIRECT_MESSAGE, "Has my card expired?");
    platforms.stubFor(
        post("/page-1/messages")
            .willReturn(okJson("{\"recipient_id\":\"x\",\"message_id\":\"m_answer\"}")));
    Document page =
        Jsoup.parse(open(TestIntranet.browser(), "digital-branch/conversations/" + message.id()));
    assertThat(page.select("#db-reply-form .db-muted").text())
        .as("the form says where the answer goes, and for how long Messenger takes one")
        .startsWith("It goes to the patron privately, as a direct message on Messenger")
        .contains("only within 24 hours of the person's last message");
    assertThat(page.select("#db-messenger-window").text())
        .as("the patron wrote days ago: the page says so before anyone writes")
        .contains("last message ended", "refused until they write again");
    assertThat(page.select("form.db-moderate")).as("a private message cannot be hidden").isEmpty();

    HttpResponse<String> sent =
        send(message.repliesPath(), JLEE, "{'text': 'It runs until March.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(TestIntranet.json(sent).get("platformId").asText()).isEqualTo("m_answer");
    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/page-1/messages"))
            .withRequestBody(
                equalToJson(
                    "{\"recipient\":{\"id\":\"patron"
                        + message.platformId().substring("facebook-".length())
                        + "\"},\"messaging_type\":\"RESPONSE\","
                        + "\"message\":{\"text\":\"It runs until March.\"}}")));
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + message.id()));
    assertThat(thread.get("status").asText()).isEqualTo("answered");
    JsonNode answer = thread.get("messages").get(thread.get("messages").size() - 1);
    assertThat(answer.get("kind").asText())
        .as("an answer in a private conversation is a private message, as the platform says")
        .isEqualTo("direct_message");
  }

  @Test
  void aFacebookPrivateAnswerIsHeldToMessengersLengthAndItsClosedWindowIsSaid() throws Exception {
    Seeded message = seed("fb-main", "facebook", MessageKind.DIRECT_MESSAGE, "Lost my card");

    HttpResponse<String> tooLong =
        send(message.repliesPath(), JLEE, "{'text': '" + "a".repeat(2_000) + "'}", true);

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(tooLong).get("detail").asText()).contains("of 1,999 characters");

    platforms.stubFor(
        post("/page-1/messages")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"(#10) This message is sent outside of"
                            + " allowed window.\",\"type\":\"OAuthException\",\"code\":10,"
                            + "\"error_subcode\":2018278}}")));
    HttpResponse<String> late =
        send(message.repliesPath(), JLEE, "{'text': 'We can replace it.'}", true);

    assertThat(late.body()).contains("within 24 hours");
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + message.id()));
    assertThat(thread.get("status").asText()).isEqualTo("unanswered");
    assertThat(late.body())
        .as("a patron's closed window is not a token to reconnect")
        .doesNotContain("reconnect");
  }

  @Test
  void anInstagramDirectMessageIsAnsweredThroughTheLinkedPageAndHeldToItsThousandBytes()
      throws Exception {
    Seeded message =
        seed(
            "ig-main", "instagram", MessageKind.DIRECT_MESSAGE, "Do you have the new Zadie Smith?");
    Document page =
        Jsoup.parse(open(TestIntranet.browser(), "digital-branch/conversations/" + message.id()));
    assertThat(page.select("#db-reply-form .db-muted").text())
        .as("the form says where the answer goes, and for how long Instagram takes one")
        .startsWith("It goes to the patron privately, as a direct message on Instagram")
        .contains("Instagram takes the account's answer only within 24 hours")
        .doesNotContain("Messenger");
    assertThat(page.select("#db-messenger-window").text())
        .startsWith("Instagram's time to answer")
        .contains("refused until they write again");

    HttpResponse<String> tooLong =
        send(message.repliesPath(), JLEE, "{'text': '" + "\u00e9".repeat(600) + "'}", true);

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(tooLong).get("detail").asText()).contains("1,200 of 1,000 bytes");

    platforms.stubFor(
        post("/page-ig/messages")
            .willReturn(okJson("{\"recipient_id\":\"x\",\"message_id\":\"aWdf_answer\"}")));
    HttpResponse<String> sent =
        send(message.repliesPath(), JLEE, "{'text': 'Yes, two copies are in.'}", true);

    assertThat(sent.statusCode()).isEqualTo(201);
    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/page-ig/messages"))
            .withHeader("Authorization", equalTo("Bearer ig-page-token"))
            .withRequestBody(
                equalToJson(
                    "{\"recipient\":{\"id\":\"patron"
                        + message.platformId().substring("instagram-".length())
                        + "\"},\"messaging_type\":\"RESPONSE\","
                        + "\"message\":{\"text\":\"Yes, two copies are in.\"}}")));
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + message.id()));
    assertThat(thread.get("status").asText()).isEqualTo("answered");
  }

  /** A patron's message in a Bluesky chat of the library's, as the reader files it. */
  private static void seedChat(String convo, String text) throws Exception {
    ingestChat(
        convo,
        "m" + serial.incrementAndGet(),
        text,
        Instant.parse("2026-11-20T15:00:00Z").plusSeconds(serial.get()),
        false,
        "{}");
  }

  private static void ingestChat(
      String convo, String id, String text, Instant at, boolean ours, String raw) throws Exception {
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    "sky-main",
                    "bluesky",
                    convo + "/" + id,
                    null,
                    convo,
                    MessageKind.DIRECT_MESSAGE,
                    ours ? "library.bsky.social" : "kim.bsky.social",
                    ours ? "Library" : "Kim",
                    text,
                    at,
                    null,
                    false,
                    ours,
                    null,
                    null,
                    raw)));
  }

  private static void blueskySignsIn() {
    platforms.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(
                okJson(
                    "{\"accessJwt\":\"a1\",\"refreshJwt\":\"r1\",\"did\":\"did:plc:lib\","
                        + "\"handle\":\"library.bsky.social\"}")));
    platforms.stubFor(post("/xrpc/chat.bsky.convo.acceptConvo").willReturn(okJson("{}")));
  }

  @Test
  void aRefusedAnswerIsSaidOnceAndThePageTellsTheNextColleagueUntilThePatronWritesAgain()
      throws Exception {
    String text = "Do you have the new Louise Penny?";
    seedChat("convoY", text);
    String conversation = conversationEndingWith(text);
    String repliesPath = "digital-branch/api/conversations/" + conversation + "/replies";
    blueskySignsIn();
    platforms.stubFor(
        post("/xrpc/chat.bsky.convo.sendMessage")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"InvalidRequest\",\"message\":\"recipient has disabled"
                            + " incoming messages\"}")));

    HttpResponse<String> refused =
        send(repliesPath, JLEE, "{'text': 'Yes, on hold for you.'}", true);

    assertThat(refused.statusCode())
        .as("refused by the platform: the same request is refused again, no service to retry")
        .isEqualTo(409);
    assertThat(TestIntranet.json(refused).get("detail").asText())
        .isEqualTo(
            "Bluesky refused sending the private answer: the person does not take direct"
                + " messages (recipient has disabled incoming messages). Your reply was not sent.");
    Document page =
        Jsoup.parse(open(TestIntranet.browser(), "digital-branch/conversations/" + conversation));
    assertThat(page.select("#db-last-failure").text())
        .startsWith("The last answer tried from here (")
        .endsWith(
            "): Bluesky refused sending the private answer: the person does not take direct"
                + " messages (recipient has disabled incoming messages). It was not sent.");
    assertThat(page.select("#db-reply-text").attr("aria-describedby")).contains("db-last-failure");

    java.net.http.HttpClient browser = TestIntranet.browser();
    postReplyForm(browser, "digital-branch/conversations/" + conversation, "Shall I hold it?");
    Document refusedAgain =
        Jsoup.parse(open(browser, "digital-branch/conversations/" + conversation));
    assertThat(refusedAgain.select("#db-reply-error").text())
        .startsWith("Bluesky refused sending the private answer")
        .doesNotContain("The platform refused");
    assertThat(refusedAgain.select("#db-last-failure"))
        .as("said once: the notice says it already")
        .isEmpty();

    // Bluesky down for a moment: a passing failure says nothing of the patron.
    platforms.stubFor(
        post("/xrpc/chat.bsky.convo.sendMessage")
            .willReturn(aResponse().withStatus(502).withBody("{\"error\":\"UpstreamFailure\"}")));
    assertThat(send(repliesPath, JLEE, "{'text': 'Are you there?'}", true).statusCode())
        .isEqualTo(503);
    assertThat(
            Jsoup.parse(
                    open(TestIntranet.browser(), "digital-branch/conversations/" + conversation))
                .select("#db-last-failure")
                .text())
        .contains("the person does not take direct messages");

    seedChat("convoY", "Hello? Anyone there?");

    assertThat(
            Jsoup.parse(
                    open(TestIntranet.browser(), "digital-branch/conversations/" + conversation))
                .select("#db-last-failure"))
        .as("the patron wrote since: the refusal may not hold any more")
        .isEmpty();
  }

  @Test
  void aBlueskyChatMessageIsAnsweredInItsChatUpToAChatMessagesLength() throws Exception {
    String text = "Can I renew by chat?";
    seedChat("convoZ", text);
    String conversation = conversationEndingWith(text);
    String repliesPath = "digital-branch/api/conversations/" + conversation + "/replies";
    blueskySignsIn();
    platforms.stubFor(
        post("/xrpc/chat.bsky.convo.sendMessage")
            .willReturn(
                okJson(
                    "{\"id\":\"m900\",\"rev\":\"3m9\",\"text\":\"x\","
                        + "\"sender\":{\"did\":\"did:plc:lib\"},"
                        + "\"sentAt\":\"2026-11-20T15:05:00.000Z\"}")));
    assertThat(
            Jsoup.parse(
                    open(TestIntranet.browser(), "digital-branch/conversations/" + conversation))
                .select("#db-reply-form .db-muted")
                .text())
        .as("the form says where the answer goes")
        .startsWith("It goes to the patron privately, as a direct message on Bluesky")
        .contains("a chat request is accepted first", "Bluesky refuses it and you are told");

    HttpResponse<String> tooLong =
        send(repliesPath, JLEE, "{'text': '" + "a".repeat(1_001) + "'}", true);
    HttpResponse<String> sent =
        send(repliesPath, JLEE, "{'text': '" + "b".repeat(400) + "'}", true);

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(tooLong).get("detail").asText())
        .contains("1,001 of 1,000 characters");
    assertThat(sent.statusCode())
        .as("longer than a post's 300, within a chat message's 1,000")
        .isEqualTo(201);
    assertThat(TestIntranet.json(sent).get("platformId").asText()).isEqualTo("convoZ/m900");
    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/xrpc/chat.bsky.convo.sendMessage"))
            .withHeader("atproto-proxy", equalTo("did:web:api.bsky.chat#bsky_chat"))
            .withRequestBody(containing("\"convoId\":\"convoZ\"")));
    platforms.verify(0, postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord")));
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + conversation));
    assertThat(thread.get("status").asText()).isEqualTo("answered");

    // The next poll reads the answer back with the platform's JSON: the same message, said so.
    ingestChat(
        "convoZ",
        "m900",
        "b".repeat(400),
        Instant.parse("2026-11-20T15:05:00Z"),
        true,
        "{\"id\":\"m900\"}");
    JsonNode answer =
        TestIntranet.json(fetch("digital-branch/api/conversations/" + conversation))
            .get("messages")
            .get(1);
    assertThat(answer.get("versions")).hasSize(2);
    assertThat(answer.get("versions").get(0).get("platformCopy").asBoolean()).isFalse();
    assertThat(answer.get("versions").get(1).get("platformCopy").asBoolean()).isTrue();
    assertThat(answer.get("edited").asBoolean()).isFalse();
  }

  @Test
  void aPrivateMessageCannotBeModeratedAndThePlatformIsNotAsked() throws Exception {
    Seeded message = seed("fb-main", "facebook", MessageKind.DIRECT_MESSAGE, "You are useless");

    HttpResponse<String> hide =
        send(moderatePath(message.messageId()), MOD, "{'action': 'hide', 'reason': 'spam'}", true);

    assertThat(hide.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(hide).get("detail").asText())
        .isEqualTo(
            "A private message cannot be hidden or deleted on the platform; the archive keeps it.");
    assertThat(TestIntranet.json(hide).has("field")).isFalse();
    assertThat(platforms.getAllServeEvents()).isEmpty();
  }

  @Test
  void repliesAndModerationNeedTheCsrfToken() throws Exception {
    Seeded question = seed("fb-main", "facebook", MessageKind.COMMENT, "Buy cheap pills");

    assertThat(send(question.repliesPath(), JLEE, "{'text': 'Hi'}", false).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    moderatePath(question.messageId()),
                    MOD,
                    "{'action': 'hide', 'reason': 'spam'}",
                    false)
                .statusCode())
        .isEqualTo(403);
    assertThat(platforms.getAllServeEvents()).isEmpty();
  }

  // ---------------------------------------------------------------- moderation

  @Test
  void hidingOnFacebookRecordsTheActionWithItsReasonAndKeepsTheOriginal() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Buy cheap pills here");
    platforms.stubFor(post("/" + comment.platformId()).willReturn(okJson("{\"success\":true}")));

    HttpResponse<String> hidden =
        send(moderatePath(comment.messageId()), MOD, "{'action': 'hide', 'reason': 'spam'}", true);

    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(hidden).get("outcome").asText()).isEqualTo("done");
    platforms.verify(
        postRequestedFor(urlEqualTo("/" + comment.platformId()))
            .withRequestBody(containing("is_hidden=true")));
    JsonNode message =
        TestIntranet.json(fetch("digital-branch/api/conversations/" + comment.id()))
            .get("messages")
            .get(0);
    assertThat(message.get("text").asText()).isEqualTo("Buy cheap pills here");
    JsonNode action = message.get("moderation").get(0);
    assertThat(action.get("action").asText()).isEqualTo("hide");
    assertThat(action.get("reason").asText()).isEqualTo("spam");
    assertThat(action.get("actor").asText()).isEqualTo("mgarcia");
    // Hidden, it waits for no answer, and its forms offer what is left: deleting or unhiding it.
    assertThat(
            TestIntranet.json(fetch("digital-branch/api/conversations/" + comment.id()))
                .get("status")
                .asText())
        .isEqualTo("answered");
    assertThat(
            Jsoup.parse(fetch("digital-branch/conversations/" + comment.id(), MOD).body())
                .select("dt:containsOwn(Status) + dd")
                .text())
        .as("nobody answered it")
        .isEqualTo("nothing waits for an answer (no reply)");
    // A page opened before the hide cannot send a public reply to it.
    HttpResponse<String> toTheHidden =
        send(
            "digital-branch/api/conversations/" + comment.id() + "/replies",
            JLEE,
            "{'text': 'Thanks!', 'inReplyTo': '" + comment.messageId() + "'}",
            true);
    assertThat(toTheHidden.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(toTheHidden).get("field").asText()).isEqualTo("inReplyTo");
    platforms.verify(0, postRequestedFor(urlPathEqualTo("/" + comment.platformId() + "/comments")));
    assertThat(
            Jsoup.parse(fetch("digital-branch/conversations/" + comment.id(), MOD).body())
                .select("button[name=action]")
                .eachAttr("value"))
        .containsExactly("delete", "unhide");
  }

  @Test
  void aModeratorUnhidesAHiddenCommentWithAReasonAndItWaitsForAnAnswerAgain() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Why did you cut hours?");
    platforms.stubFor(post("/" + comment.platformId()).willReturn(okJson("{\"success\":true}")));
    String page = "digital-branch/conversations/" + comment.id();
    String moderate = "digital-branch/messages/" + comment.messageId() + "/moderate";
    assertThat(
            send(
                    moderatePath(comment.messageId()),
                    MOD,
                    "{'action': 'unhide', 'reason': 'x'}",
                    true)
                .statusCode())
        .as("nothing to unhide yet")
        .isEqualTo(409);
    assertThat(
            send(
                    moderatePath(comment.messageId()),
                    MOD,
                    "{'action': 'hide', 'reason': 'spam'}",
                    true)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> hiddenAgain =
        send(moderatePath(comment.messageId()), MOD, "{'action': 'hide', 'reason': 'spam'}", true);
    assertThat(hiddenAgain.statusCode()).isEqualTo(409);
    JsonNode alreadyHidden = TestIntranet.json(hiddenAgain);
    assertThat(alreadyHidden.get("title").asText()).isEqualTo("Conflict");
    assertThat(alreadyHidden.get("detail").asText())
        .as("said alone, a sentence")
        .isEqualTo("The message is already hidden.");
    java.net.http.HttpClient browser = TestIntranet.browser();
    Document hidden = Jsoup.parse(open(browser, MOD, page));
    assertThat(hidden.select("#message-" + comment.messageId() + " .db-badge").eachText())
        .contains("Hidden on the platform");
    assertThat(hidden.select("label[for=unhide-reason-" + comment.messageId() + "]").text())
        .isEqualTo("Why show it again: the message from A Patron");
    assertThat(hidden.select("button[name=action]").eachText())
        .containsExactly(
            "Delete on the platform: the message from A Patron",
            "Unhide on the platform: the message from A Patron");
    assertThat(fetch(page, JLEE).body()).doesNotContain("/moderate");
    assertThat(
            send(
                    moderatePath(comment.messageId()),
                    JLEE,
                    "{'action': 'unhide', 'reason': 'x'}",
                    true)
                .statusCode())
        .isEqualTo(403);

    // After the form's own words, the reason goes on the sentence.
    postForm(browser, MOD, moderate, "&action=hide&reason=spam");
    assertThat(
            Jsoup.parse(open(browser, MOD, page))
                .select("#db-notice-" + comment.messageId() + "[role=alert]")
                .text())
        .isEqualTo(
            "Nothing was changed on the message from A Patron: the message is already hidden.");

    // The policy's reasons say why a message comes down; why it goes back up is said in words.
    HttpResponse<String> blank =
        postForm(browser, MOD, moderate, "&action=unhide&reason=+%E2%80%8B");
    Document refused = Jsoup.parse(open(browser, MOD, page));
    assertThat(blank.statusCode()).isEqualTo(303);
    assertThat(refused.select("#db-notice-" + comment.messageId() + "[role=alert]").text())
        .isEqualTo(
            "Nothing was changed on the message from A Patron: say why the message is shown"
                + " again, for the record.");
    assertThat(refused.select("#unhide-reason-" + comment.messageId()).attr("aria-describedby"))
        .isEqualTo("db-notice-" + comment.messageId());
    assertThat(refused.select("#unhide-reason-" + comment.messageId()).attr("aria-invalid"))
        .isEqualTo("true");
    platforms.verify(
        0,
        postRequestedFor(urlEqualTo("/" + comment.platformId()))
            .withRequestBody(containing("is_hidden=false")));

    HttpResponse<String> unhidden =
        postForm(browser, MOD, moderate, "&action=unhide&reason=A+fair+complaint%2C+not+spam");
    assertThat(unhidden.statusCode()).isEqualTo(303);
    platforms.verify(
        postRequestedFor(urlEqualTo("/" + comment.platformId()))
            .withRequestBody(containing("is_hidden=false")));
    Document shown = Jsoup.parse(open(browser, MOD, page));
    assertThat(shown.select("#db-notice-" + comment.messageId() + "[role=status]").text())
        .isEqualTo(
            "The message from A Patron is shown again on the platform; the hide stays on the"
                + " record.");
    assertThat(shown.select(".db-moderation li").eachText())
        .hasSize(2)
        .last()
        .asString()
        .startsWith("Unhidden by M. Garcia,")
        .endsWith(": A fair complaint, not spam (done)");
    assertThat(shown.select("button[name=action]").eachAttr("value"))
        .containsExactly("hide", "delete");
    assertThat(shown.select(".db-badge").eachText())
        .contains("Waits for an answer")
        .doesNotContain("Hidden on the platform");
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + comment.id()));
    assertThat(thread.get("status").asText())
        .as("the question is a question again")
        .isEqualTo("unanswered");
    assertThat(thread.get("messages").get(0).get("moderation").findValuesAsText("action"))
        .containsExactly("hide", "unhide");
    HttpResponse<String> again =
        send(
            moderatePath(comment.messageId()),
            MOD,
            "{'action': 'unhide', 'reason': 'again'}",
            true);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(again).get("detail").asText())
        .isEqualTo("The message is not hidden, so there is nothing to unhide.");
    // And it can be answered in public again.
    platforms.stubFor(
        post(urlPathEqualTo("/" + comment.platformId() + "/comments"))
            .willReturn(okJson("{\"id\":\"" + comment.platformId() + "-reply\"}")));
    assertThat(
            send(
                    "digital-branch/api/conversations/" + comment.id() + "/replies",
                    JLEE,
                    "{'text': 'The new hours are posted.', 'inReplyTo': '"
                        + comment.messageId()
                        + "'}",
                    true)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aMessageAModeratorDeletedIsNotDeletedAgainAndLosesItsForms() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Cheap watches, click here");
    platforms.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete("/" + comment.platformId())
            .willReturn(okJson("{\"success\":true}")));
    String page = "digital-branch/conversations/" + comment.id();
    HttpResponse<String> deleted =
        send(
            moderatePath(comment.messageId()), MOD, "{'action': 'delete', 'reason': 'spam'}", true);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

    HttpResponse<String> again =
        send(
            moderatePath(comment.messageId()), MOD, "{'action': 'delete', 'reason': 'spam'}", true);

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(again).get("detail").asText()).contains("already deleted");
    platforms.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
            urlEqualTo("/" + comment.platformId())));
    JsonNode message =
        TestIntranet.json(fetch("digital-branch/api/conversations/" + comment.id()))
            .get("messages")
            .get(0);
    assertThat(message.get("moderation")).hasSize(1);
    assertThat(fetch(page, MOD).body()).doesNotContain("/moderate");
  }

  @Test
  void moderatingOnMastodonIsAConflictWithThePlatformsReasonKeptOnRecord() throws Exception {
    Seeded mention = seed("masto-main", "mastodon", MessageKind.MENTION, "You are all useless");

    HttpResponse<String> refused =
        send(
            moderatePath(mention.messageId()),
            MOD,
            "{'action': 'delete', 'reason': 'harassment'}",
            true);

    assertThat(refused.statusCode()).isEqualTo(409);
    String reason = TestIntranet.json(refused).get("detail").asText();
    assertThat(reason).containsIgnoringCase("mastodon");
    JsonNode message =
        TestIntranet.json(fetch("digital-branch/api/conversations/" + mention.id()))
            .get("messages")
            .get(0);
    assertThat(message.get("deleted").asBoolean()).isFalse();
    // The record keeps the platform's words as they were; the detail says them as a sentence.
    String said =
        "not supported by Mastodon: use a report or block (an account cannot hide or delete"
            + " another account's status)";
    assertThat(message.get("moderation").get(0).get("outcome").asText())
        .isEqualTo("failed: " + said);
    assertThat(reason).isEqualTo("N" + said.substring(1) + ".");
  }

  @Test
  void staffMayNotModerate() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Spam spam spam");

    assertThat(
            send(
                    moderatePath(comment.messageId()),
                    JLEE,
                    "{'action': 'hide', 'reason': 'spam'}",
                    true)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void aReasonOutsideThePolicyIsRefusedNamingReason() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "I disagree with you");

    HttpResponse<String> refused =
        send(
            moderatePath(comment.messageId()),
            MOD,
            "{'action': 'delete', 'reason': 'I do not like it'}",
            true);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("reason");
    assertThat(platforms.getAllServeEvents()).isEmpty();
  }

  @Test
  void theLibrarysOwnMessagesAreNotModerated() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open today?");
    platforms.stubFor(
        post("/api/v1/statuses").willReturn(okJson("{\"id\":\"own-1\",\"url\":null}")));
    String ours =
        TestIntranet.json(send(question.repliesPath(), JLEE, "{'text': 'Yes.'}", true))
            .get("id")
            .asText();

    assertThat(
            send(moderatePath(ours), MOD, "{'action': 'hide', 'reason': 'spam'}", true)
                .statusCode())
        .isEqualTo(409);
  }

  // ---------------------------------------------------------------- the page's forms

  @Test
  void theReplyFormSendsAndComesBackWithAStatusMessage() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Any book clubs?");
    platforms.stubFor(
        post("/api/v1/statuses").willReturn(okJson("{\"id\":\"form-1\",\"url\":null}")));
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + question.id();
    String before =
        browser
            .send(
                intranet.request(page).header(TestIntranet.USER_HEADER, JLEE).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(before).contains("<label for=\"db-reply-text\">").contains("name=\"text\"");

    HttpResponse<String> posted = postReplyForm(browser, page, "Every Tuesday at 7.");

    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith(page);
    String after = open(browser, page);
    assertThat(after)
        .contains("role=\"status\" tabindex=\"-1\" autofocus>Your reply was sent.")
        .contains("Every Tuesday at 7.");
  }

  @Test
  void aReplyTheFormCouldNotSendComesBackInTheBoxWithTheReasonAnnounced() throws Exception {
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Tell me it all");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + question.id();
    String tooLong = "Our hours & more: " + "a".repeat(270);

    assertThat(postReplyForm(browser, page, tooLong).statusCode()).isEqualTo(303);

    Document after = Jsoup.parse(open(browser, page));
    // At the box, which takes the focus, not at the top of the thread.
    assertThat(after.select(".db-reply #db-reply-error[role=alert]").text())
        .isEqualTo(
            "Your reply was not sent: X: 288 of 280 weighted characters, 8 too many. Your text is"
                + " kept in the box.");
    assertThat(after.select("#db-notice")).isEmpty();
    List<String> describedBy =
        List.of(after.select("#db-reply-text").attr("aria-describedby").split(" "));
    assertThat(describedBy)
        .containsSubsequence(
            "db-reply-limit", "db-reply-count", "db-reply-where", "db-reply-error");
    describedBy.forEach(id -> assertThat(after.select("#" + id)).as(id).hasSize(1));
    assertThat(after.select("#db-reply-text[autofocus][aria-invalid=true]").text())
        .startsWith("Our hours & more: aaa");
    assertThat(open(browser, page)).as("shown once").doesNotContain("Your text is kept");
    platforms.verify(0, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  @Test
  void aFormsNoticeWaitsForItsOwnConversationsPage() throws Exception {
    Seeded first = seed("x-main", "x", MessageKind.MENTION, "First question, please");
    Seeded other = seed("x-main", "x", MessageKind.MENTION, "Another question, please");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + first.id();

    postReplyForm(browser, page, "a".repeat(300));

    assertThat(open(browser, "digital-branch/conversations/" + other.id()))
        .doesNotContain("Your reply was not sent");
    assertThat(open(browser, page)).contains("Your reply was not sent");
  }

  @Test
  void aReplyToOnePatronUnderOurPostLeavesTheOthersWaitingAndTheFormAsksWhomToAnswer()
      throws Exception {
    String post = "fb-post-" + serial.incrementAndGet();
    Instant at = Instant.parse("2026-11-21T09:00:00Z");
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                item(
                    "fb-main",
                    "facebook",
                    post,
                    null,
                    MessageKind.COMMENT,
                    "library",
                    "Holiday hours are up on our website.",
                    at),
                item(
                    "fb-main",
                    "facebook",
                    post + "-a",
                    post,
                    MessageKind.COMMENT,
                    "abdul",
                    "Can I pick up at Downtown?",
                    at.plusSeconds(60)),
                item(
                    "fb-main",
                    "facebook",
                    post + "-b",
                    post,
                    MessageKind.COMMENT,
                    "hannah",
                    "My hold is not on the shelf",
                    at.plusSeconds(120))));
    String id = conversationEndingWith("My hold is not on the shelf");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + id;
    Document before = Jsoup.parse(open(browser, page));
    assertThat(before.select(".db-badge-waiting")).hasSize(2);
    assertThat(before.select("fieldset:has(legend:containsOwn(Reply to)) label").eachText())
        .containsExactly(
            "A Patron: “Can I pick up at Downtown?”", "A Patron: “My hold is not on the shelf”");
    // Several to answer: nothing is chosen for the person, and a reply must say which.
    assertThat(before.select("input[name=inReplyTo][checked]")).isEmpty();
    assertThat(before.select("input[name=inReplyTo][required]")).hasSize(2);
    String pickup = before.select("input[name=inReplyTo]").first().val();
    postForm(browser, JLEE, page + "/replies", "&text=Yes.&mustChoose=true");
    assertThat(Jsoup.parse(open(browser, page)).select("#db-reply-error").text())
        .startsWith("Your reply was not sent: choose which message your reply answers.");
    platforms.stubFor(
        post(urlPathEqualTo("/" + post + "-a/comments"))
            .willReturn(okJson("{\"id\":\"" + post + "-a-reply\"}")));

    HttpResponse<String> sent =
        postForm(
            browser,
            JLEE,
            page + "/replies",
            "&text=Yes%2C+any+branch.&inReplyTo="
                + pickup
                + "&shownAt="
                + plugin.archive().now().toEpochMilli());

    assertThat(sent.statusCode()).isEqualTo(303);
    platforms.verify(1, postRequestedFor(urlPathEqualTo("/" + post + "-a/comments")));
    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + id));
    assertThat(thread.get("status").asText())
        .as("the other patron's question was not answered")
        .isEqualTo("unanswered");
    HttpResponse<String> toOurPost =
        send(
            "digital-branch/api/conversations/" + id + "/replies",
            JLEE,
            "{'text': 'Hello', 'inReplyTo': '"
                + thread.get("messages").get(0).get("id").asText()
                + "'}",
            true);
    assertThat(toOurPost.statusCode())
        .as("the library's own post is no one's question")
        .isEqualTo(400);
    assertThat(TestIntranet.json(toOurPost).get("field").asText()).isEqualTo("inReplyTo");
    Document after = Jsoup.parse(open(browser, page));
    assertThat(after.select(".db-badge-waiting")).hasSize(1);
    assertThat(after.select("#db-reply-form p").first().text())
        .isEqualTo("Replying to A Patron: “My hold is not on the shelf”");
    assertThat(after.select("a:containsOwn(Reply to this message)")).hasSize(1);

    // The other patron wrote only to thank: anyone on staff may say it needs no answer.
    String hold = after.select("#db-reply-form input[name=inReplyTo]").val();
    String action =
        after.select("form[action$=/messages/" + hold + "/answer-needed]").attr("action");
    assertThat(after.select("form[action=" + action + "] button").text())
        .isEqualTo("No answer needed for the message from A Patron");
    assertThat(postForm(browser, JLEE, action.substring(1), "&needed=false").statusCode())
        .isEqualTo(303);
    JsonNode settled = TestIntranet.json(fetch("digital-branch/api/conversations/" + id));
    assertThat(settled.get("status").asText()).isEqualTo("answered");
    Document marked = Jsoup.parse(open(browser, page));
    assertThat(marked.select("#message-" + hold + " .db-muted").text())
        .contains("No answer needed, said by J. Lee,");
    assertThat(marked.select("#message-" + hold + " form[action$=/answer-needed] button").text())
        .isEqualTo("It needs an answer after all for the message from A Patron");
    HttpResponse<String> again =
        send(
            "digital-branch/api/messages/" + hold + "/answer-needed",
            JLEE,
            "{'needed': true}",
            true);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(again).get("changed").asBoolean()).isTrue();
    assertThat(
            TestIntranet.json(fetch("digital-branch/api/conversations/" + id))
                .get("status")
                .asText())
        .isEqualTo("unanswered");
  }

  @Test
  void aSecondClickOrAColleaguesReplyToTheSameMessageIsNotSentTwice() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Is the lift working?");
    platforms.stubFor(
        post("/api/v1/statuses").willReturn(okJson("{\"id\":\"lift-1\",\"url\":null}")));
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + question.id();
    String shownAt = Jsoup.parse(open(browser, page)).select("input[name=shownAt]").val();
    String form = "&text=Yes%2C+it+is.&shownAt=" + shownAt;

    assertThat(postForm(browser, JLEE, page + "/replies", form).statusCode()).isEqualTo(303);
    assertThat(postForm(browser, JLEE, page + "/replies", form).statusCode()).isEqualTo(303);

    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    Document after = Jsoup.parse(open(browser, page));
    assertThat(after.select("#db-reply-error").text())
        .startsWith("Your reply was not sent: You answered this message at ")
        .endsWith("Your text is kept in the box.");
    assertThat(after.select("#db-reply-text").text()).isEqualTo("Yes, it is.");

    // Two scripts at once, from a page shown before either: one goes, the other is told.
    Seeded other = seed("masto-main", "mastodon", MessageKind.MENTION, "Is the cafe open?");
    // Slow enough that the two requests overlap: without one reply at a time, both would pass.
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(okJson("{\"id\":\"cafe-1\",\"url\":null}").withFixedDelay(400)));
    String body = "{'text': 'It is.', 'shownAt': '" + plugin.archive().now().minusSeconds(1) + "'}";
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<HttpResponse<String>>> answers =
          two.invokeAll(
              List.of(
                  () -> send(other.repliesPath(), JLEE, body, true),
                  () -> send(other.repliesPath(), KIM, body, true)));
      List<Integer> codes = new java.util.ArrayList<>();
      for (var answer : answers) {
        codes.add(answer.get().statusCode());
      }
      assertThat(codes).containsExactlyInAnyOrder(201, 409);
    } finally {
      two.shutdownNow();
    }
    platforms.verify(2, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aReplyOfOnlyInvisibleCharactersIsRefusedAndNothingGoesOut() throws Exception {
    Seeded question = seed("x-main", "x", MessageKind.MENTION, "Hello?");
    for (String invisible :
        List.of(
            "\\u200b\\u200b",
            "\\u00a0\\u3000",
            "\\u2060",
            "\\u2800\\u2800",
            "\\u3164",
            "\\u034f",
            "\\ud834\\udd59")) {
      HttpResponse<String> refused =
          send(question.repliesPath(), JLEE, "{'text': '" + invisible + "'}", true);

      assertThat(refused.statusCode()).as(invisible).isEqualTo(400);
      assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("text");
    }
    platforms.verify(0, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  /**
   * A message as ingestion stores it: "library" writes the library's own, anyone else a patron's; a
   * reply's thread is its parent's (the parent here is always the thread's root).
   */
  private static IncomingItem item(
      String account,
      String platform,
      String id,
      String parent,
      MessageKind kind,
      String author,
      String text,
      Instant at) {
    boolean ours = author.equals("library");
    return new IncomingItem(
        account,
        platform,
        id,
        parent,
        parent,
        kind,
        author,
        ours ? "The Library" : "A Patron",
        text,
        at,
        null,
        false,
        ours,
        null,
        null,
        "{}");
  }

  private static HttpResponse<String> postReplyForm(
      java.net.http.HttpClient browser, String page, String text) throws Exception {
    return browser.send(
        intranet
            .request(page + "/replies")
            .header(TestIntranet.USER_HEADER, JLEE)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                BodyPublishers.ofString(
                    "csrf="
                        + TestIntranet.CSRF_TOKEN
                        + "&text="
                        + URLEncoder.encode(text, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void deletingFromThePageNeedsTheBoxTickedAndOtherwiseChangesNothing() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Buy cheap watches!");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + comment.id();

    String moderate = "digital-branch/messages/" + comment.messageId() + "/moderate";
    HttpResponse<String> unticked = postForm(browser, MOD, moderate, "&action=delete&reason=spam");
    Document after = Jsoup.parse(open(browser, MOD, page));

    assertThat(unticked.statusCode()).isEqualTo(303);
    // Back at the message, told there which message nothing happened to, its reason still chosen.
    // No #message- anchor: a page opened at an anchor skips autofocus, and the notice at the
    // message must take the focus.
    assertThat(unticked.headers().firstValue("Location").orElseThrow())
        .endsWith("/conversations/" + comment.id());
    String notice = "db-notice-" + comment.messageId();
    assertThat(after.select("#" + notice).hasAttr("autofocus")).isTrue();
    assertThat(
            after.select("#message-" + comment.messageId() + " #" + notice + "[role=alert]").text())
        .startsWith(
            "Nothing was changed on the message from A Patron: to delete, first tick \"Delete it"
                + " for everyone\"");
    assertThat(after.select("#db-notice")).isEmpty();
    assertThat(after.select("#reason-" + comment.messageId() + " option[selected]").text())
        .isEqualTo("spam");
    assertThat(after.select("#reason-" + comment.messageId()).attr("aria-describedby"))
        .isEqualTo(notice);
    assertThat(after.select("input[name=confirm][value=delete]")).hasSize(1);
    assertThat(after.select("input[name=confirm][value=delete]").attr("aria-describedby"))
        .isEqualTo(notice);
    // Only the box that was not ticked is wrong: the reason was chosen.
    assertThat(after.select("input[name=confirm][value=delete]").attr("aria-invalid"))
        .isEqualTo("true");
    assertThat(after.select("#reason-" + comment.messageId()).hasAttr("aria-invalid")).isFalse();
    assertThat(after.text()).doesNotContain("Deleted on the platform");
    platforms.verify(0, deleteRequestedFor(anyUrl()));

    // Ticked, it goes out.
    platforms.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete("/" + comment.platformId())
            .willReturn(okJson("{\"success\":true}")));
    HttpResponse<String> ticked =
        postForm(browser, MOD, moderate, "&action=delete&confirm=delete&reason=spam");
    assertThat(ticked.statusCode()).isEqualTo(303);
    platforms.verify(1, deleteRequestedFor(urlEqualTo("/" + comment.platformId())));
    assertThat(Jsoup.parse(open(browser, MOD, page)).select("#" + notice + "[role=status]").text())
        .isEqualTo(
            "The message from A Patron is deleted on the platform; the archive keeps the"
                + " original.");
  }

  @Test
  void hidingFromThePageWithoutAReasonMarksTheReasonInvalidAndNotTheBox() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Cheap sunglasses here!");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + comment.id();
    String moderate = "digital-branch/messages/" + comment.messageId() + "/moderate";

    HttpResponse<String> refused = postForm(browser, MOD, moderate, "&action=hide&reason=");
    Document after = Jsoup.parse(open(browser, MOD, page));

    assertThat(refused.statusCode()).isEqualTo(303);
    String notice = "db-notice-" + comment.messageId();
    assertThat(after.select("#" + notice + "[role=alert]").text())
        .startsWith("Nothing was changed on the message from A Patron: choose one of");
    assertThat(after.select("#reason-" + comment.messageId()).attr("aria-invalid"))
        .isEqualTo("true");
    assertThat(after.select("input[name=confirm][value=delete]").hasAttr("aria-invalid")).isFalse();
    platforms.verify(0, postRequestedFor(urlEqualTo("/" + comment.platformId())));
  }

  @Test
  void closingAndReopeningFromThePageSayWhatHappened() throws Exception {
    Seeded question = seed("fb-main", "facebook", MessageKind.COMMENT, "Is the lot free?");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String page = "digital-branch/conversations/" + question.id();

    assertThat(postForm(browser, page + "/close").statusCode()).isEqualTo(303);
    Document closed = Jsoup.parse(open(browser, page));
    assertThat(postForm(browser, page + "/reopen").statusCode()).isEqualTo(303);
    Document reopened = Jsoup.parse(open(browser, page));

    assertThat(closed.select("#db-notice[role=status]").text())
        .isEqualTo("Conversation closed. It comes back to the inbox if the patron writes again.");
    assertThat(reopened.select("#db-notice[role=status]").text())
        .isEqualTo("Conversation reopened: it is unanswered again, as its messages say.");

    // A stale tab's Reopen on an open conversation is told the truth.
    postForm(browser, page + "/reopen");
    Document stale = Jsoup.parse(open(browser, page));
    assertThat(stale.select("#db-notice[role=status]").text())
        .isEqualTo("This conversation was already open (unanswered); nothing was changed.");
    // Both steps are on the conversation's trail, the one without effect is not.
    assertThat(stale.select("details.db-trail summary").text())
        .isEqualTo("What was done to this conversation (2 steps)");
    assertThat(stale.select("details.db-trail li").eachText())
        .hasSize(2)
        .satisfiesExactly(
            step -> assertThat(step).startsWith("Closed by J. Lee, "),
            step -> assertThat(step).startsWith("Reopened by J. Lee, "));
    assertThat(
            TestIntranet.json(fetch("digital-branch/api/conversations/" + question.id()))
                .get("actions")
                .findValuesAsText("action"))
        .containsExactly("close", "reopen");
  }

  private static HttpResponse<String> postForm(java.net.http.HttpClient browser, String path)
      throws Exception {
    return postForm(browser, JLEE, path, "");
  }

  /** A form posted in {@code browser}'s session with the CSRF field and {@code more} fields. */
  private static HttpResponse<String> postForm(
      java.net.http.HttpClient browser, String user, String path, String more) throws Exception {
    return browser.send(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN + more))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String open(java.net.http.HttpClient browser, String page) throws Exception {
    return open(browser, JLEE, page);
  }

  private static String open(java.net.http.HttpClient browser, String user, String page)
      throws Exception {
    return browser
        .send(
            intranet.request(page).header(TestIntranet.USER_HEADER, user).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void moderatorsSeeHideAndDeleteFormsWithTheReasonsAndStaffDoNot() throws Exception {
    Seeded comment = seed("fb-main", "facebook", MessageKind.COMMENT, "Great event!");
    String page = "digital-branch/conversations/" + comment.id();

    String moderator = fetch(page, MOD).body();
    String staff = fetch(page, JLEE).body();

    assertThat(moderator)
        .contains("messages/" + comment.messageId() + "/moderate")
        .contains("<select id=\"reason-" + comment.messageId() + "\" name=\"reason\" required>")
        .contains("<option>harassment</option>");
    // Each button and select says whose message it acts on, for a screen reader's list of them.
    assertThat(Jsoup.parse(moderator).select("button[name=action]").eachText())
        .containsExactly(
            // The visible words first and whole (WCAG 2.5.3, label in name), then whose message.
            "Hide on the platform: the message from A Patron",
            "Delete on the platform: the message from A Patron");
    assertThat(
            Jsoup.parse(moderator).select("label[for=reason-" + comment.messageId() + "]").text())
        .isEqualTo("Reason for moderating the message from A Patron");
    assertThat(staff).doesNotContain("/moderate");
  }

  @Test
  void aThankYouIsMarkedAsNeedingNoAnswerFromTheInboxsRowAndTheListComesBack() throws Exception {
    Seeded thanks = seed("fb-main", "facebook", MessageKind.COMMENT, "Thanks so much, all!");
    java.net.http.HttpClient browser = TestIntranet.browser();
    String inbox = "digital-branch/inbox?account=fb-main&order=newest";
    Document list = Jsoup.parse(open(browser, inbox));
    org.jsoup.nodes.Element row =
        list.selectFirst("tr:has(a[href$=/conversations/" + thanks.id() + "])");
    assertThat(row.select("button").text())
        .isEqualTo("No answer needed for the message from A Patron");
    String action = row.select("button").attr("formaction");
    assertThat(row.select("button").attr("form")).isEqualTo("db-inbox-triage");
    String back = list.select("form#db-inbox-triage input[name=back]").val();
    assertThat(back).isEqualTo("inbox?account=fb-main&order=newest");

    String place = row.select("button").attr("value");
    List<String> rowsBefore = list.select("tbody tr a").eachAttr("href");

    HttpResponse<String> marked =
        postForm(
            browser,
            JLEE,
            action.substring(1),
            "&needed=false&row="
                + place
                + "&back="
                + URLEncoder.encode(back, StandardCharsets.UTF_8));

    assertThat(marked.headers().firstValue("Location").orElseThrow())
        .endsWith("/digital-branch/inbox?account=fb-main&order=newest");
    Document after = Jsoup.parse(open(browser, inbox));
    assertThat(after.select(".db-done[autofocus]").text())
        .isEqualTo("The message from A Patron needs no answer; it no longer waits.");
    // Told at the row's place, so that the keyboard goes on from there, not from the top.
    assertThat(place).isEqualTo(String.valueOf(rowsBefore.indexOf(row.select("a").attr("href"))));
    org.jsoup.nodes.Element told = after.select("tbody tr").get(Integer.parseInt(place));
    assertThat(told.select("td[colspan=5] .db-done[role=status][autofocus]")).hasSize(1);
    assertThat(told.select("a")).as("a row of its own, not inside another patron's").isEmpty();
    assertThat(after.select(".db-done")).hasSize(1);
    assertThat(
            TestIntranet.json(fetch("digital-branch/api/conversations/" + thanks.id()))
                .get("status")
                .asText())
        .isEqualTo("answered");
    // Anywhere else than the inbox's own pages, the form goes back to the conversation.
    Seeded other = seed("fb-main", "facebook", MessageKind.COMMENT, "Cheers!");
    HttpResponse<String> elsewhere =
        postForm(
            browser,
            JLEE,
            "digital-branch/messages/" + other.messageId() + "/answer-needed",
            "&needed=false&back=" + URLEncoder.encode("//evil.example/", StandardCharsets.UTF_8));
    assertThat(elsewhere.headers().firstValue("Location").orElseThrow())
        .endsWith("/digital-branch/conversations/" + other.id());
  }

  @Test
  void onXHideIsOfferedOnlyUnderTheLibrarysOwnPostsWhereXAllowsIt() throws Exception {
    Seeded mention = seed("x-main", "x", MessageKind.MENTION, "@library you are the worst");
    assertThat(fetch("digital-branch/conversations/" + mention.id(), MOD).body())
        .as("X hides replies only in conversations the account started")
        .doesNotContain("/moderate");

    String root = "x-our-post-" + serial.incrementAndGet();
    Instant at = Instant.parse("2026-11-21T15:00:00Z");
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                item("x-main", "x", root, null, MessageKind.MENTION, "library", "Story time!", at),
                item(
                    "x-main",
                    "x",
                    root + "-r",
                    root,
                    MessageKind.REPLY,
                    "troll",
                    "Boring",
                    at.plusSeconds(60))));
    String underOurPost = conversationEndingWith("Boring");
    assertThat(
            Jsoup.parse(fetch("digital-branch/conversations/" + underOurPost, MOD).body())
                .select("button[name=action]")
                .eachAttr("value"))
        .containsExactly("hide");
  }

  @Test
  void aConversationReopenedByANewMessageSaysWhoClosedItAndThatWhatWasThereNeedsNoAnswer()
      throws Exception {
    Seeded question = seed("fb-main", "facebook", MessageKind.COMMENT, "Is the cafe open?");
    assertThat(
            send("digital-branch/api/conversations/" + question.id() + "/close", MOD, "{}", true)
                .statusCode())
        .isEqualTo(200);
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                item(
                    "fb-main",
                    "facebook",
                    question.platformId() + "-more",
                    question.platformId(),
                    MessageKind.REPLY,
                    "other",
                    "And the lockers?",
                    Instant.parse("2026-11-22T10:00:00Z"))));

    Document page =
        Jsoup.parse(fetch("digital-branch/conversations/" + question.id(), JLEE).body());

    assertThat(page.select("dt:containsOwn(Closed earlier) + dd").text())
        .startsWith("by M. Garcia, ")
        .endsWith(": what was in it then needs no answer");
    assertThat(page.select(".db-badge-waiting")).hasSize(1);
  }

  @Test
  void theLibrarysOwnPostAtAThreadsRootIsLabelledOurPostNotAMention() throws Exception {
    String root = "fb-our-post-" + serial.incrementAndGet();
    Instant at = Instant.parse("2026-11-20T15:00:00Z").plusSeconds(serial.get());
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    "fb-main",
                    "facebook",
                    root,
                    null,
                    null,
                    MessageKind.MENTION,
                    "library",
                    "The Library",
                    "Story time is back on Saturdays!",
                    at,
                    null,
                    false,
                    true,
                    null,
                    null,
                    "{}"),
                new IncomingItem(
                    "fb-main",
                    "facebook",
                    root + "-c1",
                    root,
                    root,
                    MessageKind.COMMENT,
                    "sam",
                    "Sam",
                    "What time on Saturdays?",
                    at.plusSeconds(60),
                    null,
                    false,
                    false,
                    null,
                    null,
                    "{}")));
    String conversation = conversationEndingWith("What time on Saturdays?");

    Document page = Jsoup.parse(fetch("digital-branch/conversations/" + conversation).body());

    assertThat(page.select(".db-message-head > .db-muted").eachText())
        .anySatisfy(label -> assertThat(label).startsWith("Our post,"))
        .anySatisfy(label -> assertThat(label).startsWith("Comment,"));
  }

  @Test
  void theReplyFormSaysThePlatformsLimitAndWhatTheMentionTakes() throws Exception {
    Seeded mastodon = seed("masto-main", "mastodon", MessageKind.MENTION, "Open late?");
    Seeded x = seed("x-main", "x", MessageKind.MENTION, "Open late today?");

    Document onMastodon =
        Jsoup.parse(fetch("digital-branch/conversations/" + mastodon.id(), JLEE).body());
    Document onX = Jsoup.parse(fetch("digital-branch/conversations/" + x.id(), JLEE).body());

    assertThat(onMastodon.select("#db-reply-limit").text())
        .matches(
            "Mastodon takes up to 500 characters, counted as Mastodon counts them; the patron's"
                + " @mention, added for you so that they are told, takes \\d+ of them\\.");
    // Whom it answers, the limit, the live count and where it goes: each read with the box.
    assertThat(onMastodon.select("#db-reply-text").attr("aria-describedby"))
        .isEqualTo("db-reply-to db-reply-limit db-reply-count db-reply-where");
    assertThat(onMastodon.select("#db-reply-to").text()).startsWith("Replying to ");
    assertThat(onX.select("#db-reply-limit").text())
        .isEqualTo("X takes up to 280 characters, counted as X counts them.");
  }

  @Test
  void theReplyBoxsCounterCountsTheReplyAsItWouldBeSentAndSendsNothing() throws Exception {
    Seeded mastodon = seed("masto-main", "mastodon", MessageKind.MENTION, "Open late?");
    Seeded x = seed("x-main", "x", MessageKind.MENTION, "Open late today?");
    String length = "digital-branch/api/conversations/" + x.id() + "/reply-length";

    JsonNode fits = TestIntranet.json(send(length, JLEE, "{'text': 'Until nine.'}", true));
    assertThat(fits.get("platform").asText()).isEqualTo("X");
    assertThat(fits.get("used").asInt()).isEqualTo(11);
    assertThat(fits.get("limit").asInt()).isEqualTo(280);
    assertThat(fits.get("fits").asBoolean()).isTrue();
    assertThat(fits.has("problem")).isFalse();

    JsonNode over =
        TestIntranet.json(send(length, JLEE, "{'text': '" + "a".repeat(281) + "'}", true));
    assertThat(over.get("used").asInt()).isEqualTo(281);
    assertThat(over.get("fits").asBoolean()).isFalse();
    assertThat(over.get("problem").asText()).isNotBlank();

    // On Mastodon the reply mentions the patron, and the mention counts.
    JsonNode mentioned =
        TestIntranet.json(
            send(
                "digital-branch/api/conversations/" + mastodon.id() + "/reply-length",
                JLEE,
                "{'text': 'Yes.', 'inReplyTo': '" + mastodon.messageId() + "'}",
                true));
    assertThat(mentioned.get("used").asInt()).isGreaterThan(4);
    assertThat(mentioned.get("limit").asInt()).isEqualTo(500);

    HttpResponse<String> wrongTarget =
        send(length, JLEE, "{'text': 'Yes.', 'inReplyTo': 'no-such-message'}", true);
    assertThat(wrongTarget.statusCode()).isEqualTo(400);
    assertThat(wrongTarget.body()).contains("inReplyTo");
    assertThat(send(length, JLEE, "{'text': 'Yes.'}", false).statusCode()).isEqualTo(403);

    JsonNode thread = TestIntranet.json(fetch("digital-branch/api/conversations/" + x.id()));
    assertThat(thread.get("status").asText()).isEqualTo("unanswered");
    assertThat(thread.get("messages")).hasSize(1);
    Document page = Jsoup.parse(fetch("digital-branch/conversations/" + x.id(), JLEE).body());
    assertThat(page.select("#db-reply-form").attr("data-length")).isEqualTo("/" + length);
    assertThat(page.select("#db-reply-count-said[role=status]")).hasSize(1);
    assertThat(page.select("script[src$=/reply.js]")).hasSize(1);
  }

  @Test
  void aReplyToLinkForAMessageThatCannotBeAnsweredSaysWhy() throws Exception {
    Seeded question = seed("masto-main", "mastodon", MessageKind.MENTION, "Open on Tuesday?");

    Document page =
        Jsoup.parse(
            fetch("digital-branch/conversations/" + question.id() + "?replyTo=nope", JLEE).body());

    assertThat(page.select("#db-reply-form .db-notice[role=status]").text())
        .isEqualTo(
            "The message you chose to answer cannot be answered: it is not in this conversation.");
    assertThat(
            Jsoup.parse(fetch("digital-branch/conversations/" + question.id(), JLEE).body())
                .select("#db-reply-form .db-notice"))
        .isEmpty();
  }

  @Test
  void aModeratorIsOfferedOnlyWhatThePlatformCanDo() throws Exception {
    Seeded mastodon = seed("masto-main", "mastodon", MessageKind.MENTION, "You are wrong!");
    Seeded x = seed("x-main", "x", MessageKind.MENTION, "You are wrong too!");

    String onMastodon = fetch("digital-branch/conversations/" + mastodon.id(), MOD).body();
    String onX = fetch("digital-branch/conversations/" + x.id(), MOD).body();

    // Mastodon lets an account neither hide nor delete someone else's status.
    assertThat(onMastodon).doesNotContain("/moderate", "value=\"hide\"");
    // X deletes nothing of others' and hides a reply only in a conversation the account
    // started ("The Tweet must belong to a conversation initiated by the authenticating user"):
    // under a mention, nothing (under our post: onXHideIsOfferedOnlyUnderTheLibrarysOwnPosts...).
    assertThat(onX).doesNotContain("/moderate", "value=\"delete\"");
  }

  // ---------------------------------------------------------------- helpers

  record Seeded(String id, String messageId, String platformId) {
    String repliesPath() {
      return "digital-branch/api/conversations/" + id + "/replies";
    }
  }

  static String moderatePath(String messageId) {
    return "digital-branch/api/messages/" + messageId + "/moderate";
  }

  /** One customer message opening its own conversation, stored as the ingestion stores it. */
  static Seeded seed(String account, String platform, MessageKind kind, String text)
      throws Exception {
    String platformId = platform + "-" + serial.incrementAndGet();
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    account,
                    platform,
                    platformId,
                    null,
                    null,
                    kind,
                    "patron" + serial.get(),
                    "A Patron",
                    text,
                    Instant.parse("2026-11-20T15:00:00Z").plusSeconds(serial.get()),
                    null,
                    false,
                    false,
                    null,
                    null,
                    "{}")));
    String conversation = conversationEndingWith(text);
    String messageId =
        plugin.archive().store().conversation(conversation).orElseThrow().messages().get(0).id();
    return new Seeded(conversation, messageId, platformId);
  }

  /** The conversation whose latest customer message is {@code text}, on any of the accounts. */
  static String conversationEndingWith(String text) {
    return plugin
        .archive()
        .store()
        .inbox(
            org.digitalbranch.archive.InboxFilter.visibleTo(
                    java.util.Set.of("fb-main", "masto-main", "x-main", "sky-main", "ig-main"))
                .page(200, 0))
        .stream()
        .filter(entry -> text.equals(entry.latestCustomerText()))
        .findFirst()
        .orElseThrow()
        .conversationId();
  }

  static HttpResponse<String> fetch(String path) throws Exception {
    return fetch(path, MOD);
  }

  static HttpResponse<String> fetch(String path, String user) throws Exception {
    return intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, user));
  }

  static HttpResponse<String> send(String path, String user, String json, boolean csrf)
      throws Exception {
    HttpRequest.Builder request =
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json.replace('\'', '"')));
    if (csrf) {
      request.header("X-CSRF-Token", TestIntranet.CSRF_TOKEN);
    }
    return intranet.send(request);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
