package org.digitalbranch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpReplyTest {

  private static String errorText(String body) {
    HttpReply reply =
        new HttpReply(
            400, HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    return reply.errorJson().path("message").asText();
  }

  @Test
  void credentialsEchoedInAnErrorTextAreMasked() {
    assertThat(errorText("{\"message\":\"body grant_type=refresh_token&refresh_token=R1&x=2\"}"))
        .isEqualTo("body grant_type=refresh_token&refresh_token=***&x=2");
    assertThat(errorText("{\"message\":\"oauth_token_secret=abc client_id=xyz\"}"))
        .isEqualTo("oauth_token_secret=*** client_id=***");
    assertThat(errorText("{\"message\":\"got {\\\"accessJwt\\\": \\\"a b c\\\"}\"}"))
        .isEqualTo("got {\"accessJwt\": \"***\"}");
    assertThat(
            errorText(
                "{\"message\":\"Authorization: Basic dXNlcjpwYXNzd29yZDEy and Bearer"
                    + " AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA\"}"))
        .isEqualTo("Authorization: Basic *** and Bearer ***");
    assertThat(errorText("{\"message\":\"access_token = abc123\"}"))
        .isEqualTo("access_token = ***");
    assertThat(errorText("{\"message\":\"{\\\"accessJwt\\\":\\\"a\\\\\\\"b\\\"} rest\"}"))
        .isEqualTo("{\"accessJwt\":\"***\"} rest");
    assertThat(
            errorText("{\"message\":\"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig expired\"}"))
        .isEqualTo("token *** expired");
  }

  @Test
  void anOrdinaryValidationMessageIsLeftAsItIs() {
    assertThat(errorText("{\"message\":\"password: must be at least 8 characters\"}"))
        .isEqualTo("password: must be at least 8 characters");
    assertThat(errorText("{\"message\":\"Token could not be verified\"}"))
        .isEqualTo("Token could not be verified");
    for (String ordinary :
        new String[] {
          "Upgrade from Basic access to Pro",
          "The Instagram Basic Display API is deprecated",
          "basic auth failed",
          "Bearer token is invalid"
        }) {
      assertThat(errorText("{\"message\":\"" + ordinary + "\"}")).isEqualTo(ordinary);
    }
  }

  @Test
  void aLongHostileErrorTextIsCutAndMaskedQuickly() {
    String hostile = "eyJ-".repeat(50_000);

    long started = System.nanoTime();
    String masked = errorText("{\"message\":\"" + hostile + "\"}");

    assertThat(masked).hasSize(HttpReply.LONGEST_ERROR_TEXT + 1).endsWith("…");
    // Not a timing target: a quadratic pattern took seconds here, a linear one milliseconds.
    assertThat(System.nanoTime() - started)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
  }
}
