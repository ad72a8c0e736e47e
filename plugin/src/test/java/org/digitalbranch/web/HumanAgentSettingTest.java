package org.digitalbranch.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.PlatformDoubles;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library whose settings say Meta has not granted its app the Human Agent feature: the whole
 * intranet says Messenger's time ends after 24 hours, and a late answer is refused after one call.
 */
class HumanAgentSettingTest {

  static final String STAFF = "jlee;J. Lee;digital-branch.staff";
  static final String ADMIN = "ana;Ana Admin;digital-branch.staff,digital-branch.admin";

  @TempDir static Path dataDir;
  static WireMockServer platforms;
  static TestIntranet intranet;
  static DigitalBranchPlugin plugin;

  @BeforeAll
  static void start() throws Exception {
    platforms = PlatformDoubles.start();
    intranet =
        TestIntranet.start(
            dataDir,
            "{'pollSeconds': 3600, 'metaHumanAgent': 'not granted', 'accounts': [{'id':"
                + " 'fb-main', 'platform': 'facebook', 'handle': 'Library', 'baseUrl': '"
                + platforms.baseUrl()
                + "', 'directMessages': true, 'credentials': {'accessToken': 'fb-token',"
                + " 'pageId': 'page-1'}, 'team': ['jlee']}]}");
    plugin = (DigitalBranchPlugin) intranet.plugin();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
    platforms.stop();
  }

  @Test
  void aPatronWhoWroteTwoDaysAgoIsPastAnsweringAndTheAnswerIsRefusedAfterOneCall()
      throws Exception {
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    "fb-main",
                    "facebook",
                    "m_late",
                    null,
                    "t_late",
                    MessageKind.DIRECT_MESSAGE,
                    "psid-7",
                    "Kim Reader",
                    "Is my card still valid?",
                    Instant.now().minus(Duration.ofDays(2)),
                    null,
                    false,
                    false,
                    null,
                    null,
                    "{}")));
    String conversation =
        plugin
            .archive()
            .store()
            .inbox(InboxFilter.visibleTo(Set.of("fb-main")).page(10, 0))
            .getFirst()
            .conversationId();

    Document page =
        Jsoup.parse(
            intranet
                .send(
                    intranet
                        .request("digital-branch/conversations/" + conversation)
                        .header(TestIntranet.USER_HEADER, STAFF))
                .body());
    assertThat(page.select("#db-reply-form .db-muted").text())
        .contains("only within 24 hours of the person's last message; after that")
        .doesNotContain("7 days");
    assertThat(page.select("#db-messenger-window").text())
        .startsWith("Messenger's time to answer Kim Reader's last message ended")
        .endsWith("an answer will be refused until they write again.");

    platforms.stubFor(
        post(urlEqualTo("/page-1/messages"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"(#10) This message is sent outside of"
                            + " allowed window.\",\"type\":\"OAuthException\",\"code\":10,"
                            + "\"error_subcode\":2018278}}")));
    HttpResponse<String> late =
        intranet.send(
            intranet
                .request("digital-branch/api/conversations/" + conversation + "/replies")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .POST(BodyPublishers.ofString("{\"text\": \"Yes, until March.\"}")));

    assertThat(late.body()).contains("has not granted");
    platforms.verify(1, postRequestedFor(urlEqualTo("/page-1/messages")));
  }

  @Test
  void theSettingsPageSaysWhatTheSettingSays() throws Exception {
    String settings =
        intranet
            .send(
                intranet.request("digital-branch/settings").header(TestIntranet.USER_HEADER, ADMIN))
            .body();

    assertThat(Jsoup.parse(settings).text())
        .contains("not granted: private answers on Messenger and Instagram go out only within 24");
  }
}
