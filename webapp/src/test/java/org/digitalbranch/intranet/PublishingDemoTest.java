package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.digitalbranch.intranet.config.DemoUsers;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host with the real plugin in its demo: approving publishes to the sandbox platforms the
 * plugin started, a rate limit the {@code sandboxFailures} setting asked for is waited out and
 * retried, and an expired token marks the account while its post waits.
 */
class PublishingDemoTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/digital-branch/api/";

  @TempDir Path data;
  private RunningIntranet intranet;

  @AfterEach
  void stop() throws Exception {
    if (intranet != null) {
      intranet.close();
    }
  }

  @Test
  void approvedDemoPostsGoOutToTheSandboxRetryAfterARateLimitAndWaitForAReconnect()
      throws Exception {
    JsonNode settings =
        JSON.readTree(
            "{\"publishRetrySeconds\": 1, \"sandboxFailures\": {\"bluesky\": \"rate-limit-once\"}}");
    IntranetConfig demo = IntranetConfig.demo(data);
    intranet =
        RunningIntranet.start(
            new IntranetConfig(
                0,
                demo.bind(),
                false,
                data,
                DemoUsers.all(),
                Map.of("org.digitalbranch", settings),
                true,
                true));
    DemoSandbox sandbox = DemoSandbox.of(intranet.plugin("org.digitalbranch"));
    Browser staff = signedIn("staff");
    Browser moderator = signedIn("moderator");

    String everywhere = "Our seed library opens on Monday: bring a packet & take a <packet>.";
    String three =
        approve(staff, moderator, everywhere, "facebook-main", "mastodon-main", "x-main");
    String limited = "Which cookbook do you borrow most often?";
    String bluesky = approve(staff, moderator, limited, "bluesky-main");
    JsonNode published = await(staff, three, Duration.ofSeconds(10), published());
    assertThat(published.get("state").asText()).isEqualTo("published");
    for (String platform : List.of("facebook", "mastodon", "x")) {
      assertThat(sandbox.publishedTexts(platform))
          .as(platform)
          .filteredOn(t -> t.contains(everywhere))
          .hasSize(1);
    }
    assertThat(published.get("targets").findValuesAsText("account"))
        .containsExactly("facebook-main", "mastodon-main", "x-main");
    assertLinksToTheSandboxPage(
        staff, sandbox, published, "bring a packet &amp; take a &lt;packet&gt;.");

    sandbox.fail("mastodon", "expired-token");
    String waiting = "Knitting circle: all levels welcome on Thursday.";
    String mastodon = approve(staff, moderator, waiting, "mastodon-main");
    JsonNode held =
        await(
            staff,
            mastodon,
            Duration.ofSeconds(10),
            post -> !post.get("targets").get(0).get("error").isNull());
    JsonNode heldTarget = held.get("targets").get(0);
    assertThat(heldTarget.get("state").asText()).isEqualTo("pending");
    assertThat(heldTarget.get("error").asText()).contains("an admin must reconnect the account");
    assertThat(sandbox.publishedTexts("mastodon")).noneMatch(t -> t.contains(waiting));
    JsonNode accounts = JSON.readTree(staff.get(API + "accounts").body()).get("accounts");
    assertThat(accounts.findValuesAsText("id"))
        .containsExactly(
            "bluesky-main", "facebook-main", "instagram-main", "mastodon-main", "x-main");
    assertThat(accounts.get(3).get("state").asText()).isEqualTo("needs_reconnect");
    assertThat(accounts.get(1).get("state").asText()).isEqualTo("ok");
    assertThat(moderator.get("/digital-branch/").body())
        .contains("Accounts needing reconnect")
        .contains("<code>mastodon-main</code>");

    JsonNode retried = await(staff, bluesky, Duration.ofSeconds(40), published());
    assertThat(retried.get("targets").get(0).get("attempts").asInt()).isEqualTo(2);
    assertLinksToTheSandboxPage(
        staff, sandbox, retried, "Which cookbook do you borrow most often?");
    assertThat(sandbox.publishedTexts("bluesky")).filteredOn(t -> t.contains(limited)).hasSize(1);
  }

  /** Every live link opens the sandbox's own page for the item, with the post text escaped. */
  private static void assertLinksToTheSandboxPage(
      Browser staff, DemoSandbox sandbox, JsonNode post, String escapedText) throws Exception {
    for (JsonNode target : post.get("targets")) {
      String account = target.get("account").asText();
      String platform = account.substring(0, account.indexOf('-'));
      String url = target.get("url").asText();
      assertThat(url).as(account).startsWith(sandbox.baseUrl(platform) + "/");
      HttpResponse<String> page = staff.get(url);
      assertThat(page.statusCode()).as(url).isEqualTo(200);
      assertThat(page.body()).as(url).contains(escapedText);
    }
  }

  private Browser signedIn(String user) throws Exception {
    Browser browser = intranet.browser();
    browser.signedInAs(user, user);
    return browser;
  }

  private static String csrf(Browser browser) throws Exception {
    return JSON.readTree(browser.get(API + "me").body()).get("csrfToken").asText();
  }

  private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** Drafts, submits and approves a post; returns its id. */
  private static String approve(Browser staff, Browser moderator, String text, String... accounts)
      throws Exception {
    String staffToken = csrf(staff);
    JsonNode draft =
        ok(
            staff.json(
                "POST",
                API + "posts",
                staffToken,
                JSON.writeValueAsString(
                    Map.of(
                        "text",
                        text,
                        "accounts",
                        List.of(accounts),
                        "topic",
                        "events",
                        "intent",
                        "engagement"))),
            201);
    String post = API + "posts/" + draft.get("id").asText();
    ok(staff.json("POST", post + "/submit", staffToken, "{\"version\": 1}"), 200);
    ok(moderator.json("POST", post + "/approve", csrf(moderator), "{\"version\": 2}"), 200);
    return draft.get("id").asText();
  }

  private static JsonNode await(
      Browser browser, String id, Duration patience, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    JsonNode post;
    do {
      post = ok(browser.get(API + "posts/" + id), 200);
      if (done.test(post)) {
        return post;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("targets never got there: " + post.get("targets"));
  }

  /**
   * Every target published, and the post's own state with them: the post becomes published just
   * after its last target, so a check between the two saw "publishing".
   */
  private static Predicate<JsonNode> published() {
    return post -> {
      JsonNode targets = post.get("targets");
      for (JsonNode target : targets) {
        if (!target.get("state").asText().equals("published")) {
          return false;
        }
      }
      return !targets.isEmpty() && post.get("state").asText().equals("published");
    };
  }
}
