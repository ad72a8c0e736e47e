package org.digitalbranch.platform.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ArchivedItems.Known;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PlatformFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reply deleted on Mastodon leaves its thread silently; asked on its own, it is a 404. */
class MastodonDeletionsTest {

  private static final Credentials TOKEN = new Credentials.MastodonToken("mastodon-token-1");

  private WireMockServer server;
  private MastodonReader reader;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    reader = new MastodonReader(new MastodonPlatform(PlatformDoubles.settings(server)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static List<Known> statuses(String... ids) {
    List<Known> statuses = new ArrayList<>();
    for (String id : ids) {
      statuses.add(new Known(id, null, null, MessageKind.REPLY, "reader", Instant.EPOCH, false));
    }
    return statuses;
  }

  private static String status(String id) {
    return "{\"id\":\"" + id + "\",\"content\":\"<p>Hi</p>\"}";
  }

  @Test
  void aStatusAnswered404IsGoneWithMastodonsAnswerAsTheEvidence() throws Exception {
    server.stubFor(get("/api/v1/statuses/11").willReturn(json(200, status("11"))));
    server.stubFor(
        get("/api/v1/statuses/12").willReturn(json(404, "{\"error\":\"Record not found\"}")));

    Map<String, String> gone = reader.gone("mastodon-main", TOKEN, statuses("11", "12")).gone();

    assertThat(gone).containsOnlyKeys("12");
    assertThat(gone.get("12")).isEqualTo("{\"error\":\"Record not found\"}");
    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo("/api/v1/statuses/11")))
                .getFirst()
                .getHeader("Authorization"))
        .isEqualTo("Bearer mastodon-token-1");
    assertThat(reader.mostPerLook()).isEqualTo(20);
  }

  @Test
  void theLookStopsOnceTheAccountsRequestsRunLowAndSaysHowFarItGot() throws Exception {
    server.stubFor(
        get(urlPathMatching("/api/v1/statuses/[0-9]+"))
            .willReturn(
                json(404, "{\"error\":\"Record not found\"}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "40")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T12:05:00.000Z")));

    DeletionLookup.Answer answer = reader.gone("mastodon-main", TOKEN, statuses("21", "22", "23"));

    assertThat(answer.answered()).isEqualTo(1);
    assertThat(answer.gone()).containsOnlyKeys("21");
    assertThat(answer.stopped()).contains("40 of the account's 300 requests are left");
    assertThat(server.findAll(getRequestedFor(urlPathMatching("/api/v1/statuses/[0-9]+"))))
        .hasSize(1);
  }

  @Test
  void aServerErrorConcludesNothing() {
    server.stubFor(
        get("/api/v1/statuses/31").willReturn(json(404, "{\"error\":\"Record not found\"}")));
    server.stubFor(get("/api/v1/statuses/32").willReturn(json(503, "{\"error\":\"down\"}")));

    assertThatThrownBy(() -> reader.gone("mastodon-main", TOKEN, statuses("31", "32")))
        .isInstanceOf(PlatformFailure.class);
  }
}
