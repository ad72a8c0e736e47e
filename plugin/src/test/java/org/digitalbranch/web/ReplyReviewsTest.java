package org.digitalbranch.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * Replies held for review (DESIGN.md §1: a setting can require review of replies for chosen staff),
 * over real HTTP with WireMock answering as Mastodon: a pilot team member's reply goes out only
 * when another moderator approves it, once, as its author's answer; sent back or withdrawn, nothing
 * goes out; a colleague's answer meanwhile stops it; who may see and decide follows the roles and
 * the direct-message rule.
 */
class ReplyReviewsTest {

  static final String KIM = "kim;K. Kim;digital-branch.staff";
  static final String JLEE = "jlee;J. Lee;digital-branch.staff";
  static final String MOD = "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";
  static final String LEAD = "lead;A. Lead;digital-branch.staff,digital-branch.moderator";
  static final String RECORDS = "records;R. Keeper;digital-branch.staff,digital-branch.admin";

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
            "{'pollSeconds': 3600, 'reviewRepliesOf': ['kim', 'lead'], 'accounts': ["
                + "{'id': 'masto-main', 'platform': 'mastodon', 'handle': '@library', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'masto-token'},"
                + " 'team': ['kim', 'jlee', 'mgarcia', 'lead']},"
                + "{'id': 'masto-dm', 'platform': 'mastodon', 'handle': '@branch', 'baseUrl': '"
                + base
                + "', 'credentials': {'accessToken': 'dm-token'}, 'team': ['kim', 'lead']}]}");
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
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                ConversationActionsTest.okJson(
                    "{\"id\":\"reply-" + serial.incrementAndGet() + "\",\"url\":\"u\"}")));
  }

  @Test
  void aPilotMembersReplyWaitsAndGoesOutOnceWhenAModeratorApprovesIt() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Do you have museum passes?");

    HttpResponse<String> held = reply(question, KIM, "Yes, two per card, at the desk.");

    assertThat(held.statusCode()).isEqualTo(202);
    JsonNode review = TestIntranet.json(held);
    assertThat(review.get("state").asText()).isEqualTo("waiting");
    assertThat(review.get("author").asText()).isEqualTo("kim");
    assertThat(held.headers().firstValue("Location").orElseThrow())
        .endsWith("/api/reply-reviews/" + review.get("id").asText());
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    assertThat(thread(question).get("status").asText()).isEqualTo("unanswered");
    assertThat(waitingIds(MOD)).contains(review.get("id").asText());
    // Only moderators are asked; a colleague sees their own list only.
    assertThat(waitingIds(JLEE)).isEmpty();
    assertThat(TestIntranet.json(get("digital-branch/api/reply-reviews", KIM)).get("mine"))
        .extracting(r -> r.get("id").asText())
        .contains(review.get("id").asText());

    HttpResponse<String> approved = decide(review, "approve", MOD, "{}");
    HttpResponse<String> again = decide(review, "approve", MOD, "{}");

    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode sent = TestIntranet.json(approved);
    assertThat(sent.get("state").asText()).isEqualTo("sent");
    assertThat(sent.get("decidedBy").asText()).isEqualTo("mgarcia");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(again).get("detail").asText())
        .isEqualTo("This reply was approved by mgarcia and sent already.");
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    JsonNode after = thread(question);
    assertThat(after.get("status").asText()).isEqualTo("answered");
    // The author's answer, let out by the moderator.
    assertThat(after.get("answeredBy").asText()).isEqualTo("kim");
    assertThat(waitingIds(MOD)).doesNotContain(review.get("id").asText());
  }

  @Test
  void nobodyApprovesTheirOwnHeldReplyAndStaffApproveNone() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Can I renew twice?");
    JsonNode review = TestIntranet.json(reply(question, LEAD, "Yes, unless someone holds it."));

    HttpResponse<String> own = decide(review, "approve", LEAD, "{}");
    HttpResponse<String> staff = decide(review, "approve", JLEE, "{}");
    HttpResponse<String> noToken =
        intranet.send(
            intranet
                .request(decidePath(review, "approve"))
                .header(TestIntranet.USER_HEADER, MOD)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}")));

    assertThat(own.statusCode()).isEqualTo(403);
    assertThat(TestIntranet.json(own).get("detail").asText())
        .isEqualTo("Nobody approves their own reply: another moderator decides on it.");
    assertThat(staff.statusCode()).isEqualTo(403);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(waitingIds(LEAD)).doesNotContain(review.get("id").asText());
    assertThat(waitingIds(MOD)).contains(review.get("id").asText());
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aModeratorSendsAReplyBackWithANoteAndNothingGoesOut() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is the café open?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Probably."));

    HttpResponse<String> noNote = decide(review, "send-back", MOD, "{'note': '  '}");
    HttpResponse<String> back =
        decide(review, "send-back", MOD, "{'note': 'Check the café hours first: 9 to 4.'}");
    HttpResponse<String> approveAfter = decide(review, "approve", MOD, "{}");

    assertThat(noNote.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(noNote).get("field").asText()).isEqualTo("note");
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(back).get("state").asText()).isEqualTo("returned");
    assertThat(approveAfter.statusCode()).isEqualTo(409);
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    Document page = page(question, KIM);
    assertThat(page.select("#review-" + review.get("id").asText()).text())
        .contains("Probably.")
        .contains("Sent back by M. Garcia")
        .contains("with this note: Check the café hours first: 9 to 4.");
    assertThat(thread(question).get("status").asText()).isEqualTo("unanswered");
    // The record keeps it: in the thread's API, and in a records export, JSON and CSV.
    JsonNode held = thread(question).get("heldReplies").get(0);
    assertThat(held.get("state").asText()).isEqualTo("returned");
    assertThat(held.get("decidedBy").asText()).isEqualTo("mgarcia");
    String export = "digital-branch/api/conversations/" + question.id() + "/export?format=";
    JsonNode exported =
        TestIntranet.json(get(export + "json", RECORDS)).get("conversations").get(0);
    assertThat(exported.get("heldReplies").get(0).get("text").asText()).isEqualTo("Probably.");
    assertThat(exported.get("heldReplies").get(0).get("note").asText())
        .isEqualTo("Check the café hours first: 9 to 4.");
    assertThat(get(export + "csv", RECORDS).body())
        .containsPattern("held_reply,.*Probably\\.,.*mgarcia,.*returned");
    // The author's start page tells them, with the note, for a fortnight.
    Document start = Jsoup.parse(get("digital-branch/", KIM).body());
    assertThat(start.select("#db-replies-back").text()).isEqualTo("Your replies sent back");
    assertThat(start.select("section[aria-labelledby=db-replies-back] li").eachText())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "“Probably\\.”: sent back by M\\. Garcia, .+: Check the café hours"
                            + " first: 9 to 4\\."));
  }

  @Test
  void theAuthorWithdrawsFromThePageAndGetsTheTextBackInTheBox() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Do you take donations?");
    HttpClient browser = TestIntranet.browser();
    HttpResponse<String> held =
        postForm(
            browser,
            KIM,
            "digital-branch/conversations/" + question.id() + "/replies",
            "&inReplyTo="
                + question.messageId()
                + "&text="
                + URLEncoder.encode("Yes, books in good shape.", StandardCharsets.UTF_8));
    assertThat(held.statusCode()).isEqualTo(303);
    Document waiting = Jsoup.parse(open(browser, KIM, question.pagePath()));
    assertThat(waiting.select("#db-notice[role=status]").text())
        .startsWith("Your reply waits for a moderator's review");
    String id = waiting.select(".db-held-reply-list li").attr("id").substring("review-".length());
    assertThat(waiting.select("#review-" + id + " button").text()).isEqualTo("Withdraw my reply");
    // Nobody decides on their own reply: the author is offered no approval.
    assertThat(waiting.select("#review-" + id + " textarea")).isEmpty();
    assertThat(waiting.select("#db-reply-form button[type=submit]").text())
        .isEqualTo("Send for review");

    HttpResponse<String> withdrawn =
        postForm(browser, KIM, "digital-branch/reply-reviews/" + id + "/withdraw", "");
    Document after = Jsoup.parse(open(browser, KIM, question.pagePath()));
    HttpResponse<String> approveAfter =
        send("digital-branch/api/reply-reviews/" + id + "/approve", MOD, "{}");

    assertThat(withdrawn.statusCode()).isEqualTo(303);
    assertThat(after.select("#db-notice[role=status]").text())
        .isEqualTo("You withdrew your held reply; it was not sent. Its text is in the reply box.");
    assertThat(after.select("#db-reply-text").text()).isEqualTo("Yes, books in good shape.");
    assertThat(after.select("#review-" + id).text()).contains("Withdrawn by its author");
    assertThat(approveAfter.statusCode()).isEqualTo(409);
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    // A decision takes no fields, and says so in words.
    HttpResponse<String> notAnObject =
        send("digital-branch/api/reply-reviews/" + id + "/approve", MOD, "[1]");
    HttpResponse<String> aField =
        send("digital-branch/api/reply-reviews/" + id + "/approve", MOD, "{\"note\": \"ok\"}");
    assertThat(TestIntranet.json(notAnObject).get("detail").asText())
        .isEqualTo("the request body must be an empty JSON object, {}.");
    assertThat(TestIntranet.json(aField).get("detail").asText())
        .isEqualTo("note: unknown field; this request takes none.");
  }

  @Test
  void aModeratorFindsHeldRepliesInTheInboxAndDecidesOnTheConversationPage() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Where do I print?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Upstairs, by the windows."));
    String id = review.get("id").asText();
    HttpClient browser = TestIntranet.browser();

    Document inbox = Jsoup.parse(open(browser, MOD, "digital-branch/inbox"));
    Document colleague = page(question, JLEE);
    Document moderator = Jsoup.parse(open(browser, MOD, question.pagePath()));

    assertThat(inbox.select("#db-held-title").text()).isEqualTo("Replies waiting for your review");
    assertThat(
            Jsoup.parse(open(browser, MOD, "digital-branch/"))
                .select("a[href$=#db-held-title]")
                .text())
        .matches("\\d+ repl(y waits|ies wait) for your review");
    assertThat(inbox.select(".db-held-reply-list a[href$=#review-" + id + "]").text())
        .startsWith("K. Kim on masto-main");
    // Colleagues see in the inbox that an answer is on its way, before they write one.
    Document colleaguesInbox = Jsoup.parse(get("digital-branch/inbox?order=newest", JLEE).body());
    assertThat(
            colleaguesInbox
                .select("tr:has(a[href$=/conversations/" + question.id() + "]) .db-badge")
                .text())
        .isEqualTo("a reply waits for review");
    // Staff see that a reply waits, and cannot decide on it.
    assertThat(colleague.select("#review-" + id).text()).contains("Waits for a moderator's review");
    assertThat(colleague.select("#review-" + id + " form")).isEmpty();
    assertThat(moderator.select("#review-" + id + " button").eachText())
        .containsExactly(
            "Approve and send: the reply by K. Kim",
            "Send back with this note: the reply by K. Kim");
    assertThat(moderator.select("label[for=note-" + id + "]").text())
        .isEqualTo("Note for K. Kim, to send it back");

    // A send-back without a note is answered at the review, the note box marked.
    postForm(browser, MOD, "digital-branch/reply-reviews/" + id + "/send-back", "&note=");
    Document refused = Jsoup.parse(open(browser, MOD, question.pagePath()));
    assertThat(refused.select("#db-review-notice-" + id + "[role=alert]").text())
        .isEqualTo("The reply was not sent back: write a note for its author first.");
    assertThat(refused.select("#note-" + id).attr("aria-invalid")).isEqualTo("true");

    HttpResponse<String> approved =
        postForm(browser, MOD, "digital-branch/reply-reviews/" + id + "/approve", "");
    Document sent = Jsoup.parse(open(browser, MOD, question.pagePath()));

    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(sent.select("#db-notice[role=status]").text())
        .isEqualTo("You approved K. Kim's reply; it was sent.");
    assertThat(sent.select(".db-ours").text())
        .contains("Upstairs, by the windows.")
        .contains("Held for review; approved by M. Garcia");
    // Sent, it is in the thread; the held list no longer shows it.
    assertThat(sent.select("#review-" + id)).isEmpty();
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aColleaguesAnswerMeanwhileStopsTheApprovalAndTheReplyWaitsWithTheReason() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Are dogs allowed?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Only guide dogs."));
    HttpResponse<String> colleague = reply(question, JLEE, "Service animals only, sorry!");
    assertThat(colleague.statusCode()).isEqualTo(201);

    HttpResponse<String> approved = decide(review, "approve", MOD, "{}");

    assertThat(approved.statusCode()).isEqualTo(409);
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    JsonNode after =
        TestIntranet.json(
            get("digital-branch/api/reply-reviews/" + review.get("id").asText(), MOD));
    assertThat(after.get("state").asText()).isEqualTo("waiting");
    assertThat(after.get("problem").asText())
        .startsWith(
            "Not sent: the message got another answer from the library after this reply was"
                + " written");
  }

  @Test
  void aRefusalByThePlatformLeavesTheReplyWaitingWithTheReason() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Free parking?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, behind the building."));
    platforms.resetAll();
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"Validation failed: Text character limit\"}")));

    HttpResponse<String> approved = decide(review, "approve", MOD, "{}");

    assertThat(approved.statusCode()).as("refused: asking again is refused again").isEqualTo(409);
    JsonNode after =
        TestIntranet.json(
            get("digital-branch/api/reply-reviews/" + review.get("id").asText(), MOD));
    assertThat(after.get("state").asText()).isEqualTo("waiting");
    String problem = after.get("problem").asText();
    assertThat(problem)
        .as("the platform's refusal, said once, as the moderator reads it")
        .contains("Validation failed: Text character limit")
        .doesNotStartWith("Not sent")
        .endsWith(". It was not sent.")
        .doesNotContain("Your reply");
    assertThat(problem.split("refused", -1)).as("one refusal, not two").hasSize(2);
    assertThat(thread(question).get("status").asText()).isEqualTo("unanswered");
  }

  @Test
  void aHeldDirectMessageReplyIsSeenOnlyByTheAccountsTeam() throws Exception {
    Seeded message = seed("masto-dm", MessageKind.DIRECT_MESSAGE, "My card number is 1234.");
    JsonNode review = TestIntranet.json(reply(message, KIM, "Thanks, I will look it up."));
    String id = review.get("id").asText();

    assertThat(waitingIds(MOD)).doesNotContain(id);
    assertThat(get("digital-branch/api/reply-reviews/" + id, MOD).statusCode()).isEqualTo(404);
    assertThat(decide(review, "approve", MOD, "{}").statusCode()).isEqualTo(404);
    assertThat(waitingIds(LEAD)).contains(id);
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void anApprovalCutShortByAStopIsTakenUpAgainLaterWithoutSendingTwice() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is there a book sale?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, on Saturday morning."));
    String id = review.get("id").asText();

    // A moderator approved it, and the intranet stopped before the platform was called.
    claimedAsSending(id, Instant.now().minusSeconds(30));
    HttpResponse<String> tooSoon = decide(review, "approve", MOD, "{}");
    claimedAsSending(id, Instant.now().minus(java.time.Duration.ofMinutes(20)));
    HttpResponse<String> later = decide(review, "approve", MOD, "{}");

    assertThat(tooSoon.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(tooSoon).get("detail").asText())
        .isEqualTo("This reply was approved by mgarcia and is being sent.");
    assertThat(later.statusCode()).isEqualTo(200);
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));

    // Stopped after the reply went out and was recorded, before the review was settled: taken up
    // again, the reply is found in the thread, the review is settled, and nothing goes out twice.
    claimedAsSending(id, Instant.now().minus(java.time.Duration.ofMinutes(20)));
    HttpResponse<String> again = decide(review, "approve", MOD, "{}");

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(again).get("state").asText()).isEqualTo("sent");
    assertThat(TestIntranet.json(again).get("message").asText())
        .isEqualTo(TestIntranet.json(later).get("message").asText());
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aHeldReplyAnswersTheMessageItsAuthorSawNotWhoeverWroteLast() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Open late on Thursday?");
    JsonNode review =
        TestIntranet.json(
            send(
                "digital-branch/api/conversations/" + question.id() + "/replies",
                KIM,
                "{'text': 'Yes, until eight.'}"));
    // Another patron writes in the thread while the reply waits.
    underTheQuestion(
        question,
        "otherpatron",
        "Another Patron",
        "And is my fine paid?",
        Instant.parse("2026-11-21T15:00:00Z"),
        false);

    assertThat(decide(review, "approve", MOD, "{}").statusCode()).isEqualTo(200);

    platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "in_reply_to_id=" + question.platformId())));
  }

  @Test
  void anotherHeldReplyOfTheSameAuthorIsNeverTakenForThisOne() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Can I get a card online?");
    JsonNode short_ = TestIntranet.json(reply(question, KIM, "Yes"));
    JsonNode long_ = TestIntranet.json(reply(question, KIM, "Yes, and borrow e-books today."));

    assertThat(decide(long_, "approve", MOD, "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> second = decide(short_, "approve", LEAD, "{}");

    // The short one was never sent: its message is answered, so it waits to be sent back.
    assertThat(second.statusCode()).isEqualTo(409);
    JsonNode after =
        TestIntranet.json(
            get("digital-branch/api/reply-reviews/" + short_.get("id").asText(), MOD));
    assertThat(after.get("state").asText()).isEqualTo("waiting");
    assertThat(after.get("message").isNull()).isTrue();
    assertThat(after.get("decidedBy").isNull()).isTrue();
    assertThat(
            TestIntranet.json(
                    get("digital-branch/api/reply-reviews/" + long_.get("id").asText(), MOD))
                .get("decidedBy")
                .asText())
        .isEqualTo("mgarcia");
    platforms.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aSecondClickHoldsNothingMoreAndAReplyOvertakenBeforeItWasHeldIsRefused() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is Sunday story time on?");
    String shownAt = Instant.now().minusSeconds(5).toString();
    String body =
        "{'text': 'Yes, at ten.', 'inReplyTo': '"
            + question.messageId()
            + "', 'shownAt': '"
            + shownAt
            + "'}";
    String path = "digital-branch/api/conversations/" + question.id() + "/replies";

    JsonNode first = TestIntranet.json(send(path, KIM, body));
    JsonNode second = TestIntranet.json(send(path, KIM, body));

    assertThat(second.get("id").asText()).isEqualTo(first.get("id").asText());
    // A colleague answers; a reply written on a page older than that answer is not held.
    assertThat(reply(question, JLEE, "Yes! Ten sharp.").statusCode()).isEqualTo(201);
    HttpResponse<String> late =
        send(
            path,
            KIM,
            "{'text': 'It is on.', 'inReplyTo': '"
                + question.messageId()
                + "', 'shownAt': '"
                + shownAt
                + "'}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(late).get("staffUser").asText()).isEqualTo("jlee");
  }

  @Test
  void clicksAtTheSameInstantHoldOneReply() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is the makerspace open late?");
    String body =
        "{'text': 'Until eight on Thursdays.', 'inReplyTo': '"
            + question.messageId()
            + "', 'shownAt': '"
            + Instant.now().minusSeconds(5)
            + "'}";
    String path = "digital-branch/api/conversations/" + question.id() + "/replies";

    List<java.util.concurrent.Future<HttpResponse<String>>> clicks = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 4; i++) {
        clicks.add(
            pool.submit(
                () -> {
                  ready.await();
                  return send(path, KIM, body);
                }));
      }
      ready.countDown();
    }

    Set<String> held = new java.util.HashSet<>();
    for (var click : clicks) {
      assertThat(click.get().statusCode()).isEqualTo(202);
      held.add(TestIntranet.json(click.get()).get("id").asText());
    }
    assertThat(held).hasSize(1);
    assertThat(thread(question).get("heldReplies")).hasSize(1);
  }

  @Test
  void aMessageHiddenWhileTheReplyWaitedStopsTheApprovalWithAConflictNotABadRequest()
      throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Rude words here");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Please keep it kind."));
    org.digitalbranch.queue.Transactor.over(org.digitalbranch.store.TestStores.plain(dataDir))
        .inTransaction(
            connection -> {
              try (var insert =
                  connection.prepareStatement(
                      "INSERT INTO moderation_actions (message_id, seq, actor, action, reason,"
                          + " acted_at, outcome, settled_at) VALUES (?, 1, 'mgarcia', 'hide',"
                          + " 'harassment', 1, 'done', 1)")) {
                insert.setString(1, question.messageId());
                insert.executeUpdate();
              }
              return null;
            });

    HttpResponse<String> approved = decide(review, "approve", MOD, "{}");

    assertThat(approved.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(approved).get("detail").asText())
        .startsWith("Not sent: the message it answers was hidden or deleted while it waited");
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void aSendBackAfterAnotherModeratorApprovedSaysSoAtTheTopOfThePage() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Do you lend laptops?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, for two weeks."));
    String id = review.get("id").asText();
    assertThat(decide(review, "approve", LEAD, "{}").statusCode()).isEqualTo(200);
    HttpClient browser = TestIntranet.browser();

    postForm(browser, MOD, "digital-branch/reply-reviews/" + id + "/send-back", "&note=Shorter");
    Document page = Jsoup.parse(open(browser, MOD, question.pagePath()));

    assertThat(page.select("#db-notice[role=alert]").text())
        .isEqualTo(
            "The reply was not sent back: it is decided already. This reply was approved by"
                + " A. Lead and sent already.");
  }

  @Test
  void aNoteOfInvisibleCharactersIsNoNote() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Any book club this month?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, on the 12th."));

    HttpResponse<String> back = decide(review, "send-back", MOD, "{'note': '\u00a0\u200b'}");

    assertThat(back.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(back).get("field").asText()).isEqualTo("note");
  }

  @Test
  void anUnconfirmedSendIsNotApprovedAgainBlindAndIsFoundOnceTheAccountIsReadAgain()
      throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is the roof garden open?");
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, until sunset."));
    String id = review.get("id").asText();
    platforms.resetAll();
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

    HttpResponse<String> lost = decide(review, "approve", MOD, "{}");
    int tries = platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).size();
    HttpResponse<String> atOnce = decide(review, "approve", LEAD, "{}");

    assertThat(lost.statusCode()).isEqualTo(503);
    JsonNode after = TestIntranet.json(get("digital-branch/api/reply-reviews/" + id, MOD));
    assertThat(after.get("state").asText()).isEqualTo("sending");
    assertThat(after.get("problem").asText()).startsWith("Not confirmed: We could not confirm");
    assertThat(atOnce.statusCode()).isEqualTo(409);

    // It did go out: the account's next read brings it back (no staff member on it). Fifteen
    // minutes on, approved again, it is found and settled, and nothing more is sent.
    String handle = thread(question).get("messages").get(0).get("authorHandle").asText();
    readBack(question, "@" + handle + " Yes, until sunset.");
    claimedAsSending(id, Instant.now().minus(java.time.Duration.ofMinutes(20)));
    HttpResponse<String> later = decide(review, "approve", LEAD, "{}");

    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(later).get("state").asText()).isEqualTo("sent");
    assertThat(platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).hasSize(tries);
  }

  @Test
  void anUnconfirmedSendNotReadBackYetIsLookedForOnThePlatformBeforeAnythingIsSentAgain()
      throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Do you have telescopes to lend?");
    String handle = thread(question).get("messages").get(0).get("authorHandle").asText();
    JsonNode review = TestIntranet.json(reply(question, KIM, "Yes, two, for a week."));
    String id = review.get("id").asText();
    platforms.resetAll();
    platforms.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(decide(review, "approve", MOD, "{}").statusCode()).isEqualTo(503);
    int tries = platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).size();
    // The account has not been read since; the platform has the reply.
    platforms.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get("/api/v1/accounts/verify_credentials")
            .willReturn(ConversationActionsTest.okJson("{\"id\":\"library-1\"}")));
    platforms.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                "/api/v1/statuses/" + question.platformId() + "/context")
            .willReturn(
                ConversationActionsTest.okJson(
                    "{\"ancestors\":[],\"descendants\":[{\"id\":\"found-1\",\"in_reply_to_id\":\""
                        + question.platformId()
                        + "\",\"account\":{\"id\":\"library-1\"},\"content\":\"<p>@"
                        + handle
                        + " Yes, two, for a week.</p>\",\"url\":\"https://x.example/@l/9\"}]}")));
    claimedAsSending(id, Instant.now().minus(java.time.Duration.ofMinutes(20)));

    HttpResponse<String> later = decide(review, "approve", LEAD, "{}");

    assertThat(later.statusCode()).isEqualTo(200);
    JsonNode settled = TestIntranet.json(later);
    assertThat(settled.get("state").asText()).isEqualTo("sent");
    assertThat(settled.get("platformId").asText()).isEqualTo("found-1");
    assertThat(platforms.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).hasSize(tries);
    JsonNode after = thread(question);
    assertThat(after.get("answeredBy").asText()).isEqualTo("kim");
  }

  @Test
  void aReplyOvertakenByOneTheLibraryWroteOnThePlatformIsA409NamingNoColleague() throws Exception {
    Seeded question = seed("masto-main", MessageKind.MENTION, "Is the lift working?");
    String shownAt = Instant.now().minusSeconds(5).toString();
    readBack(question, "@patron It is, since Monday.");

    HttpResponse<String> late =
        send(
            "digital-branch/api/conversations/" + question.id() + "/replies",
            JLEE,
            "{'text': 'Yes.', 'inReplyTo': '"
                + question.messageId()
                + "', 'shownAt': '"
                + shownAt
                + "'}");

    // Written on the platform, not from here: nobody to name (it was a 500 before).
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(late).get("staffUser").isNull()).isTrue();
    platforms.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void theSettingsPageNamesWhoseRepliesAreReviewed() throws Exception {
    String admin = "admin;A. Admin;digital-branch.staff,digital-branch.admin";

    assertThat(get("digital-branch/settings", admin).body())
        .contains(
            "<code>reviewRepliesOf</code></td><td>kim and lead: their replies wait for a"
                + " moderator&#39;s approval");
  }

  // ---------------------------------------------------------------- helpers

  /** The state a stop leaves behind: claimed by a moderator's approval, never settled. */
  static void claimedAsSending(String review, Instant decidedAt) {
    org.digitalbranch.queue.Transactor.over(org.digitalbranch.store.TestStores.plain(dataDir))
        .inTransaction(
            connection -> {
              try (var update =
                  connection.prepareStatement(
                      "UPDATE reply_reviews SET state = 'sending', decided_by = 'mgarcia',"
                          + " decided_at = ? WHERE id = ?")) {
                update.setLong(1, decidedAt.toEpochMilli());
                update.setString(2, review);
                update.executeUpdate();
              }
              return null;
            });
  }

  record Seeded(String id, String messageId, String platformId) {
    String pagePath() {
      return "digital-branch/conversations/" + id;
    }
  }

  /** The library's reply under the question as the account's next read brings it back. */
  static void readBack(Seeded question, String text) {
    underTheQuestion(question, "library", "Library", text, Instant.now(), true);
  }

  /** A message under the question, stored as the ingestion stores it. */
  static void underTheQuestion(
      Seeded question, String handle, String name, String text, Instant at, boolean ours) {
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    "masto-main",
                    "mastodon",
                    (ours ? "status-ours-" : "status-later-") + serial.incrementAndGet(),
                    question.platformId(),
                    question.platformId(),
                    MessageKind.REPLY,
                    handle,
                    name,
                    text,
                    at,
                    null,
                    false,
                    ours,
                    null,
                    null,
                    "{}")));
  }

  /** One customer message opening its own conversation, stored as the ingestion stores it. */
  static Seeded seed(String account, MessageKind kind, String text) {
    String platformId = "status-" + serial.incrementAndGet();
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    account,
                    "mastodon",
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
    var found =
        plugin
            .archive()
            .store()
            .inbox(
                org.digitalbranch.archive.InboxFilter.visibleTo(
                        java.util.Set.of("masto-main", "masto-dm"))
                    .page(200, 0))
            .stream()
            .filter(entry -> text.equals(entry.latestCustomerText()))
            .findFirst()
            .orElseThrow();
    String messageId =
        plugin
            .archive()
            .store()
            .conversation(found.conversationId())
            .orElseThrow()
            .messages()
            .getFirst()
            .id();
    return new Seeded(found.conversationId(), messageId, platformId);
  }

  static HttpResponse<String> reply(Seeded question, String user, String text) throws Exception {
    return send(
        "digital-branch/api/conversations/" + question.id() + "/replies",
        user,
        "{'text': '" + text + "', 'inReplyTo': '" + question.messageId() + "'}");
  }

  static String decidePath(JsonNode review, String action) {
    return "digital-branch/api/reply-reviews/" + review.get("id").asText() + "/" + action;
  }

  static HttpResponse<String> decide(JsonNode review, String action, String user, String json)
      throws Exception {
    return send(decidePath(review, action), user, json);
  }

  static List<String> waitingIds(String user) throws Exception {
    JsonNode list = TestIntranet.json(get("digital-branch/api/reply-reviews", user));
    return list.get("waiting").findValuesAsText("id");
  }

  static JsonNode thread(Seeded question) throws Exception {
    return TestIntranet.json(get("digital-branch/api/conversations/" + question.id(), MOD));
  }

  static Document page(Seeded question, String user) throws Exception {
    return Jsoup.parse(get(question.pagePath(), user).body());
  }

  static HttpResponse<String> get(String path, String user) throws Exception {
    return intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, user));
  }

  static HttpResponse<String> send(String path, String user, String json) throws Exception {
    return intranet.send(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "application/json")
            .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
            .POST(BodyPublishers.ofString(json.replace('\'', '"'))));
  }

  /** A form posted in {@code browser}'s session with the CSRF field and {@code more} fields. */
  static HttpResponse<String> postForm(HttpClient browser, String user, String path, String more)
      throws Exception {
    return browser.send(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN + more))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String open(HttpClient browser, String user, String page) throws Exception {
    return browser
        .send(
            intranet.request(page).header(TestIntranet.USER_HEADER, user).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
