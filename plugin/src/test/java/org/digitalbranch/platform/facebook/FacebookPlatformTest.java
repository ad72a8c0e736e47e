package org.digitalbranch.platform.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.time.Duration;
import java.time.Instant;
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

class FacebookPlatformTest {

  private static final Credentials PAGE = new Credentials.GraphToken("104729", "page-token-1");
  private static final String KEY = "post-17-target-facebook-main";
  private static final PublishOutcome.Published PUBLISHED =
      new PublishOutcome.Published(
          "104729_5566778899", URI.create("https://www.facebook.com/104729_5566778899"));

  private WireMockServer server;
  private FacebookPlatform facebook;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    facebook = new FacebookPlatform(PlatformDoubles.settings(server));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theLiveLinkIsBuiltUnderTheConfiguredWebBaseUrl() {
    server.stubFor(post("/104729/feed").willReturn(json(200, "{\"id\":\"104729_5566778899\"}")));
    FacebookPlatform sandboxed =
        new FacebookPlatform(
            PlatformDoubles.settings(server)
                .withWebBaseUrl(URI.create("http://127.0.0.1:8123/web/")));

    PublishOutcome outcome = sandboxed.publish(PublishRequest.text(KEY, "Story time", PAGE));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Published(
                "104729_5566778899", URI.create("http://127.0.0.1:8123/web/104729_5566778899")));
  }

  @Test
  void postsTextToThePageFeedWithThePageToken() {
    server.stubFor(post("/104729/feed").willReturn(json(200, "{\"id\":\"104729_5566778899\"}")));

    PublishOutcome outcome = facebook.publish(PublishRequest.text(KEY, "Story time at 10!", PAGE));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/104729/feed"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withFormParam("message", equalTo("Story time at 10!"))
            .withoutFormParam("link"));
  }

  @Test
  void sendsTheLinkInItsOwnFieldSoFacebookBuildsThePreview() {
    server.stubFor(post("/104729/feed").willReturn(json(200, "{\"id\":\"104729_5566778899\"}")));

    facebook.publish(
        new PublishRequest(
            KEY,
            "New e-books",
            Optional.of(URI.create("https://library.example.org/new")),
            List.of(),
            PAGE));

    server.verify(
        postRequestedFor(urlEqualTo("/104729/feed"))
            .withFormParam("message", equalTo("New e-books"))
            .withFormParam("link", equalTo("https://library.example.org/new")));
  }

  @Test
  void uploadsAPhotoWithItsCustomAltText() {
    server.stubFor(
        post("/104729/photos")
            .willReturn(json(200, "{\"id\":\"5566778800\",\"post_id\":\"104729_5566778899\"}")));

    PublishOutcome outcome =
        facebook.publish(
            new PublishRequest(
                KEY,
                "Story time",
                Optional.of(URI.create("https://library.example.org/story")),
                List.of(PlatformDoubles.png("Children on the story rug")),
                PAGE));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/104729/photos"))
            .withHeader("Authorization", equalTo("Bearer page-token-1"))
            .withAnyRequestBodyPart(aMultipart().withName("source"))
            .withAnyRequestBodyPart(
                aMultipart()
                    .withName("message")
                    .withBody(equalTo("Story time\n\nhttps://library.example.org/story")))
            .withAnyRequestBodyPart(
                aMultipart()
                    .withName("alt_text_custom")
                    .withBody(equalTo("Children on the story rug"))));
  }

  @Test
  void aPhotoWithAPublicUrlIsFetchedByFacebook() {
    server.stubFor(
        post("/104729/photos")
            .willReturn(json(200, "{\"id\":\"5566778800\",\"post_id\":\"104729_5566778899\"}")));

    facebook.publish(
        new PublishRequest(
            KEY,
            "Story time",
            Optional.empty(),
            List.of(
                PlatformDoubles.pngAt(
                    "Children on the story rug",
                    URI.create("https://library.example.org/media/rug.png"))),
            PAGE));

    server.verify(
        postRequestedFor(urlEqualTo("/104729/photos"))
            .withFormParam("url", equalTo("https://library.example.org/media/rug.png"))
            .withFormParam("message", equalTo("Story time"))
            .withFormParam("alt_text_custom", equalTo("Children on the story rug")));
  }

  @Test
  void pageThrottlingWaitsForTheUsageHeadersEstimate() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                        400,
                        """
                        {"error":{"message":"(#32) Page request limit reached",
                                  "type":"OAuthException","code":32,"fbtrace_id":"AxW3kPq"}}
                        """)
                    .withHeader(
                        "X-Business-Use-Case-Usage",
                        "{\"104729\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":12,"
                            + "\"total_time\":40,\"estimated_time_to_regain_access\":7}]}")));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isEqualTo(
            new PublishOutcome.RateLimited(
                PlatformDoubles.NOW.plus(Duration.ofMinutes(7)),
                "Facebook's rate limit was reached while publishing the post"
                    + " ((#32) Page request limit reached [code 32, trace AxW3kPq])"));
  }

  @Test
  void appThrottlingWithoutAnEstimateWaitsTheDefault() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#4) Application request limit reached",
                              "type":"OAuthException","is_transient":true,"code":4,
                              "fbtrace_id":"BqZ1"}}
                    """)));

    PublishOutcome outcome = facebook.publish(PublishRequest.text(KEY, "Hello", PAGE));

    assertThat(((PublishOutcome.RateLimited) outcome).until())
        .isEqualTo(PlatformDoubles.NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void anUnknownGraphErrorIsTransient() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                    500,
                    """
                    {"error":{"message":"An unknown error has occurred.","type":"OAuthException",
                              "code":1,"fbtrace_id":"C9x"}}
                    """)));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isEqualTo(
            new PublishOutcome.Transient(
                "Facebook had a temporary problem while publishing the post"
                    + " (An unknown error has occurred. [code 1, trace C9x])"));
  }

  @Test
  void anUnavailableServerIsTransient() {
    server.stubFor(post("/104729/feed").willReturn(aResponse().withStatus(503)));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isEqualTo(
            new PublishOutcome.Transient(
                "Facebook had a server error (503) while publishing the post"));
  }

  @Test
  void aServerThatCannotBeReachedIsTransientBecauseNothingWasSent() {
    FacebookPlatform unreachable =
        new FacebookPlatform(PlatformDoubles.settings(PlatformDoubles.closedPort()));

    assertThat(unreachable.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isInstanceOf(PublishOutcome.Transient.class);
  }

  @Test
  void anAnswerTooSlowAfterSendingIsUnknown() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(200, "{\"id\":\"104729_5566778899\"}")
                    .withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    PublishOutcome outcome = facebook.publish(PublishRequest.text(KEY, "Hello", PAGE));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aConnectionResetMidAnswerIsUnknown() {
    server.stubFor(
        post("/104729/feed").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void malformedAnswersAreUnknown() {
    server.stubFor(
        post("/104729/feed").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    PublishOutcome chunk = facebook.publish(PublishRequest.text(KEY, "Hello", PAGE));
    server.stubFor(post("/104729/feed").willReturn(json(200, "{\"id\":\"104729_55")));
    PublishOutcome broken = facebook.publish(PublishRequest.text(KEY, "Hello", PAGE));

    assertThat(chunk).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(broken).isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void anExpiredPageTokenNeedsReconnectWithTheReason() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"Error validating access token: Session has expired on Thursday, 26-Nov-26 03:00:00 PST.",
                              "type":"OAuthException","code":190,"error_subcode":463,
                              "fbtrace_id":"DkQ7"}}
                    """)));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "Facebook no longer accepts the account's token: the token expired"
                    + " (Error validating access token: Session has expired on Thursday,"
                    + " 26-Nov-26 03:00:00 PST. [code 190/463, trace DkQ7])"));
  }

  @Test
  void invalidContentIsRejectedWithFacebooksWords() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"(#100) Invalid parameter","type":"OAuthException",
                              "code":100,"error_user_title":"Link not allowed",
                              "error_user_msg":"The link you shared is not allowed on Facebook.",
                              "fbtrace_id":"Ez2"}}
                    """)));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Hello", PAGE)))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Facebook refused publishing the post:"
                    + " The link you shared is not allowed on Facebook. [code 100, trace Ez2]"));
  }

  private static final String STORY_TIME_POSTED =
      """
      {"data":[{"id":"104729_5566778899","message":"Story time at 10!",
                "created_time":"2026-11-26T11:58:00+0000",
                "permalink_url":"https://www.facebook.com/riversidelibrary/posts/pfbid0x"}],
       "paging":{"cursors":{"before":"QVFIU","after":"QVFIU"}}}
      """;

  private static PublishRequest storyTime(Optional<Instant> resentSince) {
    return new PublishRequest(
        KEY, "Story time at 10!", Optional.empty(), List.of(), PAGE, resentSince);
  }

  @Test
  void aDuplicateOnAResendIsOurOwnEarlierAttemptFoundFromWhenItWent() {
    stubDuplicate();
    server.stubFor(
        get(urlPathEqualTo("/104729/published_posts")).willReturn(json(200, STORY_TIME_POSTED)));

    PublishOutcome outcome =
        facebook.publish(storyTime(Optional.of(Instant.parse("2026-11-26T11:55:00Z"))));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Published(
                "104729_5566778899",
                URI.create("https://www.facebook.com/riversidelibrary/posts/pfbid0x")));
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    "/104729/published_posts?fields=id,message,created_time,permalink_url"
                        + "&limit=25&since="
                        + Instant.parse("2026-11-26T11:55:00Z").getEpochSecond()))
            .withHeader("Authorization", equalTo("Bearer page-token-1")));
  }

  @Test
  void aDuplicateOnAFirstAttemptIsRefusedNamingTheOtherPostNeverRecordedAsIt() {
    stubDuplicate();
    server.stubFor(
        get(urlPathEqualTo("/104729/published_posts")).willReturn(json(200, STORY_TIME_POSTED)));

    assertThat(facebook.publish(storyTime(Optional.empty())))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Facebook refused the post as a duplicate: the Page posted the same text in the"
                    + " last day (https://www.facebook.com/riversidelibrary/posts/pfbid0x)."));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/104729/published_posts?fields=id,message,created_time,permalink_url"
                    + "&limit=25&since=1795608000")));
  }

  @Test
  void aDuplicateNotFoundOnThePageIsRejected() {
    stubDuplicate();
    server.stubFor(
        get(urlPathEqualTo("/104729/published_posts")).willReturn(json(200, "{\"data\":[]}")));

    assertThat(facebook.publish(PublishRequest.text(KEY, "Story time at 10!", PAGE)))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Facebook refused the post as a duplicate: the Page posted the same text in the"
                    + " last day."));
  }

  @Test
  void verifyNamesThePage() {
    server.stubFor(
        get("/104729?fields=id,name")
            .willReturn(json(200, "{\"id\":\"104729\",\"name\":\"Riverside Public Library\"}")));

    assertThat(facebook.verify(PAGE))
        .isEqualTo(
            new Verification.Verified("104729", "Riverside Public Library", Optional.empty()));
  }

  private void stubDuplicate() {
    server.stubFor(
        post("/104729/feed")
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"Duplicate status message","type":"OAuthException",
                              "code":506,"error_subcode":1455006,
                              "error_user_title":"Duplicate Status Update",
                              "error_user_msg":"This status update is identical to the last one you posted.",
                              "fbtrace_id":"F1a"}}
                    """)));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
