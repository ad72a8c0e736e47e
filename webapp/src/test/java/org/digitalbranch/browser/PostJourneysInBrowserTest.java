package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 6's journeys 1 and 2 as far as the queue goes: {@code staff} writes a post for three
 * accounts with an image and its alt text, watching the per-platform counters react, and submits
 * it; {@code moderator} sees the queue badge, opens the post, changes a word and approves. Each is
 * also walked with the keyboard alone. (The publishing links on the post page come with the
 * publisher's page work.)
 */
class PostJourneysInBrowserTest {

  private static final List<String> THREE_ACCOUNTS =
      List.of("mastodon-main", "bluesky-main", "x-main");

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  @TempDir static Path files;

  /** A small real PNG in a file, as a phone would hand one over. */
  private static Path photo() throws IOException {
    Path file = files.resolve("story-time.png");
    if (!Files.exists(file)) {
      Files.write(file, TestImages.png());
    }
    return file;
  }

  /**
   * Each counter's figure by account, as the page shows it now, read in one go: the page's script
   * rebuilds the list after every answer from the server.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> counters() {
    List<List<String>> rows =
        (List<List<String>>)
            demo.driver()
                .executeScript(
                    "return Array.from(document.querySelectorAll('#db-counters li.db-counter'))"
                        + ".map(function (li) { return ["
                        + " li.querySelector('.db-counter-name').textContent.replace(/^.*\\((.*)\\)$/, '$1'),"
                        + " li.querySelector('.db-counter-figure').textContent,"
                        + " li.classList.contains('db-counter-over') ? 'over' : 'fits']; });");
    Map<String, String> figures = new LinkedHashMap<>();
    rows.forEach(
        row -> figures.put(row.get(0), row.get(1) + ("over".equals(row.get(2)) ? " over" : "")));
    return figures;
  }

  /** Starts counting the changes to the compose page's polite status. */
  private static void watchAnnouncements() {
    demo.driver()
        .executeScript(
            "window.dbAnnounced = 0; if (window.dbWatch) { window.dbWatch.disconnect(); }"
                + " window.dbWatch = new MutationObserver(function () { window.dbAnnounced++; });"
                + " window.dbWatch.observe(document.getElementById('db-announce'),"
                + " {childList: true, characterData: true, subtree: true});");
  }

  private static int announcements() {
    return ((Number) demo.driver().executeScript("return window.dbAnnounced;")).intValue();
  }

  /** What the compose page's polite status says now. */
  private static String announced() {
    return demo.driver().findElement(By.id("db-announce")).getAttribute("textContent");
  }

  private static void waitForCounters(Map<String, String> expected) {
    demo.waitUntil("the counters to show " + expected, () -> counters().equals(expected));
  }

  private static Map<String, String> figures(int used) {
    return Map.of(
        "mastodon-main",
        used + " / 500",
        "bluesky-main",
        used + " / 300",
        "x-main",
        used + " / 280");
  }

  private static void assertSubmittedPostShows(String text, String alt) {
    assertThat(demo.driver().findElement(By.cssSelector(".db-done")).getText())
        .isEqualTo("Submitted for review. A moderator will look at it.");
    assertThat(demo.driver().findElement(By.cssSelector(".db-lead .db-state")).getText())
        .isEqualTo("Waiting for review");
    assertThat(demo.driver().findElement(By.className("db-post-text")).getText()).isEqualTo(text);
    WebElement image = demo.driver().findElement(By.cssSelector(".db-figure img"));
    assertThat(image.getAttribute("alt")).isEqualTo(alt);
    assertThat(
            (Boolean)
                demo.driver()
                    .executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth === "
                            + TestImages.WIDTH,
                        image))
        .as("the uploaded image is shown")
        .isTrue();
    assertThat(demo.mainText())
        .contains("Mastodon · @riversidelibrary@sandbox.social", "Bluesky ·", "X · @riversidelib");
  }

  @Test
  void staffWriteAPostForThreeAccountsWithAnImageWatchingTheCounters() throws Exception {
    demo.signIn("staff");
    demo.driver().findElement(By.linkText("Write a post")).click();
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Write a post");
    assertThat(demo.mainText()).contains("Choose an account to see how the post fits it.");
    demo.assertPageClean("the empty compose page");

    for (String account : THREE_ACCOUNTS) {
      demo.driver().findElement(By.id("f-account-" + account)).click();
    }
    waitForCounters(figures(0));

    WebElement text = demo.driver().findElement(By.id("f-text"));
    String longText = "Which book made you a reader? ".repeat(10).strip();
    text.sendKeys(longText);
    waitForCounters(
        Map.of(
            "mastodon-main", longText.length() + " / 500",
            "bluesky-main", longText.length() + " / 300",
            "x-main", longText.length() + " / 280 over"));
    assertThat(demo.driver().findElement(By.className("db-counter-problem")).getText())
        .isNotBlank();
    // A screen reader hears what went wrong, once, not every counter after every pause.
    demo.waitUntil(
        "the problem is said",
        () -> announced().startsWith("x-main: ") && !announced().contains("mastodon-main"));
    watchAnnouncements();
    text.sendKeys("!");
    waitForCounters(
        Map.of(
            "mastodon-main", (longText.length() + 1) + " / 500",
            "bluesky-main", (longText.length() + 1) + " / 300",
            "x-main", (longText.length() + 1) + " / 280 over"));
    assertThat(announcements()).as("still over by more: not news").isZero();

    text.clear();
    String post = "Which book made you a reader? Tell us below!";
    String firstPart = "Which book made you a reader? Tell us";
    text.sendKeys(firstPart);
    waitForCounters(figures(firstPart.length()));
    assertThat(demo.driver().findElements(By.cssSelector("#db-counters .db-counter-over")))
        .isEmpty();
    demo.waitUntil(
        "the mend is said", () -> announced().startsWith("The post fits every chosen platform"));
    watchAnnouncements();
    text.sendKeys(post.substring(firstPart.length()));
    waitForCounters(figures(post.length()));
    assertThat(announcements()).as("counts that change nothing are not said again").isZero();

    demo.driver().findElement(By.id("f-image-1")).sendKeys(photo().toString());
    // A submit is refused without alt text: that is said as needed, not among the hints that
    // "do not stop you", on the page and aloud.
    demo.waitUntil(
        "the missing alt text shown as needed",
        () -> demo.driver().findElement(By.id("db-needed")).getText().contains("Image 1 needs"));
    assertThat(demo.driver().findElement(By.id("db-needed")).getText())
        .startsWith("Needed before you can submit:");
    assertThat(demo.driver().findElement(By.id("db-lint")).getText())
        .doesNotContain("Image 1 needs");
    demo.waitUntil(
        "the missing alt text said as needed",
        () -> announced().startsWith("Needed before you can submit: Image 1 needs alt text"));
    demo.assertPageClean("the compose page with an image to describe");
    String alt = "A librarian reads a picture book aloud to a circle of children.";
    demo.driver().findElement(By.id("f-image-1-alt")).sendKeys(alt);
    demo.waitUntil(
        "the alt text no longer needed",
        () -> demo.driver().findElement(By.id("db-needed")).getText().isEmpty());
    demo.driver().findElement(By.id("f-topic-readers-advisory")).click();
    demo.driver().findElement(By.id("f-intent-engagement")).click();
    demo.assertPageClean("the compose page filled in");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Submit for review']")).click();
    demo.waitForPage();

    assertSubmittedPostShows(post, alt);
    demo.assertPageClean("the submitted post");
  }

  @Test
  void staffWriteAndSubmitAPostWithTheKeyboardAlone() throws Exception {
    demo.signIn("staff2");
    Keyboard keyboard = new Keyboard(demo.driver());
    keyboard.tabToControl("Write a post");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Write a post");

    for (String account : THREE_ACCOUNTS) {
      keyboard.tabToField("f-account-" + account);
      keyboard.press(Keys.SPACE);
      assertThat(keyboard.focused().isSelected()).as(account + " is ticked").isTrue();
    }
    waitForCounters(figures(0));
    keyboard.tabToField("f-text");
    String post = "What are you reading this weekend?";
    keyboard.type(post);
    waitForCounters(figures(post.length()));

    // A file is chosen in the system's dialog, which a keyboard opens with Enter or Space; the
    // driver hands the file to the focused control in its place.
    keyboard.tabToField("f-image-1").sendKeys(photo().toString());
    keyboard.tabToField("f-image-1-alt");
    String alt = "Three paperbacks stacked on a reading chair.";
    keyboard.type(alt);

    keyboard.tabToField("f-topic-readers-advisory");
    keyboard.press(Keys.SPACE);
    keyboard.press(Keys.ARROW_DOWN);
    assertThat(keyboard.focused().getAttribute("id")).isEqualTo("f-topic-current-events");
    keyboard.press(Keys.ARROW_UP);
    assertThat(demo.driver().findElement(By.id("f-topic-readers-advisory")).isSelected()).isTrue();
    keyboard.tabToField("f-intent-engagement");
    keyboard.press(Keys.SPACE);
    keyboard.tabToControl("Submit for review");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the post page", () -> demo.driver().getCurrentUrl().contains("/posts/"));
    demo.waitForPage();

    assertSubmittedPostShows(post, alt);
  }

  @Test
  void aTimeChangedWithTheKeyboardChoosesAtASetTime() {
    demo.signIn("staff");
    demo.open("/digital-branch/compose");
    assertThat(demo.driver().findElement(By.id("f-when-asap")).isSelected()).isTrue();

    // A time already in the field, as on a scheduled post's edit form or a held post's approve
    // form; arrow up then steps the focused part of it, as a person changing it would.
    demo.driver()
        .executeScript("document.getElementById('f-publishAt').value = '2030-12-03T09:00';");
    demo.driver().findElement(By.id("f-publishAt")).sendKeys(Keys.ARROW_UP);

    demo.waitUntil(
        "the choice follows the time",
        () -> demo.driver().findElement(By.id("f-when-at")).isSelected());
    assertThat(demo.driver().findElement(By.id("f-when-asap")).isSelected()).isFalse();
  }

  @Test
  void aFormWithMistakesNamesThemAndPassesAxe() {
    demo.signIn("staff");
    demo.open("/digital-branch/compose");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Submit for review']")).click();
    demo.waitForPage();

    WebElement summary = demo.driver().findElement(By.className("db-error-summary"));
    assertThat(summary.getText()).startsWith("There is a problem");
    // Every missing field at once, not one per try.
    assertThat(summary.findElements(By.tagName("a")))
        .extracting(WebElement::getText)
        .contains("Choose at least one account.", "Write the post's text.", "Choose a topic.");
    // The summary takes the focus, so a keyboard or screen-reader user starts from it.
    assertThat(demo.driver().switchTo().activeElement()).isEqualTo(summary);
    demo.assertPageClean("the compose page with its errors");
  }

  @Test
  void theModeratorSeesTheBadgeOpensThePostChangesAWordAndApproves() throws Exception {
    String id =
        DemoApi.signedIn(demo.base(), "staff")
            .submitted(
                "Our book club meets on Tuesday evening.",
                List.of("mastodon-main", "bluesky-main"));
    demo.signIn("moderator");

    WebElement queueLink =
        demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/queue']"));
    String waiting = queueLink.findElement(By.className("badge")).getText();
    assertThat(Integer.parseInt(waiting)).isPositive();
    queueLink.click();
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.className("db-count")).getText())
        .isEqualTo(waiting + " waiting.");
    demo.assertPageClean("the queue with posts waiting");

    demo.driver().findElement(By.linkText("Our book club meets on Tuesday evening.")).click();
    demo.waitForPage();
    assertThat(demo.driver().getCurrentUrl()).endsWith("/posts/" + id);
    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Post by Sam Staff");
    demo.assertPageClean("a waiting post, for its moderator");

    demo.driver().findElement(By.linkText("Edit and approve")).click();
    demo.waitForPage();
    WebElement text = demo.driver().findElement(By.id("f-text"));
    text.clear();
    text.sendKeys("Our book club meets on Wednesday evening.");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Save and approve']")).click();
    demo.waitForPage();

    // The demo's publisher picks an approved post up within a second, so the page may already say
    // so.
    assertThat(demo.driver().findElement(By.cssSelector(".db-lead .db-state")).getText())
        .isIn("Approved", "Publishing", "Published");
    assertThat(demo.driver().findElement(By.className("db-post-text")).getText())
        .isEqualTo("Our book club meets on Wednesday evening.");
    WebElement diff = demo.driver().findElement(By.cssSelector(".db-history .db-diff"));
    assertThat(diff.findElement(By.tagName("del")).getText()).contains("Tuesday");
    assertThat(diff.findElement(By.tagName("ins")).getText()).contains("Wednesday");
    assertThat(demo.driver().findElement(By.cssSelector(".db-history tbody")).getText())
        .contains("Morgan Moderator");
    demo.assertPageClean("an approved post with its history");
  }

  @Test
  void theModeratorApprovesWithTheKeyboardAlone() throws Exception {
    DemoApi.signedIn(demo.base(), "staff2")
        .submitted("Storytime moves to the garden this week.", List.of("x-main"));
    demo.signIn("moderator2");
    Keyboard keyboard = new Keyboard(demo.driver());

    keyboard.tabToControl("Post queue");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    keyboard.tabToControl("Storytime moves to the garden this week.");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    keyboard.tabToControl("Edit and approve");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();

    keyboard.tabToField("f-text");
    keyboard.press(Keys.END, Keys.BACK_SPACE).type(" - bring a blanket!");
    keyboard.tabToControl("Save and approve");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the approved post", () -> !demo.driver().getCurrentUrl().contains("/edit"));
    demo.waitForPage();

    // The demo's publisher picks an approved post up within a second, so the page may already say
    // so.
    assertThat(demo.driver().findElement(By.cssSelector(".db-lead .db-state")).getText())
        .isIn("Approved", "Publishing", "Published");
    assertThat(demo.driver().findElement(By.className("db-post-text")).getText())
        .isEqualTo("Storytime moves to the garden this week - bring a blanket!");
  }

  @Test
  void theDashboardAndTheQueueFullOfPostsPassAxe() throws Exception {
    DemoApi staff = DemoApi.signedIn(demo.base(), "staff");
    DemoApi moderator = DemoApi.signedIn(demo.base(), "moderator");
    String approved =
        staff.submitted("Tell us the last book you could not put down.", List.of("mastodon-main"));
    moderator.act(approved, "approve", 2, "Lovely question.");
    staff.submitted("New large-print titles arrive on Monday.", List.of("facebook-main"));
    staff.draft("A draft about the summer reading club.", List.of("bluesky-main"), "promotion");

    demo.signIn("moderator");
    demo.open("/digital-branch/");
    assertThat(demo.mainText()).contains("Waiting in the queue", "The mix, last");
    demo.assertPageClean("the dashboard with the queue summary and the mix");
    demo.open("/digital-branch/queue");
    assertThat(demo.mainText()).contains("New large-print titles arrive on Monday.");
    demo.assertPageClean("the queue full of posts, for a moderator");

    demo.driver().manage().deleteAllCookies();
    demo.signIn("staff");
    demo.open("/digital-branch/queue");
    assertThat(demo.mainText())
        .contains("Your posts", "A draft about the summer reading club.", "Tell us the last book");
    demo.assertPageClean("the queue with the author's own posts");
    demo.open("/digital-branch/queue?mine=published&page=1");
    assertThat(demo.mainText()).contains("Your published posts", "Page 1 of 1");
    demo.assertPageClean("a page of the author's published posts");
    demo.open("/digital-branch/posts/" + approved);
    assertThat(demo.mainText()).contains("Lovely question.");
    demo.assertPageClean("an approved post, for its author");
  }
}
