package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.digitalbranch.archive.ArchiveAnalysis;
import org.digitalbranch.archive.ArchiveIndex;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ArchiveSync;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's start links conversations archived before the queue's post behind them was known:
 * an archive from before conversations were linked, searchable by that post's topic at once.
 */
class ArchiveRuntimeLinksTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneOffset.UTC);

  @TempDir Path folder;
  private Database database;
  private ArchiveRuntime archive;

  @BeforeEach
  void open() {
    database =
        Database.open(
            folder, TestStores.settings(folder), ArchiveRuntimeLinksTest.class.getClassLoader());
  }

  @AfterEach
  void close() {
    if (archive != null) {
      archive.close();
    }
    database.close();
  }

  private static IncomingItem question(String platformId, String root, String text) {
    return new IncomingItem(
        "masto-main",
        "mastodon",
        platformId,
        root,
        root,
        MessageKind.REPLY,
        "reader@town.example",
        "A Reader",
        text,
        CLOCK.instant(),
        null,
        false,
        false,
        null,
        null,
        "{}");
  }

  private ArchiveStore store() {
    return new ArchiveStore(DigitalBranchPlugin.transactorOver(database), CLOCK);
  }

  /** A published post of the queue, about events, whose status on masto-main is {@code root}. */
  private void published(String postId, String root) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO posts (id, version, state, author, body, topic, intent, created_at,"
              + " updated_at) VALUES ('"
              + postId
              + "', 4, 'published', 'ana', 'Seed library opens!', 'events', 'engagement', 0, 0)");
      statement.executeUpdate(
          "INSERT INTO publish_targets (post_id, account_id, ordinal, state, attempts, failures,"
              + " retry_safe, platform_post_id, idempotency_key, published_at, updated_at) VALUES"
              + " ('"
              + postId
              + "', 'masto-main', 0, 'published', 1, 0, 0, '"
              + root
              + "', 'key-"
              + postId
              + "', "
              + CLOCK.millis()
              + ", 0)");
    }
  }

  @Test
  void aThreadOnAPublishedPostArchivedBeforeTheLinkIsFoundByThePostsTopicAfterTheStart()
      throws Exception {
    store().ingest(List.of(question("s1", "s0", "Which seeds can I borrow this spring?")));
    published("post-9", "s0");

    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);

    assertThat(archive.search().search(SearchRequest.of("seeds topic:events")).total())
        .isEqualTo(1);
    assertThat(archive.store().linkPublishedPosts()).as("nothing left to link").isZero();
  }

  @Test
  void aPostWhoseOutcomeWasRecordedAfterItsThreadArrivedIsLinkedByThePeriodicPull()
      throws Exception {
    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);
    archive.store().ingest(List.of(question("s1", "s0", "Which seeds can I borrow this spring?")));
    archive.sync().pull();
    published("post-9", "s0");

    archive.startPulling();

    long deadline = System.nanoTime() + 3 * ArchiveRuntime.PULL_EVERY.toNanos();
    while (archive.search().search(SearchRequest.of("seeds topic:events")).total() == 0) {
      assertThat(System.nanoTime()).as("linked by a pull").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aRestoredBackupWithLinksToMakeIsStillSeenAsBehindTheIndexAndRebuilt() throws Exception {
    assumeFalse(TestStores.postgresql(), "restores a copy of the SQLite file");
    // Three threads on published posts, not linked yet (archived before linking existed).
    for (int i = 1; i <= 3; i++) {
      store().ingest(List.of(question("q" + i, "root" + i, "Which seeds can I borrow? " + i)));
      published("post-" + i, "root" + i);
    }
    store().identity();
    Path file = database.file().orElseThrow();
    database.close();
    Path backup = Files.copy(file, folder.resolve("backup.db"));
    database = Database.open(folder, TestStores.settings(folder), getClass().getClassLoader());
    // Two more threads after the backup, indexed by a sync that links nothing: the index is
    // ahead of the backup by two changes, fewer than the backup's three links to make.
    store().ingest(List.of(question("q4", "root4", "Do you lend telescopes?")));
    store().ingest(List.of(question("q5", "root5", "Is the book drop open?")));
    try (ArchiveIndex index =
        ArchiveIndex.open(
            folder.resolve(ArchiveRuntime.INDEX_FOLDER),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms())) {
      ArchiveSync sync = new ArchiveSync(store(), index, CLOCK, 100, Duration.ofHours(1));
      sync.start();
      sync.commit();
      sync.close();
    }
    database.close();
    Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
    database = Database.open(folder, TestStores.settings(folder), getClass().getClassLoader());

    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);

    assertThat(archive.search().search(SearchRequest.of("")).total())
        .as("what the backup holds, and not the two threads after it")
        .isEqualTo(3);
    assertThat(archive.search().search(SearchRequest.of("topic:events")).total()).isEqualTo(3);
  }
}
