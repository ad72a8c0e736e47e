package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxBehaviour;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's queue starts with the library posts its sandboxes were seeded with, published through
 * the whole workflow, once, and the archive links the conversations under them to those posts.
 */
class DemoQueueHistoryTest {

  private static final Map<String, String> ACCOUNTS =
      Map.of(
          "facebook", "facebook-main",
          "instagram", "instagram-main",
          "mastodon", "mastodon-main",
          "bluesky", "bluesky-main",
          "x", "x-main");

  /** The policy's default promotion limit, in percent. */
  private static final int LIMIT = 10;

  private static Sandbox sandbox;
  @TempDir Path folder;
  private DataSource store;
  private Transactor transactor;

  @BeforeAll
  static void startTheSandbox() {
    sandbox =
        Sandbox.start(
            SandboxBehaviour.demo().withSeededConversations(300).withTrickleEvery(Duration.ZERO));
  }

  @AfterAll
  static void stopTheSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void openTheStore() {
    store = TestStores.migrated(folder);
    transactor = Transactor.over(store);
  }

  private Post stored(Sandbox.SeededPost seeded) {
    return transactor
        .read(connection -> new PostRepository(connection).find(DemoQueueHistory.idOf(seeded)))
        .orElseThrow();
  }

  @Test
  void everySeededLibraryPostIsAPublishedQueuePostOnceWithItsWholeTrail() throws Exception {
    List<Sandbox.SeededPost> seeded = sandbox.seededPosts();
    assertThat(seeded).hasSizeGreaterThan(10);
    assertThat(seeded).extracting(post -> post.platform().id()).contains("facebook", "bluesky");

    assertThat(DemoQueueHistory.record(sandbox, ACCOUNTS, LIMIT, transactor))
        .isEqualTo(seeded.size());
    // A restart: a new sandbox seeded to the same end serves the same posts, on other ports.
    try (Sandbox restarted =
        Sandbox.start(
            SandboxBehaviour.demo().withSeededConversations(300).withTrickleEvery(Duration.ZERO),
            sandbox.seededUntil())) {
      assertThat(DemoQueueHistory.record(restarted, ACCOUNTS, LIMIT, transactor))
          .as("a restart adds nothing")
          .isZero();
      assertThat(urlOf(stored(seeded.getFirst()).id()))
          .as("the link follows the sandbox to its new port")
          .isEqualTo(restarted.seededPosts().getFirst().url())
          .isNotEqualTo(seeded.getFirst().url());
    }

    Sandbox.SeededPost first = seeded.getFirst();
    Post post = stored(first);
    assertThat(post.state()).isEqualTo(PostState.PUBLISHED);
    assertThat(post.text()).isEqualTo(first.text());
    assertThat(post.accounts()).containsExactly(ACCOUNTS.get(first.platform().id()));
    assertThat(post.history())
        .extracting(entry -> entry.action() + " " + entry.version())
        .as("each with the version it applied to, as the workflow writes them")
        .containsExactly("create 1", "submit 1", "approve 2", "start-publishing 3", "publish 4");
    assertThat(post.publishAt()).isEqualTo(post.history().getLast().at());
    assertThat(post.history().getLast().at())
        .isEqualTo(first.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    try (Connection connection = store.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT state, platform_post_id FROM publish_targets WHERE post_id = ?")) {
      select.setString(1, post.id());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("published");
        assertThat(row.getString(2)).isEqualTo(first.id());
      }
    }
  }

  private String urlOf(String postId) throws Exception {
    try (Connection connection = store.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT url FROM publish_targets WHERE post_id = ?")) {
      select.setString(1, postId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    }
  }

  @Test
  void theHistoryKeepsPromotionWithinHalfThePolicysLimit() {
    DemoQueueHistory.record(sandbox, ACCOUNTS, LIMIT, transactor);

    List<Post> posts = sandbox.seededPosts().stream().map(this::stored).toList();
    long promotions =
        posts.stream()
            .filter(post -> post.intent() == org.digitalbranch.queue.Intent.PROMOTION)
            .count();
    assertThat(promotions).as("some promotion, for the mix to show").isPositive();
    assertThat(promotions * 200).isLessThanOrEqualTo(posts.size() * (long) LIMIT);
  }

  @Test
  void aStoreThatRefusesTheHistoryLeavesTheDemoRunningWithout() {
    Transactor broken =
        new Transactor() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            throw new org.digitalbranch.queue.StoreException(
                new java.sql.SQLException("database or disk is full"));
          }
        };

    assertThat(DemoQueueHistory.recordOrWarn(sandbox, List.of(), LIMIT, broken)).isZero();
  }

  @Test
  void aCommentUnderASeededPostJoinsItsQueuePostAndTopic() {
    DemoQueueHistory.record(sandbox, ACCOUNTS, LIMIT, transactor);
    Sandbox.SeededPost bluesky =
        sandbox.seededPosts().stream()
            .filter(post -> post.platform().id().equals("bluesky"))
            .findFirst()
            .orElseThrow();
    ArchiveStore archive = new ArchiveStore(transactor, Clock.systemUTC());

    archive.ingest(
        List.of(
            ArchiveData.customer(
                    "bluesky-main",
                    "bluesky",
                    "at://did:plc:reader/app.bsky.feed.post/1",
                    bluesky.id(),
                    MessageKind.REPLY,
                    "reader.bsky.social",
                    "A Reader",
                    "Is this on at every branch?",
                    bluesky.at().plusSeconds(60))
                .item()));

    ConversationThread thread =
        archive
            .conversation(
                archive
                    .inbox(org.digitalbranch.archive.InboxFilter.visibleTo(java.util.Set.of()))
                    .getFirst()
                    .conversationId())
            .orElseThrow();
    assertThat(thread.ourPostId()).isEqualTo(DemoQueueHistory.idOf(bluesky));
    assertThat(thread.topic()).isEqualTo(stored(bluesky).topic().id());
  }
}
