package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The pages work for reading and acting with the page's own scripts switched off, as they must for
 * a locked-down workstation or a script that failed to load: forms post and redirect, and the
 * scripts only add counters and suggestions. The browser still runs the test's own probes.
 */
class WithoutJavaScriptInBrowserTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  @BeforeEach
  void switchThePagesScriptsOff() {
    demo.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
  }

  @Test
  void staffWriteAndSubmitAPostWithScriptsOff() {
    demo.signIn("staff");
    demo.driver().findElement(By.linkText("Write a post")).click();
    demo.waitForPage();
    demo.driver().findElement(By.id("f-account-mastodon-main")).click();
    demo.driver().findElement(By.id("f-account-bluesky-main")).click();
    String post = "The seed library opens on Saturday: bring a packet, take a packet.";
    demo.driver().findElement(By.id("f-text")).sendKeys(post);
    demo.driver().findElement(By.id("f-topic-services")).click();
    demo.driver().findElement(By.id("f-intent-engagement")).click();

    assertThat(demo.driver().findElements(By.cssSelector("#db-counters li.db-counter")))
        .as("no script ran to build the live counters")
        .isEmpty();
    demo.driver().findElement(By.xpath("//button[normalize-space()='Submit for review']")).click();
    demo.waitForPage();

    assertThat(demo.driver().getCurrentUrl()).contains("/digital-branch/posts/");
    assertThat(demo.driver().findElement(By.cssSelector(".db-lead .db-state")).getText())
        .isEqualTo("Waiting for review");
    assertThat(demo.driver().findElement(By.className("db-post-text")).getText()).isEqualTo(post);
  }

  @Test
  void aModeratorApprovesWithScriptsOff() throws Exception {
    String id =
        DemoApi.signedIn(demo.base(), "staff2")
            .submitted("Tax forms are at the front desk while they last.", List.of("x-main"));
    demo.signIn("moderator");
    demo.open("/digital-branch/posts/" + id);

    WebElement approve =
        demo.driver()
            .findElement(By.xpath("//form[.//button[normalize-space()='Approve']]//button"));
    approve.click();
    demo.waitForPage();

    // The demo's publisher may already have taken the approved post up.
    assertThat(demo.driver().findElement(By.cssSelector(".db-lead .db-state")).getText())
        .isIn("Approved", "Publishing", "Published");
    assertThat(demo.driver().findElement(By.cssSelector(".db-history tbody")).getText())
        .contains("Morgan Moderator");
  }

  @Test
  void staffSearchTheArchiveAndOpenAThreadWithScriptsOff() {
    demo.signIn("staff");
    // The demo ingests its few thousand sandbox conversations after start: a loaded machine
    // takes a while.
    demo.waitUntil(
        "the sandbox's conversations in the archive",
        Duration.ofMinutes(4),
        () -> {
          demo.open("/digital-branch/archive?q=card");
          return !demo.driver().findElements(By.cssSelector(".db-hits .db-hit")).isEmpty();
        });
    demo.open("/digital-branch/archive");
    assertThat(demo.driver().findElement(By.id("archive-q")).getAttribute("role"))
        .as("no combobox without the script that opens its suggestions")
        .isNull();
    demo.driver().findElement(By.id("archive-q")).sendKeys("library card");
    demo.driver().findElement(By.cssSelector("form.db-archive-search button[type=submit]")).click();
    demo.waitForPage();

    assertThat(demo.driver().getCurrentUrl()).contains("q=library+card");
    List<WebElement> hits = demo.driver().findElements(By.cssSelector(".db-hits .db-hit"));
    assertThat(hits).isNotEmpty();
    hits.get(0).findElement(By.tagName("a")).click();
    demo.waitForPage();
    assertThat(demo.driver().getCurrentUrl()).contains("/digital-branch/conversations/");
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isNotBlank();
  }
}
