package org.digitalbranch.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Lucene index derived from the store (DESIGN.md §3). The store numbers its changes; the
 * index applies them in order and each commit records the last number it holds. At {@link #start()}
 * the changes after that number are replayed; after every write the new changes are applied at once
 * (searchable before any commit) and committed every {@code commitEvery} changes or {@code
 * commitAfter} time.
 *
 * <p>Why nothing is lost or doubled: a crash after the store committed and before the index did
 * leaves changes the index's commit does not cover, and they are replayed at start; applying a
 * change is an upsert of its conversation's current state, so replaying one the index already holds
 * changes nothing. The index cannot be ahead of the store, because it only applies changes read
 * from committed store rows; it can only look ahead when the store was restored from an older
 * backup (or pointed elsewhere) while the index folder was kept, and then {@link #start()}
 * rebuilds.
 *
 * <p>Thread-safe: pulling, committing and rebuilding are serialised; the store writes themselves
 * are not held up by it.
 */
public final class ArchiveSync {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveSync.class);

  /** Change rows read per store transaction while replaying. */
  static final int REPLAY_BATCH = 500;

  private final ArchiveStore store;
  private final ArchiveIndex index;
  private final Clock clock;
  private final int commitEvery;
  private final Duration commitAfter;

  private long applied;
  private long uncommitted;
  private Instant lastCommit;

  /**
   * @param commitEvery commit after this many applied changes at most
   * @param commitAfter or when this much time passed since the last commit with changes pending
   */
  public ArchiveSync(
      ArchiveStore store, ArchiveIndex index, Clock clock, int commitEvery, Duration commitAfter) {
    this.store = Objects.requireNonNull(store, "store");
    this.index = Objects.requireNonNull(index, "index");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (commitEvery < 1) {
      throw new IllegalArgumentException("commitEvery must be positive");
    }
    this.commitEvery = commitEvery;
    this.commitAfter = Objects.requireNonNull(commitAfter, "commitAfter");
    this.applied = index.lastCommittedSequence();
    this.lastCommit = clock.instant();
  }

  /**
   * Brings the index up to the store: replays every change after the index's last commit, in
   * batches, committing after each. Returns how many changes were replayed (or, when the index
   * claimed more than the store holds or was written with another schema, how many conversations
   * the rebuild indexed).
   */
  public synchronized long start() {
    long committed = index.lastCommittedSequence();
    long storeLast = store.lastSequence();
    Optional<String> schema = index.committedSchemaVersion();
    if (schema.isPresent() && !schema.get().equals(ArchiveSchema.VERSION)) {
      LOG.warn(
          "the archive index was written with schema version {} and this version reads {}: the"
              + " index is rebuilt from the store",
          schema.get(),
          ArchiveSchema.VERSION);
      return rebuild((done, total) -> {});
    }
    if (committed > storeLast) {
      LOG.warn(
          "the archive index holds changes up to {} but the store only up to {}: the store was"
              + " restored or replaced, so the index is rebuilt from it",
          committed,
          storeLast);
      return rebuild((done, total) -> {});
    }
    applied = committed;
    long replayed = 0;
    while (true) {
      List<IndexChange> changes = store.changesAfter(applied, REPLAY_BATCH);
      if (changes.isEmpty()) {
        break;
      }
      index.apply(changes);
      applied = changes.getLast().sequence();
      index.commit(applied);
      replayed += changes.size();
    }
    uncommitted = 0;
    lastCommit = clock.instant();
    if (replayed > 0) {
      LOG.info("replayed {} archive changes into the index, now at {}", replayed, applied);
    }
    return replayed;
  }

  /** Ingests through the store, then makes the result searchable. */
  public IngestReport ingest(List<IncomingItem> items, List<IngestionCursor> cursors) {
    IngestReport report = store.ingest(items, cursors);
    pull();
    return report;
  }

  public IngestReport ingest(List<IncomingItem> items) {
    return ingest(items, List.of());
  }

  /**
   * Applies the store's changes the index has not seen yet, and commits when due. Call after any
   * store write (ingest, reply, close, moderation) and from a periodic task, which also commits a
   * quiet tail once {@code commitAfter} has passed.
   *
   * @return how many changes were applied
   */
  public synchronized int pull() {
    int count = 0;
    while (true) {
      List<IndexChange> changes = store.changesAfter(applied, REPLAY_BATCH);
      if (changes.isEmpty()) {
        break;
      }
      index.apply(changes);
      applied = changes.getLast().sequence();
      uncommitted += changes.size();
      count += changes.size();
      if (uncommitted >= commitEvery) {
        commit();
      }
    }
    if (uncommitted > 0 && !clock.instant().isBefore(lastCommit.plus(commitAfter))) {
      commit();
    }
    return count;
  }

  /** Commits what was applied, so a restart need not replay it (at shutdown, for example). */
  public synchronized void commit() {
    if (uncommitted == 0 && index.lastCommittedSequence() == applied) {
      return;
    }
    index.commit(applied);
    uncommitted = 0;
    lastCommit = clock.instant();
  }

  /**
   * Rebuilds the index from the store (the admin action and the command-line flag), then replays
   * what changed while it ran. The old index keeps answering searches until the rebuild commits.
   *
   * @return how many conversations were indexed
   */
  public synchronized long rebuild(ArchiveIndex.RebuildProgress progress) {
    Objects.requireNonNull(progress, "progress");
    // Read the sequence before the conversations: whatever changes while they are read is at a
    // later sequence and is replayed below, which is harmless if the rebuild already saw it.
    long sequence = store.lastSequence();
    long total = store.conversationCount();
    long indexed;
    try (var conversations = store.allArchived()) {
      indexed = index.rebuild(conversations, total, sequence, progress);
    }
    applied = sequence;
    uncommitted = 0;
    lastCommit = clock.instant();
    pull();
    return indexed;
  }

  /** The last store sequence applied to the index (committed or not). */
  public synchronized long applied() {
    return applied;
  }
}
