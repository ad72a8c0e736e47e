package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 6's journey 4: {@code staff} searches from the header, then in the archive picks a
 * suggestion as they type, narrows the results to one platform and one month, and opens a thread
 * whose messages mark the words searched for. With the mouse and with the keyboard alone.
 *
 * <p>The host's header search box has no suggestions list (the host serves no script); the
 * suggestions are the archive's own search box's, so the journey picks one there.
 */
class ArchiveSearchJourneyInBrowserTest {

  /**
   * The demo's first catch-up on the sandbox's seeded thousands takes a while on a busy machine.
   */
  private static final Duration ARRIVAL = Duration.ofMinutes(4);

  /** A whole month inside the sandbox's sixty days of seeded history, whenever the test runs. */
  private static final LocalDate FIRST = LocalDate.now().minusMonths(1).withDayOfMonth(1);

  private static final LocalDate LAST = FIRST.plusMonths(1).minusDays(1);

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  @BeforeAll
  static void theArchiveHoldsLastMonthsMastodonConversationsAboutHolds() throws Exception {
    DemoApi staff = DemoApi.signedIn(demo.base(), "staff");
    demo.waitUntil(
        "the archive to hold last month's Mastodon conversations about holds",
        ARRIVAL,
        () -> {
          try {
            return staff
                    .get("archive/search?q=hold&platform=mastodon&from=" + FIRST + "&to=" + LAST)
                    .get("total")
                    .asInt()
                > 0;
          } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException(e));
          }
        });
  }

  /** What a person types into a date field here: Chromium's en-US month, day, year. */
  private static String typed(LocalDate day) {
    return day.format(DateTimeFormatter.ofPattern("MMddyyyy", Locale.US));
  }

  private static void assertHeaderSearchListsArchiveHits() {
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Search");
    assertThat(demo.mainText()).contains("Results for hold");
    List<WebElement> links = demo.driver().findElements(By.cssSelector(".search-hits li a"));
    assertThat(links).as("the archive's top hits and a link to all of them").hasSizeGreaterThan(1);
    assertThat(links.subList(0, links.size() - 1))
        .as("the archive's top hits, each a link to its conversation")
        .allSatisfy(
            link ->
                assertThat(link.getAttribute("href")).contains("/digital-branch/conversations/"));
    WebElement all = links.get(links.size() - 1);
    assertThat(all.getText()).matches("All \\d+ matching conversations in the archive");
    assertThat(all.getAttribute("href")).endsWith("/digital-branch/archive?q=hold");
  }

  /** The suggestion list open under the archive's box, and its options' words. */
  private static List<String> suggestionsShown() {
    WebElement list = demo.driver().findElement(By.id("archive-suggestions"));
    if (!list.isDisplayed()) {
      return List.of();
    }
    return list.findElements(By.cssSelector("[role=option]")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String platformFacet(String platform) {
    return demo.driver()
        .findElement(By.cssSelector("input[name=platform][value=" + platform + "]"))
        .getAttribute("id");
  }

  private static void assertNarrowedResults() {
    String url = demo.driver().getCurrentUrl();
    assertThat(url).contains("q=hold", "platform=mastodon", "from=" + FIRST, "to=" + LAST);
    assertThat(demo.driver().findElement(By.id(platformFacet("mastodon"))).isSelected()).isTrue();
    assertThat(demo.driver().findElement(By.id("archive-from")).getAttribute("value"))
        .isEqualTo(FIRST.toString());
    assertThat(demo.driver().findElement(By.id("archive-to")).getAttribute("value"))
        .isEqualTo(LAST.toString());
    assertThat(
            demo.driver()
                .findElement(By.cssSelector(".db-archive-results p[role=status]"))
                .getText())
        .matches("[\\d,]+ conversations? found, page 1 of \\d+\\.");
    List<WebElement> hits = demo.driver().findElements(By.cssSelector("li.db-hit"));
    assertThat(hits).isNotEmpty();
    for (WebElement hit : hits) {
      assertThat(hit.findElement(By.cssSelector("p.db-muted")).getText()).startsWith("mastodon ·");
    }
    assertThat(demo.driver().findElements(By.cssSelector("li.db-hit .db-snippet mark")))
        .isNotEmpty();
  }

  private static void assertThreadMarksTheSearchedWord() {
    // Named by whoever started the thread the search found, on the account it was on.
    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .endsWith(" on mastodon-main")
        .doesNotStartWith("Conversation");
    assertThat(demo.driver().findElement(By.className("db-searched")).getText())
        .isEqualTo("The words of your search hold are marked.");
    List<WebElement> marks = demo.driver().findElements(By.cssSelector(".db-message-text mark"));
    assertThat(marks).isNotEmpty();
    for (WebElement mark : marks) {
      assertThat(mark.getText().toLowerCase(Locale.ROOT)).startsWith("hold");
    }
  }

  @Test
  void staffSearchPickASuggestionNarrowToAPlatformAndAMonthAndOpenAThread() {
    demo.signIn("staff");
    WebElement header = demo.driver().findElement(By.id("site-search-q"));
    header.click();
    header.sendKeys("hold");
    demo.driver().findElement(By.cssSelector(".site-search button[type=submit]")).click();
    demo.waitForPage();
    assertHeaderSearchListsArchiveHits();
    assertThat(demo.driver().findElements(By.cssSelector(".site-search [role=listbox]")))
        .as("the header's box offers no suggestions")
        .isEmpty();

    demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/archive']")).click();
    demo.waitForPage();
    WebElement box = demo.driver().findElement(By.id("archive-q"));
    // The script makes the page's plain search box a combobox as it starts.
    assertThat(box.getAttribute("role")).isEqualTo("combobox");
    assertThat(box.getAttribute("aria-controls")).isEqualTo("archive-suggestions");
    box.click();
    box.sendKeys("hol");
    demo.waitUntil("the suggestions", () -> suggestionsShown().contains("hold"));
    assertThat(box.getAttribute("aria-expanded")).isEqualTo("true");
    demo.assertPageClean("the archive with its suggestions open");
    demo.driver()
        .findElement(By.xpath("//ul[@id='archive-suggestions']/li[normalize-space()='hold']"))
        .click();
    demo.waitUntil("the search for hold", () -> demo.driver().getCurrentUrl().contains("q=hold"));
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.id("archive-q")).getAttribute("value"))
        .isEqualTo("hold");

    demo.driver()
        .findElement(By.cssSelector("label[for=" + platformFacet("mastodon") + "]"))
        .click();
    demo.driver().findElement(By.id("archive-from")).sendKeys(typed(FIRST));
    demo.driver().findElement(By.id("archive-to")).sendKeys(typed(LAST));
    demo.driver().findElement(By.xpath("//button[normalize-space()='Apply filters']")).click();
    demo.waitForPage();
    assertNarrowedResults();
    demo.assertPageClean("the archive narrowed to one platform and one month");

    demo.driver().findElement(By.cssSelector("li.db-hit h3 a")).click();
    demo.waitForPage();
    assertThreadMarksTheSearchedWord();
    demo.assertPageClean("a thread opened from the results, its words marked");
  }

  @Test
  void theSameJourneyWithTheKeyboardAlone() {
    demo.signIn("staff");
    Keyboard keyboard = new Keyboard(demo.driver());
    keyboard.tabToField("site-search-q");
    keyboard.type("hold").press(Keys.ENTER);
    demo.waitUntil("the search page", () -> demo.driver().getCurrentUrl().contains("/search?"));
    demo.waitForPage();
    assertHeaderSearchListsArchiveHits();

    keyboard.tabToControl("Archive");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    keyboard.tabToField("archive-q");
    keyboard.type("hol");
    demo.waitUntil("the suggestions", () -> suggestionsShown().contains("hold"));
    // Down the list until "hold" is the active option, then Enter searches for it.
    for (int i = 0; i < suggestionsShown().size(); i++) {
      keyboard.press(Keys.ARROW_DOWN);
      String active = keyboard.focused().getAttribute("aria-activedescendant");
      if ("hold".equals(demo.driver().findElement(By.id(active)).getText())) {
        break;
      }
    }
    WebElement chosen =
        demo.driver().findElement(By.id(keyboard.focused().getAttribute("aria-activedescendant")));
    assertThat(chosen.getText()).isEqualTo("hold");
    assertThat(chosen.getAttribute("aria-selected")).isEqualTo("true");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the search for hold", () -> demo.driver().getCurrentUrl().contains("q=hold"));
    demo.waitForPage();

    keyboard.tabToField(platformFacet("mastodon"));
    keyboard.press(Keys.SPACE);
    keyboard.tabToField("archive-from");
    keyboard.type(typed(FIRST));
    keyboard.tabToField("archive-to");
    keyboard.type(typed(LAST));
    keyboard.tabToControl("Apply filters");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the narrowed results", () -> demo.driver().getCurrentUrl().contains("from="));
    demo.waitForPage();
    assertNarrowedResults();

    String firstHit = demo.driver().findElement(By.cssSelector("li.db-hit h3 a")).getText();
    keyboard.tabToControl(firstHit);
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the thread", () -> demo.driver().getCurrentUrl().contains("/conversations/"));
    demo.waitForPage();
    assertThreadMarksTheSearchedWord();
  }
}
