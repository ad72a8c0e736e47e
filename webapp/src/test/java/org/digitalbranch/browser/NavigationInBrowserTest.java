package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The header every page shares, per role: the navigation, the moderators' queue badge, the search
 * box; and the host's pages behind it (home, search, the plugin's dashboard), each clean under axe
 * and the page hook, reached with the mouse and with the keyboard alone.
 */
class NavigationInBrowserTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  private static List<String> navigation() {
    return demo.driver().findElements(By.cssSelector("nav.site-nav a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void staffSeeTheirToolsInTheHeaderAndNoQueueBadge() {
    demo.signIn("staff");

    assertThat(navigation())
        .containsExactly(
            "Home", "Digital Branch", "Post queue", "Write a post", "Inbox", "Archive");
    assertThat(
            demo.driver()
                .findElement(By.cssSelector("nav.site-nav a[aria-current=page]"))
                .getText())
        .isEqualTo("Home");
    assertThat(demo.mainText())
        .contains("Your tools", "Digital Branch")
        .doesNotContain("Installed plugins");
    demo.assertPageClean("the home page for staff");
  }

  @Test
  void theModeratorSeesHowManyPostsWaitInTheQueueBadge() throws Exception {
    DemoApi staff = DemoApi.signedIn(demo.base(), "staff");
    staff.submitted("Badge check: which book made you a reader?", List.of("mastodon-main"));
    staff.submitted("Badge check: what are you reading tonight?", List.of("bluesky-main"));

    demo.signIn("moderator");

    WebElement queue = demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/queue']"));
    assertThat(queue.getText()).startsWith("Post queue 2");
    assertThat(queue.findElement(By.className("badge")).getText()).isEqualTo("2");
    assertThat(queue.findElement(By.className("visually-hidden")).getAttribute("textContent"))
        .isEqualTo("(2 waiting)");
    demo.assertPageClean("the home page for a moderator with a queue");
  }

  @Test
  void theAdministratorSeesWhichPluginsRun() {
    demo.signIn("admin");

    assertThat(demo.mainText())
        .contains(
            "Installed plugins", "Digital Branch org.digitalbranch", "Every plugin found started.");
    demo.assertPageClean("the home page for an administrator");
  }

  @Test
  void theDashboardListsTheDemoAccounts() {
    demo.signIn("staff");
    demo.driver().findElement(By.linkText("Digital Branch")).click();
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Digital Branch");
    assertThat(demo.mainText())
        .contains("Sam Staff", "mastodon-main", "@riversidelibrary@sandbox.social");
    assertThat(
            demo.driver()
                .findElement(By.cssSelector("nav.site-nav a[aria-current=page]"))
                .getText())
        .isEqualTo("Digital Branch");
    demo.assertPageClean("the dashboard");
  }

  @Test
  void searchFromTheHeaderWithTheKeyboardAloneAndTheResultsPage() {
    demo.signIn("staff");
    Keyboard keyboard = new Keyboard(demo.driver());

    keyboard.tabToField("site-search-q");
    keyboard.type("large print").press(Keys.ENTER);
    demo.waitUntil("the search page", () -> demo.driver().getCurrentUrl().contains("/search?"));
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Search");
    assertThat(demo.mainText()).contains("Results for large print");
    assertThat(demo.driver().findElement(By.id("site-search-q")).getAttribute("value"))
        .isEqualTo("large print");
    demo.assertPageClean("the search results");

    demo.open("/search");
    assertThat(demo.mainText()).contains("Type what you are looking for in the search box above.");
    demo.assertPageClean("the search page without a query");
  }

  @Test
  void everyHeaderLinkIsReachedByTabWithVisibleFocusAndEnterFollowsIt() {
    demo.signIn("moderator");
    Keyboard keyboard = new Keyboard(demo.driver());

    for (String link : List.of("Digital Branch", "Home")) {
      keyboard.tabToControl(link);
      keyboard.press(Keys.ENTER);
      demo.waitForPage();
      assertThat(
              demo.driver()
                  .findElement(By.cssSelector("nav.site-nav a[aria-current=page]"))
                  .getText())
          .isEqualTo(link);
    }
    keyboard.tabToControl("Sign out");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the sign-in page", () -> demo.driver().getCurrentUrl().contains("/login"));
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
  }
}
