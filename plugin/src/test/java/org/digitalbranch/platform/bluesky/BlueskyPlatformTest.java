package org.digitalbranch.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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

class BlueskyPlatformTest {

  private static final Credentials ACCOUNT =
      new Credentials.BlueskyAppPassword("library.bsky.social", "abcd-efgh-ijkl-mnop");
  private static final String KEY = "post-17-target-bluesky-main";
  private static final String DID = "did:plc:z72i7hdynmk6r22z27h6tvur";
  private static final String CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord";
  private static final String POST_URI = "at://" + DID + "/app.bsky.feed.post/3l3qo2vuowo2b";
  private static final PublishOutcome.Published PUBLISHED =
      new PublishOutcome.Published(
          POST_URI, URI.create("https://bsky.app/profile/library.bsky.social/post/3l3qo2vuowo2b"));

  private WireMockServer server;
  private BlueskyPlatform bluesky;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    bluesky = new BlueskyPlatform(PlatformDoubles.settings(server));
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(json(200, session("access-1", "refresh-1"))));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theLiveLinkIsBuiltUnderTheConfiguredWebBaseUrl() {
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));
    BlueskyPlatform sandboxed =
        new BlueskyPlatform(
            PlatformDoubles.settings(server).withWebBaseUrl(URI.create("http://127.0.0.1:8125")));

    PublishOutcome outcome = sandboxed.publish(PublishRequest.text(KEY, "Story time", ACCOUNT));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Published(
                POST_URI,
                URI.create(
                    "http://127.0.0.1:8125/profile/library.bsky.social/post/3l3qo2vuowo2b")));
  }

  @Test
  void signsInWithTheAppPasswordThenCreatesAPostRecord() {
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));

    PublishOutcome outcome =
        bluesky.publish(PublishRequest.text(KEY, "Story time at 10!", ACCOUNT));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/xrpc/com.atproto.server.createSession"))
            .withHeader("Authorization", absent())
            .withRequestBody(
                equalToJson(
                    """
                    {"identifier":"library.bsky.social","password":"abcd-efgh-ijkl-mnop"}
                    """)));
    server.verify(
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"repo":"did:plc:z72i7hdynmk6r22z27h6tvur","collection":"app.bsky.feed.post",
                     "record":{"$type":"app.bsky.feed.post","text":"Story time at 10!",
                               "createdAt":"2026-11-26T12:00:00.000Z"}}
                    """)));
  }

  @Test
  void keepsTheSessionForTheNextPost() {
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));

    bluesky.publish(PublishRequest.text(KEY, "One", ACCOUNT));
    bluesky.publish(PublishRequest.text(KEY, "Two", ACCOUNT));

    server.verify(1, postRequestedFor(urlEqualTo("/xrpc/com.atproto.server.createSession")));
    server.verify(2, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void aLinkFacetCountsUtf8BytesSoAccentsAndEmojiBeforeTheLinkMoveIt() {
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));

    // "Café 📚 night!" is 14 UTF-16 chars but 17 UTF-8 bytes; the link follows "\n\n".
    bluesky.publish(
        new PublishRequest(
            KEY,
            "Café 📚 night!",
            Optional.of(URI.create("https://library.example.org/events")),
            List.of(),
            ACCOUNT));

    server.verify(
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withRequestBody(
                equalToJson(
                    """
                    {"repo":"did:plc:z72i7hdynmk6r22z27h6tvur","collection":"app.bsky.feed.post",
                     "record":{"$type":"app.bsky.feed.post",
                       "text":"Café 📚 night!\\n\\nhttps://library.example.org/events",
                       "createdAt":"2026-11-26T12:00:00.000Z",
                       "facets":[{"index":{"byteStart":19,"byteEnd":53},
                                  "features":[{"$type":"app.bsky.richtext.facet#link",
                                               "uri":"https://library.example.org/events"}]}]}}
                    """)));
  }

  @Test
  void uploadsTheImageAsABlobAndEmbedsItWithItsAltText() {
    String blob =
        """
        {"$type":"blob","ref":{"$link":"bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa"},
         "mimeType":"image/png","size":7}
        """;
    server.stubFor(
        post("/xrpc/com.atproto.repo.uploadBlob").willReturn(json(200, "{\"blob\":" + blob + "}")));
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));
    PublishRequest.Image image = PlatformDoubles.png("Children at story time");

    PublishOutcome outcome =
        bluesky.publish(
            new PublishRequest(KEY, "Story time", Optional.empty(), List.of(image), ACCOUNT));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.uploadBlob"))
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .withHeader("Content-Type", equalTo("image/png"))
            .withRequestBody(binaryEqualTo(image.bytes())));
    server.verify(
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withRequestBody(
                equalToJson(
                    """
                    {"repo":"did:plc:z72i7hdynmk6r22z27h6tvur","collection":"app.bsky.feed.post",
                     "record":{"$type":"app.bsky.feed.post","text":"Story time",
                       "createdAt":"2026-11-26T12:00:00.000Z",
                       "embed":{"$type":"app.bsky.embed.images",
                                "images":[{"alt":"Children at story time","image":%s}]}}}
                    """
                        .formatted(blob))));
  }

  @Test
  void anImageWhoseSizeIsKnownIsEmbeddedWithItsAspectRatio() {
    server.stubFor(
        post("/xrpc/com.atproto.repo.uploadBlob")
            .willReturn(
                json(
                    200,
                    "{\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreia\"},"
                        + "\"mimeType\":\"image/png\",\"size\":7}}")));
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, created())));
    PublishRequest.Image plain = PlatformDoubles.png("The reading room at dusk");
    PublishRequest.Image image =
        new PublishRequest.Image(
            plain.bytes(),
            plain.contentType(),
            plain.altText(),
            Optional.empty(),
            Optional.of(new PublishRequest.Dimensions(1600, 900)));

    bluesky.publish(
        new PublishRequest(KEY, "Open late", Optional.empty(), List.of(image), ACCOUNT));

    server.verify(
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withRequestBody(
                matchingJsonPath(
                    "$.record.embed.images[0].aspectRatio",
                    equalToJson("{\"width\":1600,\"height\":900}"))));
  }

  @Test
  void anExpiredAccessTokenIsRefreshedWithTheRefreshTokenAndThePostSentOnce() {
    server.stubFor(
        post(CREATE_RECORD)
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .willReturn(
                json(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")));
    server.stubFor(
        post("/xrpc/com.atproto.server.refreshSession")
            .willReturn(json(200, session("access-2", "refresh-2"))));
    server.stubFor(
        post(CREATE_RECORD)
            .withHeader("Authorization", equalTo("Bearer access-2"))
            .willReturn(json(200, created())));

    PublishOutcome outcome = bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT));

    assertThat(outcome).isEqualTo(PUBLISHED);
    server.verify(
        postRequestedFor(urlEqualTo("/xrpc/com.atproto.server.refreshSession"))
            .withHeader("Authorization", equalTo("Bearer refresh-1")));
    server.verify(
        1,
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withHeader("Authorization", equalTo("Bearer access-2")));
  }

  @Test
  void aRevokedRefreshTokenSignsInAgain() {
    server.stubFor(
        post(CREATE_RECORD)
            .withHeader("Authorization", equalTo("Bearer access-1"))
            .willReturn(
                json(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")));
    server.stubFor(
        post("/xrpc/com.atproto.server.refreshSession")
            .willReturn(
                json(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has been revoked\"}")));
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .inScenario("second sign-in")
            .whenScenarioStateIs("Started")
            .willReturn(json(200, session("access-1", "refresh-1")))
            .willSetStateTo("signed in once"));
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .inScenario("second sign-in")
            .whenScenarioStateIs("signed in once")
            .willReturn(json(200, session("access-3", "refresh-3"))));
    server.stubFor(
        post(CREATE_RECORD)
            .withHeader("Authorization", equalTo("Bearer access-3"))
            .willReturn(json(200, created())));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT))).isEqualTo(PUBLISHED);
    server.verify(2, postRequestedFor(urlEqualTo("/xrpc/com.atproto.server.createSession")));
  }

  @Test
  void aWrongAppPasswordNeedsReconnect() {
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(
                json(
                    401,
                    "{\"error\":\"AuthenticationRequired\","
                        + "\"message\":\"Invalid identifier or password\"}")));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isEqualTo(
            new PublishOutcome.NeedsReconnect(
                "Bluesky refused the account's app password (Invalid identifier or password)"));
    server.verify(0, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void rateLimitWaitsUntilTheEpochResetTime() {
    server.stubFor(
        post(CREATE_RECORD)
            .willReturn(
                json(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")
                    .withHeader("RateLimit-Limit", "5000")
                    .withHeader("RateLimit-Remaining", "0")
                    .withHeader("RateLimit-Reset", "1796299500")
                    .withHeader("RateLimit-Policy", "5000;w=3600")));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isEqualTo(
            new PublishOutcome.RateLimited(
                Instant.ofEpochSecond(1796299500L),
                "Bluesky's rate limit was reached while publishing the post"));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void serverErrorsAreTransient(int status) {
    server.stubFor(
        post(CREATE_RECORD)
            .willReturn(json(status, "{\"error\":\"InternalServerError\",\"message\":\"x\"}")));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isEqualTo(
            new PublishOutcome.Transient(
                "Bluesky had a server error (" + status + ") while publishing the post"));
  }

  @Test
  void aServerThatCannotBeReachedIsTransientBecauseNothingWasSent() {
    BlueskyPlatform unreachable =
        new BlueskyPlatform(PlatformDoubles.settings(PlatformDoubles.closedPort()));

    assertThat(unreachable.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isInstanceOf(PublishOutcome.Transient.class);
  }

  @Test
  void anAnswerTooSlowAfterSendingIsUnknownAndNotSafeToRetryBlindly() {
    server.stubFor(
        post(CREATE_RECORD)
            .willReturn(
                json(200, created()).withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    PublishOutcome outcome = bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT));

    assertThat(outcome).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(((PublishOutcome.Unknown) outcome).safeToRetry()).isFalse();
  }

  @Test
  void aSlowImageUploadIsOnlyTransientBecauseNothingWasPosted() {
    server.stubFor(
        post("/xrpc/com.atproto.repo.uploadBlob")
            .willReturn(json(200, "{}").withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS)));

    PublishOutcome outcome =
        bluesky.publish(
            new PublishRequest(
                KEY, "Hi", Optional.empty(), List.of(PlatformDoubles.png("alt")), ACCOUNT));

    assertThat(outcome).isInstanceOf(PublishOutcome.Transient.class);
    server.verify(0, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void aConnectionResetMidAnswerIsUnknown() {
    server.stubFor(
        post(CREATE_RECORD).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT)))
        .isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void malformedAnswersAreUnknown() {
    server.stubFor(
        post(CREATE_RECORD).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    PublishOutcome chunk = bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT));
    server.stubFor(post(CREATE_RECORD).willReturn(json(200, "{\"uri\":\"at://did:plc")));
    PublishOutcome broken = bluesky.publish(PublishRequest.text(KEY, "Hello", ACCOUNT));

    assertThat(chunk).isInstanceOf(PublishOutcome.Unknown.class);
    assertThat(broken).isInstanceOf(PublishOutcome.Unknown.class);
  }

  @Test
  void aTooLongPostIsRejectedWithBlueskysMessage() {
    server.stubFor(
        post(CREATE_RECORD)
            .willReturn(
                json(
                    400,
                    """
                    {"error":"InvalidRequest","message":"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes"}
                    """)));

    assertThat(bluesky.publish(PublishRequest.text(KEY, "x".repeat(301), ACCOUNT)))
        .isEqualTo(
            new PublishOutcome.Rejected(
                "Bluesky refused publishing the post: Invalid app.bsky.feed.post record:"
                    + " Record/text must not be longer than 300 graphemes"));
  }

  @Test
  void anOversizedImageIsRejectedBeforeAnythingIsSent() {
    PublishRequest.Image big =
        new PublishRequest.Image(new byte[2_000_001], "image/jpeg", "Map", Optional.empty());

    PublishOutcome outcome =
        bluesky.publish(new PublishRequest(KEY, "Hi", Optional.empty(), List.of(big), ACCOUNT));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void findsAPostAlreadyPublishedInTheAuthorFeedSoItIsNotSentTwice() {
    server.stubFor(
        get(urlPathEqualTo("/xrpc/app.bsky.feed.getAuthorFeed"))
            .willReturn(
                json(
                    200,
                    """
                    {"feed":[
                      {"post":{"uri":"at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l3qo2vuowo2b",
                               "cid":"bafyreib2rxk3rh6kzwq",
                               "author":{"did":"did:plc:z72i7hdynmk6r22z27h6tvur","handle":"library.bsky.social"},
                               "record":{"$type":"app.bsky.feed.post",
                                         "text":"Café 📚 night!\\n\\nhttps://library.example.org/events",
                                         "createdAt":"2026-11-26T11:59:30.000Z"},
                               "indexedAt":"2026-11-26T11:59:31.000Z"}},
                      {"post":{"uri":"at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kzzzzzzzzzzz",
                               "cid":"bafyreiold",
                               "author":{"did":"did:plc:z72i7hdynmk6r22z27h6tvur","handle":"library.bsky.social"},
                               "record":{"$type":"app.bsky.feed.post","text":"Older post",
                                         "createdAt":"2026-11-20T09:00:00.000Z"},
                               "indexedAt":"2026-11-20T09:00:01.000Z"}}],
                     "cursor":"2026-11-20T09:00:01.000Z"}
                    """)));
    Instant since = Instant.parse("2026-11-26T11:00:00Z");

    LookupResult found =
        bluesky.findRecent(
            new PublishRequest(
                KEY,
                "Café 📚 night!",
                Optional.of(URI.create("https://library.example.org/events")),
                List.of(),
                ACCOUNT),
            since);
    LookupResult older = bluesky.findRecent(PublishRequest.text(KEY, "Older post", ACCOUNT), since);

    assertThat(found).isEqualTo(new LookupResult.Found(PUBLISHED));
    assertThat(older).isEqualTo(new LookupResult.NotFound());
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Az72i7hdynmk6r22z27h6tvur"
                        + "&limit=30&filter=posts_no_replies"))
            .withHeader("Authorization", equalTo("Bearer access-1")));
  }

  @Test
  void verifyNamesTheAccount() {
    server.stubFor(
        get("/xrpc/com.atproto.server.getSession")
            .willReturn(json(200, "{\"handle\":\"library.bsky.social\",\"did\":\"" + DID + "\"}")));

    assertThat(bluesky.verify(ACCOUNT))
        .isEqualTo(new Verification.Verified(DID, "@library.bsky.social", Optional.empty()));
  }

  private static String session(String access, String refresh) {
    return """
        {"did":"%s","handle":"library.bsky.social","email":"web@library.example.org",
         "emailConfirmed":true,"accessJwt":"%s","refreshJwt":"%s","active":true}
        """
        .formatted(DID, access, refresh);
  }

  private static String created() {
    return """
        {"uri":"%s","cid":"bafyreib2rxk3rh6kzwq","commit":{"cid":"bafyreic","rev":"3l3qo2vuowo2c"},
         "validationStatus":"valid"}
        """
        .formatted(POST_URI);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
