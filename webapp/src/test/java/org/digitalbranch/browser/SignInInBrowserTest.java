package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Signing in, as each demo user sees it, with the mouse and with the keyboard alone. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInInBrowserTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  @ParameterizedTest
  @CsvSource({
    "staff, Sam Staff",
    "staff2, Sasha Staff",
    "moderator, Morgan Moderator",
    "moderator2, Max Moderator",
    "admin, Alex Admin"
  })
  void eachDemoUserSignsInAndIsWelcomedByName(String user, String displayName) {
    demo.signIn(user);

    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Welcome, " + displayName);
    assertThat(demo.driver().findElement(By.className("site-user-name")).getText())
        .isEqualTo(displayName);
    assertThat(demo.driver().getTitle()).startsWith("Home");
  }

  @Test
  void theSignInPageListsTheDemoUsersAndPassesAxe() {
    demo.open("/login");

    assertThat(demo.mainText())
        .contains("Demo users", "Each user's password is the user name.", "moderator2");
    assertThat(demo.keyboardFocusId()).isEqualTo("login-username");
    Axe.assertNoSeriousViolations(demo.driver(), "the sign-in page");
  }

  @Test
  void aWrongPasswordIsToldPlainlyOnTheFormAndPassesAxe() {
    demo.open("/login");
    demo.driver().findElement(By.id("login-username")).sendKeys("staff");
    demo.driver().findElement(By.id("login-password")).sendKeys("not-the-password");
    demo.driver().findElement(By.cssSelector(".login-form button")).click();
    demo.waitForPage();

    WebElement alert = demo.driver().findElement(By.cssSelector("[role=alert]"));
    assertThat(alert.getText()).isEqualTo("Wrong user name or password.");
    assertThat(demo.driver().findElement(By.id("login-username")).getAttribute("value"))
        .isEqualTo("staff");
    // Only the password is typed again: the focus waits there.
    assertThat(demo.driver().switchTo().activeElement().getAttribute("id"))
        .isEqualTo("login-password");
    assertThat(demo.driver().getCurrentUrl()).endsWith("/login");
    Axe.assertNoSeriousViolations(demo.driver(), "the sign-in page with its error");
  }

  @Test
  void signingInWithTheKeyboardAloneShowsWhereTheFocusIs() {
    demo.open("/login");
    Keyboard keyboard = new Keyboard(demo.driver());

    // The form focuses the user name itself (autofocus).
    keyboard.type("moderator");
    keyboard.assertFocusVisible(keyboard.focused());
    keyboard.tabToField("login-password");
    keyboard.type("moderator").press(Keys.ENTER);
    demo.waitUntil("the home page", () -> !demo.driver().getCurrentUrl().contains("/login"));
    demo.waitForPage();

    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Welcome, Morgan Moderator");
    WebElement skip = keyboard.tabToControl("Skip to main content");
    assertThat(skip.getRect().getY()).as("the skip link comes into view").isGreaterThanOrEqualTo(0);
    keyboard.press(Keys.ENTER);
    assertThat(demo.keyboardFocusId()).isEqualTo("main");
  }

  /** Last, because it makes this address wait; it waits that out and signs in to clear it. */
  @Test
  @Order(Integer.MAX_VALUE)
  void repeatedWrongPasswordsAreSlowedDownWithAMessageThatSaysHowLong() throws Exception {
    String message = "";
    for (int attempt = 1; attempt <= 12 && !message.startsWith("Too many"); attempt++) {
      demo.open("/login");
      demo.driver().findElement(By.id("login-username")).sendKeys("staff");
      demo.driver().findElement(By.id("login-password")).sendKeys("guess-" + attempt);
      demo.driver().findElement(By.cssSelector(".login-form button")).click();
      demo.waitForPage();
      message = demo.driver().findElement(By.cssSelector("[role=alert]")).getText();
    }

    assertThat(message)
        .matches(
            "Too many failed sign-ins from your computer\\. Please wait \\d+ seconds?"
                + " and try again\\.");
    Axe.assertNoSeriousViolations(demo.driver(), "the sign-in page while throttled");
    long seconds = Long.parseLong(message.replaceAll("\\D+", ""));
    Thread.sleep(Duration.ofSeconds(seconds).plusMillis(300));
    demo.signIn("staff");
    assertThat(demo.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Welcome, Sam Staff");
  }
}
