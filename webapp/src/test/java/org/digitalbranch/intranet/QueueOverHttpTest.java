package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host with the real plugin from the class path, in its demo: demo users sign in through
 * the login form and run a post through the queue over HTTP, and the moderators' header counts it.
 */
class QueueOverHttpTest {

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

  private Browser signedIn(String user) throws Exception {
    Browser browser = intranet.browser();
    browser.signedInAs(user, user);
    return browser;
  }

  private static String csrf(Browser browser) throws Exception {
    HttpResponse<String> me = browser.get(API + "me");
    assertThat(me.statusCode()).isEqualTo(200);
    return JSON.readTree(me.body()).get("csrfToken").asText();
  }

  private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static String queueEntry(int waiting) {
    return "Post queue <span class=\"badge\" aria-hidden=\"true\">"
        + waiting
        + "</span><span class=\"visually-hidden\">("
        + waiting
        + " waiting)</span>";
  }

  @Test
  void aDemoPostGoesFromDraftToApprovedAndTheModeratorsBadgeCountsIt() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data));
    Browser staff = signedIn("staff");
    Browser moderator = signedIn("moderator");
    String staffToken = csrf(staff);
    String moderatorToken = csrf(moderator);

    JsonNode draft =
        ok(
            staff.json(
                "POST",
                API + "posts",
                staffToken,
                "{\"text\": \"Which book made you a reader?\", \"accounts\": [\"mastodon-main\","
                    + " \"bluesky-main\"], \"topic\": \"readers-advisory\", \"intent\":"
                    + " \"engagement\"}"),
            201);
    String post = API + "posts/" + draft.get("id").asText();
    ok(staff.json("POST", post + "/submit", staffToken, "{\"version\": 1}"), 200);

    assertThat(moderator.get("/").body()).contains(queueEntry(1));
    assertThat(staff.get("/").body()).contains(">Post queue</a>").doesNotContain("waiting)");

    JsonNode approved =
        ok(
            moderator.json(
                "POST", post + "/approve", moderatorToken, "{\"version\": 2, \"note\": \"Yes!\"}"),
            200);

    assertThat(approved.get("state").asText()).isEqualTo("approved");
    assertThat(approved.get("history").findValuesAsText("actor"))
        .containsExactly("staff", "staff", "moderator");
    assertThat(moderator.get("/").body()).doesNotContain("waiting)");
    assertThat(ok(staff.get(post), 200).get("state").asText()).isEqualTo("approved");
  }

  @Test
  void thePluginsErrorPagesSayWhatWentWrongInsideTheHost() throws Exception {
    // Host and plugin share one class path here, as in the runnable jar: the host's own
    // templates/error.mustache once replaced the plugin's, and these pages came out blank.
    intranet = RunningIntranet.start(IntranetConfig.demo(data));
    Browser staff = signedIn("staff");

    HttpResponse<String> accounts = staff.get("/digital-branch/accounts");
    HttpResponse<String> missing = staff.get("/digital-branch/posts/no-such-post");

    assertThat(accounts.statusCode()).isEqualTo(403);
    assertThat(accounts.body())
        .contains("<h1>Forbidden</h1>")
        .contains("HTTP 403")
        .doesNotContain("<h1></h1>");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("HTTP 404").doesNotContain("<h1></h1>");
    // Within Digital Branch, but not its dashboard page: the section is current, not the page.
    assertThat(accounts.body())
        .contains("<a href=\"/digital-branch/\" aria-current=\"true\">Digital Branch</a>")
        .doesNotContain("aria-current=\"page\"");
  }

  @Test
  void aScriptWithoutTheSessionsTokenChangesNothing() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data));
    Browser staff = signedIn("staff");

    HttpResponse<String> refused =
        staff.json(
            "POST",
            API + "posts",
            "not-the-token",
            "{\"text\": \"Hi\", \"accounts\": [\"x-main\"], \"topic\": \"events\", \"intent\":"
                + " \"engagement\"}");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(ok(staff.get(API + "posts?mine=true"), 200).get("count").asInt()).isZero();
  }
}
