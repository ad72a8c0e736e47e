package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.queue.Action;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Network;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.QueueSettings;
import org.digitalbranch.queue.TargetAccount;
import org.digitalbranch.queue.Topic;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;

/**
 * A library with four accounts whose platforms are one WireMock server on loopback, spoken to by
 * the real connectors, over a real SQLite file with the production durability settings.
 */
final class PublishFixture implements AutoCloseable {
  static final Actor ANA = Actor.of("ana", Actor.STAFF);
  static final Actor MO = Actor.of("mo", Actor.STAFF, Actor.MODERATOR);
  static final Actor IT = Actor.of("it", Actor.ADMIN);
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final Instant START = Instant.parse("2026-11-26T15:00:00Z"); // 9:00 in Chicago

  static final String MASTODON = "mastodon-main";
  static final String BLUESKY = "bluesky-main";
  static final String X = "x-main";
  static final String FACEBOOK = "fb-main";
  static final String INSTAGRAM = "ig-main";

  static final String STATUSES = "/api/v1/statuses";
  static final String CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord";
  static final String TWEETS = "/2/tweets";
  static final String FEED = "/104729/feed";
  static final String DID = "did:plc:z72i7hdynmk6r22z27h6tvur";

  static final Credentials.XOAuth2 X_TOKEN =
      new Credentials.XOAuth2("x-access-1", "x-refresh-1", "client-42", Optional.empty());

  static final PublishSettings SETTINGS =
      new PublishSettings(
          3,
          Duration.ofMinutes(1),
          Duration.ofMinutes(10),
          Duration.ofMillis(20),
          Duration.ofMinutes(2),
          Duration.ofMinutes(55),
          20);

  final WireMockServer platforms = PlatformDoubles.start();
  final MutableClock clock = new MutableClock(START);
  final DataSource dataSource;
  final Transactor transactor;
  final Path images;
  final PostService posts;
  final RenewedCredentials credentials;
  final Map<String, PublishAccount> accounts;
  final AccountStatuses statuses;

  private final Map<String, TargetAccount> targets = new LinkedHashMap<>();

  PublishFixture(Path folder) {
    dataSource = TestStores.migrated(folder);
    transactor = Transactor.over(dataSource);
    images = folder.resolve("images");
    targets.put(MASTODON, new TargetAccount(MASTODON, Network.MASTODON, Set.of("ana")));
    targets.put(BLUESKY, new TargetAccount(BLUESKY, Network.BLUESKY, Set.of("ana")));
    targets.put(X, new TargetAccount(X, Network.X, Set.of("ana")));
    targets.put(FACEBOOK, new TargetAccount(FACEBOOK, Network.FACEBOOK, Set.of("ana")));
    targets.put(INSTAGRAM, new TargetAccount(INSTAGRAM, Network.INSTAGRAM, Set.of("ana")));
    posts = posts(transactor);
    credentials = new RenewedCredentials(transactor, clock);
    PlatformSettings settings = PlatformDoubles.settings(platforms).withClock(clock);
    accounts = new LinkedHashMap<>();
    accounts.put(
        MASTODON,
        new PublishAccount(
            MASTODON,
            new MastodonPlatform(settings),
            new Credentials.MastodonToken("mastodon-token")));
    accounts.put(
        BLUESKY,
        new PublishAccount(
            BLUESKY,
            new BlueskyPlatform(settings),
            new Credentials.BlueskyAppPassword("library.bsky.social", "abcd-efgh-ijkl-mnop")));
    accounts.put(X, new PublishAccount(X, new XPlatform(settings, credentials), X_TOKEN));
    accounts.put(
        FACEBOOK,
        new PublishAccount(
            FACEBOOK,
            new FacebookPlatform(settings),
            new Credentials.GraphToken("104729", "fb-page-token")));
    accounts.put(
        INSTAGRAM,
        new PublishAccount(
            INSTAGRAM,
            new InstagramPlatform(settings),
            new Credentials.GraphToken("17841400008460056", "ig-user-token")));
    statuses = new AccountStatuses(transactor, clock, accounts, credentials);
  }

  /** The fixture's post service over another transactor, for instance one connection's. */
  PostService posts(Transactor over) {
    return new PostService(
        over,
        clock,
        new QueueSettings(CHICAGO, 10, images, 1_000_000, Duration.ofMinutes(15)),
        id -> Optional.ofNullable(targets.get(id)));
  }

  /** A publisher over the fixture's accounts, as the wiring builds it at start. */
  Publisher publisher() {
    return publisher(UnaryOperator.identity());
  }

  /** A publisher whose connectors are wrapped, for instance to crash after sending. */
  Publisher publisher(UnaryOperator<Platform> wrap) {
    return publisher(transactor, wrap);
  }

  /** A publisher whose transactions go through {@code over}, its connectors wrapped. */
  Publisher publisher(Transactor over, UnaryOperator<Platform> wrap) {
    Map<String, PublishAccount> wrapped = new LinkedHashMap<>();
    accounts.forEach(
        (id, account) ->
            wrapped.put(
                id, new PublishAccount(id, wrap.apply(account.platform()), account.credentials())));
    return new Publisher(
        over,
        clock,
        wrapped,
        credentials,
        images,
        (postId, imageId) -> URI.create("https://intranet.example.org/images/" + imageId),
        SETTINGS,
        new Random(7),
        posts);
  }

  /**
   * A post by ana to {@code accounts}, approved by mo, to go as soon as possible. The clock moves
   * on by a second.
   */
  Post approved(String text, String... accounts) {
    return approved(null, text, accounts);
  }

  /** The same, scheduled for a local time in Chicago. */
  Post approved(LocalDateTime publishAt, String text, String... accounts) {
    return approved(
        new PostDraft(
            text, null, List.of(), List.of(accounts), Topic.EVENTS, Intent.ENGAGEMENT, publishAt));
  }

  /** A post by ana with any content, approved by mo; the clock moves on by a second. */
  Post approved(PostDraft draft) {
    Post post = posts.create(ANA, draft);
    posts.act(ANA, post.id(), Action.SUBMIT, 1, null, false);
    Post approved = posts.act(MO, post.id(), Action.APPROVE, 2, null, true);
    // The next approval comes a second later, so that posts go out in the order they were approved.
    clock.set(clock.instant().plusSeconds(1));
    return approved;
  }

  TargetOutcome outcome(Publisher publisher, String postId, String accountId) {
    return publisher.outcomes(postId).stream()
        .filter(target -> target.accountId().equals(accountId))
        .findFirst()
        .orElseThrow();
  }

  AccountStatus account(String accountId) {
    return statuses.of(IT, accountId);
  }

  void mastodonPublishes() {
    platforms.stubFor(post(STATUSES).willReturn(json(200, mastodonStatus())));
  }

  static String mastodonStatus() {
    return """
        {"id":"109348","created_at":"2026-11-26T15:00:01.000Z",
         "url":"https://example.social/@library/109348","content":"<p>Story time</p>"}
        """;
  }

  void blueskyPublishes() {
    blueskySession();
    platforms.stubFor(post(CREATE_RECORD).willReturn(json(200, blueskyRecord())));
  }

  void blueskySession() {
    platforms.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(
                json(
                    200,
                    """
                    {"did":"%s","handle":"library.bsky.social","accessJwt":"access-1",
                     "refreshJwt":"refresh-1","active":true}
                    """
                        .formatted(DID))));
  }

  static String blueskyRecord() {
    return """
        {"uri":"at://%s/app.bsky.feed.post/3l3qo2vuowo2b","cid":"bafyreib2rxk3rh6kzwq"}
        """
        .formatted(DID);
  }

  /** Bluesky's feed of the account, holding one post with {@code text} created at {@code at}. */
  void blueskyFeedHolds(String text, Instant at) {
    platforms.stubFor(
        get(urlPathEqualTo("/xrpc/app.bsky.feed.getAuthorFeed"))
            .willReturn(
                json(
                    200,
                    """
                    {"feed":[{"post":{"uri":"at://%s/app.bsky.feed.post/3l3qo2vuowo2b",
                      "cid":"bafyreib2rxk3rh6kzwq",
                      "author":{"did":"%s","handle":"library.bsky.social"},
                      "record":{"$type":"app.bsky.feed.post","text":"%s","createdAt":"%s"},
                      "indexedAt":"%s"}}]}
                    """
                        .formatted(DID, DID, text, at, at))));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Override
  public void close() {
    platforms.stop();
  }
}
