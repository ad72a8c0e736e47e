package org.digitalbranch.archive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.facebook.FacebookWebhook;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.mastodon.MastodonReader;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path: a platform's JSON, through the store (SQLite, WAL, Flyway), into the index. */
class IngestionTest {

  private static final Credentials TOKEN = new Credentials.MastodonToken("mastodon-token-1");
  private static final Instant NOW = PlatformDoubles.NOW;
  private static final String NOTIFICATIONS = "/api/v1/notifications";

  @TempDir Path folder;
  private WireMockServer server;
  private ArchiveOnDisk archive;
  private Database database;
  private ArchiveStore store;
  private ArchiveIndex index;
  private ArchiveSync sync;
  private Ingestion ingestion;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    archive = new ArchiveOnDisk(folder, clock);
    database = archive.database;
    store = archive.store;
    index = archive.index;
    sync = archive.sync;
    MastodonReader reader =
        new MastodonReader(new MastodonPlatform(PlatformDoubles.settings(server)));
    ingestion =
        new Ingestion(
            store, sync, List.of(Ingestion.Source.of("mastodon-main", reader, TOKEN)), clock);
    server.stubFor(
        get("/api/v1/accounts/verify_credentials")
            .willReturn(json(200, "{\"id\":\"109000\",\"acct\":\"library\"}")));
    server.stubFor(
        get(urlPathMatching("/api/v1/statuses/[^/]+/context"))
            .willReturn(json(200, "{\"ancestors\":[],\"descendants\":[]}")));
  }

  @AfterEach
  void stop() throws Exception {
    ingestion.close();
    archive.close();
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String mention(String notificationId, String statusId, String html) {
    return """
        {"id":"%s","type":"mention","status":{"id":"%s","created_at":"2026-11-26T10:00:00.000Z",
         "in_reply_to_id":null,"edited_at":null,"content":"%s",
         "account":{"id":"555","acct":"reader@town.example","display_name":"A Reader"}}}
        """
        .formatted(notificationId, statusId, html);
  }

  private void notificationsAnswer(ResponseDefinitionBuilder answer) {
    server.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).willReturn(answer));
  }

  private long found(String query) throws InvalidQuery {
    return new ArchiveSearch(index).search(SearchRequest.of(query)).total();
  }

  @Test
  void aPollStoresTheItemsAndTheirCursorAndMakesThemSearchable() throws Exception {
    notificationsAnswer(
        json(
                200,
                "["
                    + mention("n2", "s2", "<p>Is the wifi down at the main branch?</p>")
                    + ","
                    + mention("n1", "s1", "<p>Can I renew my library card online?</p>")
                    + "]")
            .withHeader("Link", "<http://127.0.0.1/api/v1/notifications?min_id=n2>; rel=\"prev\""));

    ingestion.runOnce(NOW);

    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).contains("{\"min_id\":\"n2\"}");
    assertThat(found("wifi")).isEqualTo(1);
    assertThat(found("renew card")).isEqualTo(1);
    Ingestion.AccountStatus status = ingestion.status("mastodon-main");
    assertThat(status.lastSuccess()).isEqualTo(NOW);
    assertThat(status.failureReason()).isNull();
    assertThat(status.lastReport().added()).isEqualTo(2);
    if (TestStores.postgresql()) {
      return; // PostgreSQL has no journal modes: its write-ahead log is always on
    }
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      mode.next();
      assertThat(mode.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void aReplyToAStatusTheQueuePublishedIsArchivedWithThatPostsTopic() throws Exception {
    // What the publisher leaves behind: the queue's post, and on the account the id Mastodon
    // answered when it was published.
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO posts (id, version, state, author, body, topic, intent, created_at,"
              + " updated_at) VALUES ('post-9', 4, 'published', 'ana', 'Seed library opens!',"
              + " 'events', 'engagement', 0, 0)");
      statement.executeUpdate(
          "INSERT INTO publish_targets (post_id, account_id, ordinal, state, attempts, failures,"
              + " retry_safe, platform_post_id, idempotency_key, updated_at) VALUES ('post-9',"
              + " 'mastodon-main', 0, 'published', 1, 0, 0, 's0', 'key-9', 0)");
    }
    server.stubFor(
        get("/api/v1/statuses/s5/context")
            .willReturn(
                json(
                    200,
                    """
                    {"ancestors":[{"id":"s0","created_at":"2026-11-26T09:00:00.000Z",
                     "in_reply_to_id":null,"edited_at":null,"content":"<p>Seed library opens!</p>",
                     "account":{"id":"109000","acct":"library","display_name":"The Library"}}],
                     "descendants":[]}
                    """)));
    notificationsAnswer(
        json(
            200,
            "["
                + mention("n5", "s5", "<p>@library which seeds can I borrow?</p>")
                    .replace("\"in_reply_to_id\":null", "\"in_reply_to_id\":\"s0\"")
                + "]"));

    ingestion.runOnce(NOW);

    assertThat(found("seeds topic:events")).isEqualTo(1);
    ConversationThread thread =
        store
            .conversation(
                store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst().conversationId())
            .orElseThrow();
    assertThat(thread.ourPostId()).isEqualTo("post-9");
    assertThat(thread.topic()).isEqualTo("events");
  }

  @Test
  void fetchingTheSameItemsAgainChangesNothing() throws Exception {
    notificationsAnswer(
        json(200, "[" + mention("n1", "s1", "<p>Do you have audiobooks?</p>") + "]"));
    ingestion.runOnce(NOW);
    long sequence = store.lastSequence();
    server.stubFor(
        get(urlPathEqualTo(NOTIFICATIONS))
            .withQueryParam("min_id", equalTo("n1"))
            .willReturn(
                json(200, "[" + mention("n1", "s1", "<p>Do you have audiobooks?</p>") + "]")
                    .withHeader(
                        "Link",
                        "<http://127.0.0.1/api/v1/notifications?min_id=n1>; rel=\"prev\"")));

    ingestion.runOnce(NOW.plusSeconds(60));

    assertThat(store.lastSequence()).isEqualTo(sequence);
    assertThat(ingestion.status("mastodon-main").lastReport().duplicates()).isEqualTo(1);
    assertThat(found("audiobooks")).isEqualTo(1);
  }

  @Test
  void aMalformedItemIsSkippedAndReportedWhileTheRestLands() throws Exception {
    notificationsAnswer(
        json(
            200,
            "[{\"id\":\"n3\",\"type\":\"mention\",\"status\":{\"id\":\"s3\",\"created_at\":\"2026-11-26T10:00:00.000Z\",\"account\":{\"id\":\"9\",\"acct\":\"x@y\"}}},"
                + mention("n2", "s2", "<p>When is story time?</p>")
                + "]"));

    ingestion.runOnce(NOW);

    IngestReport report = ingestion.status("mastodon-main").lastReport();
    assertThat(report.added()).isEqualTo(1);
    assertThat(report.skipped())
        .extracting(IngestReport.Skipped::platformId, IngestReport.Skipped::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s3", "text: missing"));
    assertThat(found("story time")).isEqualTo(1);
  }

  @Test
  void aBrokenPageStoresNothingAndKeepsTheCursor() throws Exception {
    store.putCursor(new IngestionCursor("mastodon-main", Ingestion.STREAM, "{\"min_id\":\"n7\"}"));
    notificationsAnswer(json(200, "[{\"id\":"));

    ingestion.runOnce(NOW);

    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).contains("{\"min_id\":\"n7\"}");
    assertThat(store.lastSequence()).isZero();
    assertThat(ingestion.status("mastodon-main").lastFailure()).isEqualTo(NOW);
    assertThat(ingestion.status("mastodon-main").failureReason()).contains("broken JSON");
  }

  @Test
  void aRateLimitStopsThePollingOfThatAccountUntilTheReset() {
    Instant reset = NOW.plusSeconds(300);
    notificationsAnswer(
        json(429, "{\"error\":\"Too many requests\"}")
            .withHeader("X-RateLimit-Remaining", "0")
            .withHeader("X-RateLimit-Reset", reset.toString()));

    ingestion.runOnce(NOW);
    ingestion.runOnce(NOW.plusSeconds(60));
    ingestion.runOnce(NOW.plusSeconds(299));

    server.verify(1, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
    assertThat(ingestion.status("mastodon-main").rateLimitedUntil()).isEqualTo(reset);

    notificationsAnswer(json(200, "[]"));
    ingestion.runOnce(reset);

    server.verify(2, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
    assertThat(ingestion.status("mastodon-main").rateLimitedUntil()).isNull();
    assertThat(ingestion.status("mastodon-main").lastSuccess()).isEqualTo(reset);
  }

  @Test
  void rateLimitsInARowWaitOnlyAsLongAsThePlatformSaysNotLongerAndLonger() {
    Instant now = NOW;
    for (int window = 0; window < 4; window++) {
      Instant reset = now.plusSeconds(900);
      notificationsAnswer(
          json(429, "{\"error\":\"Too many requests\"}")
              .withHeader("X-RateLimit-Remaining", "0")
              .withHeader("X-RateLimit-Reset", reset.toString()));
      ingestion.runOnce(now);
      Ingestion.AccountStatus limited = ingestion.status("mastodon-main");
      assertThat(limited.failuresInARow()).isZero();
      assertThat(limited.nextAttempt()).isNull();
      assertThat(limited.rateLimitedUntil()).isEqualTo(reset);
      now = reset;
    }
    server.verify(4, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)));
  }

  @Test
  void anAccountThatKeepsFailingIsAskedLessAndLessOftenUpToHourlyAndASuccessEndsTheWait() {
    // A mistyped token: every read is refused. Polled every minute for three hours.
    notificationsAnswer(json(401, "{\"error\":\"The access token is invalid\"}"));
    List<Long> asked = new java.util.ArrayList<>();
    for (long second = 0; second < 3 * 3600; second += 60) {
      int before = server.findAll(getRequestedFor(urlPathEqualTo(NOTIFICATIONS))).size();
      ingestion.runOnce(NOW.plusSeconds(second));
      if (server.findAll(getRequestedFor(urlPathEqualTo(NOTIFICATIONS))).size() > before) {
        asked.add(second / 60);
      }
    }

    assertThat(asked)
        .as("the minutes it was asked: once more at once, then after 1, 2, 4 ... up to 60")
        .containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 124L);
    Ingestion.AccountStatus failing = ingestion.status("mastodon-main");
    assertThat(failing.failuresInARow()).isEqualTo(9);
    assertThat(failing.nextAttempt()).isEqualTo(NOW.plusSeconds(124 * 60 + 3600));
    assertThat(failing.failureReason()).contains("access token");

    // An admin tests the connection and it works: the wait ends at the next poll.
    ingestion.readAtNextPoll("mastodon-main");
    assertThat(ingestion.status("mastodon-main").nextAttempt()).isNull();
    assertThat(ingestion.status("mastodon-main").failuresInARow()).isEqualTo(9);
    notificationsAnswer(json(200, "[]"));
    ingestion.runOnce(failing.nextAttempt());

    Ingestion.AccountStatus working = ingestion.status("mastodon-main");
    assertThat(working.lastSuccess()).isEqualTo(failing.nextAttempt());
    assertThat(working.failuresInARow()).isZero();
    assertThat(working.nextAttempt()).isNull();
    ingestion.runOnce(failing.nextAttempt().plusSeconds(60));
    assertThat(ingestion.status("mastodon-main").lastSuccess())
        .as("read at every poll again")
        .isEqualTo(failing.nextAttempt().plusSeconds(60));
  }

  @Test
  void theWaitAfterFailuresDoublesFromAMinuteAndStopsAtAnHour() {
    assertThat(Ingestion.backoff(1)).isZero();
    assertThat(Ingestion.backoff(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Ingestion.backoff(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Ingestion.backoff(7)).isEqualTo(Duration.ofMinutes(32));
    assertThat(Ingestion.backoff(8)).isEqualTo(Duration.ofHours(1));
    assertThat(Ingestion.backoff(1_000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aPageThatAsksForAPauseIsStoredWithItsCursorAndTheAccountIsNotAskedAgainUntilThen() {
    Instant until = NOW.plusSeconds(900);
    AtomicInteger asked = new AtomicInteger();
    ConversationReader quotaRunningLow =
        reader(
            () ->
                asked.incrementAndGet() == 1
                    ? new ReadResult.Page(
                        List.of(),
                        "1795694400",
                        true,
                        new ReadResult.Pause(until, "Facebook reports 80 % of a quota used"))
                    : new ReadResult.Page(List.of(), "1795695300", true));
    AtomicInteger otherAsked = new AtomicInteger();
    Ingestion polling = firstThenAnother(quotaRunningLow, otherAsked);

    polling.runOnce(NOW);
    polling.runOnce(NOW.plusSeconds(60));
    polling.runOnce(until.minusSeconds(1));

    assertThat(asked).hasValue(1);
    assertThat(otherAsked).as("the other account is read as usual").hasValue(3);
    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).contains("1795694400");
    Ingestion.AccountStatus paused = polling.status("mastodon-main");
    assertThat(paused.lastSuccess()).isEqualTo(NOW);
    assertThat(paused.failureReason()).isNull();
    assertThat(paused.rateLimitedUntil()).isEqualTo(until);
    assertThat(paused.pauseReason()).isEqualTo("Facebook reports 80 % of a quota used");

    polling.runOnce(until);

    assertThat(asked).hasValue(2);
    assertThat(polling.status("mastodon-main").rateLimitedUntil()).isNull();
    assertThat(polling.status("mastodon-main").pauseReason()).isNull();
    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).contains("1795695300");
  }

  @Test
  void aPollWhosePrivateMessagesFailedStoresTheRestAndSaysWhatWasNotReadUntilItWorks() {
    AtomicInteger asked = new AtomicInteger();
    ConversationReader messagesRefused =
        reader(
            () ->
                asked.incrementAndGet() <= 2
                    ? new ReadResult.Page(
                        List.of(),
                        "1795694400",
                        true,
                        null,
                        "private messages not read: the token lacks pages_messaging")
                    : new ReadResult.Page(List.of(), "1795695300", true));
    Ingestion polling = firstThenAnother(messagesRefused, new AtomicInteger());

    polling.runOnce(NOW);
    polling.runOnce(NOW.plusSeconds(60));

    Ingestion.AccountStatus part = polling.status("mastodon-main");
    assertThat(part.lastSuccess()).isEqualTo(NOW.plusSeconds(60));
    assertThat(part.failuresInARow()).as("the rest reads: no back-off").isZero();
    assertThat(part.nextAttempt()).isNull();
    assertThat(part.partFailed())
        .isEqualTo("private messages not read: the token lacks pages_messaging");
    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).contains("1795694400");

    polling.runOnce(NOW.plusSeconds(120));

    assertThat(polling.status("mastodon-main").partFailed()).isNull();
  }

  @Test
  void aFailedPollAfterAPartFailedStillSaysWhatWasNotRead() {
    AtomicInteger asked = new AtomicInteger();
    ConversationReader partThenDown =
        reader(
            () ->
                asked.incrementAndGet() == 1
                    ? new ReadResult.Page(
                        List.of(), "1795694400", true, null, "private messages not read: no")
                    : new ReadResult.Failed(new PublishOutcome.Transient("Facebook is down")));
    Ingestion polling = firstThenAnother(partThenDown, new AtomicInteger());

    polling.runOnce(NOW);
    polling.runOnce(NOW.plusSeconds(60));

    Ingestion.AccountStatus failed = polling.status("mastodon-main");
    assertThat(failed.failureReason()).isEqualTo("Facebook is down");
    assertThat(failed.partFailed()).isEqualTo("private messages not read: no");
  }

  @Test
  void theBackgroundThreadPollsOnItsOwn() throws Exception {
    notificationsAnswer(json(200, "[" + mention("n1", "s1", "<p>Printing costs?</p>") + "]"));

    ingestion.start(Duration.ofMillis(50));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ingestion.status("mastodon-main").lastSuccess() == null
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    ingestion.close();
    assertThat(found("printing")).isEqualTo(1);
  }

  @Test
  void stoppingDuringAPollIsNoFailureAndLeavesTheAccountsAfterItForTheNextStart() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    // As PlatformHttp answers an interrupted request: the flag set again, the read failed.
    ConversationReader waiting =
        reader(
            () -> {
              reading.countDown();
              try {
                Thread.sleep(Duration.ofMinutes(1));
                return new ReadResult.Page(List.of(), "", true);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ReadResult.Failed(
                    new PublishOutcome.Transient("stopped while waiting for Mastodon"));
              }
            });
    AtomicInteger laterAccountAsked = new AtomicInteger();
    Ingestion polling = firstThenAnother(waiting, laterAccountAsked);
    try {
      polling.start(Duration.ofHours(1));
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      polling.close();
    }

    assertThat(laterAccountAsked).hasValue(0);
    assertNoFailureRecorded(polling);
  }

  @Test
  void stoppingWhileAPageWaitsForTheStoreIsNoFailureEither() {
    // The stop arrives once the page is read: the store's wait for its writer is interrupted.
    ConversationReader interrupted =
        reader(
            () -> {
              Thread.currentThread().interrupt();
              return new ReadResult.Page(List.of(), "after-page-1", true);
            });
    AtomicInteger laterAccountAsked = new AtomicInteger();
    Ingestion polling = firstThenAnother(interrupted, laterAccountAsked);

    try {
      polling.runOnce(NOW);
    } finally {
      Thread.interrupted(); // this test's thread goes on
    }

    assertThat(laterAccountAsked).hasValue(0);
    assertNoFailureRecorded(polling);
    assertThat(store.cursor("mastodon-main", Ingestion.STREAM)).isEmpty();
  }

  /** Two accounts: {@code first}, then one whose reader counts how often it is asked. */
  private Ingestion firstThenAnother(ConversationReader first, AtomicInteger laterAccountAsked) {
    ConversationReader later =
        reader(
            () -> {
              laterAccountAsked.incrementAndGet();
              return new ReadResult.Page(List.of(), "", true);
            });
    return new Ingestion(
        store,
        sync,
        List.of(
            Ingestion.Source.of("mastodon-main", first, TOKEN),
            Ingestion.Source.of("mastodon-branch", later, TOKEN)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static void assertNoFailureRecorded(Ingestion polling) {
    assertThat(polling.statuses())
        .allSatisfy(
            status -> {
              assertThat(status.lastFailure()).isNull();
              assertThat(status.failureReason()).isNull();
            });
  }

  private static ConversationReader reader(Supplier<ReadResult> fetch) {
    return new ConversationReader() {
      @Override
      public String platformId() {
        return "mastodon";
      }

      @Override
      public ReadResult fetch(String account, Credentials credentials, String cursor) {
        return fetch.get();
      }
    };
  }

  @Test
  void webhookDeliveriesAddVersionsAndDeletionsAndRepeatsChangeNothing() throws Exception {
    FacebookWebhook webhook =
        new FacebookWebhook("verify-1", "app-secret-1", Map.of("1001", "facebook-page"));
    String add = feedChange("add", "\"message\":\"Caf\\u00e9 open Sunday?\",");
    String edited = feedChange("edited", "\"message\":\"Caf\\u00e9 open on Sunday?\",");
    String removed = feedChange("remove", "");

    assertThat(sync.ingest(delivered(webhook, add)).added()).isEqualTo(1);
    assertThat(sync.ingest(delivered(webhook, add)).duplicates()).isEqualTo(1);
    assertThat(sync.ingest(delivered(webhook, edited)).edited()).isEqualTo(1);
    assertThat(sync.ingest(delivered(webhook, removed)).deleted()).isEqualTo(1);
    assertThat(sync.ingest(delivered(webhook, removed)).duplicates()).isEqualTo(1);
    assertThat(found("café")).isEqualTo(1);
  }

  private static String feedChange(String verb, String message) {
    return "{\"object\":\"page\",\"entry\":[{\"id\":\"1001\",\"time\":1795690000,"
        + "\"changes\":[{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"31\",\"name\":\"Kim\"},"
        + "\"item\":\"comment\",\"comment_id\":\"1001_1_c1\",\"post_id\":\"1001_1\","
        + "\"parent_id\":\"1001_1\",\"verb\":\""
        + verb
        + "\","
        + message
        + "\"created_time\":1795689990}}]}]}";
  }

  private static List<IncomingItem> delivered(FacebookWebhook webhook, String body)
      throws Exception {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("app-secret-1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(raw));
    return ((FacebookWebhook.Delivery.Accepted) webhook.accept(raw, signature)).items();
  }

  @Test
  void aPollShowsTheReaderWhatTheArchiveHoldsOfItsAccountSoThatItCanNoticeDeletions()
      throws Exception {
    store.ingest(
        List.of(
            new IncomingItem(
                "x-main",
                "x",
                "7001",
                null,
                null,
                MessageKind.MENTION,
                "reader",
                null,
                "@library is the wifi down?",
                NOW.minus(Duration.ofHours(2)),
                null,
                false,
                false,
                null,
                null,
                "{}")));
    AtomicReference<List<String>> shown = new AtomicReference<>();
    ConversationReader reader =
        new ConversationReader() {
          @Override
          public String platformId() {
            return "x";
          }

          @Override
          public ReadResult fetch(String account, Credentials credentials, String cursor) {
            throw new AssertionError("the ingestion shows readers the archive");
          }

          @Override
          public ReadResult fetch(
              String account, Credentials credentials, String cursor, ArchivedItems archived) {
            shown.set(
                archived.liveBetween(account, NOW.minus(Duration.ofDays(1)), NOW, 10).stream()
                    .map(ArchivedItems.Known::platformId)
                    .toList());
            return new ReadResult.Page(List.of(), "polled", true);
          }
        };

    try (Ingestion polling =
        new Ingestion(
            store,
            sync,
            List.of(Ingestion.Source.of("x-main", reader, TOKEN)),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      polling.runOnce(NOW);
    }

    assertThat(shown.get()).containsExactly("7001");
  }
}
