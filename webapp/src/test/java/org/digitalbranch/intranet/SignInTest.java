package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInTest {

  @TempDir Path data;

  private RunningIntranet intranet;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data).withoutClasspathPlugins());
    browser = intranet.browser();
  }

  @AfterEach
  void stop() throws Exception {
    intranet.close();
  }

  @Test
  void everyDemoUserSignsInWithTheirNameAsPassword() throws Exception {
    Map<String, String> displayNames =
        Map.of(
            "staff", "Sam Staff",
            "staff2", "Sasha Staff",
            "moderator", "Morgan Moderator",
            "moderator2", "Max Moderator",
            "admin", "Alex Admin");
    for (var user : displayNames.entrySet()) {
      Browser someone = intranet.browser();

      HttpResponse<String> signIn = someone.signIn(user.getKey(), user.getKey());

      assertThat(signIn.statusCode()).as(user.getKey()).isEqualTo(303);
      assertThat(signIn.headers().firstValue("Location")).hasValue("/");
      HttpResponse<String> home = someone.get("/");
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("<h1>Welcome, " + user.getValue() + "</h1>");
    }
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
    String csrf = Browser.csrfOf(browser.get("/login"));

    HttpResponse<String> wrongPassword =
        browser.post("/login", Map.of("csrf", csrf, "username", "staff", "password", "nope"));
    HttpResponse<String> unknownUser =
        browser.post("/login", Map.of("csrf", csrf, "username", "nobody", "password", "nope"));

    assertThat(wrongPassword.statusCode()).isEqualTo(200);
    assertThat(unknownUser.statusCode()).isEqualTo(wrongPassword.statusCode());
    // The same page but for the name typed, which stays in its box: nothing says which names exist.
    assertThat(unknownUser.body().replace("value=\"nobody\"", "value=\"staff\""))
        .isEqualTo(wrongPassword.body());
    assertThat(wrongPassword.body()).contains("value=\"staff\"");
    assertThat(wrongPassword.body()).contains("Wrong user name or password.");
    // The message is tied to the boxes, so a screen reader reads it with the password's box too.
    assertThat(wrongPassword.body())
        .contains("id=\"login-error\" role=\"alert\">Wrong user name or password.")
        .containsPattern("id=\"login-password\"[^>]* aria-describedby=\"login-error\"")
        .containsPattern("id=\"login-username\"[^>]* aria-describedby=\"login-error\"");
    assertThat(wrongPassword.body()).containsPattern("<title>Error: Sign in[^<]*</title>");
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void theLogSaysWhoSignedInAndWhoFailedButNeverATypedNameNoUserHas() throws Exception {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      browser.signIn("staff", "wrong");
      browser.signIn("Tr0ub4dor&3", "staff");
      browser.signIn("staff", "staff");
    } finally {
      System.setErr(before);
    }
    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(log)
        .contains("sign-in failed for user staff from 127.0.0.1")
        .contains("sign-in failed for an unknown user name from 127.0.0.1")
        .contains("staff signed in from 127.0.0.1")
        .as("a password typed into the name's box stays out of the log")
        .doesNotContain("Tr0ub4dor");
    assertThat(
            log.lines().filter(line -> line.contains("signed in from")).findFirst().orElseThrow())
        .as("each line says when")
        .matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [+-]\\d{4} .*");
  }

  @Test
  void signingInGivesTheSessionANewId() throws Exception {
    browser.get("/login");
    String before = browser.sessionId().orElseThrow();

    browser.signedInAs("staff", "staff");

    assertThat(browser.sessionId()).isPresent().get().isNotEqualTo(before);
    Browser attacker = intranet.browser();
    attacker.useSessionId(before);
    assertThat(attacker.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteLaxAndNotSecureOverPlainHttp() throws Exception {
    HttpResponse<String> form = browser.get("/login");

    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax");
    assertThat(cookie.toLowerCase()).doesNotContain("secure");
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    browser.signedInAs("moderator", "moderator");
    String session = browser.sessionId().orElseThrow();
    String csrf = Browser.csrfOf(browser.get("/"));

    HttpResponse<String> signOut = browser.post("/logout", Map.of("csrf", csrf));

    assertThat(signOut.statusCode()).isEqualTo(303);
    assertThat(signOut.headers().firstValue("Location")).hasValue("/login");
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
    Browser replay = intranet.browser();
    replay.useSessionId(session);
    assertThat(replay.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void signingOutWithoutTheCsrfTokenIsRefused() throws Exception {
    browser.signedInAs("staff", "staff");

    HttpResponse<String> signOut = browser.post("/logout", Map.of());

    assertThat(signOut.statusCode()).isEqualTo(403);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void signingOutWithTheTokenOnlyInTheAddressIsRefused() throws Exception {
    browser.signedInAs("staff", "staff");
    String csrf = Browser.csrfOf(browser.get("/"));

    HttpResponse<String> plain = browser.post("/logout?csrf=" + csrf, Map.of());
    HttpResponse<String> encoded = browser.post("/logout?%63srf=" + csrf, Map.of());

    assertThat(plain.statusCode()).isEqualTo(403);
    assertThat(encoded.statusCode()).isEqualTo(403);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void signingInWithTheTokenOnlyInTheAddressIsRefused() throws Exception {
    String csrf = Browser.csrfOf(browser.get("/login"));

    HttpResponse<String> signIn =
        browser.post("/login?csrf=" + csrf, Map.of("username", "staff", "password", "staff"));

    assertThat(signIn.statusCode()).isEqualTo(403);
    assertThat(signIn.body()).contains("The sign-in form had expired. Please sign in again.");
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void aTokenInTheAddressSpoilsTheOneInTheForm() throws Exception {
    // The address's value would be the one getParameter returns; neither is trusted then.
    String csrf = Browser.csrfOf(browser.get("/login"));

    HttpResponse<String> signIn =
        browser.post(
            "/login?csrf=" + csrf, Map.of("csrf", csrf, "username", "staff", "password", "staff"));

    assertThat(signIn.statusCode()).isEqualTo(403);
  }

  @Test
  void signingInWithoutTheCsrfTokenIsRefused() throws Exception {
    browser.get("/login");

    HttpResponse<String> withoutToken =
        browser.post("/login", Map.of("username", "staff", "password", "staff"));
    HttpResponse<String> withAWrongToken =
        browser.post("/login", Map.of("csrf", "guess", "username", "staff", "password", "staff"));

    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(withoutToken.body()).contains("The sign-in form had expired. Please sign in again.");
    assertThat(withAWrongToken.statusCode()).isEqualTo(403);
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void repeatedFailuresFromOneAddressAreSlowedDown() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertThat(browser.signIn("staff", "wrong").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> evenTheRightPassword = browser.signIn("staff", "staff");

    assertThat(evenTheRightPassword.statusCode()).isEqualTo(429);
    assertThat(evenTheRightPassword.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(evenTheRightPassword.body()).contains("Too many failed sign-ins");
    Thread.sleep(1_100);
    assertThat(browser.signIn("staff", "staff").statusCode()).isEqualTo(303);
  }

  @Test
  void afterSignInTheBrowserGoesWhereItWasGoing() throws Exception {
    HttpResponse<String> search = browser.get("/search?q=ebook");
    assertThat(search.statusCode()).isEqualTo(302);
    String login = search.headers().firstValue("Location").orElseThrow();
    assertThat(login).isEqualTo("/login?next=%2Fsearch%3Fq%3Debook");

    HttpResponse<String> signIn = browser.signIn("staff", "staff", login);

    assertThat(signIn.headers().firstValue("Location")).hasValue("/search?q=ebook");
  }

  @Test
  void aFormSentAfterTheSessionEndedIsSaidNotToHaveBeenSentUntilSignInSucceeds() throws Exception {
    String notSent = "Your session ended before your form was sent, so nothing was changed.";
    HttpResponse<String> page =
        browser.get("/login?next=%2Fdigital-branch%2Fposts%2Fp1&why=unsent");
    assertThat(page.body())
        .contains("<p class=\"notice\" id=\"login-unsent\">" + notSent)
        .as("said where the focus lands")
        .contains("autofocus aria-describedby=\"login-unsent\"");

    // A mistyped password keeps the sentence and where to go.
    HttpResponse<String> wrong =
        browser.post(
            "/login",
            Map.of(
                "csrf",
                Browser.csrfOf(page),
                "username",
                "staff",
                "password",
                "wrong",
                "next",
                "/digital-branch/posts/p1",
                "why",
                "unsent"));
    assertThat(wrong.body())
        .contains(notSent)
        .contains("<input type=\"hidden\" name=\"why\" value=\"unsent\">");

    assertThat(browser.get("/login?next=%2F&why=%3Cb%3E").body())
        .as("only the fixed word picks the sentence")
        .doesNotContain("login-unsent")
        .doesNotContain("<b>");
    assertThat(browser.get("/login").body()).doesNotContain("login-unsent");
  }

  @Test
  void afterSignInTheBrowserNeverLeavesTheIntranet() throws Exception {
    for (String next :
        new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example"}) {
      Browser someone = intranet.browser();
      String csrf = Browser.csrfOf(someone.get("/login"));

      HttpResponse<String> signIn =
          someone.post(
              "/login",
              Map.of("csrf", csrf, "username", "staff", "password", "staff", "next", next));

      assertThat(signIn.headers().firstValue("Location")).as(next).hasValue("/");
    }
  }

  @Test
  void behindAnHttpsProxyTheSessionCookieIsSecure() throws Exception {
    IntranetConfig demo = IntranetConfig.demo(data).withoutClasspathPlugins();
    IntranetConfig proxied =
        new IntranetConfig(0, "127.0.0.1", true, data, demo.users(), Map.of(), false, false);
    try (RunningIntranet behindProxy = RunningIntranet.start(proxied)) {
      HttpResponse<String> form =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(behindProxy.base().resolve("/login"))
                      .header("X-Forwarded-Proto", "https")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(form.headers().firstValue("Set-Cookie").orElseThrow())
          .contains("Secure")
          .contains("HttpOnly")
          .contains("SameSite=Lax");
    }
  }
}
