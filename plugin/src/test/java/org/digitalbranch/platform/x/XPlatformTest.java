package org.digitalbranch.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XPlatformTest {

  private static final Credentials.XOAuth2 TOKEN =
      new Credentials.XOAuth2("access-1", "refresh-1", "client-42", Optional.empty());
  private static final String KEY = "post-17-target-x-main";
  private static final String CREATED =
      """
      {"data":{"id":"1445880548472328192","text":"Story time at 10!",
               "edit_history_tweet_ids":["1445880548472328192"]}}
      """;
  private static final PublishOutcome.Published PUBLISHED =
      new PublishOutcome.Published(
          "1445880548472328192", URI.create("https://x.com/i/web/status/1445880548472328192"));
  private static final String DUPLICATE =
      """
      {"detail":"You are not allowed to create a Tweet with duplicate content.",
       "type":"about:blank","title":"Forbidden","status":403}
      """;
  private static final String UNAUTHORIZED =
      """
      {"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}
      """;

  private final List<Credentials> refreshed = new ArrayList<>();
  private WireMockServer server;
  private XPlatform x;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    x =
        new XPlatform(
            PlatformDoubles.settings(server),
            (before, after) -> {
              assertThat(before).isEqualTo(TOKEN);
              refreshed.add(after);
            });
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theLiveLinkIsBuiltUnderTheConfiguredWebBaseUrl() {
    server.stubFor(post("/2/tweets").willReturn(json(201, CREATED)));
    XPlatform sandboxed =
        new XPlatform(
            PlatformDoubles.settings(server).withWebBaseUrl(URI.create("http://127.0.0.1:8124")),
            (before, after) -> refreshed.add(after));

    PublishOutcome outcome = sandboxed.publish(PublishRequest.text(KEY, "Story time", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Published(
                "1445880548472328192",
                URI.create("http://127.0.0.1:8124/i/web/status/1445880548472328192")));
  }

  @Test
  void publishesTextWithTheUserTokenAsJson() {
    server.stubFor(post("/2/tweets").willReturn(json(201, CREATED)));

    PublishOutcome outcome = x.publish(PublishRequest.text(KEY, "Story time at 10!", TOKEN));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/2/tweets"))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"text\":\"Story time at 10!\"}")));
  }

  @Test
  void putsTheLinkIntoTheText() {
    server.stubFor(post("/2/tweets").willReturn(json(201, CREATED)));

    x.publish(
        new PublishRequest(
            KEY,
            "New e-books",
            Optional.of(URI.create("https://library.example.org/new")),
            List.of(),
            TOKEN));

    server.verify(
        postRequestedFor(urlEqualTo("/2/tweets"))
            .withRequestBody(
                equalToJson("{\"text\":\"New e-books\\n\\nhttps://library.example.org/new\"}")));
  }

  @Test
  void uploadsTheImageSetsItsAltTextThenAttachesIt() {
    server.stubFor(
        post("/2/media/upload")
            .willReturn(
                json(
                    200,
                    """
                    {"data":{"id":"1880028106020515840","media_key":"3_1880028106020515840",
                             "size":7,"expires_after_secs":86400,
                             "image":{"image_type":"image/png","w":1,"h":1}}}
                    """)));
    server.stubFor(
        post("/2/media/metadata")
            .willReturn(
                json(
                    200,
                    """
                    {"data":{"id":"1880028106020515840",
                             "associated_metadata":{"alt_text":{"text":"A child reading"}}}}
                    """)));
    server.stubFor(post("/2/tweets").willReturn(json(201, CREATED)));

    PublishOutcome outcome =
        x.publish(
            new PublishRequest(
                KEY,
                "Story time at 10!",
                Optional.empty(),
                List.of(PlatformDoubles.png("A child reading")),
                TOKEN));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/2/media/upload"))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withAnyRequestBodyPart(aMultipart().withName("media"))
            .withAnyRequestBodyPart(
                aMultipart().withName("media_category").withBody(equalTo("tweet_image"))));
    server.verify(
        postRequestedFor(urlEqualTo("/2/media/metadata"))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withRequestBody(
                equalToJson(
                    """
                    {"id":"1880028106020515840","metadata":{"alt_text":{"text":"A child reading"}}}
                    """)));
    server.verify(
        postRequestedFor(urlEqualTo("/2/tweets"))
            .withRequestBody(
                equalToJson(
                    """
                    {"text":"Story time at 10!","media":{"media_ids":["1880028106020515840"]}}
                    """)));
  }

  @Test
  void rateLimitInTheProblemShapeWaitsUntilTheEpochReset() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(
                json(
                        429,
                        """
                        {"title":"Too Many Requests","type":"about:blank","status":429,
                         "detail":"Too Many Requests"}
                        """)
                    .withHeader("x-rate-limit-limit", "100")
                    .withHeader("x-rate-limit-remaining", "0")
                    .withHeader("x-rate-limit-reset", "1796299500")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.RateLimited(
                Instant.ofEpochSecond(1796299500L),
                "X's rate limit was reached while publishing the post (Too Many Requests)"));
  }

  @Test
  void rateLimitInTheDocumentedV1ShapeWaitsUntilTheEpochReset() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(
                json(429, "{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}")
                    .withHeader("x-rate-limit-remaining", "0")
                    .withHeader("x-rate-limit-reset", "1796299500")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.RateLimited(
                Instant.ofEpochSecond(1796299500L),
                "X's rate limit was reached while publishing the post (Rate limit exceeded)"));
  }

  @Test
  void anExhaustedDailyCapWaitsForItsOwnReset() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(
                json(429, "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\"}")
                    .withHeader("x-rate-limit-remaining", "95")
                    .withHeader("x-rate-limit-reset", "1796299500")
                    .withHeader("x-user-limit-24hour-limit", "17")
                    .withHeader("x-user-limit-24hour-remaining", "0")
                    .withHeader("x-user-limit-24hour-reset", "1796360000")));

    PublishOutcome outcome = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(((PublishOutcome.RateLimited) outcome).until())
        .isEqualTo(Instant.ofEpochSecond(1796360000L));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void serverErrorsAreTransient(int status) {
    server.stubFor(
        post("/2/tweets").willReturn(json(status, "{\"title\":\"Service Unavailable\"}")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.Transient(
                "X had a server error (" + status + ") while publishing the post"));
  }

  @Test
  void aServerThatCannotBeReachedIsTransientBecauseNothingWasSent() {
    XPlatform unreachable =
        new XPlatform(
            PlatformDoubles.settings(PlatformDoubles.closedPort()),
            (before, after) -> refreshed.add(after));

    assertThat(unreachable.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isInstanceOf(PublishOutcome.Transient.class);
  }

  @Test
  void anAnswerTooSlowAfterSendingIsUnknownAndNotSafeToRetryBlindly() {
    server.stubFor(
        post("/2/tweets")
            .willReturn(json(201, CREATED).withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    PublishOutcome outcome = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aConnectionResetMidAnswerIsUnknown() {
    server.stubFor(
        post("/2/tweets").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void malformedAnswersAreUnknown() {
    server.stubFor(
        post("/2/tweets").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    PublishOutcome chunk = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));
    server.stubFor(post("/2/tweets").willReturn(json(201, "{\"data\":{\"id\":\"14458")));
    PublishOutcome broken = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(chunk).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(broken).isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void anExpiredTokenIsRefreshedOnceAndTheNewPairHandedToTheCaller() {
    server.stubFor(
        post("/2/tweets")
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .willReturn(json(401, UNAUTHORIZED)));
    server.stubFor(
        post("/2/oauth2/token")
            .willReturn(
                json(
                    200,
                    """
                    {"token_type":"bearer","expires_in":7200,"access_token":"access-2",
                     "scope":"tweet.write users.read tweet.read offline.access media.write",
                     "refresh_token":"refresh-2"}
                    """)));
    server.stubFor(
        post("/2/tweets")
            .withHeader("Authorization", equalTo("Bearer access-2"))
            .willReturn(json(201, CREATED)));

    PublishOutcome outcome = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isEqualTo(PUBLISHED);
    assertThat(refreshed)
        .containsExactly(
            new Credentials.XOAuth2(
                "access-2",
                "refresh-2",
                "client-42",
                Optional.of(PlatformDoubles.NOW.plusSeconds(7200))));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/2/oauth2/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withFormParam("grant_type", equalTo("refresh_token"))
            .withFormParam("refresh_token", equalTo("refresh-1"))
            .withFormParam("client_id", equalTo("client-42")));
  }

  @Test
  void aTokenStillRefusedAfterOneRefreshNeedsReconnect() {
    server.stubFor(post("/2/tweets").willReturn(json(401, UNAUTHORIZED)));
    server.stubFor(
        post("/2/oauth2/token")
            .willReturn(
                json(
                    200,
                    "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"a2\"}")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "X no longer accepts the account's token (Unauthorized)"));
    server.verify(1, postRequestedFor(urlEqualTo("/2/oauth2/token")));
    server.verify(2, postRequestedFor(urlEqualTo("/2/tweets")));
  }

  @Test
  void aRefusedRefreshTokenNeedsReconnect() {
    server.stubFor(post("/2/tweets").willReturn(json(401, UNAUTHORIZED)));
    server.stubFor(
        post("/2/oauth2/token")
            .willReturn(
                json(
                    400,
                    "{\"error\":\"invalid_request\","
                        + "\"error_description\":\"Value passed for the token was invalid.\"}")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "X refused to renew the account's token (Value passed for the token was invalid.)"));
    assertThat(refreshed).isEmpty();
  }

  @Test
  void aRefusalThatEchoesTheRequestShowsNoCredential() {
    server.stubFor(post("/2/tweets").willReturn(json(401, UNAUTHORIZED)));
    server.stubFor(
        post("/2/oauth2/token")
            .willReturn(
                json(
                    400,
                    "{\"error\":\"invalid_request\",\"error_description\":\"bad body"
                        + " grant_type=refresh_token&refresh_token=REFRESHSECRETdef"
                        + "&client_id=CLIENTIDxyz, header Bearer ACCESSabc.1234567890xyz\"}")));

    PublishOutcome outcome = x.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "X refused to renew the account's token (bad body grant_type=refresh_token"
                    + "&refresh_token=***&client_id=***, header Bearer ***)"));
  }

  private static final String RECENT_POST =
      """
      {"data":[{"id":"1445880548472328192","created_at":"2026-11-26T11:58:00.000Z",
                "text":"New e-books\\n\\nhttps://t.co/AbCdEf123",
                "edit_history_tweet_ids":["1445880548472328192"]}],
       "meta":{"result_count":1,"newest_id":"1445880548472328192",
               "oldest_id":"1445880548472328192"}}
      """;

  private static PublishRequest newEbooks(Optional<Instant> resentSince) {
    return new PublishRequest(
        KEY,
        "New e-books",
        Optional.of(URI.create("https://library.example.org/new")),
        List.of(),
        TOKEN,
        resentSince);
  }

  @Test
  void aDuplicateOnAResendIsOurOwnEarlierAttemptFoundFromWhenItWent() {
    server.stubFor(post("/2/tweets").willReturn(json(403, DUPLICATE)));
    stubMe();
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets")).willReturn(json(200, RECENT_POST)));

    PublishOutcome outcome =
        x.publish(newEbooks(Optional.of(Instant.parse("2026-11-26T11:55:00Z"))));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    "/2/users/2244994945/tweets?max_results=20&exclude=replies,retweets"
                        + "&tweet.fields=created_at&start_time=2026-11-26T11:55:00Z"))
            .withHeader("Authorization", equalTo("Bearer access-1")));
  }

  @Test
  void aDuplicateOnAFirstAttemptIsRefusedNamingTheOtherPostNeverRecordedAsIt() {
    // Another post of the day carries the same text: this one did not go out.
    server.stubFor(post("/2/tweets").willReturn(json(403, DUPLICATE)));
    stubMe();
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets")).willReturn(json(200, RECENT_POST)));

    assertThat(x.publish(newEbooks(Optional.empty())))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "X refused the post as a duplicate: this account posted the same text in the last"
                    + " day (https://x.com/i/web/status/1445880548472328192)."));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/2/users/2244994945/tweets?max_results=20&exclude=replies,retweets"
                    + "&tweet.fields=created_at&start_time=2026-11-25T12:00:00Z")));
  }

  @Test
  void aDuplicateOnAResendNotFoundSinceItWentIsAnotherPostsAndRefused() {
    server.stubFor(post("/2/tweets").willReturn(json(403, DUPLICATE)));
    stubMe();
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .withQueryParam("start_time", equalTo("2026-11-26T11:59:00Z"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .withQueryParam("start_time", equalTo("2026-11-25T12:00:00Z"))
            .willReturn(json(200, RECENT_POST)));

    assertThat(x.publish(newEbooks(Optional.of(Instant.parse("2026-11-26T11:59:00Z")))))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "X refused the post as a duplicate: this account posted the same text in the last"
                    + " day (https://x.com/i/web/status/1445880548472328192)."));
  }

  @Test
  void aDuplicateOnAResendOfAPostNotListedAnywhereYetIsUnknownNotFailed() {
    // After a lost answer, X refuses the resend but lists no such post yet: most likely ours.
    server.stubFor(post("/2/tweets").willReturn(json(403, DUPLICATE)));
    stubMe();
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));

    PublishOutcome outcome =
        x.publish(newEbooks(Optional.of(Instant.parse("2026-11-26T11:55:00Z"))));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aDuplicateNotFoundAmongRecentPostsIsRejected() {
    server.stubFor(post("/2/tweets").willReturn(json(403, DUPLICATE)));
    stubMe();
    server.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));

    assertThat(x.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "X refused the post as a duplicate: this account posted the same text in the last"
                    + " day."));
  }

  @Test
  void verifyNamesTheAccountAndTheTokensExpiry() {
    stubMe();
    Instant expiry = Instant.parse("2026-11-26T13:30:00Z");

    assertThat(
            x.verify(
                new Credentials.XOAuth2("access-1", "refresh-1", "client-42", Optional.of(expiry))))
        .isEqualTo(new Verification.Verified("2244994945", "@RiversideLib", Optional.of(expiry)));
  }

  private void stubMe() {
    server.stubFor(
        get("/2/users/me")
            .willReturn(
                json(
                    200,
                    """
                    {"data":{"id":"2244994945","name":"Riverside Library","username":"RiversideLib"}}
                    """)));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
