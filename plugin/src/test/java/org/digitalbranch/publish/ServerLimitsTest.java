package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Mastodon server sets its own post length (DESIGN.md §4: "Mastodon 500 or the instance's
 * limit"): it is read from the server, and the usual 500 stands where the server does not say.
 */
class ServerLimitsTest {

  private static final Credentials TOKEN = new Credentials.MastodonToken("mastodon-token-1");

  private WireMockServer server;
  private PublishAccount account;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    account =
        new PublishAccount(
            "mastodon-main", new MastodonPlatform(PlatformDoubles.settings(server)), TOKEN);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void instanceAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder a) {
    server.stubFor(get("/api/v2/instance").willReturn(a));
  }

  @Test
  void aServersOwnCharacterLimitIsReadFromItsInstanceDocument() {
    instanceAnswers(
        aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"domain\":\"glam.example\",\"configuration\":{\"statuses\":"
                    + "{\"max_characters\":5000,\"max_media_attachments\":4,"
                    + "\"characters_reserved_per_url\":23}}}"));
    ServerLimits limits = new ServerLimits();

    limits.read(account, TOKEN);

    assertThat(limits.characters("mastodon-main")).isEqualTo(5000);
    server.verify(
        getRequestedFor(urlEqualTo("/api/v2/instance"))
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1")));
  }

  @Test
  void aServerThatDoesNotSayLeavesTheUsualLimit() {
    ServerLimits limits = new ServerLimits();
    instanceAnswers(aResponse().withStatus(503));
    limits.read(account, TOKEN);
    instanceAnswers(aResponse().withHeader("Content-Type", "application/json").withBody("{\"x\""));
    limits.read(account, TOKEN);
    instanceAnswers(
        aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody("{\"configuration\":{\"statuses\":{\"max_characters\":\"lots\"}}}"));
    limits.read(account, TOKEN);
    instanceAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    limits.read(account, TOKEN);

    assertThat(limits.characters("mastodon-main")).isZero();
  }
}
