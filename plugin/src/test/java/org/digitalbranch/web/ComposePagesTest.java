package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose and edit pages over real HTTP, as a browser without JavaScript uses them. */
class ComposePagesTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static PageClient staff;
  private static PageClient moderator;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, PageUsers.SETTINGS);
    staff = new PageClient(intranet, PageUsers.STAFF);
    moderator = new PageClient(intranet, PageUsers.MODERATOR);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static Field[] post(String text, String button, Field... more) {
    List<Field> fields =
        new java.util.ArrayList<>(
            List.of(
                Field.of("text", text),
                Field.of("account", "mastodon-main"),
                Field.of("topic", "readers-advisory"),
                Field.of("intent", "engagement"),
                Field.of("when", "asap"),
                Field.of("do", button)));
    fields.addAll(List.of(more));
    return fields.toArray(Field[]::new);
  }

  @Test
  void theComposePageOffersOnlyTheAccountsWhoseTeamHoldsTheUserAndLabelsEveryInput()
      throws Exception {
    Document page = staff.page("/digital-branch/compose");

    assertThat(page.select("input[name=account]").eachAttr("value"))
        .containsExactly("mastodon-main", "x-main");
    for (Element input : page.select("input:not([type=hidden]), textarea, select")) {
      assertThat(page.select("label[for=" + input.id() + "]"))
          .as("label for %s", input.id())
          .hasSize(1);
    }
    assertThat(page.select("fieldset > legend").eachText())
        .contains("Accounts", "Topic", "Intent", "When should it go out?");
    // Each image place is a group named by its legend, not an h3 that would sit under the
    // "Accessibility check" h2 before it.
    assertThat(page.select("#db-compose-form h3")).isEmpty();
    assertThat(page.select("fieldset#f-images fieldset.db-image-slot > legend").eachText())
        .containsExactly("Image 1", "Image 2", "Image 3", "Image 4");
    // What a submit needs (compose.js fills it) has its own place, apart from the hints.
    assertThat(page.select(".db-lint-box #db-needed")).hasSize(1);
    assertThat(page.select("#db-needed").text()).isEmpty();
    // The counters are not a live region (every pause in typing would read them all again); the
    // script says what changes through one polite status.
    assertThat(page.select("#db-counters").attr("aria-live")).isEmpty();
    assertThat(page.select("#db-announce").attr("role")).isEqualTo("status");
    assertThat(page.select("#db-announce").attr("aria-live")).isEqualTo("polite");
    assertThat(page.select("form#db-compose-form").attr("enctype"))
        .isEqualTo("multipart/form-data");
    assertThat(page.select("input[name=csrf]").val()).isEqualTo(TestIntranet.CSRF_TOKEN);
    assertThat(page.select("button[name=do]").eachText())
        .containsExactly("Save draft", "Submit for review");
    assertThat(page.select("label[for=f-publishAt]").text()).contains("America/Chicago");
  }

  @Test
  void theComposePageScriptIsAnExternalFileAndThePageHasNoInlineScriptOrStyle() throws Exception {
    HttpResponse<String> response = staff.get("/digital-branch/compose");

    assertThat(response.body()).doesNotContain("<script>", "style=", " onclick=", " oninput=");
    HttpResponse<String> script = staff.get("/digital-branch/static/compose.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("data-preview", "X-CSRF-Token");
    assertThat(staff.page("/digital-branch/compose").select("form").attr("data-preview"))
        .isEqualTo("/digital-branch/api/posts/preview");
  }

  @Test
  void someoneWithoutAPluginRoleIsRefusedAndAnonymousIsSentToSignIn() throws Exception {
    assertThat(
            new PageClient(intranet, PageUsers.OUTSIDER)
                .get("/digital-branch/compose")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> anonymous = new PageClient(intranet, null).get("/digital-branch/compose");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/login?next=");
  }

  @Test
  void savingADraftWithoutJavaScriptRedirectsToThePostWithTheMessage() throws Exception {
    HttpResponse<String> saved =
        staff.postMultipart("/digital-branch/compose", post("Which book made you cry?", "save"));

    String location = PageClient.seeOther(saved);
    assertThat(location).matches("/digital-branch/posts/[A-Za-z0-9_-]+\\?done=saved");
    Document page = staff.page(location);
    assertThat(page.select("[role=status].db-done").text()).isEqualTo("Draft saved.");
    assertThat(page.select(".db-post-text").text()).isEqualTo("Which book made you cry?");
    assertThat(page.select(".db-state").text()).isEqualTo("Draft");
    assertThat(page.select("form[action$=/submit] button").text()).isEqualTo("Submit for review");
  }

  @Test
  void submittingWithAnImageStoresItWithItsAltTextAndServesIt() throws Exception {
    HttpResponse<String> submitted =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Our new reading garden is open.",
                "submit",
                Field.file("image-1-file", PageClient.PNG),
                Field.of("image-1-alt", "Children reading on cushions under a tree")));

    String location = PageClient.seeOther(submitted);
    assertThat(location).endsWith("?done=submitted");
    Document page = staff.page(location);
    assertThat(page.select("[role=status].db-done").text())
        .isEqualTo("Submitted for review. A moderator will look at it.");
    Element image = page.selectFirst(".db-figure img");
    assertThat(image.attr("alt")).isEqualTo("Children reading on cushions under a tree");
    HttpResponse<String> served = staff.get(image.attr("src"));
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
  }

  @Test
  void anOverLongPostIsSavedAsADraftButNotSubmittedAndTheErrorSummaryLinksToTheText()
      throws Exception {
    String longText = "A".repeat(281);
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose", post(longText, "submit", Field.of("account", "x-main")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.title()).startsWith("Error: ");
    Element summary = page.selectFirst(".db-error-summary");
    assertThat(summary.attr("role")).isEqualTo("alert");
    assertThat(summary.selectFirst("h2").text())
        .as("the page now edits a saved draft, and says so")
        .isEqualTo("Your draft is saved, but it was not submitted");
    assertThat(summary.select("a").attr("href")).isEqualTo("#f-text");
    assertThat(summary.text()).contains("X: 281 of 280 weighted characters, 1 too many");
    assertThat(page.select("#f-text").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("#f-text").attr("aria-describedby")).contains("f-text-error");
    assertThat(page.select("#f-text-error").text()).contains("1 too many");
    assertThat(page.select(".db-counter-over").text()).contains("281 / 280");
    // It was kept as a draft: the form now edits it, and the queue lists it under drafts.
    assertThat(page.select("form#db-compose-form").attr("action")).matches(".*/posts/.+/edit");
    assertThat(page.select(".db-lead strong").text()).isEqualTo("Draft");
  }

  @Test
  void aFormPostWithoutTheCsrfFieldIsRefused() throws Exception {
    HttpResponse<String> response =
        staff.postWithout(
            "/digital-branch/compose",
            List.of(Field.of("text", "no token"), Field.of("do", "save")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("This form was opened before you last signed in");
  }

  @Test
  void staffTextWithMarkupIsShownEscapedEverywhere() throws Exception {
    String hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> & more";
    String location =
        PageClient.seeOther(
            staff.postMultipart("/digital-branch/compose", post(hostile, "submit")));

    for (String path :
        List.of(location, "/digital-branch/queue", location.replaceAll("\\?.*", "") + "/edit")) {
      String html = staff.get(path).body();
      assertThat(html).as(path).doesNotContain("<script>alert", "<img src=x", "onerror=alert(2)>");
      assertThat(html).as(path).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    String moderated = moderator.get("/digital-branch/queue").body();
    assertThat(moderated).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(moderated).doesNotContain("<script>alert");
  }

  @Test
  void aJavascriptLinkIsRefusedNamingTheFieldAndItsValueComesBackEscaped() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post("Read this", "save", Field.of("link", "javascript:alert(\"x\")//<b>")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#f-link");
    assertThat(page.select(".db-error-summary").text()).contains("Link: must be a web address");
    assertThat(page.select("#f-link").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("#f-link").val()).isEqualTo("javascript:alert(\"x\")//<b>");
    assertThat(response.body()).contains("javascript:alert(&quot;x&quot;)//&lt;b&gt;");
    assertThat(page.select("a[href^=javascript]")).isEmpty();
  }

  @Test
  void everyMissingFieldIsNamedAtOnceInThePagesOrderAndTiedToItsFieldset() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", " "),
            Field.of("when", "asap"),
            Field.of("do", "submit"));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").eachText())
        .containsExactly(
            "Choose at least one account.",
            "Write the post's text.",
            "Choose a topic.",
            "Choose engagement or promotion.");
    assertThat(page.select(".db-error-summary").hasAttr("autofocus")).isTrue();
    assertThat(page.select("fieldset:has(#f-topic-events)").attr("aria-describedby"))
        .isEqualTo("f-topic-error");
    assertThat(page.select("#f-topic-error").text()).isEqualTo("Choose a topic.");
    assertThat(page.select("#f-intent-error").text()).isEqualTo("Choose engagement or promotion.");
  }

  @Test
  void aTimeTypedWhileAsSoonAsApprovedStayedChosenIsAskedAboutNotDropped() throws Exception {
    Document blank = staff.page("/digital-branch/compose");
    assertThat(blank.select("#f-publishAt").attr("data-chooses")).isEqualTo("f-when-at");
    assertThat(blank.select("script[src$=publish-time.js]")).hasSize(1);

    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Craft night",
                "save",
                Field.of("publishAt", "2030-12-03T09:00"),
                Field.of("publishAtShown", "")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a[href=#f-publishAt]").text())
        .startsWith("You changed the time but chose “as soon as approved”");
    assertThat(page.select("#f-publishAt").val()).isEqualTo("2030-12-03T09:00");
    assertThat(staff.get("/digital-branch/static/publish-time.js").statusCode()).isEqualTo(200);

    // Sent back again unchanged, with another problem mended meanwhile: still a question, since
    // the form keeps the time it first showed.
    HttpResponse<String> again =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Craft night",
                "save",
                Field.of("publishAt", "2030-12-03T09:00"),
                Field.of("publishAtShown", page.select("input[name=publishAtShown]").val())));
    assertThat(again.statusCode()).isEqualTo(400);
  }

  @Test
  void aPublishTimeTheClocksSkipIsSavedWithANoteOnThePostPageOnce() throws Exception {
    // 02:30 on the second Sunday of March next year does not exist in Chicago.
    String skipped = QueueApi.springForwardNextYear() + "T02:30";
    HttpResponse<String> saved =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "Night owls, this one is for you."),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "at"),
            Field.of("publishAt", skipped),
            Field.of("do", "save"));

    String post = PageClient.seeOther(saved);
    // The note waits in the session, as a browser keeps it.
    String session = saved.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    java.util.function.Supplier<String> postPage =
        () -> {
          try {
            return intranet
                .send(
                    intranet
                        .request(post)
                        .header(TestIntranet.USER_HEADER, PageUsers.STAFF)
                        .header("Cookie", session))
                .body();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    assertThat(Jsoup.parse(postPage.get()).select("p.db-done[role=status]").text())
        .contains("02:30 on ", "does not exist in America/Chicago", "goes out at 03:30.");
    assertThat(postPage.get()).doesNotContain("does not exist in America/Chicago");
  }

  @Test
  void everyErrorLinkOnThePostPageLeadsToSomethingOnThePage() throws Exception {
    String draft =
        PageClient.seeOther(staff.postMultipart("/digital-branch/compose", post(" ", "save")));

    HttpResponse<String> refused =
        staff.post(draft.replaceAll("\\?.*", "") + "/submit", Field.of("version", "1"));

    assertThat(refused.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(refused);
    List<String> targets = page.select(".db-error-summary a").eachAttr("href");
    assertThat(targets).isNotEmpty();
    for (String target : targets) {
      assertThat(page.getElementById(target.substring(1))).as(target).isNotNull();
    }
  }

  @Test
  void submittingWithOnlyTheTextMissingSavesTheDraftWithItsImageAndSaysWhyItStayed()
      throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", " "),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.of("image-1-alt", "A reading nook by the window"),
            Field.file("image-1-file", PageClient.PNG),
            Field.of("do", "submit"));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary h2").text())
        .isEqualTo("Your draft is saved, but it was not submitted");
    assertThat(page.select(".db-error-summary a").eachText())
        .singleElement()
        .asString()
        .contains("write the post before submitting it");
    // Editing the saved draft: the image chosen is kept, not to be chosen again.
    assertThat(page.select("input[name=image-1-keep]").val()).isNotBlank();
  }

  @Test
  void aDraftMayBeSavedWithoutTextButNotWithoutAnAccount() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", ""),
            Field.of("topic", "readers-advisory"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.of("do", "save"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(PageClient.parse(response).select(".db-error-summary a").eachText())
        .containsExactly("Choose at least one account.");
  }

  @Test
  void aLinkAndAnImageThatAreBothWrongAreNamedTogetherInOneSummary() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Look at this",
                "submit",
                Field.of("link", "not a link"),
                Field.file("image-1-file", "plain words, not a picture".getBytes()),
                Field.of("image-1-alt", "A reading nook")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").eachAttr("href"))
        .containsExactly("#f-link", "#f-image-1");
    assertThat(page.select("#f-link").attr("aria-invalid")).isEqualTo("true");
  }

  @Test
  void aBadLinkIsNamedWithTheOtherProblemsNotARoundLater() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "Read this"),
            Field.of("account", "mastodon-main"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.of("do", "save"),
            Field.of("link", "notaurl"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(PageClient.parse(response).select(".db-error-summary a").eachText())
        .contains(
            "Link: must be a web address starting with https:// or http://.", "Choose a topic.");
    // Each radio of the topic says it is invalid and why, not only their fieldset: the summary's
    // link lands on the first one.
    Document page = PageClient.parse(response);
    assertThat(page.select("input[name=topic]"))
        .isNotEmpty()
        .allSatisfy(
            radio -> {
              assertThat(radio.attr("aria-invalid")).isEqualTo("true");
              assertThat(radio.attr("aria-describedby")).isEqualTo("f-topic-error");
            });
    assertThat(page.select("input[name=intent][aria-invalid]")).isEmpty();
  }

  @Test
  void aGoodImageInAFormSentBackIsKeptSoTheNextSendingNeedsNoFileChosenAgain() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Look at our new reading garden",
                "save",
                Field.of("link", "not a link"),
                Field.file("image-1-file", PageClient.PNG),
                Field.of("image-1-alt", "Benches among raised flower beds")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").eachText())
        .containsExactly("Link: must be a web address starting with https:// or http://.");
    String kept = page.select("input[name=image-1-staged]").val();
    assertThat(kept).isNotBlank();
    assertThat(page.select("img.db-thumb").attr("src"))
        .isEqualTo("/digital-branch/api/images/" + kept);
    assertThat(page.select("img.db-thumb").attr("alt"))
        .isEqualTo("Benches among raised flower beds");
    assertThat(page.select("label[for=f-image-1]").text())
        .isEqualTo("Another file for image 1, instead of this one");
    assertThat(staff.get("/digital-branch/api/images/" + kept).statusCode()).isEqualTo(200);
    assertThat(moderator.get("/digital-branch/api/images/" + kept).statusCode())
        .as("the kept file is its chooser's alone")
        .isEqualTo(404);

    // Sent again with the link mended and no file chosen: the post has the kept image.
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                post(
                    "Look at our new reading garden",
                    "save",
                    Field.of("link", "https://library.example/garden"),
                    Field.of("image-1-staged", kept),
                    Field.of("image-1-alt", "Benches among raised flower beds"))));
    Document saved = staff.page(location.replaceAll("\\?.*", ""));
    assertThat(saved.select("figure img").eachAttr("alt"))
        .containsExactly("Benches among raised flower beds");
    assertThat(staff.get("/digital-branch/api/images/" + kept).statusCode())
        .as("the post holds its own copy; the kept file is gone")
        .isEqualTo(404);
  }

  @Test
  void aKeptFileCanBeRemovedAndAnotherPersonsIsNeverTaken() throws Exception {
    Document page =
        PageClient.parse(
            staff.postMultipart(
                "/digital-branch/compose",
                post(
                    "Garden hours",
                    "save",
                    Field.of("link", "not a link"),
                    Field.file("image-1-file", PageClient.PNG),
                    Field.of("image-1-alt", "The garden gate"))));
    String kept = page.select("input[name=image-1-staged]").val();

    HttpResponse<String> byTheModerator =
        moderator.postMultipart(
            "/digital-branch/compose",
            post("Garden hours", "save", Field.of("image-1-staged", kept)));
    assertThat(byTheModerator.statusCode()).isEqualTo(400);
    assertThat(PageClient.parse(byTheModerator).select(".db-error-summary a").eachText())
        .singleElement()
        .asString()
        .startsWith("Image 1: the file chosen earlier is no longer kept");

    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                post(
                    "Garden hours",
                    "save",
                    Field.of("image-1-staged", kept),
                    Field.of("image-1-remove", "true"),
                    Field.of("image-1-alt", "The garden gate"))));
    assertThat(staff.page(location.replaceAll("\\?.*", "")).select("figure img")).isEmpty();
    assertThat(staff.get("/digital-branch/api/images/" + kept).statusCode()).isEqualTo(404);
  }

  @Test
  void aFileThatIsNoImageInAFormSentBackIsNamedToBeChosenAgain() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Look at this",
                "save",
                Field.of("link", "not a link"),
                Field.file("image-1-file", "not a picture".getBytes(StandardCharsets.UTF_8)),
                Field.of("image-1-alt", "A picture")));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").eachText())
        .anySatisfy(problem -> assertThat(problem).startsWith("Image 1"));
    assertThat(page.select("input[name=image-1-staged]")).isEmpty();
  }

  @Test
  void aMissingPublishTimeAndAnImageWithoutAltTextAreNamedInOneRound() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "Story time moves to the garden"),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "at"),
            Field.of("publishAt", ""),
            Field.file("image-1-file", PageClient.PNG),
            Field.of("do", "submit"));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").eachAttr("href"))
        .containsExactly("#f-image-1-alt", "#f-publishAt");
    assertThat(page.select("a[href=#f-image-1-alt]").text())
        .isEqualTo("Alt text of image 1: describe the image for people who cannot see it.");
    assertThat(page.select("#f-image-1-alt").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("#f-publishAt").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("input[name=image-1-staged]")).hasSize(1);
  }

  @Test
  void aDraftWithAnImageWithoutAltTextIsSavedWithoutComplaint() throws Exception {
    // Alt text is needed to submit, not to save: the draft keeps the image to describe later.
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "Story time moves to the garden"),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.file("image-1-file", PageClient.PNG),
            Field.of("do", "save"));

    assertThat(PageClient.seeOther(response)).contains("?done=saved");
  }

  @Test
  void anImageWithoutAltTextCannotBeSubmittedAndTheSummaryLinksToItsAltField() throws Exception {
    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post("Look at this", "submit", Field.file("image-1-file", PageClient.PNG)));

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#f-image-1-alt");
    assertThat(page.select("#f-image-1-alt").attr("aria-invalid")).isEqualTo("true");
  }

  @Test
  void theEditPageShowsTheLintWarningsAndTheServersCounters() throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                post(
                    "Join #summerreading today",
                    "save",
                    Field.of("account", "x-main"),
                    Field.file("image-1-file", PageClient.PNG),
                    Field.of("image-1-alt", "IMG_2041.jpg"))));
    String edit = location.replaceAll("\\?.*", "") + "/edit";

    Document page = staff.page(edit);

    assertThat(page.select("#db-counters li").eachText())
        .containsExactly(
            "Mastodon (mastodon-main) 25 / 500 characters",
            "X (x-main) 25 / 280 weighted characters");
    assertThat(page.select(".db-warnings li").eachText())
        .anySatisfy(w -> assertThat(w).contains("#SummerReading"))
        .anySatisfy(w -> assertThat(w).containsIgnoringCase("file name"));
    assertThat(page.select("input[name=image-1-keep]")).hasSize(1);
    assertThat(page.select("input[name=version]").val()).isEqualTo("1");
  }

  @Test
  void anEditOnAStaleVersionShowsTheCurrentVersionAndKeepsTheUnsavedText() throws Exception {
    String location =
        PageClient.seeOther(staff.postMultipart("/digital-branch/compose", post("First", "save")));
    String edit = location.replaceAll("\\?.*", "") + "/edit";
    PageClient.seeOther(
        staff.postMultipart(edit, post("Second", "save", Field.of("version", "1"))));

    HttpResponse<String> stale =
        staff.postMultipart(edit, post("Third, from an old tab", "save", Field.of("version", "1")));

    assertThat(stale.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(stale);
    assertThat(page.select(".db-banner-stale").text())
        .as("both saves were this person's: not 'someone else'")
        .contains("You changed this post already (a second click, or another tab); here is the");
    assertThat(page.select("#f-text").val()).isEqualTo("Second");
    assertThat(page.select("#f-unsaved").val()).isEqualTo("Third, from an old tab");
    assertThat(page.select("#db-stale[tabindex=-1][autofocus]"))
        .as("the banner takes the focus, so a keyboard or screen-reader user starts there")
        .hasSize(1);
    assertThat(page.select("input[name=version]").val()).isEqualTo("2");
  }

  @Test
  void anEditSomeoneElseOvertookSaysWhoChangedThePostAndWhenAndKeepsEveryFieldThePersonSent()
      throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose", post("Which book made you laugh?", "submit")));
    String edit = location.replaceAll("\\?.*", "") + "/edit";
    String opened = staff.page(edit).select("input[name=version]").val();
    PageClient.seeOther(
        moderator.postMultipart(
            edit,
            post("Which book made you laugh out loud?", "save", Field.of("version", opened))));

    HttpResponse<String> stale =
        staff.postMultipart(
            edit,
            Field.of("version", opened),
            Field.of("text", "Which book made you laugh this year?"),
            Field.of("account", "mastodon-main"),
            Field.of("account", "x-main"),
            Field.of("link", "https://library.example.org/laughs"),
            Field.file("image-1-file", PageClient.PNG),
            Field.of("image-1-alt", "A shelf of funny books"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("when", "at"),
            Field.of("publishAt", "2027-01-15T10:30"),
            Field.of("do", "save"));

    assertThat(stale.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(stale);
    assertThat(page.select(".db-banner-stale").text())
        .containsPattern(
            "Someone else acted on this post since you opened it: M\\. Garcia edited it,"
                + " \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}; here is the current version"
                + " \\(3\\)\\.");
    assertThat(page.select("#f-text").val()).isEqualTo("Which book made you laugh out loud?");
    assertThat(page.select("#f-unsaved").val()).isEqualTo("Which book made you laugh this year?");
    assertThat(page.select(".db-unsaved dt").eachText())
        .containsExactly("Accounts", "Link", "Image 1", "Topic", "Intent", "When it goes out");
    assertThat(page.select(".db-unsaved dd").eachText())
        .containsExactly(
            "mastodon-main and x-main (not as in the current version)",
            "https://library.example.org/laughs (not as in the current version)",
            "a new file, with the alt text “A shelf of funny books” (not as in the current"
                + " version)",
            "Events (not as in the current version)",
            "Engagement",
            "At a set time: Fri 15 Jan 2027, 10:30 (not as in the current version)");
  }

  @Test
  void anImageChosenInAnEditThatANewerVersionOvertookIsKeptInTheCurrentVersionsForm()
      throws Exception {
    String location =
        PageClient.seeOther(staff.postMultipart("/digital-branch/compose", post("First", "save")));
    String edit = location.replaceAll("\\?.*", "") + "/edit";
    PageClient.seeOther(
        staff.postMultipart(edit, post("Second", "save", Field.of("version", "1"))));

    HttpResponse<String> stale =
        staff.postMultipart(
            edit,
            post(
                "Third, from an old tab",
                "save",
                Field.of("version", "1"),
                Field.file("image-1-file", PageClient.PNG),
                Field.of("image-1-alt", "The reading garden's new benches")));

    assertThat(stale.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(stale);
    assertThat(page.select(".db-banner-stale").text())
        .contains(
            "The image you chose is kept in the form below as image 1, not yet saved: remove it"
                + " if you no longer want it.");
    assertThat(page.select("#f-text").val()).isEqualTo("Second");
    String kept = page.select("input[name=image-1-staged]").val();
    assertThat(kept).isNotBlank();
    assertThat(page.select("img.db-thumb").attr("alt"))
        .isEqualTo("The reading garden's new benches");

    // Saving the current version's form now adds the image to it.
    PageClient.seeOther(
        staff.postMultipart(
            edit,
            post(
                "Second",
                "save",
                Field.of("version", "2"),
                Field.of("image-1-staged", kept),
                Field.of("image-1-alt", "The reading garden's new benches"))));
    Document saved = staff.page(location.replaceAll("\\?.*", ""));
    assertThat(saved.select("figure img").eachAttr("alt"))
        .containsExactly("The reading garden's new benches");
  }

  @Test
  void aSecondClickOnSaveWithANewImageDoesNotOfferTheImageAgain() throws Exception {
    String location =
        PageClient.seeOther(staff.postMultipart("/digital-branch/compose", post("Garden", "save")));
    String edit = location.replaceAll("\\?.*", "") + "/edit";
    Field[] form = {
      Field.of("version", "1"),
      Field.file("image-1-file", PageClient.PNG),
      Field.of("image-1-alt", "Benches among raised flower beds")
    };
    PageClient.seeOther(staff.postMultipart(edit, post("Garden", "save", form)));

    HttpResponse<String> again = staff.postMultipart(edit, post("Garden", "save", form));

    assertThat(again.statusCode()).isEqualTo(409);
    Document page = PageClient.parse(again);
    assertThat(page.select(".db-banner-stale").text())
        .startsWith("You changed this post already")
        .doesNotContain("kept in the form below");
    assertThat(page.select("input[name$=-staged]")).isEmpty();
    assertThat(page.select("input[name=image-1-keep]")).hasSize(1);
  }

  @Test
  void anEditOfAnOlderVersionWhoseImageWasRemovedSinceGetsTheConflictNotAFileProblem()
      throws Exception {
    String location =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose",
                post(
                    "Garden",
                    "save",
                    Field.file("image-1-file", PageClient.PNG),
                    Field.of("image-1-alt", "Benches among raised flower beds"))));
    String edit = location.replaceAll("\\?.*", "") + "/edit";
    String kept = staff.page(edit).select("input[name=image-1-keep]").val();
    PageClient.seeOther(
        staff.postMultipart(
            edit,
            post(
                "Garden",
                "save",
                Field.of("version", "1"),
                Field.of("image-1-keep", kept),
                Field.of("image-1-remove", "on"))));

    HttpResponse<String> old =
        staff.postMultipart(
            edit,
            post(
                "Garden",
                "save",
                Field.of("version", "1"),
                Field.of("image-1-keep", kept),
                Field.of("image-1-alt", "New benches among raised flower beds")));

    assertThat(old.statusCode()).isEqualTo(409);
    assertThat(PageClient.parse(old).select(".db-banner-stale").text())
        .contains("here is the current version");
  }

  @Test
  void twoImagesForInstagramAreRefusedAtTheImagesGroupWhenSubmitting() throws Exception {
    PageClient onInstagramsTeam = new PageClient(intranet, PageUsers.OTHER_STAFF);
    HttpResponse<String> response =
        onInstagramsTeam.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "Two views of the garden"),
            Field.of("account", "instagram-main"),
            Field.of("topic", "readers-advisory"),
            Field.of("intent", "engagement"),
            Field.of("when", "asap"),
            Field.of("do", "submit"),
            Field.file("image-1-file", PageClient.PNG),
            Field.of("image-1-alt", "Benches among raised flower beds"),
            Field.file("image-2-file", PageClient.PNG),
            Field.of("image-2-alt", "The garden gate from the street"));

    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#f-images");
    assertThat(page.select("#f-images-error").text())
        .startsWith("Images: Instagram posts from Digital Branch carry one image; this post has 2");
    assertThat(page.select("fieldset#f-images").attr("aria-describedby"))
        .isEqualTo("f-images-error");
  }

  @Test
  void anImageOverTheSizeLimitIsRefusedWith413NamingTheImageInTheErrorSummary() throws Exception {
    byte[] big = java.util.Arrays.copyOf(PageClient.PNG, 5000);

    HttpResponse<String> response =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Big picture",
                "save",
                Field.file("image-1-file", big),
                Field.of("image-1-alt", "A very large photograph")));

    assertThat(response.statusCode()).isEqualTo(413);
    Document page = PageClient.parse(response);
    assertThat(page.select(".db-error-summary a").attr("href")).isEqualTo("#f-image-1");
    assertThat(page.select(".db-error-summary").text())
        .contains("Image 1: the file is 4.9 KB; the limit is 4 KB.");
    assertThat(page.select("#f-text").val()).isEqualTo("Big picture");

    // Just over: rounded, both would read "4 KB", so the bytes are given.
    HttpResponse<String> justOver =
        staff.postMultipart(
            "/digital-branch/compose",
            post(
                "Big picture",
                "save",
                Field.file("image-1-file", java.util.Arrays.copyOf(PageClient.PNG, 4100)),
                Field.of("image-1-alt", "A very large photograph")));
    assertThat(PageClient.parse(justOver).select(".db-error-summary").text())
        .contains("Image 1: the file is 4,100 bytes; the limit is 4,096 bytes (4 KB).");
  }
}
