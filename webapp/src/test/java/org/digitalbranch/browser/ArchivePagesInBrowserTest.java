package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The inbox and the archive search as the demo fills them, reached from the header with the
 * keyboard, clean under axe and the page hook, a search query shown as typed; their empty answers
 * (nothing matches, a page past the last) and the accounts page in the demo's full state.
 */
class ArchivePagesInBrowserTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  @Test
  void theInboxListsWhatTheSandboxPlatformsSent() {
    // The demo polls its sandbox platforms from start, so the inbox fills within seconds; the
    // empty state is checked in the plugin's ArchiveEmptyPagesTest.
    demo.signIn("staff2");
    demo.waitUntil(
        "the sandbox's conversations in the inbox",
        () -> {
          demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/inbox']")).click();
          demo.waitForPage();
          return demo.mainText().contains("Waiting since");
        });

    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Inbox");
    demo.assertPageClean("the inbox with the sandbox's conversations");
  }

  @Test
  void theArchiveIsSearchedWithTheKeyboardAlone() {
    demo.signIn("staff");
    Keyboard keyboard = new Keyboard(demo.driver());
    keyboard.tabToControl("Archive");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Archive");
    demo.assertPageClean("the archive without a query");

    keyboard.tabToField("archive-q");
    keyboard.type("large print").press(Keys.ENTER);
    demo.waitUntil("the results", () -> demo.driver().getCurrentUrl().contains("q=large"));
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.id("archive-q")).getAttribute("value"))
        .isEqualTo("large print");
    demo.assertPageClean("the archive's answer to a search");
  }

  @Test
  void searchesAndInboxPagesThatFindNothingSaySoAndPassAxe() {
    demo.signIn("staff");
    demo.open("/digital-branch/archive?q=zzqxvj");
    assertThat(demo.mainText()).contains("Nothing matches. Try fewer words or filters.");
    demo.assertPageClean("the archive's empty answer to a search");

    demo.open("/digital-branch/inbox?offset=1000000");
    assertThat(demo.mainText()).contains("This page is past the end of the list.");
    demo.assertPageClean("the inbox past its last conversation");
  }

  @Test
  void theAccountsPageWithTheFiveDemoAccountsPassesAxe() {
    demo.signIn("admin");
    // Each account shows how reading its conversations went, once its first poll is done.
    demo.waitUntil(
        "every demo account read once",
        Duration.ofSeconds(60),
        () -> {
          demo.open("/digital-branch/accounts");
          return demo.mainText().split("Last read ", -1).length - 1 == 5;
        });

    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Accounts");
    assertThat(demo.mainText())
        .contains("facebook-main", "instagram-main", "mastodon-main", "bluesky-main", "x-main")
        .doesNotContain("not read yet");
    demo.assertPageClean("the accounts page with the five demo accounts");
  }

  @Test
  void aRebuildShowsALabelledProgressBarAndItsLiveRegionSaysWhenItIsDone() {
    demo.signIn("admin");
    demo.open("/digital-branch/archive/rebuild");
    demo.assertPageClean("the rebuild page before a rebuild");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Rebuild the index']")).click();
    demo.waitForPage();

    // The script follows the rebuild to its end without a reload, in the page's live region.
    demo.waitUntil(
        "the live region saying the rebuild is done",
        Duration.ofSeconds(60),
        () -> demo.driver().findElement(By.id("rebuild-status")).getText().startsWith("Done"));
    String done = demo.driver().findElement(By.id("rebuild-status")).getText();
    java.util.regex.Matcher indexed =
        java.util.regex.Pattern.compile("^Done: (\\d+) conversations").matcher(done);
    assertThat(indexed.find()).as(done).isTrue();
    for (WebElement bar : demo.driver().findElements(By.id("rebuild-progress"))) {
      // Still there after the updates, with its label, at the final figure.
      assertThat(demo.driver().findElement(By.cssSelector("label[for=rebuild-progress]")).getText())
          .isEqualTo("Conversations indexed");
      assertThat(bar.getAttribute("value")).isEqualTo(indexed.group(1));
    }
    demo.assertPageClean("the rebuild page after a rebuild");
  }

  @Test
  void theSettingsPageShowsTheDemosAccountsAndTeamsAndPassesAxe() {
    demo.signIn("admin");
    demo.open("/digital-branch/settings");

    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Settings");
    assertThat(demo.mainText())
        .contains(
            "This is the demo",
            "mastodon-main",
            "the demo's sandbox",
            "harassment",
            "every 10 seconds per account (the demo reads its sandboxes this often");
    demo.assertPageClean("the settings page");
  }

  @Test
  void onEveryPlatformAThreadUnderAPostOfTheQueueIsFoundByThatPostsTopic() {
    // The sandboxes' own library posts are the queue's published history; their readers give each
    // thread its root's id as the platform does, and the archive links it to the queue's post.
    demo.signIn("staff");
    for (String platform : List.of("facebook", "instagram", "mastodon", "bluesky", "x")) {
      demo.waitUntil(
          platform + " threads with the topic of their post",
          Duration.ofSeconds(60),
          () -> {
            demo.open(
                "/digital-branch/archive?q="
                    + URLEncoder.encode(
                        "topic:events platform:" + platform, StandardCharsets.UTF_8));
            return !demo.mainText().contains("Nothing matches");
          });
    }
    assertThat(demo.mainText()).contains("Topic");
    demo.assertPageClean("the archive filtered by the topic of the threads' posts");
  }

  @Test
  void onANarrowScreenTheWideTablesScrollInsideThePageNotThePage() throws Exception {
    // A post record's previews are headed by the account's full handle, the longest unbroken
    // words any page shows ("Mastodon · @riversidelibrary@sandbox.social").
    String post =
        DemoApi.signedIn(demo.base(), "admin")
            .submitted("Large print books are on the second floor.", List.of("mastodon-main"));
    Dimension wide = demo.driver().manage().window().getSize();
    // 320 CSS pixels: WCAG 1.4.10's reflow width, a phone's, or 1280 pixels at 400 % zoom.
    demo.driver().manage().window().setSize(new Dimension(320, 900));
    try {
      demo.signIn("admin");
      for (String page :
          List.of(
              "/digital-branch/",
              "/digital-branch/inbox",
              "/digital-branch/accounts",
              "/digital-branch/compose",
              "/digital-branch/archive?q=library+card",
              "/digital-branch/queue",
              "/digital-branch/posts/" + post)) {
        demo.open(page);
        Object widths =
            ((JavascriptExecutor) demo.driver())
                .executeScript(
                    "return [document.documentElement.scrollWidth,"
                        + " document.documentElement.clientWidth]");
        List<?> pair = (List<?>) widths;
        assertThat(((Number) pair.get(0)).longValue())
            .as("the page's width at 320 pixels: " + page)
            .isLessThanOrEqualTo(((Number) pair.get(1)).longValue());
      }
      demo.assertPageClean("the queue on a narrow screen");
      demo.open("/digital-branch/");
      demo.assertPageClean("the dashboard on a narrow screen, its accounts table a region");
    } finally {
      demo.driver().manage().window().setSize(wide);
    }
  }

  @Test
  void everyPayloadTypedIntoTheArchiveSearchStaysText() {
    demo.signIn("staff");
    for (String payload : XssPayloads.all()) {
      demo.open("/digital-branch/archive?q=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));

      assertThat(demo.driver().findElement(By.id("archive-q")).getAttribute("value"))
          .isEqualTo(payload);
      assertThat(demo.hook().injectedMarkup()).as("markup made of " + payload).isEmpty();
      PageHook.Report report = demo.hook().report();
      assertThat(report.quiet()).as("the archive searched for " + payload + ": " + report).isTrue();
    }
  }
}
