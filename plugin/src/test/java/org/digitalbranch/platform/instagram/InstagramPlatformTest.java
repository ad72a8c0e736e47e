package org.digitalbranch.platform.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstagramPlatformTest {

  private static final Credentials ACCOUNT =
      new Credentials.GraphToken("17841405822304914", "ig-token-1");
  private static final String KEY = "post-17-target-instagram-main";
  private static final String IG = "/17841405822304914";
  private static final String CONTAINER = "17889615691921648";
  private static final URI IMAGE_URL = URI.create("https://library.example.org/media/rug.jpg");
  private static final PublishOutcome.Published PUBLISHED =
      new PublishOutcome.Published(
          "17920238422030506", URI.create("https://www.instagram.com/p/DBx1k2LsQ9a/"));

  private WireMockServer server;
  private InstagramPlatform instagram;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    instagram = new InstagramPlatform(PlatformDoubles.settings(server));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void publishesAnImageWithAltTextInThreeSteps() {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(json(200, "{\"id\":\"17920238422030506\"}"));
    stubPermalink();

    PublishOutcome outcome = instagram.publish(imagePost("Story time at 10!", Optional.empty()));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        getRequestedFor(urlEqualTo(IG + "/content_publishing_limit?fields=config,quota_usage"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1")));
    server.verify(
        postRequestedFor(urlEqualTo(IG + "/media"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1"))
            .withFormParam("image_url", equalTo(IMAGE_URL.toString()))
            .withFormParam("caption", equalTo("Story time at 10!"))
            .withFormParam("alt_text", equalTo("Children on the story rug")));
    server.verify(
        getRequestedFor(urlEqualTo("/" + CONTAINER + "?fields=status_code,status"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1")));
    server.verify(
        postRequestedFor(urlEqualTo(IG + "/media_publish"))
            .withHeader("Authorization", equalTo("Bearer ig-token-1"))
            .withFormParam("creation_id", equalTo(CONTAINER)));
  }

  @Test
  void aLinkGoesIntoTheCaptionBecauseInstagramHasNoLinkField() {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(json(200, "{\"id\":\"17920238422030506\"}"));
    stubPermalink();

    instagram.publish(
        imagePost("New e-books", Optional.of(URI.create("https://library.example.org/new"))));

    server.verify(
        postRequestedFor(urlEqualTo(IG + "/media"))
            .withFormParam("caption", equalTo("New e-books\n\nhttps://library.example.org/new")));
  }

  @Test
  void waitsWhileInstagramPreparesTheImage() {
    stubQuota(3);
    stubContainer();
    server.stubFor(
        get(urlEqualTo("/" + CONTAINER + "?fields=status_code,status"))
            .inScenario("preparing")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "{\"status_code\":\"IN_PROGRESS\",\"id\":\"" + CONTAINER + "\"}"))
            .willSetStateTo("done"));
    server.stubFor(
        get(urlEqualTo("/" + CONTAINER + "?fields=status_code,status"))
            .inScenario("preparing")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "{\"status_code\":\"FINISHED\",\"id\":\"" + CONTAINER + "\"}")));
    stubPublish(json(200, "{\"id\":\"17920238422030506\"}"));
    stubPermalink();

    assertThat(instagram.publish(imagePost("Story time", Optional.empty()))).isEqualTo(PUBLISHED);
    server.verify(2, getRequestedFor(urlEqualTo("/" + CONTAINER + "?fields=status_code,status")));
  }

  @Test
  void aTextOnlyPostIsRejectedBeforeAnythingIsSent() {
    assertThat(instagram.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isEqualTo(
            new PublishOutcome.Rejected("Instagram posts need an image; this post has none"));
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void anImageWithoutAPublicAddressIsRejected() {
    PublishRequest request =
        new PublishRequest(
            KEY, "Hi", Optional.empty(), List.of(PlatformDoubles.png("A rug")), ACCOUNT);

    assertThat(instagram.publish(request)).isInstanceOf(PublishOutcome.Rejected.class);
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aUsedUpDailyQuotaWaitsAndMakesNoContainer() {
    stubQuota(50);

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isEqualTo(
            new PublishOutcome.RateLimited(
                PlatformDoubles.NOW.plus(Duration.ofHours(1)),
                "Instagram allows 50 posts in 24 hours and this account has used 50"));
    server.verify(0, postRequestedFor(urlEqualTo(IG + "/media")));
  }

  @Test
  void anImageInstagramCannotUseIsRejectedAndNotPublished() {
    stubQuota(3);
    stubContainer();
    server.stubFor(
        get(urlEqualTo("/" + CONTAINER + "?fields=status_code,status"))
            .willReturn(
                json(
                    200,
                    "{\"status_code\":\"ERROR\",\"status\":\"Error: The image could not be"
                        + " downloaded.\",\"id\":\""
                        + CONTAINER
                        + "\"}")));

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Instagram could not use the image: Error: The image could not be downloaded."));
    server.verify(0, postRequestedFor(urlEqualTo(IG + "/media_publish")));
  }

  @Test
  void anImageStillInProgressAfterEveryCheckIsTransient() {
    stubQuota(3);
    stubContainer();
    stubStatus("IN_PROGRESS");

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isEqualTo(
            new PublishOutcome.Transient("Instagram was still preparing the image after 4 checks"));
    server.verify(0, postRequestedFor(urlEqualTo(IG + "/media_publish")));
  }

  @Test
  void throttlingWaitsForTheUsageHeadersEstimate() {
    stubQuota(3);
    server.stubFor(
        post(urlEqualTo(IG + "/media"))
            .willReturn(
                json(
                        400,
                        """
                        {"error":{"message":"(#4) Application request limit reached",
                                  "type":"OAuthException","is_transient":true,"code":4,
                                  "fbtrace_id":"Ab9"}}
                        """)
                    .withHeader(
                        "X-Business-Use-Case-Usage",
                        "{\"17841405822304914\":[{\"type\":\"instagram\",\"call_count\":100,"
                            + "\"total_cputime\":5,\"total_time\":9,"
                            + "\"estimated_time_to_regain_access\":12}]}")));

    PublishOutcome outcome = instagram.publish(imagePost("Hello", Optional.empty()));

    assertThat(((PublishOutcome.RateLimited) outcome).until())
        .isEqualTo(PlatformDoubles.NOW.plus(Duration.ofMinutes(12)));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void serverErrorsAreTransient(int status) {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(aResponse().withStatus(status));

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isEqualTo(
            new PublishOutcome.Transient(
                "Instagram had a server error (" + status + ") while publishing the post"));
  }

  @Test
  void aServerThatCannotBeReachedIsTransientBecauseNothingWasSent() {
    InstagramPlatform unreachable =
        new InstagramPlatform(PlatformDoubles.settings(PlatformDoubles.closedPort()));

    assertThat(unreachable.publish(imagePost("Hello", Optional.empty())))
        .isInstanceOf(PublishOutcome.Transient.class);
  }

  @Test
  void aPublishAnswerLostAfterSendingIsUnknown() {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(
        json(200, "{\"id\":\"17920238422030506\"}")
            .withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS));

    PublishOutcome outcome = instagram.publish(imagePost("Hello", Optional.empty()));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aContainerAnswerLostIsOnlyTransientBecauseNothingWasPublished() {
    stubQuota(3);
    server.stubFor(
        post(urlEqualTo(IG + "/media"))
            .willReturn(
                json(200, "{\"id\":\"" + CONTAINER + "\"}")
                    .withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isInstanceOf(PublishOutcome.Transient.class);
    server.verify(0, postRequestedFor(urlEqualTo(IG + "/media_publish")));
  }

  @Test
  void aConnectionResetMidAnswerIsUnknown() {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertThat(instagram.publish(imagePost("Hello", Optional.empty())))
        .isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void malformedAnswersAreUnknown() {
    stubQuota(3);
    stubContainer();
    stubStatus("FINISHED");
    stubPublish(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    PublishOutcome chunk = instagram.publish(imagePost("Hello", Optional.empty()));
    stubPublish(json(200, "{\"id\":\"1792023"));
    PublishOutcome broken = instagram.publish(imagePost("Hello", Optional.empty()));

    assertThat(chunk).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(broken).isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void anExpiredTokenNeedsReconnect() {
    server.stubFor(
        get(urlEqualTo(IG + "/content_publishing_limit?fields=config,quota_usage"))
            .willReturn(
                json(
                    400,
                    """
                    {"error":{"message":"Error validating access token: Session has expired.",
                              "type":"OAuthException","code":190,"error_subcode":463,
                              "fbtrace_id":"Gh4"}}
                    """)));

    PublishOutcome outcome = instagram.publish(imagePost("Hello", Optional.empty()));

    assertThat(outcome).isInstanceOf(PublishOutcome.NeedsReconnect.class);
    assertThat(((PublishOutcome.NeedsReconnect) outcome).reason())
        .startsWith("Instagram no longer accepts the account's token: the token expired");
  }

  @Test
  void findsAPostAlreadyPublishedByItsCaption() {
    server.stubFor(
        get(urlEqualTo(IG + "/media?fields=id,caption,timestamp,permalink&limit=25"))
            .willReturn(
                json(
                    200,
                    """
                    {"data":[{"id":"17920238422030506","caption":"Story time at 10!",
                              "timestamp":"2026-11-26T11:58:00+0000",
                              "permalink":"https://www.instagram.com/p/DBx1k2LsQ9a/"},
                             {"id":"17920238422030001","caption":"Older post",
                              "timestamp":"2026-11-20T09:00:00+0000",
                              "permalink":"https://www.instagram.com/p/DAaaaaaaaaa/"}],
                     "paging":{"cursors":{"before":"QVFI","after":"QVFJ"}}}
                    """)));
    Instant since = Instant.parse("2026-11-26T11:00:00Z");

    assertThat(instagram.findRecent(imagePost("Story time at 10!", Optional.empty()), since))
        .isEqualTo(new LookupResult.Found(PUBLISHED));
    assertThat(instagram.findRecent(imagePost("Older post", Optional.empty()), since))
        .isEqualTo(new LookupResult.NotFound());
  }

  @Test
  void verifyNamesTheAccount() {
    server.stubFor(
        get(urlEqualTo(IG + "?fields=id,username"))
            .willReturn(
                json(200, "{\"id\":\"17841405822304914\",\"username\":\"riversidelibrary\"}")));

    assertThat(instagram.verify(ACCOUNT))
        .isEqualTo(
            new Verification.Verified("17841405822304914", "@riversidelibrary", Optional.empty()));
  }

  private static PublishRequest imagePost(String text, Optional<URI> link) {
    return new PublishRequest(
        KEY,
        text,
        link,
        List.of(PlatformDoubles.pngAt("Children on the story rug", IMAGE_URL)),
        ACCOUNT);
  }

  private void stubQuota(int used) {
    server.stubFor(
        get(urlEqualTo(IG + "/content_publishing_limit?fields=config,quota_usage"))
            .willReturn(
                json(
                    200,
                    """
                    {"data":[{"config":{"quota_total":50,"quota_duration":86400},"quota_usage":%d}]}
                    """
                        .formatted(used))));
  }

  private void stubContainer() {
    server.stubFor(
        post(urlEqualTo(IG + "/media")).willReturn(json(200, "{\"id\":\"" + CONTAINER + "\"}")));
  }

  private void stubStatus(String statusCode) {
    server.stubFor(
        get(urlEqualTo("/" + CONTAINER + "?fields=status_code,status"))
            .willReturn(
                json(
                    200, "{\"status_code\":\"" + statusCode + "\",\"id\":\"" + CONTAINER + "\"}")));
  }

  private void stubPublish(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlEqualTo(IG + "/media_publish")).willReturn(response));
  }

  private void stubPermalink() {
    server.stubFor(
        get(urlEqualTo("/17920238422030506?fields=permalink"))
            .willReturn(
                json(
                    200,
                    "{\"permalink\":\"https://www.instagram.com/p/DBx1k2LsQ9a/\","
                        + "\"id\":\"17920238422030506\"}")));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
