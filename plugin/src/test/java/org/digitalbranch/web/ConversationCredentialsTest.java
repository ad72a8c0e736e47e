package org.digitalbranch.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.PlatformKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.publish.PublishAccount;
import org.digitalbranch.publish.RenewedCredentials;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation side reads with the credentials the account has now. X rotates its refresh token
 * at every renewal: once the publisher renewed, the configured tokens are dead, and a reader still
 * holding them would fail until the intranet restarted.
 */
class ConversationCredentialsTest {

  private static final Credentials CONFIGURED =
      new Credentials.XOAuth2("x-access-1", "x-refresh-1", "client-1", Optional.empty());
  private static final Credentials RENEWED =
      new Credentials.XOAuth2("x-access-2", "x-refresh-2", "client-1", Optional.empty());

  @TempDir Path folder;
  private WireMockServer x;
  private Database database;

  @BeforeEach
  void start() {
    x = PlatformDoubles.start();
    database = Database.open(folder, TestStores.settings(folder), getClass().getClassLoader());
    x.stubFor(
        get("/2/users/me")
            .withHeader("Authorization", equalTo("Bearer x-access-2"))
            .willReturn(okJson("{\"data\":{\"id\":\"1500\",\"username\":\"library\"}}")));
    x.stubFor(
        get(urlPathEqualTo("/2/users/1500/mentions"))
            .withHeader("Authorization", equalTo("Bearer x-access-2"))
            .willReturn(
                okJson(
                    "{\"data\":[{\"id\":\"940\",\"author_id\":\"77\",\"text\":\"@library hi\","
                        + "\"conversation_id\":\"940\",\"created_at\":\"2026-11-26T10:00:00.000Z\"}],"
                        + "\"meta\":{\"result_count\":1,\"newest_id\":\"940\"}}")));
    x.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
  }

  @AfterEach
  void stop() {
    x.stop();
    database.close();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void aReaderAfterTheTokenWasRenewedReadsWithTheNewToken() {
    RenewedCredentials renewed =
        new RenewedCredentials(DigitalBranchPlugin.transactorOver(database), Clock.systemUTC());
    XPlatform platform = new XPlatform(PlatformDoubles.settings(x), renewed);
    AccountConfig account =
        new AccountConfig(
            "x-main",
            PlatformKind.X,
            "@library",
            URI.create(x.baseUrl()),
            org.digitalbranch.config.Credentials.of(Map.of()),
            List.of());
    renewed.register("x-main", CONFIGURED);
    List<ConversationChannels> channels =
        DigitalBranchPlugin.channels(
            List.of(account),
            Map.of("x-main", new PublishAccount("x-main", platform, CONFIGURED)),
            renewed,
            org.digitalbranch.platform.graph.GraphMessaging.HumanAgent.NOT_SAID);
    // The publisher renewed the token after the channels were wired.
    renewed.refreshed(CONFIGURED, RENEWED);

    ConversationChannels channel = channels.getFirst();
    ReadResult read = channel.reader().fetch("x-main", channel.credentials().get(), null);

    assertThat(read).isInstanceOf(ReadResult.Page.class);
    assertThat(((ReadResult.Page) read).items())
        .extracting(item -> item.platformId())
        .containsExactly("940");
    assertThat(
            x.findAll(
                getRequestedFor(urlPathEqualTo("/2/users/1500/mentions"))
                    .withHeader("Authorization", equalTo("Bearer x-access-2"))))
        .hasSize(1);
    assertThat(x.findAll(getRequestedFor(urlPathEqualTo("/2/users/me")))).hasSize(1);
  }
}
