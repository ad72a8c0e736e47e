package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.digitalbranch.publish.PublishFixture.BLUESKY;
import static org.digitalbranch.publish.PublishFixture.CREATE_RECORD;
import static org.digitalbranch.publish.PublishFixture.INSTAGRAM;
import static org.digitalbranch.publish.PublishFixture.IT;
import static org.digitalbranch.publish.PublishFixture.MASTODON;
import static org.digitalbranch.publish.PublishFixture.START;
import static org.digitalbranch.publish.PublishFixture.STATUSES;
import static org.digitalbranch.publish.PublishFixture.TWEETS;
import static org.digitalbranch.publish.PublishFixture.X;
import static org.digitalbranch.publish.PublishFixture.json;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.ImageInput;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  @TempDir Path folder;
  private PublishFixture library;
  private Publisher publisher;

  @BeforeEach
  void open() {
    library = new PublishFixture(folder);
    publisher = library.publisher();
  }

  @AfterEach
  void close() {
    publisher.stop();
    library.close();
  }

  @Test
  void onePostToThreeAccountsWhereOneRefusesShowsTwoPublishedAndOneFailed() {
    library.mastodonPublishes();
    library.blueskyPublishes();
    library.platforms.stubFor(
        post(TWEETS)
            .willReturn(
                json(
                    400,
                    "{\"title\":\"Invalid Request\",\"detail\":\"The text is not allowed here.\"}")));
    Post post = library.approved("Story time at 10!", MASTODON, BLUESKY, X);

    assertThat(publisher.runOnce(START)).isEqualTo(3);

    assertThat(publisher.outcomes(post.id()))
        .extracting(TargetOutcome::accountId, TargetOutcome::state, TargetOutcome::attempts)
        .containsExactly(
            tuple(MASTODON, TargetState.PUBLISHED, 1),
            tuple(BLUESKY, TargetState.PUBLISHED, 1),
            tuple(X, TargetState.FAILED, 1));
    TargetOutcome mastodon = library.outcome(publisher, post.id(), MASTODON);
    assertThat(mastodon.url()).isEqualTo(URI.create("https://example.social/@library/109348"));
    assertThat(mastodon.platformPostId()).isEqualTo("109348");
    assertThat(mastodon.publishedAt()).isEqualTo(START);
    assertThat(library.outcome(publisher, post.id(), X).lastError())
        .isEqualTo("X refused publishing the post: The text is not allowed here.");
    assertThat(library.outcome(publisher, post.id(), X).nextAttemptAt()).isNull();
    Post after = library.posts.get(PublishFixture.MO, post.id());
    assertThat(after.state()).isEqualTo(PostState.PUBLISHING);
    assertThat(after.history()).extracting(HistoryEntry::action).endsWith("start-publishing");

    assertThat(publisher.runOnce(START.plus(Duration.ofHours(1)))).isZero();
    library.platforms.verify(1, postRequestedFor(urlEqualTo(TWEETS)));
  }

  @Test
  void aPostLiveOnEveryAccountIsPublished() {
    library.mastodonPublishes();
    library.blueskyPublishes();
    Post post = library.approved("New e-books this week", MASTODON, BLUESKY);

    publisher.runOnce(START);

    Post after = library.posts.get(PublishFixture.MO, post.id());
    assertThat(after.state()).isEqualTo(PostState.PUBLISHED);
    assertThat(after.history())
        .extracting(HistoryEntry::action, HistoryEntry::to)
        .endsWith(
            tuple("start-publishing", PostState.PUBLISHING), tuple("publish", PostState.PUBLISHED));
    assertThat(library.account(MASTODON).lastSuccessAt()).isEqualTo(START);
    assertThat(publisher.runOnce(START.plusSeconds(60))).isZero();
    library.platforms.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
  }

  @Test
  void eachTargetKeepsOneIdempotencyKeyOfItsOwn() {
    library.mastodonPublishes();
    library.blueskyPublishes();
    Post post = library.approved("Story time at 10!", MASTODON, BLUESKY);

    publisher.runOnce(START);

    String key = library.outcome(publisher, post.id(), MASTODON).idempotencyKey();
    assertThat(key)
        .isNotBlank()
        .isNotEqualTo(library.outcome(publisher, post.id(), BLUESKY).idempotencyKey());
    library.platforms.verify(
        postRequestedFor(urlEqualTo(STATUSES)).withHeader("Idempotency-Key", equalTo(key)));
  }

  @Test
  void whilePublishingIsPausedNothingIsSentAndResumingSendsIt() {
    library.mastodonPublishes();
    library.posts.pause(IT);
    Post post = library.approved("Story time at 10!", MASTODON);

    assertThat(publisher.runOnce(START)).isZero();
    library.platforms.verify(0, postRequestedFor(urlEqualTo(STATUSES)));
    assertThat(library.posts.get(PublishFixture.MO, post.id()).state())
        .isEqualTo(PostState.APPROVED);

    library.posts.resume(IT);
    assertThat(publisher.runOnce(START.plusSeconds(30))).isEqualTo(1);
    assertThat(library.outcome(publisher, post.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
  }

  @Test
  void aPauseStopsTheTargetsAlreadyWaitingForARetry() {
    library.platforms.stubFor(post(STATUSES).willReturn(json(503, "{\"error\":\"busy\"}")));
    Post post = library.approved("Story time at 10!", MASTODON);
    publisher.runOnce(START);
    library.posts.pause(IT);

    assertThat(publisher.runOnce(START.plus(Duration.ofHours(1)))).isZero();

    library.platforms.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
    assertThat(library.outcome(publisher, post.id(), MASTODON).state())
        .isEqualTo(TargetState.PENDING);
  }

  @Test
  void aPostHeldBecauseItsTimePassedIsNeverSent() {
    library.mastodonPublishes();
    Post post = library.approved(LocalDateTime.of(2026, 11, 26, 10, 0), "Story time!", MASTODON);

    // The plugin was down from before 10:00 until 10:20, beyond the 15 minutes' grace.
    assertThat(publisher.runOnce(Instant.parse("2026-11-26T16:20:00Z"))).isZero();
    assertThat(publisher.runOnce(Instant.parse("2026-11-26T18:00:00Z"))).isZero();

    assertThat(library.posts.get(PublishFixture.MO, post.id()).state()).isEqualTo(PostState.HELD);
    assertThat(publisher.outcomes(post.id())).isEmpty();
    library.platforms.verify(0, postRequestedFor(urlEqualTo(STATUSES)));
  }

  @Test
  void aScheduledPostIsNotSentBeforeItsTimeAndGoesAtIt() {
    library.mastodonPublishes();
    Post post = library.approved(LocalDateTime.of(2026, 11, 26, 10, 0), "Story time!", MASTODON);
    Instant tenInChicago = Instant.parse("2026-11-26T16:00:00Z");

    assertThat(publisher.runOnce(tenInChicago.minusSeconds(1))).isZero();
    library.platforms.verify(0, postRequestedFor(urlEqualTo(STATUSES)));

    assertThat(publisher.runOnce(tenInChicago)).isEqualTo(1);
    assertThat(library.outcome(publisher, post.id(), MASTODON).publishedAt())
        .isEqualTo(tenInChicago);
  }

  @Test
  void theBackgroundLoopPublishesByTheClock() throws InterruptedException {
    library.blueskyPublishes();
    Post post = library.approved("Story time at 10!", BLUESKY);

    publisher.start();
    TargetState state = TargetState.PENDING;
    for (int i = 0; i < 200 && state != TargetState.PUBLISHED; i++) {
      Thread.sleep(25);
      state =
          publisher.outcomes(post.id()).stream()
              .findFirst()
              .map(TargetOutcome::state)
              .orElse(TargetState.PENDING);
    }
    publisher.stop();

    assertThat(state).isEqualTo(TargetState.PUBLISHED);
    library.platforms.verify(1, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void anImageGoesWithItsAltTextAsBytesOrAsThePublicAddressInstagramFetches() {
    byte[] png = ONE_PIXEL_PNG;
    String alt = "Children listening to a story on the library's carpet";
    library.platforms.stubFor(
        post("/api/v2/media")
            .willReturn(json(200, "{\"id\":\"22\",\"url\":\"https://example.social/m/22.png\"}")));
    library.mastodonPublishes();
    library.platforms.stubFor(
        get(urlPathEqualTo("/17841400008460056/content_publishing_limit"))
            .willReturn(
                json(200, "{\"data\":[{\"quota_usage\":3,\"config\":{\"quota_total\":50}}]}")));
    library.platforms.stubFor(
        post("/17841400008460056/media").willReturn(json(200, "{\"id\":\"c1\"}")));
    library.platforms.stubFor(
        get(urlPathEqualTo("/c1")).willReturn(json(200, "{\"status_code\":\"FINISHED\"}")));
    library.platforms.stubFor(
        post("/17841400008460056/media_publish").willReturn(json(200, "{\"id\":\"m1\"}")));
    library.platforms.stubFor(
        get(urlPathEqualTo("/m1"))
            .willReturn(json(200, "{\"permalink\":\"https://www.instagram.com/p/Abc/\"}")));
    Post post =
        library.approved(
            new PostDraft(
                "Story time at 10!",
                null,
                List.of(ImageInput.upload(png, alt)),
                List.of(MASTODON, INSTAGRAM),
                Topic.EVENTS,
                Intent.ENGAGEMENT,
                null));

    assertThat(publisher.runOnce(START)).isEqualTo(2);

    assertThat(publisher.outcomes(post.id()))
        .extracting(TargetOutcome::state)
        .containsExactly(TargetState.PUBLISHED, TargetState.PUBLISHED);
    assertThat(library.outcome(publisher, post.id(), INSTAGRAM).url())
        .isEqualTo(URI.create("https://www.instagram.com/p/Abc/"));
    library.platforms.verify(
        postRequestedFor(urlEqualTo("/api/v2/media"))
            .withAnyRequestBodyPart(aMultipart().withName("description").withBody(equalTo(alt)))
            .withAnyRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(png))));
    library.platforms.verify(
        postRequestedFor(urlEqualTo(STATUSES)).withFormParam("media_ids[]", equalTo("22")));
    library.platforms.verify(
        postRequestedFor(urlEqualTo("/17841400008460056/media"))
            .withFormParam(
                "image_url",
                equalTo("https://intranet.example.org/images/" + post.images().getFirst().id()))
            .withFormParam("alt_text", equalTo(alt)));
  }

  /** A 1×1 PNG. */
  private static final byte[] ONE_PIXEL_PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  @Test
  void blueskyIsToldAnImagesProportionsFromItsHeader() throws Exception {
    java.awt.image.BufferedImage wide =
        new java.awt.image.BufferedImage(160, 90, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(wide, "png", png);
    library.blueskyPublishes();
    library.platforms.stubFor(
        post("/xrpc/com.atproto.repo.uploadBlob")
            .willReturn(
                json(
                    200,
                    "{\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreia\"},"
                        + "\"mimeType\":\"image/png\",\"size\":"
                        + png.size()
                        + "}}")));
    library.approved(
        new PostDraft(
            "The new reading room",
            null,
            List.of(ImageInput.upload(png.toByteArray(), "Armchairs by a tall window")),
            List.of(BLUESKY),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            null));

    assertThat(publisher.runOnce(START)).isEqualTo(1);

    library.platforms.verify(
        postRequestedFor(urlEqualTo(CREATE_RECORD))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.record.embed.images[0].aspectRatio",
                    com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        "{\"width\":160,\"height\":90}"))));
  }
}
