package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.digitalbranch.platform.sandbox.FailureMode;
import org.digitalbranch.platform.sandbox.PublishedPost;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxAccount;
import org.digitalbranch.platform.sandbox.SandboxBehaviour;
import org.digitalbranch.platform.sandbox.SandboxPlatform;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing over HTTP: the plugin in a real Jetty, its accounts pointed at the sandbox platforms
 * (WireMock servers answering as the platforms do), the publisher running in the background.
 */
class PublishingApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEAM = "['jlee', 'kpark', 'mgarcia', 'tnguyen', 'aadmin']";

  @TempDir static Path dataDir;
  private static Sandbox sandbox;
  private static TestIntranet intranet;
  private static String settingsText;
  private static QueueApi api;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxBehaviour.empty());
    ObjectNode settings = (ObjectNode) TestIntranet.parse("{'timeZone': 'America/Chicago'}");
    settings.put("publishMaxAttempts", 1);
    settings.put("publicBaseUrl", "https://intranet.example.org");
    ArrayNode accounts = settings.putArray("accounts");
    for (SandboxPlatform platform : SandboxPlatform.values()) {
      SandboxAccount twin = sandbox.account(platform);
      ObjectNode account = accounts.addObject();
      account.put("id", platform.id() + "-main");
      account.put("platform", platform.id());
      account.put("handle", twin.handle());
      account.put("baseUrl", twin.baseUrl());
      ObjectNode credentials = account.putObject("credentials");
      twin.credentials().forEach(credentials::put);
      account.set("team", TestIntranet.parse(TEAM));
    }
    ObjectNode unconfigured = accounts.addObject();
    unconfigured.put("id", "mastodon-branch");
    unconfigured.put("platform", "mastodon");
    unconfigured.put("handle", "@branch@example.social");
    unconfigured.put("baseUrl", sandbox.account(SandboxPlatform.MASTODON).baseUrl());
    unconfigured.set("team", TestIntranet.parse(TEAM));
    settingsText = settings.toString().replace('"', '\'');
    intranet = TestIntranet.start(dataDir, settingsText);
    api = new QueueApi(intranet);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
    sandbox.stop();
  }

  private static JsonNode approved(String text, String... accounts) throws Exception {
    String list = "['" + String.join("', '", accounts) + "']";
    JsonNode draft =
        QueueApi.ok(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts",
                "{'text': '"
                    + text
                    + "', 'accounts': "
                    + list
                    + ", 'topic': 'events', 'intent': 'engagement'}"),
            201);
    return api.action(QueueApi.MODERATOR, api.submit(QueueApi.STAFF, draft), "approve", "");
  }

  /** The post as the API shows it, once its targets satisfy {@code done} (10 s at most). */
  private static JsonNode awaitPost(String id, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode post;
    do {
      post = QueueApi.ok(api.get(QueueApi.STAFF, "posts/" + id), 200);
      if (done.test(post)) {
        return post;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("targets never got there: " + post.get("targets"));
  }

  private static Predicate<JsonNode> allIn(String state) {
    return post -> {
      JsonNode targets = post.get("targets");
      for (JsonNode target : targets) {
        if (!target.get("state").asText().equals(state)) {
          return false;
        }
      }
      return !targets.isEmpty();
    };
  }

  private static List<PublishedPost> publishedWith(SandboxPlatform platform, String text) {
    return sandbox.published(platform).stream().filter(p -> p.text().contains(text)).toList();
  }

  @Test
  void anApprovedPostGoesOutOnceToEachOfItsAccountsAndShowsTheLiveLinks() throws Exception {
    String text = "Story time moves to the garden on Saturday.";
    JsonNode post =
        awaitPost(
            approved(text, "facebook-main", "mastodon-main", "bluesky-main").get("id").asText(),
            // The post and its targets are read in two snapshots (PostViews), so the post's own
            // state may trail its last target's by a moment.
            allIn("published").and(p -> p.get("state").asText().equals("published")));

    List<String> urls = new ArrayList<>();
    for (JsonNode target : post.get("targets")) {
      assertThat(target.get("attempts").asInt()).isEqualTo(1);
      assertThat(target.get("error").isNull()).isTrue();
      assertThat(target.get("retryable").asBoolean()).isFalse();
      urls.add(target.get("url").asText());
    }
    assertThat(post.get("state").asText()).isEqualTo("published");
    for (SandboxPlatform platform :
        List.of(SandboxPlatform.FACEBOOK, SandboxPlatform.MASTODON, SandboxPlatform.BLUESKY)) {
      List<PublishedPost> published = publishedWith(platform, text);
      assertThat(published).as(platform.id()).hasSize(1);
      String url = published.get(0).url();
      String platformsId = url.substring(url.lastIndexOf('/') + 1);
      assertThat(urls).anyMatch(shown -> shown.endsWith(platformsId));
    }

    // The page's history reads as people say it; the publisher's own steps are nobody's.
    var browser = TestIntranet.browser();
    Elements rows =
        Jsoup.parse(
                page(browser, QueueApi.STAFF, "/digital-branch/posts/" + post.get("id").asText()))
            .select(".db-history tbody tr");
    List<String> steps = new ArrayList<>();
    for (Element row : rows) {
      steps.add(row.select("td").get(1).text() + " | " + row.select("td").get(2).text());
    }
    assertThat(steps.subList(steps.size() - 2, steps.size()))
        .containsExactly(
            "Digital Branch, automatically | Started publishing Approved → Publishing",
            "Digital Branch, automatically | Published Publishing → Published");
    assertThat(steps.get(0)).endsWith("| Started the draft");
  }

  @Test
  void aModeratorRetriesAFailedTargetAndItGoesOut() throws Exception {
    sandbox.fail(SandboxPlatform.X, FailureMode.SERVER_ERROR_ONCE);
    String text = "Tax forms are at the front desk.";
    String id = approved(text, "x-main").get("id").asText();
    JsonNode failed = awaitPost(id, allIn("failed"));
    JsonNode target = failed.get("targets").get(0);
    assertThat(target.get("error").asText()).contains("Gave up after 1 tries");
    assertThat(target.get("retryable").asBoolean()).isTrue();
    assertThat(publishedWith(SandboxPlatform.X, text)).isEmpty();

    HttpResponse<String> byStaff =
        api.send(
            QueueApi.STAFF,
            "POST",
            "posts/" + id + "/retry",
            "{'account': 'x-main', 'version': " + failed.get("version").asInt() + "}");
    assertThat(byStaff.statusCode()).isEqualTo(403);
    HttpResponse<String> stale =
        api.send(
            QueueApi.MODERATOR,
            "POST",
            "posts/" + id + "/retry",
            "{'account': 'x-main', 'version': 1}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(TestIntranet.json(stale).get("currentVersion").asInt())
        .isEqualTo(failed.get("version").asInt());
    HttpResponse<String> notATarget =
        api.send(
            QueueApi.MODERATOR,
            "POST",
            "posts/" + id + "/retry",
            "{'account': 'mastodon-main', 'version': " + failed.get("version").asInt() + "}");
    assertThat(TestIntranet.json(notATarget).get("field").asText()).isEqualTo("account");

    JsonNode retried =
        QueueApi.ok(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + id + "/retry",
                "{'account': 'x-main', 'version': " + failed.get("version").asInt() + "}"),
            200);
    assertThat(retried.get("targets").get(0).get("state").asText()).isIn("pending", "publishing");

    JsonNode published = awaitPost(id, allIn("published"));
    assertThat(published.get("targets").get(0).get("attempts").asInt()).isEqualTo(1);
    assertThat(publishedWith(SandboxPlatform.X, text)).hasSize(1);
    assertThat(
            published.get("history").findValuesAsText("action").stream()
                .filter("retry-publish"::equals))
        .hasSize(1);
  }

  @Test
  void anAccountWithoutCredentialsMakesItsPostsWaitAndSaysWhichKeyIsMissing() throws Exception {
    String id = approved("Chess club meets Tuesdays.", "mastodon-branch").get("id").asText();

    JsonNode post = awaitPost(id, p -> !p.get("targets").get(0).get("error").isNull());

    JsonNode target = post.get("targets").get(0);
    assertThat(target.get("state").asText()).isEqualTo("pending");
    assertThat(target.get("error").asText())
        .contains("an admin must reconnect the account")
        .contains("accessToken")
        .contains("plugins.org.digitalbranch.accounts[5].credentials");
    JsonNode account = accountAs(QueueApi.ADMIN, "mastodon-branch");
    assertThat(account.get("state").asText()).isEqualTo("needs_reconnect");
  }

  @Test
  void anAccountWithoutCredentialsReadsNeedsReconnectFromTheStartNotAfterAPostFails()
      throws Exception {
    // A fresh intranet on the same settings: nothing has been published to the account yet.
    Path fresh = Files.createTempDirectory("fresh-intranet");
    TestIntranet started = TestIntranet.start(fresh, settingsText);
    try {
      JsonNode account = null;
      for (JsonNode each :
          QueueApi.ok(new QueueApi(started).get(QueueApi.ADMIN, "accounts"), 200).get("accounts")) {
        if (each.get("id").asText().equals("mastodon-branch")) {
          account = each;
        }
      }

      assertThat(account).isNotNull();
      assertThat(account.get("state").asText()).isEqualTo("needs_reconnect");
      assertThat(account.get("lastFailureAt").isNull()).isTrue();
      assertThat(account.toString()).contains("accessToken");
    } finally {
      started.close();
    }
  }

  private static JsonNode accountAs(String user, String id) throws Exception {
    JsonNode all = QueueApi.ok(api.get(user, "accounts"), 200).get("accounts");
    for (JsonNode account : all) {
      if (account.get("id").asText().equals(id)) {
        return account;
      }
    }
    throw new AssertionError("no account " + id + " in " + all);
  }

  @Test
  void staffSeeEachAccountsStateAndAdminsAlsoItsHistoryButNoOneItsCredentials() throws Exception {
    JsonNode asStaff = QueueApi.ok(api.get(QueueApi.STAFF, "accounts"), 200);
    JsonNode asAdmin = QueueApi.ok(api.get(QueueApi.ADMIN, "accounts"), 200);

    assertThat(asStaff.get("accounts")).hasSize(6);
    JsonNode staffRow = asStaff.get("accounts").get(0);
    assertThat(staffRow.get("id").asText()).isEqualTo("bluesky-main");
    assertThat(JSON.convertValue(staffRow, Map.class).keySet())
        .containsExactly("id", "platform", "handle", "state");
    assertThat(JSON.convertValue(asAdmin.get("accounts").get(0), Map.class).keySet())
        .containsExactly(
            "id",
            "platform",
            "handle",
            "state",
            "rateLimitedUntil",
            "reason",
            "lastSuccessAt",
            "lastFailureAt",
            "lastFailure",
            "tokenExpiresAt",
            "reading");
    // Reading the account's conversations has a state of its own beside publishing's.
    JsonNode reading = asAdmin.get("accounts").get(0).get("reading");
    if (!reading.isNull()) {
      assertThat(JSON.convertValue(reading, Map.class).keySet())
          .containsExactly(
              "lastSuccessAt",
              "lastFailureAt",
              "lastFailure",
              "partFailed",
              "failuresInARow",
              "nextAttemptAt",
              "pausedUntil");
    }
    for (SandboxAccount twin : sandbox.accounts()) {
      twin.credentials()
          .forEach(
              (name, secret) -> {
                if (name.endsWith("Token") || name.endsWith("assword")) {
                  assertThat(asAdmin.toString()).as(name).doesNotContain(secret);
                }
              });
    }
    assertThat(api.get(null, "accounts").statusCode()).isEqualTo(401);
  }

  @Test
  void testingAConnectionIsForAdminsAndAnExpiredTokenMarksTheAccount() throws Exception {
    assertThat(
            api.send(QueueApi.MODERATOR, "POST", "accounts/facebook-main/test", "{}").statusCode())
        .isEqualTo(403);
    JsonNode works =
        QueueApi.ok(api.send(QueueApi.ADMIN, "POST", "accounts/facebook-main/test", "{}"), 200);
    assertThat(works.get("ok").asBoolean()).isTrue();
    assertThat(works.get("message").asText()).startsWith("The connection works");
    assertThat(api.send(QueueApi.ADMIN, "POST", "accounts/nope/test", "{}").statusCode())
        .isEqualTo(404);

    sandbox.fail(SandboxPlatform.INSTAGRAM, FailureMode.EXPIRED_TOKEN);
    try {
      JsonNode expired =
          QueueApi.ok(api.send(QueueApi.ADMIN, "POST", "accounts/instagram-main/test", "{}"), 200);
      assertThat(expired.get("ok").asBoolean()).isFalse();
      assertThat(expired.get("message").asText()).startsWith("The connection failed:");
      assertThat(expired.get("account").get("state").asText()).isEqualTo("needs_reconnect");
    } finally {
      sandbox.fail(SandboxPlatform.INSTAGRAM, FailureMode.NONE);
    }
    JsonNode reconnected =
        QueueApi.ok(
            api.send(QueueApi.ADMIN, "POST", "accounts/instagram-main/reconnected", "{}"), 200);
    assertThat(reconnected.get("state").asText()).isEqualTo("ok");
  }

  @Test
  void theAccountsPageIsAnAdminsTableWithATestButtonThatWorksWithoutScript() throws Exception {
    var browser = TestIntranet.browser();
    HttpResponse<String> staffPage =
        browser.send(
            intranet
                .request("/digital-branch/accounts")
                .header(TestIntranet.USER_HEADER, QueueApi.STAFF)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(staffPage.statusCode()).isEqualTo(403);

    HttpResponse<String> page = adminGet(browser, "/digital-branch/accounts");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<caption>The library's platform accounts and how they are doing</caption>")
        .contains("<th scope=\"row\"><code>mastodon-main</code>")
        .contains("action=\"accounts/mastodon-main/test\"")
        .contains("name=\"csrf\" value=\"" + TestIntranet.CSRF_TOKEN + "\"")
        .contains("Times are in the library's time zone (America/Chicago).")
        .contains("<th scope=\"col\">Reading conversations</th>")
        // Publishing's state is not reading's: the two columns say which is which.
        .contains("<th scope=\"col\">Publishing state</th>");

    HttpResponse<String> withoutToken =
        browser.send(
            intranet
                .request("/digital-branch/accounts/mastodon-main/test")
                .header(TestIntranet.USER_HEADER, QueueApi.ADMIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withoutToken.statusCode()).isEqualTo(403);

    HttpResponse<String> pressed =
        browser.send(
            intranet
                .request("/digital-branch/accounts/mastodon-main/test")
                .header(TestIntranet.USER_HEADER, QueueApi.ADMIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pressed.statusCode()).isEqualTo(303);
    assertThat(pressed.headers().firstValue("Location")).hasValue("/digital-branch/accounts");

    HttpResponse<String> after = adminGet(browser, "/digital-branch/accounts");
    Document shown = Jsoup.parse(after.body());
    assertThat(shown.select("#db-flash[role=status]").text())
        .startsWith("mastodon-main: The connection works");
    // Read out after the page reloads: the message takes the focus.
    assertThat(shown.select("#db-flash").hasAttr("autofocus")).isTrue();
    assertThat(adminGet(browser, "/digital-branch/accounts").body())
        .doesNotContain("role=\"status\"");
  }

  private static HttpResponse<String> adminGet(java.net.http.HttpClient browser, String path)
      throws Exception {
    return browser.send(
        intranet.request(path).header(TestIntranet.USER_HEADER, QueueApi.ADMIN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedImageLinkServesAnApprovedPostsImageWithoutASessionAndNothingElse() throws Exception {
    JsonNode draft = api.draftWithImage(QueueApi.STAFF);
    String imageId = draft.get("images").get(0).get("id").asText();
    String postId = draft.get("id").asText();
    PublicImageLinks links =
        new PublicImageLinks(
            Files.readAllBytes(dataDir.resolve(PublicImageLinks.KEY_FILE)),
            Clock.systemUTC(),
            () -> "");
    String token = links.token(postId, imageId);

    assertThat(publicGet(token).statusCode()).as("a draft's image").isEqualTo(404);

    api.action(QueueApi.MODERATOR, api.submit(QueueApi.STAFF, draft), "approve", "");
    HttpResponse<String> served = publicGet(token);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");

    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThat(publicGet(tampered).statusCode()).isEqualTo(404);
    PublicImageLinks otherInstall = new PublicImageLinks(new byte[32], Clock.systemUTC(), () -> "");
    assertThat(publicGet(otherInstall.token(postId, imageId)).statusCode()).isEqualTo(404);
    PublicImageLinks yesterday =
        new PublicImageLinks(
            Files.readAllBytes(dataDir.resolve(PublicImageLinks.KEY_FILE)),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-25)),
            () -> "");
    assertThat(publicGet(yesterday.token(postId, imageId)).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        intranet.send(
            intranet
                .request("/digital-branch/public/images/" + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(405);
  }

  private static HttpResponse<String> publicGet(String token) throws Exception {
    return intranet.send(intranet.request("/digital-branch/public/images/" + token));
  }

  @Test
  void thePostPageShowsEachTargetAndAModeratorsRetryFormOnAFailedOne() throws Exception {
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.SERVER_ERROR_ONCE);
    String text = "Homework help is back on Wednesdays.";
    String id = approved(text, "bluesky-main", "mastodon-main").get("id").asText();
    JsonNode settled =
        awaitPost(
            id,
            post ->
                post.get("targets").get(0).get("state").asText().equals("failed")
                    && post.get("targets").get(1).get("state").asText().equals("published"));
    var browser = TestIntranet.browser();

    String asModerator = page(browser, QueueApi.MODERATOR, "/digital-branch/posts/" + id);
    assertThat(asModerator)
        .contains("<caption>Each account this post goes to, and how it went</caption>")
        .contains("<span class=\"db-state db-target-failed\">Failed</span>")
        .contains("Gave up after 1 tries")
        .contains("<input type=\"hidden\" name=\"account\" value=\"bluesky-main\">")
        .contains("<span class=\"db-state db-target-published\">Published</span>")
        .contains(
            "<a href=\""
                + settled.get("targets").get(1).get("url").asText()
                + "\" rel=\"noopener noreferrer\">View the post");
    assertThat(asModerator)
        .containsOnlyOnce("/retry\"")
        .contains("action=\"/digital-branch/posts/" + id + "/retry\"")
        .contains("How it will look");
    assertThat(page(browser, QueueApi.STAFF, "/digital-branch/posts/" + id))
        .contains("db-target-failed")
        .doesNotContain("/retry\"");
    // Nothing more happens by itself: the post says how far it got, and the moderators' dashboard
    // points to it.
    Document shown = Jsoup.parse(asModerator);
    assertThat(shown.select(".db-state-partly-published").text())
        .isEqualTo("Published to 1 of 2 accounts");
    assertThat(shown.title()).startsWith("“Homework help is back on Wednesdays.” · Post by");
    Document dashboard = Jsoup.parse(page(browser, QueueApi.MODERATOR, "/digital-branch/"));
    Element notOut =
        dashboard.selectFirst("section:has(h2:containsOwn(Did not go out everywhere))");
    assertThat(notOut.select("li:has(a[href=/digital-branch/posts/" + id + "])").text())
        .startsWith("Homework help is back on Wednesdays.: failed on bluesky-main");
    // Its author hears of it on their start page too; another staff member does not.
    assertThat(
            Jsoup.parse(page(browser, QueueApi.STAFF, "/digital-branch/"))
                .select("section:has(h2:containsOwn(Did not go out everywhere)) li")
                .text())
        .startsWith("Homework help is back on Wednesdays.: failed on bluesky-main");
    assertThat(page(browser, QueueApi.OTHER_STAFF, "/digital-branch/"))
        .doesNotContain("Did not go out everywhere");
    // Its author's queue files it apart, not under "Publishing" as if still on its way.
    Document authorsQueue = Jsoup.parse(page(browser, QueueApi.STAFF, "/digital-branch/queue"));
    assertThat(authorsQueue.select("#db-own-partly-published").text())
        .startsWith("Did not go out everywhere (");
    assertThat(
            authorsQueue
                .select("ul[aria-labelledby=db-own-partly-published] li:has(a[href$=" + id + "])")
                .text())
        .startsWith("Homework help is back on Wednesdays. · Published to 1 of 2 accounts ·");
    assertThat(authorsQueue.select("ul[aria-labelledby=db-own-publishing] a[href$=" + id + "]"))
        .isEmpty();
    // An old approve form sent with a time that cannot be read: a page that says so, not a 500.
    HttpResponse<String> oldForm =
        moderatorsForm(
            browser,
            "/digital-branch/posts/" + id + "/approve",
            "version=" + settled.get("version").asInt() + "&when=at&publishAt=soon");
    assertThat(oldForm.statusCode()).as(oldForm.body()).isEqualTo(400);
    assertThat(Jsoup.parse(oldForm.body()).select(".db-state-partly-published").text())
        .isEqualTo("Published to 1 of 2 accounts");

    HttpResponse<String> pressed =
        moderatorsForm(
            browser,
            "/digital-branch/posts/" + id + "/retry",
            "version=" + settled.get("version").asInt() + "&account=bluesky-main");
    assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(303);
    assertThat(pressed.headers().firstValue("Location")).hasValue("/digital-branch/posts/" + id);

    awaitPost(id, allIn("published"));
    assertThat(page(browser, QueueApi.MODERATOR, "/digital-branch/posts/" + id))
        .as("a published post's previews are what was sent")
        .contains("How it was sent");
    assertThat(page(browser, QueueApi.MODERATOR, "/digital-branch/"))
        .as("mended, it leaves the dashboard's list")
        .doesNotContain("/digital-branch/posts/" + id + "\"");
    assertThat(publishedWith(SandboxPlatform.BLUESKY, text)).hasSize(1);
    assertThat(publishedWith(SandboxPlatform.MASTODON, text)).hasSize(1);
  }

  /** A page's form sent by the moderator, with the session's token. */
  private static HttpResponse<String> moderatorsForm(
      java.net.http.HttpClient browser, String path, String fields) throws Exception {
    return browser.send(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, QueueApi.MODERATOR)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "csrf=" + TestIntranet.CSRF_TOKEN + "&" + fields))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String page(java.net.http.HttpClient browser, String user, String path)
      throws Exception {
    HttpResponse<String> page =
        browser.send(
            intranet.request(path).header(TestIntranet.USER_HEADER, user).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return page.body();
  }

  @Test
  void adminsSeeTheSettingsInUseWithTeamsAndNoSecretOthersAre403() throws Exception {
    HttpResponse<String> page =
        intranet.send(
            intranet
                .request("/digital-branch/settings")
                .header(TestIntranet.USER_HEADER, QueueApi.ADMIN));
    HttpResponse<String> asModerator =
        intranet.send(
            intranet
                .request("/digital-branch/settings")
                .header(TestIntranet.USER_HEADER, QueueApi.MODERATOR));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<h1>Settings</h1>",
            "America/Chicago",
            "<code>publishMaxAttempts</code></td><td>given up after 1 failure;",
            "<code>reviewRepliesOf</code></td><td>nobody&#39;s: every reply goes out at once",
            "<code>publicBaseUrl</code></td><td>https://intranet.example.org",
            "<li>harassment</li>",
            "<code>mastodon-branch</code>",
            "<li>mgarcia</li>",
            "<th scope=\"col\">Private messages</th>",
            "not read: directMessages is off",
            "read (direct mentions), and answered directly",
            "not read by this version",
            sandbox.account(SandboxPlatform.MASTODON).baseUrl());
    for (SandboxAccount twin : sandbox.accounts()) {
      twin.credentials()
          .forEach(
              (name, secret) -> {
                if (name.endsWith("Token") || name.endsWith("assword") || name.endsWith("ecret")) {
                  assertThat(page.body()).as(name).doesNotContain(secret);
                }
              });
    }
    assertThat(asModerator.statusCode()).isEqualTo(403);
    assertThat(asModerator.body()).contains("The settings page is for admins.");
  }
}
