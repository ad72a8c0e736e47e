package org.digitalbranch.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A platform that repeats the token it was sent in its error message (found by the host's secrets
 * test): the token stops at the HTTP layer, so no reason kept, shown or logged can carry it.
 */
class EchoedCredentialsTest {

  private static final String TOKEN = "EAAGm0PX4ZCpsBAKc7ZBZAz3ZBqLv8Rk2ZCWtM5hQ0ZDZD";

  private WireMockServer platform;

  @BeforeEach
  void start() {
    platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    platform.start();
    platform.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\": \"invalid token {{request.headers.Authorization}}, or"
                            + " {{urlEncode request.headers.Authorization}}\"}")
                    .withTransformers("response-template")));
  }

  @AfterEach
  void stop() {
    platform.stop();
  }

  @Test
  void aTokenTheAnswerRepeatsIsCutOutOfIt() throws Exception {
    PlatformHttp http =
        new PlatformHttp(PlatformSettings.defaults(URI.create(platform.baseUrl())), "Mastodon");

    HttpReply reply =
        http.send(
            http.request("/api/v1/accounts/verify_credentials")
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build(),
            Stage.PREPARE);

    String body = new String(reply.body(), StandardCharsets.UTF_8);
    assertThat(body)
        .doesNotContain(TOKEN)
        .isEqualTo("{\"error\": \"invalid token Bearer [redacted], or Bearer+[redacted]\"}");
    assertThat(reply.status()).isEqualTo(401);
  }

  @Test
  void anAnswerWithoutTheTokenIsLeftByteForByte() {
    byte[] body = {(byte) 0x89, 'P', 'N', 'G', (byte) 0xFF};

    assertThat(PlatformHttp.withoutSecrets(body, java.util.List.of(TOKEN))).isSameAs(body);
  }
}
