package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 6's journey 5: {@code admin} pauses all publishing, {@code moderator} sees the pause on the
 * queue, {@code admin} resumes; with the mouse and with the keyboard alone. The demo here holds no
 * post, so the queue's empty states are checked too.
 */
class PublishingPauseInBrowserTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  private static String done() {
    return demo.driver().findElement(By.className("db-done")).getText();
  }

  private static boolean bannerShown() {
    return !demo.driver().findElements(By.className("db-banner-paused")).isEmpty();
  }

  private static void openQueue() {
    demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/queue']")).click();
    demo.waitForPage();
  }

  @Test
  void theEmptyQueueSaysSoToStaffAndModerators() {
    demo.signIn("staff");
    openQueue();
    assertThat(demo.mainText())
        .contains("You have not written a post yet.")
        .doesNotContain("Waiting for a decision");
    demo.assertPageClean("the empty queue for staff");

    demo.driver().manage().deleteAllCookies();
    demo.signIn("moderator");
    openQueue();
    assertThat(demo.mainText()).contains("Waiting for a decision", "Nothing waits.");
    assertThat(demo.driver().findElements(By.cssSelector("form button[value=pause]")))
        .as("only admins hold the switch")
        .isEmpty();
    demo.assertPageClean("the empty queue for a moderator");
  }

  @Test
  void anAdminPausesPublishingTheModeratorSeesItAndTheAdminResumes() {
    demo.signIn("admin");
    openQueue();
    assertThat(demo.mainText()).contains("Publishing is running.");
    demo.assertPageClean("the queue for an admin, publishing running");
    demo.driver()
        .findElement(By.xpath("//button[normalize-space()='Pause all publishing']"))
        .click();
    demo.waitForPage();

    assertThat(done()).isEqualTo("Publishing is paused. Nothing goes out until it is resumed.");
    assertThat(demo.driver().findElement(By.className("db-banner-paused")).getText())
        .startsWith("Publishing is paused by Alex Admin since");
    demo.assertPageClean("the queue for an admin, publishing paused");

    demo.driver().manage().deleteAllCookies();
    demo.signIn("moderator");
    openQueue();
    WebElement banner = demo.driver().findElement(By.cssSelector(".db-banner-paused[role=status]"));
    assertThat(banner.getText())
        .startsWith("Publishing is paused by Alex Admin since")
        .endsWith("nothing goes out until an admin resumes publishing.");
    demo.assertPageClean("the queue for a moderator, publishing paused");

    demo.driver().manage().deleteAllCookies();
    demo.signIn("admin");
    openQueue();
    demo.driver().findElement(By.xpath("//button[normalize-space()='Resume publishing']")).click();
    demo.waitForPage();

    assertThat(done()).isEqualTo("Publishing is running again.");
    assertThat(bannerShown()).isFalse();
    demo.driver().manage().deleteAllCookies();
    demo.signIn("moderator");
    openQueue();
    assertThat(bannerShown()).isFalse();
  }

  @Test
  void theSwitchWorksWithTheKeyboardAlone() {
    demo.signIn("admin");
    Keyboard keyboard = new Keyboard(demo.driver());
    keyboard.tabToControl("Post queue");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();

    keyboard.tabToControl("Pause all publishing");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the pause", () -> demo.mainText().contains("Publishing is paused. Nothing goes out"));
    assertThat(bannerShown()).isTrue();

    keyboard.tabToControl("Resume publishing");
    keyboard.press(Keys.SPACE);
    demo.waitUntil("the resume", () -> demo.mainText().contains("Publishing is running again."));
    assertThat(bannerShown()).isFalse();
  }
}
