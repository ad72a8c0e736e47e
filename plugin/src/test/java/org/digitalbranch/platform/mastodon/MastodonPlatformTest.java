package org.digitalbranch.platform.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
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

class MastodonPlatformTest {

  private static final Credentials TOKEN = new Credentials.MastodonToken("mastodon-token-1");
  private static final String KEY = "post-17-target-mastodon-main";

  private static final String STATUS =
      """
      {"id":"113554020001","created_at":"2026-11-26T12:00:01.000Z",
       "uri":"https://example.social/users/library/statuses/113554020001",
       "url":"https://example.social/@library/113554020001",
       "content":"<p>Story time at 10!</p>","visibility":"public","media_attachments":[]}
      """;

  private WireMockServer server;
  private MastodonPlatform mastodon;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    mastodon = new MastodonPlatform(PlatformDoubles.settings(server));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void publishesTextWithBearerTokenAndIdempotencyKey() {
    server.stubFor(post("/api/v1/statuses").willReturn(json(200, STATUS)));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Story time at 10!", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Published(
                "113554020001", URI.create("https://example.social/@library/113554020001")));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1"))
            .withHeader("Idempotency-Key", equalTo(KEY))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withFormParam("status", equalTo("Story time at 10!"))
            .withoutFormParam("media_ids[]"));
  }

  @Test
  void aPostAddressThatIsNotAWebAddressIsDroppedAndThePostStaysPublished() {
    // A self-hosted server answers what it likes; the post page shows the address as a link.
    for (String address :
        List.of("javascript:alert(document.domain)", "http://exa mple.social/1", "/@library/1")) {
      server.stubFor(
          post("/api/v1/statuses")
              .willReturn(
                  json(
                      200,
                      STATUS.replace("https://example.social/@library/113554020001", address))));

      PublishOutcome outcome =
          mastodon.publish(PublishRequest.text(KEY, "Story time at 10!", TOKEN));

      assertThat(outcome).as(address).isEqualTo(new PublishOutcome.Published("113554020001", null));
    }
  }

  @Test
  void appendsTheLinkOnItsOwnLine() {
    server.stubFor(post("/api/v1/statuses").willReturn(json(200, STATUS)));

    mastodon.publish(
        new PublishRequest(
            KEY,
            "New e-books this week",
            Optional.of(URI.create("https://library.example.org/new")),
            List.of(),
            TOKEN));

    server.verify(
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam(
                "status", equalTo("New e-books this week\n\nhttps://library.example.org/new")));
  }

  @Test
  void uploadsEachImageWithItsAltTextThenAttachesThemInOrder() {
    server.stubFor(
        post("/api/v2/media")
            .withMultipartRequestBody(
                aMultipart().withName("description").withBody(equalTo("A child reading")))
            .willReturn(json(200, media("22348641", true))));
    server.stubFor(
        post("/api/v2/media")
            .withMultipartRequestBody(
                aMultipart().withName("description").withBody(equalTo("The reading room")))
            .willReturn(json(200, media("22348642", true))));
    server.stubFor(post("/api/v1/statuses").willReturn(json(200, STATUS)));

    PublishOutcome outcome =
        mastodon.publish(
            new PublishRequest(
                KEY,
                "Story time at 10!",
                Optional.empty(),
                List.of(
                    PlatformDoubles.png("A child reading"),
                    PlatformDoubles.png("The reading room")),
                TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    server.verify(
        2,
        postRequestedFor(urlEqualTo("/api/v2/media"))
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1"))
            .withAnyRequestBodyPart(aMultipart().withName("file")));
    server.verify(
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam("media_ids[]", havingExactly("22348641", "22348642")));
  }

  @Test
  void waitsForAnImageStillProcessingBeforePosting() {
    server.stubFor(post("/api/v2/media").willReturn(json(202, media("22348641", false))));
    server.stubFor(
        get("/api/v1/media/22348641")
            .inScenario("processing")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(206, media("22348641", false)))
            .willSetStateTo("ready"));
    server.stubFor(
        get("/api/v1/media/22348641")
            .inScenario("processing")
            .whenScenarioStateIs("ready")
            .willReturn(json(200, media("22348641", true))));
    server.stubFor(post("/api/v1/statuses").willReturn(json(200, STATUS)));

    PublishOutcome outcome = mastodon.publish(withImage("A child reading"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
    server.verify(2, getRequestedFor(urlEqualTo("/api/v1/media/22348641")));
    server.verify(
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withFormParam("media_ids[]", havingExactly("22348641")));
  }

  @Test
  void anImageThatNeverFinishesProcessingIsTransientAndPostsNothing() {
    server.stubFor(post("/api/v2/media").willReturn(json(202, media("22348641", false))));
    server.stubFor(get("/api/v1/media/22348641").willReturn(json(206, media("22348641", false))));

    PublishOutcome outcome = mastodon.publish(withImage("A child reading"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Transient.class);
    server.verify(4, getRequestedFor(urlEqualTo("/api/v1/media/22348641")));
    server.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
  }

  @Test
  void anImageMastodonCannotProcessIsRejected() {
    server.stubFor(post("/api/v2/media").willReturn(json(202, media("22348641", false))));
    server.stubFor(
        get("/api/v1/media/22348641")
            .willReturn(
                json(422, "{\"error\":\"Error processing thumbnail for uploaded media\"}")));

    PublishOutcome outcome = mastodon.publish(withImage("A child reading"));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Mastodon could not process the image:"
                    + " Error processing thumbnail for uploaded media"));
  }

  @Test
  void rateLimitWaitsUntilTheIsoResetTime() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                json(429, "{\"error\":\"Too many requests\"}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T12:05:00.516127Z")));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.RateLimited(
                Instant.parse("2026-11-26T12:05:00.516127Z"),
                "Mastodon's rate limit was reached while publishing the post"));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void serverErrorsAreTransient(int status) {
    server.stubFor(post("/api/v1/statuses").willReturn(json(status, "{\"error\":\"oops\"}")));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Transient(
                "Mastodon had a server error (" + status + ") while publishing the post"));
  }

  @Test
  void aServerThatCannotBeReachedIsTransientBecauseNothingWasSent() {
    MastodonPlatform unreachable =
        new MastodonPlatform(PlatformDoubles.settings(PlatformDoubles.closedPort()));

    PublishOutcome outcome = unreachable.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Transient.class);
    assertThat(((PublishOutcome.Transient) outcome).reason()).startsWith("could not connect");
  }

  @Test
  void anAnswerTooSlowAfterSendingIsUnknownButSafeToRetryWithTheSameKey() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(json(200, STATUS).withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isTrue();
  }

  @Test
  void aConnectionResetMidAnswerIsUnknownButSafeToRetry() {
    server.stubFor(
        post("/api/v1/statuses").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isTrue();
  }

  @Test
  void aMalformedChunkIsUnknown() {
    server.stubFor(
        post("/api/v1/statuses").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

    assertThat(mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void aSuccessWithBrokenJsonIsUnknown() {
    server.stubFor(post("/api/v1/statuses").willReturn(json(200, "{\"id\":\"1135540")));

    PublishOutcome outcome = mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).reason()).contains("could not be read");
  }

  @Test
  void aRevokedTokenNeedsReconnect() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(json(401, "{\"error\":\"The access token is invalid\"}")));

    assertThat(mastodon.publish(PublishRequest.text(KEY, "Hello", TOKEN)))
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "Mastodon no longer accepts this account's access token"
                    + " (The access token is invalid)"));
  }

  @Test
  void aValidationErrorIsRejectedWithMastodonsMessage() {
    server.stubFor(
        post("/api/v1/statuses")
            .willReturn(
                json(
                    422,
                    "{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}")));

    assertThat(mastodon.publish(PublishRequest.text(KEY, "x".repeat(501), TOKEN)))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Mastodon refused publishing the post:"
                    + " Validation failed: Text character limit of 500 exceeded"));
  }

  @Test
  void aRetryOfTheSameTargetSendsTheSameKeySoMastodonReturnsTheSamePost() {
    server.stubFor(
        post("/api/v1/statuses")
            .withHeader("Idempotency-Key", equalTo(KEY))
            .willReturn(json(200, STATUS)));
    PublishRequest request = PublishRequest.text(KEY, "Story time at 10!", TOKEN);

    PublishOutcome first = mastodon.publish(request);
    PublishOutcome retry = mastodon.publish(request);

    assertThat(retry).isEqualTo(first).isInstanceOf(PublishOutcome.Published.class);
    server.verify(
        2,
        postRequestedFor(urlEqualTo("/api/v1/statuses"))
            .withHeader("Idempotency-Key", equalTo(KEY)));
  }

  @Test
  void findsTheAlreadyPublishedPostAmongRecentStatusesByItsText() {
    stubAccount();
    server.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/109302/statuses"))
            .willReturn(
                json(
                    200,
                    """
                    [{"id":"113554020009","created_at":"2026-11-26T11:59:00.000Z",
                      "url":"https://example.social/@library/113554020009",
                      "content":"<p>Something else</p>"},
                     {"id":"113554020001","created_at":"2026-11-26T11:58:00.000Z",
                      "url":"https://example.social/@library/113554020001",
                      "content":"<p>New e-books &amp; audiobooks</p><p><a href=\\"https://library.example.org/new\\" rel=\\"nofollow noopener\\" target=\\"_blank\\"><span class=\\"invisible\\">https://</span><span class=\\"\\">library.example.org/new</span><span class=\\"invisible\\"></span></a></p>"},
                     {"id":"113554010000","created_at":"2026-11-25T09:00:00.000Z",
                      "url":"https://example.social/@library/113554010000",
                      "content":"<p>New e-books &amp; audiobooks</p>"}]
                    """)));
    PublishRequest request =
        new PublishRequest(
            KEY,
            "New e-books & audiobooks",
            Optional.of(URI.create("https://library.example.org/new")),
            List.of(),
            TOKEN);

    LookupResult found = mastodon.findRecent(request, Instant.parse("2026-11-26T11:50:00Z"));
    LookupResult tooOld =
        mastodon.findRecent(
            PublishRequest.text(KEY, "Something older", TOKEN),
            Instant.parse("2026-11-26T11:50:00Z"));

    assertThat(found)
        .isEqualTo(
            new LookupResult.Found(
                new PublishOutcome.Published(
                    "113554020001", URI.create("https://example.social/@library/113554020001"))));
    assertThat(tooOld).isEqualTo(new LookupResult.NotFound());
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    "/api/v1/accounts/109302/statuses?limit=40&exclude_replies=true"
                        + "&exclude_reblogs=true"))
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1")));
  }

  @Test
  void verifyNamesTheAccount() {
    stubAccount();

    assertThat(mastodon.verify(TOKEN))
        .isEqualTo(new Verification.Verified("109302", "@library", Optional.empty()));
  }

  @Test
  void verifyWithARevokedTokenSaysReconnect() {
    server.stubFor(
        get("/api/v1/accounts/verify_credentials")
            .willReturn(json(401, "{\"error\":\"The access token is invalid\"}")));

    assertThat(mastodon.verify(TOKEN)).isInstanceOf(Verification.Failed.class);
    assertThat(((Verification.Failed) mastodon.verify(TOKEN)).problem())
        .isInstanceOf(PublishOutcome.NeedsReconnect.class);
  }

  private void stubAccount() {
    server.stubFor(
        get("/api/v1/accounts/verify_credentials")
            .withHeader("Authorization", equalTo("Bearer mastodon-token-1"))
            .willReturn(
                json(
                    200,
                    """
                    {"id":"109302","username":"library","acct":"library",
                     "display_name":"Riverside Public Library",
                     "url":"https://example.social/@library"}
                    """)));
  }

  private static PublishRequest withImage(String altText) {
    return new PublishRequest(
        KEY, "Story time", Optional.empty(), List.of(PlatformDoubles.png(altText)), TOKEN);
  }

  private static String media(String id, boolean processed) {
    String url =
        processed
            ? "\"https://files.example.social/media_attachments/files/022/348/641/original/cebc.png\""
            : "null";
    return """
        {"id":"%s","type":"image","url":%s,"preview_url":null,"remote_url":null,
         "description":"A child reading","blurhash":"UFBWY:8_0Jxv"}
        """
        .formatted(id, url);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
