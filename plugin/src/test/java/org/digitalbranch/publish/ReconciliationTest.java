package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.publish.PublishFixture.BLUESKY;
import static org.digitalbranch.publish.PublishFixture.CREATE_RECORD;
import static org.digitalbranch.publish.PublishFixture.FACEBOOK;
import static org.digitalbranch.publish.PublishFixture.FEED;
import static org.digitalbranch.publish.PublishFixture.MASTODON;
import static org.digitalbranch.publish.PublishFixture.START;
import static org.digitalbranch.publish.PublishFixture.STATUSES;
import static org.digitalbranch.publish.PublishFixture.TWEETS;
import static org.digitalbranch.publish.PublishFixture.X;
import static org.digitalbranch.publish.PublishFixture.json;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {
  private static final String TEXT = "Story time at 10!";
  private static final Instant LATER = START.plus(Duration.ofMinutes(5));

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
  void aLostAnswerFromMastodonIsResentWithTheSameIdempotencyKey() {
    library.platforms.stubFor(
        post(STATUSES)
            .inScenario("lost")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(200, PublishFixture.mastodonStatus())
                    .withFixedDelay(PlatformDoubles.SLOWER_THAN_TIMEOUT_MS))
            .willSetStateTo("answered"));
    library.platforms.stubFor(
        post(STATUSES)
            .inScenario("lost")
            .whenScenarioStateIs("answered")
            .willReturn(json(200, PublishFixture.mastodonStatus())));
    Post post = library.approved(TEXT, MASTODON);

    publisher.runOnce(START);
    TargetOutcome lost = library.outcome(publisher, post.id(), MASTODON);
    assertThat(lost.state()).isEqualTo(TargetState.UNKNOWN);
    assertThat(lost.retrySafe()).isTrue();
    assertThat(publisher.runOnce(LATER)).isEqualTo(1);

    TargetOutcome published = library.outcome(publisher, post.id(), MASTODON);
    assertThat(published.state()).isEqualTo(TargetState.PUBLISHED);
    assertThat(published.attempts()).isEqualTo(2);
    library.platforms.verify(2, postRequestedFor(urlEqualTo(STATUSES)));
    library.platforms.verify(
        2,
        postRequestedFor(urlEqualTo(STATUSES))
            .withHeader("Idempotency-Key", equalTo(published.idempotencyKey())));
    library.platforms.verify(
        0, anyRequestedFor(urlPathEqualTo("/api/v1/accounts/verify_credentials")));
  }

  @Test
  void aLostAnswerFromBlueskyIsFoundInTheFeedAndNotSentAgain() {
    library.blueskySession();
    library.platforms.stubFor(post(CREATE_RECORD).willReturn(lostAnswer()));
    library.blueskyFeedHolds(TEXT, START);

    TargetOutcome outcome = loseThenLookUp(BLUESKY);

    assertThat(outcome.platformPostId())
        .isEqualTo("at://" + PublishFixture.DID + "/app.bsky.feed.post/3l3qo2vuowo2b");
    library.platforms.verify(1, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void aLostAnswerFromXIsFoundAmongTheAccountsPostsAndNotSentAgain() {
    library.platforms.stubFor(post(TWEETS).willReturn(lostAnswer()));
    library.platforms.stubFor(
        get("/2/users/me")
            .willReturn(json(200, "{\"data\":{\"id\":\"2244994945\",\"username\":\"library\"}}")));
    library.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(
                json(
                    200,
                    """
                    {"data":[{"id":"1445880548472328192","created_at":"2026-11-26T15:00:00.000Z",
                              "text":"Story time at 10!"}],"meta":{"result_count":1}}
                    """)));

    TargetOutcome outcome = loseThenLookUp(X);

    assertThat(outcome.url())
        .isEqualTo(URI.create("https://x.com/i/web/status/1445880548472328192"));
    library.platforms.verify(1, postRequestedFor(urlEqualTo(TWEETS)));
  }

  @Test
  void aLostAnswerFromFacebookIsFoundAmongThePagesPostsAndNotSentAgain() {
    library.platforms.stubFor(post(FEED).willReturn(lostAnswer()));
    library.platforms.stubFor(
        get(urlPathEqualTo("/104729/published_posts"))
            .willReturn(
                json(
                    200,
                    """
                    {"data":[{"id":"104729_5566778899","message":"Story time at 10!",
                              "created_time":"2026-11-26T15:00:00+0000",
                              "permalink_url":"https://www.facebook.com/riversidelibrary/posts/1"}]}
                    """)));

    TargetOutcome outcome = loseThenLookUp(FACEBOOK);

    assertThat(outcome.url())
        .isEqualTo(URI.create("https://www.facebook.com/riversidelibrary/posts/1"));
    library.platforms.verify(1, postRequestedFor(urlEqualTo(FEED)));
  }

  @Test
  void aLostPostNotFoundOnThePlatformIsSentAgainOnce() {
    library.blueskySession();
    library.platforms.stubFor(
        post(CREATE_RECORD)
            .inScenario("lost")
            .whenScenarioStateIs(STARTED)
            .willReturn(lostAnswer())
            .willSetStateTo("answered"));
    library.platforms.stubFor(
        post(CREATE_RECORD)
            .inScenario("lost")
            .whenScenarioStateIs("answered")
            .willReturn(json(200, PublishFixture.blueskyRecord())));
    library.platforms.stubFor(
        get(urlPathEqualTo("/xrpc/app.bsky.feed.getAuthorFeed"))
            .willReturn(json(200, "{\"feed\":[]}")));
    Post post = library.approved(TEXT, BLUESKY);

    publisher.runOnce(START);
    assertThat(publisher.runOnce(LATER)).isEqualTo(1);

    assertThat(library.outcome(publisher, post.id(), BLUESKY).state())
        .isEqualTo(TargetState.PUBLISHED);
    library.platforms.verify(2, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void whenThePlatformCannotBeAskedTheLostPostIsNeitherResentNorForgotten() {
    library.blueskySession();
    library.platforms.stubFor(post(CREATE_RECORD).willReturn(lostAnswer()));
    library.platforms.stubFor(
        get(urlPathEqualTo("/xrpc/app.bsky.feed.getAuthorFeed"))
            .willReturn(json(502, "{\"error\":\"UpstreamFailure\"}")));
    Post post = library.approved(TEXT, BLUESKY);

    publisher.runOnce(START);
    publisher.runOnce(START.plus(Duration.ofHours(1)));
    publisher.runOnce(START.plus(Duration.ofHours(2)));
    assertThat(publisher.runOnce(START.plus(Duration.ofHours(3)))).isZero();

    TargetOutcome outcome = library.outcome(publisher, post.id(), BLUESKY);
    assertThat(outcome.state()).isEqualTo(TargetState.UNKNOWN);
    assertThat(outcome.nextAttemptAt()).isNull();
    assertThat(outcome.lastError()).contains("cannot tell whether the post went out");
    library.platforms.verify(1, postRequestedFor(urlEqualTo(CREATE_RECORD)));
  }

  @Test
  void aCrashBetweenSendingAndRecordingIsReconciledAtStartBeforeAnythingNewIsSent() {
    library.blueskyPublishes();
    library.blueskyFeedHolds(TEXT, START);
    Post sent = library.approved(TEXT, BLUESKY);
    Publisher crashing = library.publisher(CrashAfterSending::new);

    assertThatThrownBy(() -> crashing.runOnce(START)).isInstanceOf(SimulatedCrash.class);
    assertThat(library.outcome(crashing, sent.id(), BLUESKY).state())
        .isEqualTo(TargetState.PUBLISHING);
    Post next = library.approved("New e-books this week", BLUESKY);

    Publisher restarted = library.publisher();
    assertThat(restarted.runOnce(START.plusSeconds(30))).isEqualTo(1);

    assertThat(library.outcome(restarted, sent.id(), BLUESKY).state())
        .isEqualTo(TargetState.PUBLISHED);
    assertThat(library.outcome(restarted, sent.id(), BLUESKY).attempts()).isEqualTo(1);
    assertThat(library.posts.get(PublishFixture.MO, sent.id()).state())
        .isEqualTo(PostState.PUBLISHED);
    assertThat(library.outcome(restarted, next.id(), BLUESKY).state())
        .isEqualTo(TargetState.PUBLISHED);
    assertThat(requestsInOrder())
        .containsExactly(CREATE_RECORD, "/xrpc/app.bsky.feed.getAuthorFeed", CREATE_RECORD);
  }

  @Test
  void aPostXRefusesAsADuplicateOfAnotherIsFailedNamingItAndNeverRecordedAsPublished() {
    // An hour earlier the library posted the same words as another post.
    stubXMe();
    library.platforms.stubFor(post(TWEETS).willReturn(json(403, X_DUPLICATE)));
    library.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(json(200, tweetOf("1445880548472328192", "2026-11-26T14:00:00.000Z"))));
    Post post = library.approved(TEXT, X);

    publisher.runOnce(START);

    TargetOutcome outcome = library.outcome(publisher, post.id(), X);
    assertThat(outcome.state()).isEqualTo(TargetState.FAILED);
    assertThat(outcome.url()).isNull();
    assertThat(outcome.lastError())
        .contains("duplicate")
        .contains("https://x.com/i/web/status/1445880548472328192");
    assertThat(library.posts.get(PublishFixture.MO, post.id()).state())
        .isNotEqualTo(PostState.PUBLISHED);
  }

  @Test
  void aModeratorsRetryAfterADuplicateRefusalIsRefusedAgainNeverAdoptingTheOtherPost() {
    // The other post went out seconds before this one's first attempt (two posts with the same
    // words due together), so a look from that attempt on would find it.
    stubXMe();
    library.platforms.stubFor(post(TWEETS).willReturn(json(403, X_DUPLICATE)));
    library.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(json(200, tweetOf("1445880548472328192", "2026-11-26T14:59:30.000Z"))));
    Post post = library.approved(TEXT, X);
    publisher.runOnce(START);
    assertThat(library.outcome(publisher, post.id(), X).state()).isEqualTo(TargetState.FAILED);

    publisher.retry(PublishFixture.MO, post.id(), X);
    publisher.runOnce(LATER);

    TargetOutcome outcome = library.outcome(publisher, post.id(), X);
    assertThat(outcome.state()).isEqualTo(TargetState.FAILED);
    assertThat(outcome.url()).isNull();
    assertThat(outcome.lastError()).contains("https://x.com/i/web/status/1445880548472328192");
    library.platforms.verify(2, postRequestedFor(urlEqualTo(TWEETS)));
  }

  @Test
  void aDuplicateAnsweringOurOwnResendIsThePostThatWentOutFoundFromTheFirstAttempt() {
    // The first answer is lost, the post is not listed yet when looked for, so it is sent again;
    // X refuses the resend as a duplicate of the first, which is listed by then.
    stubXMe();
    library.platforms.stubFor(
        post(TWEETS)
            .inScenario("resend")
            .whenScenarioStateIs(STARTED)
            .willReturn(lostAnswer())
            .willSetStateTo("sent once"));
    library.platforms.stubFor(
        post(TWEETS)
            .inScenario("resend")
            .whenScenarioStateIs("sent twice")
            .willReturn(json(403, X_DUPLICATE)));
    library.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .inScenario("resend")
            .whenScenarioStateIs("sent once")
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}"))
            .willSetStateTo("sent twice"));
    library.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .inScenario("resend")
            .whenScenarioStateIs("sent twice")
            .willReturn(json(200, tweetOf("1445880548472328199", "2026-11-26T15:00:01.000Z"))));
    Post post = library.approved(TEXT, X);

    publisher.runOnce(START);
    publisher.runOnce(LATER);

    TargetOutcome outcome = library.outcome(publisher, post.id(), X);
    assertThat(outcome.state()).isEqualTo(TargetState.PUBLISHED);
    assertThat(outcome.url())
        .isEqualTo(URI.create("https://x.com/i/web/status/1445880548472328199"));
    library.platforms.verify(2, postRequestedFor(urlEqualTo(TWEETS)));
  }

  private static final String X_DUPLICATE =
      """
      {"detail":"You are not allowed to create a Tweet with duplicate content.",
       "type":"about:blank","title":"Forbidden","status":403}
      """;

  private void stubXMe() {
    library.platforms.stubFor(
        get("/2/users/me")
            .willReturn(json(200, "{\"data\":{\"id\":\"2244994945\",\"username\":\"library\"}}")));
  }

  private static String tweetOf(String id, String createdAt) {
    return "{\"data\":[{\"id\":\""
        + id
        + "\",\"created_at\":\""
        + createdAt
        + "\",\"text\":\""
        + TEXT
        + "\"}],\"meta\":{\"result_count\":1}}";
  }

  private TargetOutcome loseThenLookUp(String account) {
    Post post = library.approved(TEXT, account);

    publisher.runOnce(START);
    TargetOutcome lost = library.outcome(publisher, post.id(), account);
    assertThat(lost.state()).isEqualTo(TargetState.UNKNOWN);
    assertThat(lost.retrySafe()).isFalse();
    assertThat(publisher.runOnce(LATER)).isZero();

    TargetOutcome found = library.outcome(publisher, post.id(), account);
    assertThat(found.state()).isEqualTo(TargetState.PUBLISHED);
    assertThat(found.attempts()).isEqualTo(1);
    assertThat(found.publishedAt()).isEqualTo(LATER);
    return found;
  }

  /** The post-creating and lookup requests the platform received, oldest first. */
  private List<String> requestsInOrder() {
    return library.platforms.getAllServeEvents().reversed().stream()
        .map(ServeEvent::getRequest)
        .map(request -> request.getUrl().replaceAll("\\?.*", ""))
        .filter(url -> url.equals(CREATE_RECORD) || url.contains("getAuthorFeed"))
        .toList();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder lostAnswer() {
    return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
  }

  /** The process dying right after the platform took the post, before anything was recorded. */
  private static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash", null, false, false);
    }
  }

  private record CrashAfterSending(Platform platform) implements Platform {
    @Override
    public String id() {
      return platform.id();
    }

    @Override
    public PublishOutcome publish(PublishRequest request) {
      platform.publish(request);
      throw new SimulatedCrash();
    }

    @Override
    public LookupResult findRecent(PublishRequest request, Instant since) {
      return platform.findRecent(request, since);
    }

    @Override
    public Verification verify(Credentials credentials) {
      return platform.verify(credentials);
    }
  }
}
