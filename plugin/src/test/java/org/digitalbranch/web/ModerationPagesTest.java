package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post page's forms over real HTTP: each action posts, redirects 303 and says what happened.
 */
class ModerationPagesTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static PageClient staff;
  private static PageClient otherStaff;
  private static PageClient moderator;
  private static PageClient otherModerator;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, PageUsers.SETTINGS);
    staff = new PageClient(intranet, PageUsers.STAFF);
    otherStaff = new PageClient(intranet, PageUsers.OTHER_STAFF);
    moderator = new PageClient(intranet, PageUsers.MODERATOR);
    otherModerator = new PageClient(intranet, PageUsers.OTHER_MODERATOR);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  /** jlee writes and submits a post; returns its page path (version 2, submitted). */
  private static String submitted(String text, String intent) throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                Field.of("text", text),
                Field.of("account", "mastodon-main"),
                Field.of("topic", "events"),
                Field.of("intent", intent),
                // Scheduled a week ahead, so the test intranet's live publisher leaves the post
                // alone and what these tests assert about moderation cannot race with it.
                Field.of("when", "at"),
                Field.of(
                    "publishAt",
                    java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago"))
                        .plusDays(7)
                        .withSecond(0)
                        .withNano(0)
                        .toString()),
                Field.of("do", "submit")));
    return location.replaceAll("\\?.*", "");
  }

  private static Element lastHistoryRow(Document page) {
    return page.select(".db-history tbody tr").last();
  }

  @Test
  void aModeratorApprovesThroughTheFormAndTheHistoryShowsWhoAndTheNote() throws Exception {
    String post = submitted("What are you reading this weekend?", "engagement");
    Document before = moderator.page(post);
    assertThat(before.select("form[action$=/approve] input[name=version]").val()).isEqualTo("2");

    HttpResponse<String> approved =
        moderator.post(post + "/approve", Field.of("version", "2"), Field.of("note", "Lovely"));

    assertThat(PageClient.seeOther(approved)).isEqualTo(post + "?done=approved");
    Document page = staff.page(post + "?done=approved");
    assertThat(page.select(".db-done").text()).isEqualTo("Approved.");
    assertThat(page.select(".db-state").text()).isEqualTo("Approved");
    Element row = lastHistoryRow(page);
    // The name the intranet gives the moderator, not the sign-in name.
    assertThat(row.select("td").get(1).text()).isEqualTo("M. Garcia");
    assertThat(row.select("td").get(2).text()).isEqualTo("Approved Waiting for review → Approved");
    assertThat(row.select(".db-note").text()).isEqualTo("Lovely");
  }

  @Test
  void aFormPostedToAnActionThatDoesNotExistIsNotFoundAsInTheApi() throws Exception {
    String post = submitted("Is there an action called frobnicate?", "engagement");

    HttpResponse<String> unknown = moderator.post(post + "/frobnicate", Field.of("version", "2"));

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(moderator.page(post).select(".db-state").text()).isEqualTo("Waiting for review");
  }

  @Test
  void theAuthorGetsNoApproveFormOnTheirOwnPostAndAForgedOneIsRefusedWithTheReason()
      throws Exception {
    String post = submitted("Our own post", "engagement");
    Document page = staff.page(post);
    assertThat(page.select("form[action$=/approve]")).isEmpty();
    assertThat(page.select("form[action$=/withdraw]")).hasSize(1);

    HttpResponse<String> forged = staff.post(post + "/approve", Field.of("version", "2"));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body())
        .contains("You cannot approve your own post; a colleague with the moderator role must.");
  }

  @Test
  void aDraftIsInvisibleToOtherStaffAndModerators() throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                Field.of("text", "secret draft"),
                Field.of("account", "mastodon-main"),
                Field.of("topic", "events"),
                Field.of("intent", "engagement"),
                Field.of("do", "save")));
    String post = location.replaceAll("\\?.*", "");

    assertThat(otherStaff.get(post).statusCode()).isEqualTo(404);
    assertThat(moderator.get(post).statusCode()).isEqualTo(404);
    assertThat(moderator.get(post + "/edit").statusCode()).isEqualTo(404);
  }

  @Test
  void rejectingWithoutAReasonShowsAnErrorSummaryLinkedToTheReasonField() throws Exception {
    String post = submitted("Rejected later", "engagement");

    HttpResponse<String> response = moderator.post(post + "/reject", Field.of("version", "2"));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#note-reject");
    assertThat(page.select(".db-error-summary").text()).contains("a rejection needs a reason");
    assertThat(page.select("#note-reject").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("#note-reject").attr("aria-describedby")).isEqualTo("note-reject-error");
    assertThat(page.select(".db-state").text()).isEqualTo("Waiting for review");
  }

  @Test
  void aRejectionNoteOverFiveThousandCharactersIsRefusedAsTheApiRefusesIt() throws Exception {
    String post = submitted("Rejected at length", "engagement");

    HttpResponse<String> response =
        moderator.post(
            post + "/reject", Field.of("version", "2"), Field.of("note", "n".repeat(15_000)));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#note-reject");
    assertThat(page.select(".db-error-summary").text()).contains("at most 5000 characters");
    assertThat(page.select("#note-reject").attr("aria-invalid")).isEqualTo("true");
    assertThat(moderator.page(post).select(".db-state").text()).isEqualTo("Waiting for review");
  }

  @Test
  void rejectingWithAReasonIsFinalAndTheAuthorReadsWhy() throws Exception {
    String post = submitted("Rejected now", "engagement");

    HttpResponse<String> response =
        moderator.post(
            post + "/reject", Field.of("version", "2"), Field.of("note", "Off-brand <b>tone</b>"));

    assertThat(PageClient.seeOther(response)).isEqualTo(post + "?done=rejected");
    Document page = staff.page(post);
    assertThat(page.select(".db-state").text()).isEqualTo("Rejected");
    assertThat(lastHistoryRow(page).select(".db-note").text()).isEqualTo("Off-brand <b>tone</b>");
    assertThat(page.select(".db-banner-decision .db-decision-note").text())
        .isEqualTo("Off-brand <b>tone</b>");
    assertThat(page.select(".db-actions")).isEmpty();
    // The author's start page says so too, with the note, as it does for a post sent back.
    assertThat(staff.page("/digital-branch/").select("section:has(#db-rejected) li").text())
        .contains("Rejected now: Rejected by ")
        .endsWith(": “Off-brand <b>tone</b>”");
  }

  @Test
  void sendingBackNeedsANoteAndTheAuthorCanResubmit() throws Exception {
    String post = submitted("Needs work", "engagement");
    assertThat(moderator.post(post + "/request-changes", Field.of("version", "2")).statusCode())
        .isEqualTo(400);

    HttpResponse<String> back =
        moderator.post(
            post + "/request-changes", Field.of("version", "2"), Field.of("note", "Add a date"));

    assertThat(PageClient.seeOther(back)).isEqualTo(post + "?done=request-changes");
    Document queue = staff.page("/digital-branch/queue");
    assertThat(queue.select("#db-own-changes_requested").text()).isEqualTo("Changes requested (1)");
    // What to change is said at the top of the post and of its edit form, not only in history.
    assertThat(staff.page(post + "/edit").title()).isEqualTo("Edit “Needs work”");
    for (String page : List.of(post, post + "/edit")) {
      Document shown = staff.page(page);
      assertThat(shown.select(".db-banner-decision h2").text())
          .as(page)
          .startsWith("Changes asked for by ");
      assertThat(shown.select(".db-banner-decision .db-decision-note").text())
          .as(page)
          .isEqualTo("Add a date");
    }
    assertThat(staff.page("/digital-branch/").select("section:has(#db-sent-back) li").text())
        .startsWith("Needs work: Changes asked for by ")
        .endsWith(": “Add a date”");
    // An edit sent back with a problem: the problem comes first, before the moderator's note.
    Document refused =
        PageClient.parse(
            staff.postMultipart(
                post + "/edit",
                Field.of("version", "3"),
                Field.of("text", "Needs work, with a date"),
                Field.of("account", "mastodon-main"),
                Field.of("topic", "events"),
                Field.of("intent", "engagement"),
                Field.of("when", "at"),
                Field.of("publishAt", "soon"),
                Field.of("do", "save")));
    assertThat(refused.select(".db-error-summary, .db-banner-decision").eachAttr("class"))
        .containsExactly("db-error-summary", "db-banner db-banner-decision");
    HttpResponse<String> resubmitted = staff.post(post + "/submit", Field.of("version", "3"));
    assertThat(PageClient.seeOther(resubmitted)).isEqualTo(post + "?done=submitted");
  }

  @Test
  void theAuthorWithdrawsASubmittedPost() throws Exception {
    String post = submitted("Never mind", "engagement");
    Element button = staff.page(post).selectFirst("form[action$=/withdraw] button");
    assertThat(staff.page(post).select("#" + button.attr("aria-describedby")).text())
        .startsWith("Withdrawing is final");

    HttpResponse<String> response = staff.post(post + "/withdraw", Field.of("version", "2"));

    assertThat(PageClient.seeOther(response)).isEqualTo(post + "?done=withdrawn");
    assertThat(staff.page(post).select(".db-state").text()).isEqualTo("Withdrawn");
  }

  @Test
  void aStaleVersionShowsTheCurrentVersionWithAClearMessage() throws Exception {
    String post = submitted("Two moderators at once", "engagement");
    PageClient.seeOther(moderator.post(post + "/approve", Field.of("version", "2")));

    HttpResponse<String> late =
        otherModerator.post(
            post + "/request-changes", Field.of("version", "2"), Field.of("note", "Shorter"));

    assertThat(late.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(late);
    // Said first in the tab's title and, focused, read out first.
    assertThat(page.title()).startsWith("Error: “Two moderators at once” · Post by ");
    assertThat(page.select(".db-banner-stale[role=alert][autofocus]")).hasSize(1);
    assertThat(page.select(".db-banner-stale").text())
        .contains("Someone else acted on this post since you opened it: ")
        .containsPattern(": M. Garcia approved it, [^;]+; here is the current version \\(3\\)\\.")
        .contains("your note is kept in its box");
    assertThat(page.select(".db-state").text()).isEqualTo("Approved");
    assertThat(page.select("form[action$=/request-changes] input[name=version]").val())
        .isEqualTo("3");
    // What the second moderator typed is not lost.
    assertThat(page.select("#note-request-changes").text()).isEqualTo("Shorter");
  }

  @Test
  void aNoteWhoseFormIsGoneWithTheStaleVersionIsShownInTheMessageInstead() throws Exception {
    String post = submitted("Sent back meanwhile", "engagement");
    PageClient.seeOther(
        moderator.post(
            post + "/request-changes", Field.of("version", "2"), Field.of("note", "Add a date")));

    HttpResponse<String> late =
        otherModerator.post(
            post + "/reject", Field.of("version", "2"), Field.of("note", "Off-topic for us"));

    assertThat(late.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(late);
    // Changes requested: no Reject form is on the page to keep the note in.
    assertThat(page.select("form[action$=/reject]")).isEmpty();
    assertThat(page.select(".db-banner-stale").text())
        .contains("your note was: “Off-topic for us”")
        .doesNotContain("kept in its box");
  }

  @Test
  void theModeratorDecidingOnAPostSeesItsAccessibilityHints() throws Exception {
    String post = submitted("Join us! #summerreadingchallenge", "engagement");

    Document review = moderator.page(post);

    assertThat(review.select("#db-post-hints h3").text()).isEqualTo("Accessibility check");
    assertThat(review.select("#db-post-hints li").eachText())
        .anySatisfy(hint -> assertThat(hint).contains("#SummerReadingChallenge"));
    PageClient.seeOther(moderator.post(post + "/approve", Field.of("version", "2")));
    assertThat(moderator.page(post).select("#db-post-hints"))
        .as("still changeable until it goes out")
        .hasSize(1);
    assertThat(
            moderator.page(submitted("Story time at ten.", "engagement")).select("#db-post-hints"))
        .as("nothing to say")
        .isEmpty();
  }

  @Test
  void aSecondClickOnApproveSaysTheModeratorDidItNotSomeoneElse() throws Exception {
    String post = submitted("One click is enough", "engagement");
    PageClient.seeOther(moderator.post(post + "/approve", Field.of("version", "2")));

    HttpResponse<String> again = moderator.post(post + "/approve", Field.of("version", "2"));

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(PageClient.parse(again).select(".db-banner-stale").text())
        .startsWith("You acted on this post already: M. Garcia approved it, ")
        .contains("(a second click, or another tab); here is the current version (3).")
        .doesNotContain("Someone else");
  }

  @Test
  void aDecisionSentAfterTheSessionEndedGoesBackToThePostAfterSignInNotToA405() throws Exception {
    String post = submitted("Late night study hours", "engagement");

    HttpResponse<String> signedOut =
        intranet.send(
            intranet
                .request(post + "/reject")
                .header("Referer", "http://127.0.0.1" + post + "?done=saved")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("version=2&note=Not+this+week")));

    assertThat(signedOut.statusCode()).isEqualTo(302);
    // The body was left unread: the answer says the connection closes, so no client sends its next
    // request down it.
    assertThat(signedOut.headers().firstValue("Connection")).hasValue("close");
    // Without the page's "done" note: what this form asked was not done.
    assertThat(signedOut.headers().firstValue("Location").orElseThrow())
        .endsWith("/login?next=" + URLEncoder.encode(post, StandardCharsets.UTF_8) + "&why=unsent");
  }

  @Test
  void aRefererOutsideThePluginsPagesLeadsToThePluginsStartAfterSignIn() throws Exception {
    String post = submitted("Chess club", "engagement");
    for (String referer :
        List.of(
            "http://127.0.0.1//evil.example/x",
            "http://evil.example/elsewhere",
            "http://127.0.0.1/digital-branch//evil.example",
            "http://127.0.0.1" + post + "/reject",
            "not a uri ^")) {
      HttpResponse<String> signedOut =
          intranet.send(
              intranet
                  .request(post + "/reject")
                  .header("Referer", referer)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("version=2&note=No")));

      assertThat(signedOut.headers().firstValue("Location").orElseThrow())
          .as(referer)
          .endsWith(
              "/login?next="
                  + URLEncoder.encode("/digital-branch/", StandardCharsets.UTF_8)
                  + "&why=unsent");
    }
  }

  @Test
  void aFormFromAnEarlierSessionIsRefusedInWordsForPeopleNotForScripts() throws Exception {
    String post = submitted("Teen gaming night", "engagement");

    HttpResponse<String> stale =
        moderator.postWithout(
            post + "/approve",
            List.of(Field.of("csrf", "a-token-of-an-earlier-session"), Field.of("version", "2")));

    assertThat(stale.statusCode()).isEqualTo(403);
    assertThat(PageClient.parse(stale).text())
        .contains("This form was opened before you last signed in, so it was not sent.")
        .doesNotContain("X-CSRF-Token");
  }

  @Test
  void approvingAPromotionOverTheLimitAsksToConfirmWithTheFiguresThenApproves() throws Exception {
    String post = submitted("Buy a tote bag at the front desk!", "promotion");

    HttpResponse<String> asked =
        moderator.post(post + "/approve", Field.of("version", "2"), Field.of("note", "ok once"));

    assertThat(asked.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(asked);
    Element confirm = page.selectFirst(".db-mix-confirm");
    assertThat(confirm.text()).contains("above the limit of 10%");
    assertThat(confirm.select("input[name=confirmMix]").val()).isEqualTo("true");
    assertThat(confirm.select("input[name=version]").val()).isEqualTo("2");
    assertThat(confirm.select("textarea[name=note]").val()).isEqualTo("ok once");
    assertThat(confirm.select("button").text()).isEqualTo("Confirm and approve");
    assertThat(page.select(".db-state").text()).isEqualTo("Waiting for review");
    // A screen reader hears the question at once: the focus lands on it, and it says nothing
    // was approved yet.
    Element question = confirm.selectFirst("[role=alert]");
    assertThat(question.hasAttr("autofocus")).isTrue();
    assertThat(question.text()).startsWith("Approve this promotion anyway? Not approved yet.");
    // After "Save and approve" on the edit form: "Changes saved." is said, the question has the
    // focus.
    Document afterEdit = moderator.page(post + "?done=edited&confirm=mix");
    assertThat(afterEdit.select(".db-done").text()).isEqualTo("Changes saved.");
    assertThat(afterEdit.select("[autofocus]")).hasSize(1);
    assertThat(afterEdit.selectFirst("[autofocus]").text())
        .startsWith("Approve this promotion anyway?");

    HttpResponse<String> confirmed =
        moderator.post(
            post + "/approve",
            Field.of("version", "2"),
            Field.of("confirmMix", "true"),
            Field.of("note", "ok once"));

    assertThat(PageClient.seeOther(confirmed)).isEqualTo(post + "?done=approved");
    assertThat(moderator.page(post).select(".db-state").text()).isEqualTo("Approved");
  }

  @Test
  void aModeratorEditsAndApprovesAndTheHistoryShowsTheDiffEscaped() throws Exception {
    String post = submitted("Storytime is on Tuesday", "engagement");
    Document edit = moderator.page(post + "/edit");
    assertThat(edit.select("button[name=do]").eachText())
        .containsExactly("Save changes", "Save and approve");

    HttpResponse<String> response =
        moderator.postMultipart(
            post + "/edit",
            Field.of("version", "2"),
            Field.of("text", "Storytime is on <Wednesday>"),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.of("do", "approve"));

    assertThat(PageClient.seeOther(response)).isEqualTo(post + "?done=approved");
    HttpResponse<String> shown = staff.get(post);
    Document page = PageClient.parse(shown);
    Element diff = page.selectFirst(".db-history .db-diff");
    assertThat(diff.select("del").text()).isEqualTo("removed: Tuesday");
    assertThat(diff.select("ins").text()).isEqualTo("added: <Wednesday>");
    assertThat(diff.select("del .visually-hidden, ins .visually-hidden").eachText())
        .as("what a screen reader says for the strike and the colour")
        .containsExactly("removed:", "added:");
    assertThat(shown.body())
        .contains("<ins><span class=\"visually-hidden\">added: </span>&lt;Wednesday&gt;</ins>");
    assertThat(page.select(".db-state").text()).isEqualTo("Approved");
  }

  @Test
  void aModeratorEditsAnApprovedPostWhichStaysApprovedWithTheDiffInItsHistory() throws Exception {
    String post = submitted("Book club meets on Tuesday at six", "engagement");
    PageClient.seeOther(moderator.post(post + "/approve", Field.of("version", "2")));
    Document page = moderator.page(post);
    assertThat(page.select("#edit-link").text()).isEqualTo("Edit the post");
    Document edit = moderator.page(post + "/edit");
    assertThat(edit.select("button[name=do]").eachText()).containsExactly("Save changes");
    assertThat(edit.select(".db-hint").eachText())
        .contains("The post stays approved; your change is shown in its history.");
    String publishAt = edit.select("#f-publishAt").val();

    HttpResponse<String> response =
        moderator.postMultipart(
            post + "/edit",
            Field.of("version", "3"),
            Field.of("text", "Book club meets on Tuesday at seven"),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "at"),
            Field.of("publishAt", publishAt),
            Field.of("publishAtShown", publishAt),
            Field.of("do", "save"));

    assertThat(PageClient.seeOther(response)).isEqualTo(post + "?done=edited");
    Document after = staff.page(post);
    assertThat(after.select(".db-state").text()).isEqualTo("Approved");
    Element row = lastHistoryRow(after);
    assertThat(row.select("td").get(1).text()).isEqualTo("M. Garcia");
    assertThat(row.select(".db-diff del").text()).isEqualTo("removed: six");
    assertThat(row.select(".db-diff ins").text()).isEqualTo("added: seven");
  }

  @Test
  void thePostPageShowsAPreviewPerChosenPlatformWithItsCounter() throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                Field.of("text", "New hours from Monday"),
                Field.of("link", "https://library.example/hours"),
                Field.of("account", "mastodon-main"),
                Field.of("account", "x-main"),
                Field.of("topic", "services"),
                Field.of("intent", "engagement"),
                Field.of("do", "save")));

    Document page = staff.page(location);

    assertThat(page.select(".db-preview h3").eachText())
        .containsExactly("Mastodon · @library@example.social", "X · @Library");
    assertThat(page.select(".db-preview .db-counter").eachText())
        .containsExactly("46 / 500 characters", "46 / 280 weighted characters");
    assertThat(page.select(".db-preview-body").first().wholeText())
        .isEqualTo("New hours from Monday\n\nhttps://library.example/hours");
    assertThat(page.select("a[href=https://library.example/hours]").attr("rel"))
        .contains("noopener");
  }
}
