package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.publish.PublishFixture.ANA;
import static org.digitalbranch.publish.PublishFixture.BLUESKY;
import static org.digitalbranch.publish.PublishFixture.CREATE_RECORD;
import static org.digitalbranch.publish.PublishFixture.IT;
import static org.digitalbranch.publish.PublishFixture.MASTODON;
import static org.digitalbranch.publish.PublishFixture.MO;
import static org.digitalbranch.publish.PublishFixture.START;
import static org.digitalbranch.publish.PublishFixture.STATUSES;
import static org.digitalbranch.publish.PublishFixture.json;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryTest {
  private static final Instant RESET = Instant.parse("2026-11-26T15:10:00Z");
  private static final String RATE_LIMITED =
      "Mastodon's rate limit was reached while publishing the post";
  private static final String SERVER_ERROR =
      "Mastodon had a server error (503) while publishing the post";
  private static final String TOKEN_REFUSED =
      "Mastodon no longer accepts this account's access token (The access token is invalid)";

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
    library.close();
  }

  @Test
  void aRateLimitWithAResetTimeSendsNothingToTheAccountBeforeTheReset() {
    library.platforms.stubFor(
        post(STATUSES)
            .inScenario("limit")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(429, "{\"error\":\"Too many requests\"}")
                    .withHeader("X-RateLimit-Limit", "300")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "2026-11-26T15:10:00.000Z"))
            .willSetStateTo("reset"));
    library.platforms.stubFor(
        post(STATUSES)
            .inScenario("limit")
            .whenScenarioStateIs("reset")
            .willReturn(json(200, PublishFixture.mastodonStatus())));
    Post first = library.approved("Story time at 10!", MASTODON);
    Post second = library.approved("New e-books this week", MASTODON);

    assertThat(publisher.runOnce(START)).isEqualTo(1);
    assertThat(publisher.runOnce(RESET.minusSeconds(1))).isZero();

    library.platforms.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
    TargetOutcome waiting = library.outcome(publisher, first.id(), MASTODON);
    assertThat(waiting.state()).isEqualTo(TargetState.PENDING);
    assertThat(waiting.nextAttemptAt()).isEqualTo(RESET);
    assertThat(waiting.lastError()).isEqualTo(RATE_LIMITED + ". The plugin tries again by itself.");
    AccountStatus account = library.account(MASTODON);
    assertThat(account.state()).isEqualTo(AccountState.RATE_LIMITED);
    assertThat(account.rateLimitedUntil()).isEqualTo(RESET);
    assertThat(account.reason()).isEqualTo(RATE_LIMITED);

    assertThat(publisher.runOnce(RESET)).isEqualTo(2);
    assertThat(library.outcome(publisher, first.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
    assertThat(library.outcome(publisher, second.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
    library.clock.set(RESET);
    assertThat(library.account(MASTODON).state()).isEqualTo(AccountState.OK);
  }

  @Test
  void serverErrorsAreRetriedWithGrowingWaitsUpToTheLimitThenAModeratorCanRetry() {
    library.platforms.stubFor(post(STATUSES).willReturn(json(503, "{\"error\":\"busy\"}")));
    Post post = library.approved("Story time at 10!", MASTODON);

    publisher.runOnce(START);
    TargetOutcome afterOne = library.outcome(publisher, post.id(), MASTODON);
    assertThat(afterOne.state()).isEqualTo(TargetState.PENDING);
    assertThat(afterOne.lastError())
        .isEqualTo(SERVER_ERROR + ". The plugin tries again by itself.");
    assertThat(Duration.between(START, afterOne.nextAttemptAt()))
        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(publisher.runOnce(START.plusSeconds(29))).isZero();

    Instant second = START.plus(Duration.ofHours(1));
    assertThat(publisher.runOnce(second)).isEqualTo(1);
    assertThat(
            Duration.between(
                second, library.outcome(publisher, post.id(), MASTODON).nextAttemptAt()))
        .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertThat(publisher.runOnce(START.plus(Duration.ofHours(2)))).isEqualTo(1);
    assertThat(publisher.runOnce(START.plus(Duration.ofHours(3)))).isZero();

    TargetOutcome givenUp = library.outcome(publisher, post.id(), MASTODON);
    assertThat(givenUp.state()).isEqualTo(TargetState.FAILED);
    assertThat(givenUp.attempts()).isEqualTo(3);
    assertThat(givenUp.nextAttemptAt()).isNull();
    assertThat(givenUp.lastError())
        .isEqualTo("Gave up after 3 tries: " + SERVER_ERROR + ". A moderator can retry.");
    library.platforms.verify(3, postRequestedFor(urlEqualTo(STATUSES)));
    // The start page's lists: everyone's for moderators, the author's own for the author.
    assertThat(publisher.givenUp(START, 20)).extracting(TargetOutcome::postId).contains(post.id());
    assertThat(publisher.givenUp(START, "ana", 20))
        .extracting(TargetOutcome::postId)
        .containsExactly(post.id());
    assertThat(publisher.givenUp(START, "ben", 20)).isEmpty();

    assertThatThrownBy(() -> publisher.retry(ANA, post.id(), MASTODON))
        .isInstanceOfSatisfying(
            PostRefused.class,
            refused -> assertThat(refused.refusal()).isInstanceOf(Refusal.Forbidden.class));
    library.clock.set(START.plus(Duration.ofHours(4)));
    TargetOutcome retried = publisher.retry(MO, post.id(), MASTODON);
    assertThat(retried.state()).isEqualTo(TargetState.PENDING);
    assertThat(retried.attempts()).isZero();
    library.mastodonPublishes();

    assertThat(publisher.runOnce(START.plus(Duration.ofHours(4)))).isEqualTo(1);
    TargetOutcome published = library.outcome(publisher, post.id(), MASTODON);
    assertThat(published.state()).isEqualTo(TargetState.PUBLISHED);
    assertThat(published.attempts()).isEqualTo(1);
    assertThat(published.lastError()).isNull();
    assertThat(library.posts.get(MO, post.id()).history())
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("retry-publish");
              assertThat(entry.actor()).isEqualTo("mo");
            });
  }

  @Test
  void onlyAGivenUpTargetCanBeRetried() {
    library.mastodonPublishes();
    Post post = library.approved("Story time at 10!", MASTODON);
    publisher.runOnce(START);

    assertThatThrownBy(() -> publisher.retry(MO, post.id(), MASTODON))
        .isInstanceOfSatisfying(
            PostRefused.class,
            refused ->
                assertThat(refused.refusal())
                    .isEqualTo(
                        new Refusal.Invalid(
                            "accountId",
                            "publishing to mastodon-main is published; only a failed attempt can"
                                + " be retried")));
  }

  @Test
  void anExpiredTokenMarksTheAccountItsPostsWaitAndReconnectingReleasesThem() {
    library.platforms.stubFor(
        post(STATUSES).willReturn(json(401, "{\"error\":\"The access token is invalid\"}")));
    library.blueskyPublishes();
    Post first = library.approved("Story time at 10!", MASTODON, BLUESKY);
    Post second = library.approved("New e-books this week", MASTODON);

    publisher.runOnce(START);
    assertThat(publisher.runOnce(START.plus(Duration.ofHours(1)))).isZero();

    library.platforms.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
    library.platforms.verify(1, postRequestedFor(urlEqualTo(CREATE_RECORD)));
    assertThat(library.outcome(publisher, first.id(), BLUESKY).state())
        .isEqualTo(TargetState.PUBLISHED);
    TargetOutcome waiting = library.outcome(publisher, first.id(), MASTODON);
    assertThat(waiting.state()).isEqualTo(TargetState.PENDING);
    assertThat(waiting.lastError())
        .isEqualTo(
            "Waiting: an admin must reconnect the account ("
                + TOKEN_REFUSED
                + "). Nothing is lost; it goes out once the account works again.");
    TargetOutcome notSent = library.outcome(publisher, second.id(), MASTODON);
    assertThat(notSent.state()).isEqualTo(TargetState.PENDING);
    assertThat(notSent.attempts()).isZero();
    assertThat(notSent.firstAttemptAt()).isNull();
    AccountStatus account = library.account(MASTODON);
    assertThat(account.state()).isEqualTo(AccountState.NEEDS_RECONNECT);
    assertThat(account.reason()).isEqualTo(TOKEN_REFUSED);
    assertThat(account.lastFailureAt()).isEqualTo(START);

    assertThatThrownBy(() -> library.statuses.reconnected(MO, MASTODON))
        .isInstanceOf(PostRefused.class);
    library.platforms.resetMappings();
    library.mastodonPublishes();
    assertThat(library.statuses.reconnected(IT, MASTODON).state()).isEqualTo(AccountState.OK);

    assertThat(publisher.runOnce(START.plus(Duration.ofHours(2)))).isEqualTo(2);
    assertThat(library.outcome(publisher, first.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
    assertThat(library.outcome(publisher, second.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
    library.platforms.verify(1, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }
}
