package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host with the real plugin from the class path, in its demo: the archive's pages sit in
 * the intranet's navigation and chrome, and the host's global search asks the archive's provider.
 */
class ArchiveOverHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private RunningIntranet intranet;

  @AfterEach
  void stop() throws Exception {
    if (intranet != null) {
      intranet.close();
    }
  }

  @Test
  void theDemoInboxFillsFromTheSandboxWithinSecondsOfStart() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data));
    Browser staff = intranet.browser();
    staff.signedInAs("staff", "staff");

    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    JsonNode conversations = JSON.createArrayNode();
    while (conversations.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      HttpResponse<String> inbox = staff.get("/digital-branch/api/conversations?limit=50");
      assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
      conversations = JSON.readTree(inbox.body()).get("conversations");
    }

    assertThat(conversations).as("the inbox 15 s after start").isNotEmpty();
    assertThat(staff.get("/digital-branch/inbox").body()).doesNotContain("No conversations yet.");

    // The global search box: more hits than it shows, so its last place links to them all.
    String last = "";
    deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!last.startsWith("All ") && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      for (JsonNode group :
          JSON.readTree(staff.get("/api/search?q=library").body()).get("groups")) {
        JsonNode hits = group.get("hits");
        if (group.get("title").asText().equals("Conversation archive") && !hits.isEmpty()) {
          last = hits.get(hits.size() - 1).get("title").asText();
        }
      }
    }
    assertThat(last).matches("All \\d+ matching conversations in the archive");
  }

  @Test
  void theGlobalSearchAsksTheArchiveAndItsPagesAreInTheNavigation() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data));
    Browser staff = intranet.browser();
    staff.signedInAs("staff", "staff");

    HttpResponse<String> search = staff.get("/api/search?q=opening+hours");
    assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
    JsonNode archive = null;
    for (JsonNode group : JSON.readTree(search.body()).get("groups")) {
      if (group.get("title").asText().equals("Conversation archive")) {
        archive = group;
      }
    }
    assertThat(archive).as(search.body()).isNotNull();
    assertThat(archive.get("failed").asBoolean()).isFalse();
    // A query the archive cannot parse costs no error either.
    HttpResponse<String> odd = staff.get("/api/search?q=%28%28%28%28%28%28%28%28%28%28%28%28x");
    assertThat(odd.body()).contains("\"failed\":false").doesNotContain("\"failed\":true");

    HttpResponse<String> home = staff.get("/");
    assertThat(home.body())
        .contains("href=\"/digital-branch/inbox\"", "href=\"/digital-branch/archive\"");

    HttpResponse<String> inbox = staff.get("/digital-branch/inbox");
    assertThat(inbox.statusCode()).isEqualTo(200);
    assertThat(inbox.body()).contains("<h1>Inbox</h1>");
    HttpResponse<String> page = staff.get("/digital-branch/archive?q=hours");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("/digital-branch/static/archive.js", "/digital-branch/static/archive.css");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    HttpResponse<String> script = staff.get("/digital-branch/static/archive.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
  }
}
