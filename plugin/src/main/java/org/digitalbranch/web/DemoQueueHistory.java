package org.digitalbranch.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.publish.PublishedBefore;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Topic;
import org.digitalbranch.queue.Transactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's queue history: the library posts its sandboxes start with, made into queue posts that
 * went through the workflow (drafted, submitted, approved, published) before the demo began. So on
 * a first start the queue's published posts, the dashboard's mix, the archive's topic facet and an
 * export's approval trail are as meaningful as the conversations under those posts, which the
 * archive links to them as it links any published post's.
 *
 * <p>Each post's id follows from its platform and its id there, so a restart (whose sandboxes serve
 * the same history) finds them stored and adds nothing.
 */
final class DemoQueueHistory {

  /**
   * Colleagues who wrote and approved the history (the sandbox's staff signatures), not the demo's
   * own users: a person trying the demo starts with a queue of their own that is empty.
   */
  private static final List<String> AUTHORS = List.of("jlee", "mokafor", "swhitaker", "praman");

  private static final List<String> APPROVERS = List.of("dkowalski", "lortega");

  /** The sandbox's phrase-bank topics as the queue's topics; any other is a service. */
  private static final Map<String, Topic> TOPICS =
      Map.ofEntries(
          Map.entry("readers-advisory", Topic.READERS_ADVISORY),
          Map.entry("events", Topic.EVENTS),
          Map.entry("storytime", Topic.EVENTS),
          Map.entry("ebooks", Topic.MATERIALS),
          Map.entry("late-fees", Topic.CURRENT_EVENTS),
          Map.entry("thanks", Topic.CURRENT_EVENTS));

  /**
   * Posts that may promote something (an event, a pass). The demo library keeps its own policy: in
   * time order, one of these is promotion only while promotion stays within half the limit of all
   * posts so far, so any stretch of the history stays well within it and the dashboard's mix shows
   * both intents.
   */
  private static final List<String> PROMOTING = List.of("events", "storytime", "museum-passes");

  private static final Logger LOG = LoggerFactory.getLogger(DemoQueueHistory.class);

  private DemoQueueHistory() {}

  /**
   * As {@link #record}, logging what it added; a failure is logged, not thrown: the history only
   * dresses the demo, and the demo runs without it.
   *
   * @return how many were added, 0 when storing failed
   */
  static int recordOrWarn(
      Sandbox sandbox,
      List<AccountConfig> accounts,
      int promotionLimitPercent,
      Transactor transactor) {
    try {
      int added = record(sandbox, accounts, promotionLimitPercent, transactor);
      if (added > 0) {
        LOG.info("demo: {} earlier library posts added to the queue as published", added);
      }
      return added;
    } catch (RuntimeException e) {
      LOG.warn("demo: the queue's history of earlier posts could not be stored", e);
      return 0;
    }
  }

  /**
   * Stores the sandbox's seeded library posts as published queue posts on the demo accounts, those
   * not stored yet, and brings the stored ones' links to where the sandbox now serves them (its
   * ports change at every start).
   *
   * @param promotionLimitPercent the policy's promotion limit, which the history keeps
   * @return how many were added
   */
  static int record(
      Sandbox sandbox,
      List<AccountConfig> accounts,
      int promotionLimitPercent,
      Transactor transactor) {
    Map<String, String> byPlatform = new java.util.HashMap<>();
    for (AccountConfig account : accounts) {
      byPlatform.putIfAbsent(account.platform().id(), account.id());
    }
    return record(sandbox, byPlatform, promotionLimitPercent, transactor);
  }

  /** As above, with the demo account of each platform id ({@code "mastodon"}, ...). */
  static int record(
      Sandbox sandbox,
      Map<String, String> accounts,
      int promotionLimitPercent,
      Transactor transactor) {
    List<Sandbox.SeededPost> seeded = new java.util.ArrayList<>(sandbox.seededPosts());
    seeded.sort(java.util.Comparator.comparing(Sandbox.SeededPost::at));
    return transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          int added = 0;
          int promotions = 0;
          for (int i = 0; i < seeded.size(); i++) {
            Sandbox.SeededPost post = seeded.get(i);
            boolean promotion =
                PROMOTING.contains(post.topic())
                    && (promotions + 1) * 200L <= (i + 1L) * promotionLimitPercent;
            if (promotion) {
              promotions++;
            }
            String account = accounts.get(post.platform().id());
            if (account == null) {
              continue;
            }
            String id = idOf(post);
            if (repository.version(id).isEmpty()) {
              repository.insert(queuePost(id, post, account, i, promotion));
              added++;
            }
            PublishedBefore.record(
                connection, id, account, 0, post.id(), URI.create(post.url()), post.at());
          }
          return added;
        });
  }

  /** Drafted a day before it went out, approved two hours before, published at its time. */
  private static Post queuePost(
      String id, Sandbox.SeededPost seeded, String account, int n, boolean promotion) {
    Instant published = seeded.at();
    Instant created = published.minus(Duration.ofHours(26));
    Instant submitted = published.minus(Duration.ofHours(25));
    Instant approved = published.minus(Duration.ofHours(2));
    Instant started = published.minus(Duration.ofMinutes(1));
    String author = AUTHORS.get(n % AUTHORS.size());
    String approver = APPROVERS.get(n % APPROVERS.size());
    String system = Actor.SYSTEM.name();
    List<HistoryEntry> history =
        List.of(
            // Each entry carries the version its action applied to, as the workflow writes them.
            new HistoryEntry("create", author, created, null, PostState.DRAFT, 1, null, null),
            new HistoryEntry(
                "submit", author, submitted, PostState.DRAFT, PostState.SUBMITTED, 1, null, null),
            new HistoryEntry(
                "approve",
                approver,
                approved,
                PostState.SUBMITTED,
                PostState.APPROVED,
                2,
                null,
                null),
            new HistoryEntry(
                "start-publishing",
                system,
                started,
                PostState.APPROVED,
                PostState.PUBLISHING,
                3,
                account,
                null),
            new HistoryEntry(
                "publish",
                system,
                published,
                PostState.PUBLISHING,
                PostState.PUBLISHED,
                4,
                "live everywhere",
                null));
    return new Post(
        id,
        5,
        PostState.PUBLISHED,
        author,
        seeded.text(),
        null,
        List.of(),
        List.of(account),
        TOPICS.getOrDefault(seeded.topic(), Topic.SERVICES),
        promotion ? Intent.PROMOTION : Intent.ENGAGEMENT,
        published,
        created,
        published,
        submitted,
        approved,
        history);
  }

  /** A queue id ({@code [A-Za-z0-9_-]{22}}) that the same post on the same platform always gets. */
  static String idOf(Sandbox.SeededPost post) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("demo-queue-history:" + post.platform().id() + ":" + post.id())
                      .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
