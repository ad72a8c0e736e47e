package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 6's journey 3: a customer's question arrives on the demo's sandbox Mastodon; {@code staff}
 * finds it in the inbox (newest first, on the Mastodon account), opens the conversation, sees how
 * similar questions were answered, replies, and the conversation shows as answered by them. With
 * the mouse, and with the keyboard alone by {@code staff2}, whose replies the demo holds for a
 * moderator's review (the pilot-team setting): a moderator finds it in the inbox and approves it.
 * And a moderator hides a patron's comment and shows it again, with the keyboard alone. The
 * conversation page passes axe before and after.
 */
class CustomerConversationInBrowserTest {

  /**
   * The demo's first catch-up on the sandbox's seeded thousands takes a while on a busy machine.
   */
  private static final Duration ARRIVAL = Duration.ofMinutes(4);

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  /**
   * Makes a customer ask on the sandbox's Mastodon and waits until the question is in the inbox and
   * the search index knows it well enough to offer similar answered conversations. Answers the
   * question as the inbox shows it: Mastodon puts the library's handle in front of a mention.
   */
  private static String customerAsks(String question) throws Exception {
    String[] shown = new String[1];
    DemoApi admin = DemoApi.signedIn(demo.base(), "admin");
    admin.customerWrites("mastodon", "Rosa Delgado", question);
    DemoApi staff = DemoApi.signedIn(demo.base(), "staff");
    demo.waitUntil(
        "the question to reach the inbox, with similar answered conversations beside it",
        ARRIVAL,
        () -> {
          try {
            for (JsonNode conversation :
                staff
                    .get(
                        "conversations?status=unanswered&account=mastodon-main&order=newest"
                            + "&limit=20")
                    .get("conversations")) {
              String text = conversation.path("latestCustomerText").asText();
              if (text.endsWith(question)) {
                shown[0] = text;
                return !staff
                    .get("conversations/" + conversation.get("id").asText() + "/similar")
                    .isEmpty();
              }
            }
            return false;
          } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException(e));
          }
        });
    return shown[0];
  }

  private static String status() {
    return demo.driver()
        .findElement(By.xpath("//dt[normalize-space()='Status']/following-sibling::dd[1]"))
        .getText();
  }

  /** The similar answered conversations beside the question: each with at least one answer. */
  private static List<WebElement> similarAnswers() {
    WebElement aside = demo.driver().findElement(By.cssSelector("aside.db-similar"));
    assertThat(aside.findElement(By.tagName("h2")).getText())
        .isEqualTo("How similar questions were answered");
    return aside.findElements(By.cssSelector("li blockquote.db-answer"));
  }

  private static void assertAnsweredBy(String name, String question, String reply) {
    // Said on arrival: the page opens with the focus on it, not at the top of the page.
    assertThat(demo.keyboardFocusId()).isEqualTo("db-notice");
    assertThat(status()).isEqualTo("answered (answered by " + name + ")");
    List<WebElement> messages = demo.driver().findElements(By.cssSelector("ol.db-messages > li"));
    assertThat(messages.get(0).getText()).contains("Rosa Delgado", question);
    WebElement ours = messages.get(messages.size() - 1);
    assertThat(ours.getAttribute("class")).contains("db-ours");
    assertThat(ours.findElement(By.className("db-badge")).getText()).isEqualTo("Library: " + name);
    // As Mastodon shows it: the patron mentioned (it notifies only those a status mentions),
    // without their server's name.
    assertThat(ours.findElement(By.className("db-message-text")).getText())
        .isEqualTo("@rosadelgado " + reply);
    assertThat(demo.driver().findElements(By.cssSelector("aside.db-similar")))
        .as("similar conversations stand beside unanswered questions only")
        .isEmpty();
  }

  /** Waits for a customer's comment under a new post of the sandbox's Facebook Page; its id. */
  private static String facebookComment(String name, String text) throws Exception {
    DemoApi.signedIn(demo.base(), "admin").customerWrites("facebook", name, text);
    DemoApi moderator = DemoApi.signedIn(demo.base(), "moderator");
    String[] id = new String[1];
    demo.waitUntil(
        "the comment to reach the inbox",
        ARRIVAL,
        () -> {
          try {
            for (JsonNode conversation :
                moderator
                    .get(
                        "conversations?status=unanswered&account=facebook-main&order=newest"
                            + "&limit=20")
                    .get("conversations")) {
              if (text.equals(conversation.path("latestCustomerText").asText())) {
                id[0] = conversation.get("id").asText();
                return true;
              }
            }
            return false;
          } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException(e));
          }
        });
    return id[0];
  }

  @Test
  void aModeratorHidesACommentAndShowsItAgainWithTheKeyboardAlone() throws Exception {
    String complaint = "Why did Eastside cut its Sunday hours? Families like mine rely on them.";
    String conversation = facebookComment("Lee Park", complaint);
    demo.signIn("moderator");
    demo.open("/digital-branch/conversations/" + conversation);
    Keyboard keyboard = new Keyboard(demo.driver());

    WebElement reason =
        keyboard.tabTo("the reason", e -> e.getAttribute("id").startsWith("reason-"));
    for (int i = 0; i < 10 && !"spam".equals(reason.getAttribute("value")); i++) {
      keyboard.press(Keys.ARROW_DOWN);
    }
    keyboard.tabToControl("Hide on the platform");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the hide", () -> !demo.driver().findElements(By.cssSelector(".db-badge")).isEmpty());
    demo.waitForPage();
    assertThat(keyboard.focused().getText())
        .isEqualTo(
            "The message from Lee Park is hidden on the platform; the archive keeps the original.");
    assertThat(
            demo.driver()
                .findElement(By.cssSelector("ol.db-messages > li:not(.db-ours)"))
                .getText())
        .contains("Hidden on the platform", complaint, "Hidden by Morgan Moderator");
    assertThat(status()).isEqualTo("nothing waits for an answer (no reply)");
    demo.assertPageClean("a hidden comment with its unhide form");

    // A second look: it is a fair complaint, and a public library's page should show it.
    keyboard.tabTo("the unhide reason", e -> e.getAttribute("id").startsWith("unhide-reason-"));
    keyboard.type("A fair complaint about our hours, not spam");
    keyboard.tabToControl("Unhide on the platform");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the unhide",
        () ->
            demo.driver().findElements(By.cssSelector(".db-notice")).stream()
                .anyMatch(n -> n.getText().contains("shown again")));
    demo.waitForPage();
    assertThat(keyboard.focused().getText())
        .isEqualTo(
            "The message from Lee Park is shown again on the platform; the hide stays on the"
                + " record.");
    assertThat(status()).isEqualTo("unanswered");
    assertThat(demo.driver().findElements(By.cssSelector(".db-moderation li")))
        .extracting(WebElement::getText)
        .hasSize(2)
        .last()
        .asString()
        .startsWith("Unhidden by Morgan Moderator")
        .contains("A fair complaint about our hours, not spam (done)");
    demo.assertPageClean("a comment shown again, both steps on the record");
  }

  @Test
  void staffFindsTheNewQuestionSeesHowOthersWereAnsweredAndReplies() throws Exception {
    String question = "How do I freeze a hold while I'm on vacation? Away for two weeks from May.";
    String shown = customerAsks(question);
    assertThat(shown).isEqualTo("@riversidelibrary " + question);
    demo.signIn("staff");

    demo.driver().findElement(By.cssSelector("nav.site-nav a[href$='/inbox']")).click();
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Inbox");
    new Select(demo.driver().findElement(By.id("inbox-account"))).selectByValue("mastodon-main");
    new Select(demo.driver().findElement(By.id("inbox-order"))).selectByValue("newest");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Show']")).click();
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.cssSelector(".db-inbox-table caption")).getText())
        .endsWith("unanswered first, the newest first");
    WebElement row =
        demo.driver().findElement(By.xpath("//tr[.//a[normalize-space()=\"" + shown + "\"]]"));
    assertThat(row.getText()).startsWith("Rosa Delgado").contains("mastodon-main", "Mention");
    assertThat(row.findElement(By.xpath("./td[5]")).getText()).startsWith("Waiting since");
    demo.assertPageClean("the inbox, newest first on one account");

    row.findElement(By.linkText(shown)).click();
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Rosa Delgado on mastodon-main");
    assertThat(demo.driver().getTitle()).startsWith("Rosa Delgado on mastodon-main · Conversation");
    assertThat(status()).isEqualTo("unanswered");
    List<WebElement> answers = similarAnswers();
    assertThat(answers).isNotEmpty();
    assertThat(answers.get(0).findElement(By.tagName("p")).getText()).isNotBlank();
    assertThat(answers.get(0).findElement(By.tagName("footer")).getText()).startsWith("— ");
    demo.assertPageClean("a new question with similar answered conversations beside it");

    String reply =
        "Hi Rosa! Open Holds in your account and choose Suspend; pick the date you are back.";
    demo.driver().findElement(By.id("db-reply-text")).sendKeys(reply);
    // The counter under the box counts the reply as it will go out, the @mention included.
    WebElement counter = demo.driver().findElement(By.id("db-reply-count"));
    demo.waitUntil("the reply's counter", counter::isDisplayed);
    assertThat(counter.getText())
        .matches("\\d+ of 500 characters as Mastodon counts them\\.")
        .isNotEqualTo(reply.length() + " of 500 characters as Mastodon counts them.");
    demo.driver().findElement(By.xpath("//button[normalize-space()='Send reply']")).click();
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.cssSelector(".db-notice[role=status]")).getText())
        .isEqualTo("Your reply was sent.");
    assertAnsweredBy("Sam Staff", question, reply);
    demo.assertPageClean("the conversation answered by staff");
  }

  @Test
  void staff2AnswersWithTheKeyboardAloneAndAModeratorApprovesTheHeldReply() throws Exception {
    String question = "Can I pick up my hold at Eastside instead of Main? I moved across town.";
    String shown = customerAsks(question);
    demo.signIn("staff2");
    Keyboard keyboard = new Keyboard(demo.driver());

    keyboard.tabToControl("Inbox");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    // A closed list box changes its choice with the arrow keys, one option a press.
    keyboard.tabToField("inbox-account");
    for (int i = 0;
        i < 10 && !"mastodon-main".equals(keyboard.focused().getAttribute("value"));
        i++) {
      keyboard.press(Keys.ARROW_DOWN);
    }
    assertThat(keyboard.focused().getAttribute("value")).isEqualTo("mastodon-main");
    keyboard.tabToField("inbox-order");
    keyboard.press(Keys.ARROW_DOWN);
    assertThat(keyboard.focused().getAttribute("value")).isEqualTo("newest");
    keyboard.tabToControl("Show");
    keyboard.press(Keys.ENTER);
    demo.waitUntil("the filtered inbox", () -> demo.driver().getCurrentUrl().contains("newest"));
    demo.waitForPage();

    keyboard.tabToControl(shown);
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the conversation", () -> demo.driver().getCurrentUrl().contains("/conversations/"));
    demo.waitForPage();
    String conversation = demo.driver().getCurrentUrl();
    assertThat(status()).isEqualTo("unanswered");
    assertThat(similarAnswers()).isNotEmpty();

    keyboard.tabToField("db-reply-text");
    String reply = "Yes! In your account open Holds and change the pickup place to Eastside.";
    keyboard.type(reply);
    keyboard.tabToControl("Send for review");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the reply held", () -> !demo.driver().findElements(By.className("db-notice")).isEmpty());
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.cssSelector(".db-notice[role=status]")).getText())
        .startsWith("Your reply waits for a moderator's review");
    assertThat(status()).isEqualTo("unanswered");
    assertThat(demo.driver().findElement(By.cssSelector(".db-held-reply-list")).getText())
        .contains(reply, "Waits for a moderator's review");
    demo.assertPageClean("a reply held for review, seen by its author");

    // A colleague at another desk: a browser of their own, without staff2's session.
    demo.driver().manage().deleteAllCookies();
    demo.signIn("moderator");
    keyboard.tabToControl("Inbox");
    keyboard.press(Keys.ENTER);
    demo.waitForPage();
    assertThat(demo.driver().findElement(By.id("db-held-title")).getText())
        .isEqualTo("Replies waiting for your review");
    demo.assertPageClean("the inbox with a held reply for a moderator");
    keyboard.tabToControl("Sasha Staff on mastodon-main");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the held reply's conversation",
        () -> demo.driver().getCurrentUrl().startsWith(conversation));
    demo.waitForPage();
    demo.assertPageClean("a held reply with the moderator's forms");
    keyboard.tabToControl("Approve and send");
    keyboard.press(Keys.ENTER);
    demo.waitUntil(
        "the approval",
        () -> !demo.driver().findElements(By.cssSelector(".db-notice[role=status]")).isEmpty());
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.cssSelector(".db-notice[role=status]")).getText())
        .isEqualTo("You approved Sasha Staff's reply; it was sent.");
    assertAnsweredBy("Sasha Staff", question, reply);
  }
}
