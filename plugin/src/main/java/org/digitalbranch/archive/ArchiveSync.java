package org.digitalbranch.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Lucene index derived from the store (DESIGN.md §3). The store numbers its changes; the
 * index applies them in order and each commit records the last number it holds. At {@link #start()}
 * the changes after that number are replayed; after every write the new changes are applied
 * (searchable before any commit: by the next search for an ingested page, which waits for the
 * sync's thread, at once for the staff's own writes, which {@link #pull()} themselves) and
 * committed every {@code commitEvery} changes or {@code commitAfter} time.
 *
 * <p>Why nothing is lost or doubled: a crash after the store committed and before the index did
 * leaves changes the index's commit does not cover, and they are replayed at start; applying a
 * change is an upsert of its conversation's current state, so replaying one the index already holds
 * changes nothing. The index cannot be ahead of the store, because it only applies changes read
 * from committed store rows; it can only look ahead when the store was restored from an older
 * backup while the index folder was kept, and then {@link #start()} rebuilds. Its commits also
 * record which store they came from ({@link ArchiveStore#identity()}): an index kept while the
 * store was replaced by another (whose sequence may well be further on) is rebuilt too.
 *
 * <p>Thread-safe: pulling, committing and rebuilding are serialised; the store writes themselves
 * are not held up by it.
 */
public final class ArchiveSync {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveSync.class);

  /**
   * The plugin's commit policy: after this many applied changes at most, or {@link #COMMIT_AFTER}
   * after the first uncommitted one. An index commit makes nothing durable that the store has not
   * already made durable; it only bounds what a restart replays. Each commit writes out the
   * indexing buffer as a new segment and syncs it to disk, so committing every thousand changes (as
   * this once did) made a large ingest write, sync and merge again hundreds of small segments,
   * while replaying fifty thousand changes at a start after a crash takes seconds.
   */
  public static final int COMMIT_EVERY = 50_000;

  public static final Duration COMMIT_AFTER = Duration.ofSeconds(30);

  /** Change rows read per store transaction while replaying. */
  static final int REPLAY_BATCH = 500;

  private final ArchiveStore store;
  private final ArchiveIndex index;
  private final Clock clock;
  private final int commitEvery;
  private final Duration commitAfter;

  private long applied;

  /** The store's identity, once asked for (see {@link #recordStore()}). */
  private String storeIdentity;

  private long uncommitted;
  private Instant lastCommit;

  /** How long a search waits for the ingested pages before it to reach the index. */
  static final Duration SEARCH_WAITS_AT_MOST = Duration.ofSeconds(2);

  private final ExecutorService puller =
      Executors.newSingleThreadExecutor(DaemonThreads.named("digital-branch-archive-pull"));
  private final AtomicLong pullsRequested = new AtomicLong();
  private final AtomicBoolean pullQueued = new AtomicBoolean();
  private final Object pulledSignal = new Object();
  private volatile long pulledUpTo;
  private volatile boolean rebuilding;

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
    // A search sees every page ingested before it started, although ingest() does not wait for
    // the index (below).
    index.beforeSearch(this::awaitPulled);
  }

  /**
   * Brings the index up to the store: replays every change after the index's last commit, in
   * batches, committing after each. Returns how many changes were replayed (or, when the index
   * claimed more than the store holds, was built from another store or was written with another
   * schema, how many conversations the rebuild indexed).
   */
  public synchronized long start() {
    return start((done, total) -> {});
  }

  /**
   * As {@link #start()}, telling {@code progress} how far a rebuild is when one is needed: the
   * plugin's start waits for it (35 s at a million messages on two cores).
   */
  public synchronized long start(ArchiveIndex.RebuildProgress progress) {
    return start(progress, false);
  }

  /**
   * As {@link #start(ArchiveIndex.RebuildProgress)}; unless {@code overAnEmptyStore}, an index of
   * another store's conversations is not rebuilt over a new, empty store: that is how a lost
   * database looks (a deleted file, a data folder or database URL mistyped), and rebuilding would
   * wipe what may be the last copy of the archive's words. The demo, whose data is its own,
   * rebuilds.
   *
   * @throws IllegalStateException saying what to do, with the index left as it is
   */
  public synchronized long start(ArchiveIndex.RebuildProgress progress, boolean overAnEmptyStore) {
    Objects.requireNonNull(progress, "progress");
    long committed = index.lastCommittedSequence();
    long storeLast = store.lastSequence();
    Optional<String> builtFrom = index.committedStore();
    String identity = recordStore();
    Optional<String> schema = index.committedSchemaVersion();
    long held = index.documents();
    // First: whatever else would rebuild the index (another store, an older schema, an index
    // ahead of the store) must not wipe it for a store that lost everything.
    if (!overAnEmptyStore && storeLast == 0 && held > 0) {
      throw new IllegalStateException(
          "the store is new and empty, but the search index beside it holds "
              + held
              + " documents of conversations"
              + builtFrom.map(from -> " of another store (" + from + ")").orElse("")
              + ": the database may be missing (a deleted or unmounted file, a mistyped data"
              + " folder or database URL). Put the database back and start again; to start"
              + " afresh on purpose, delete the index folder first. The index was left as it"
              + " is.");
    }
    if (schema.isPresent() && !schema.get().equals(ArchiveSchema.VERSION)) {
      LOG.warn(
          "the archive index was written with schema version {} and this version reads {}: the"
              + " index is rebuilt from the store",
          schema.get(),
          ArchiveSchema.VERSION);
      return rebuild(progress);
    }
    if (builtFrom.isPresent() && !builtFrom.get().equals(identity)) {
      LOG.warn(
          "the archive index was built from another store ({}) than this one ({}): the data"
              + " folder was kept while the store changed, so the index is rebuilt from this one",
          builtFrom.get(),
          identity);
      return rebuild(progress);
    }
    Optional<String> zone = index.committedZone();
    String wanted = index.schema().zone().getId();
    if (zone.isPresent() && !sameZone(zone.get(), index.schema().zone())) {
      LOG.warn(
          "the archive index counted its years and months in the time zone {} and the settings now"
              + " say {}: the index is rebuilt from the store",
          zone.get(),
          wanted);
      return rebuild(progress);
    }
    if (committed > storeLast) {
      LOG.warn(
          "the archive index holds changes up to {} but the store only up to {}: the store was"
              + " restored or replaced, so the index is rebuilt from it",
          committed,
          storeLast);
      return rebuild(progress);
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
    if (replayed == 0 && (builtFrom.isEmpty() || zone.isEmpty()) && schema.isPresent()) {
      // An index from before stores had an identity, on a quiet store: record it now rather than
      // at the next change, which may be a while, and the protection with it.
      index.commit(applied);
    }
    uncommitted = 0;
    lastCommit = clock.instant();
    if (replayed > 0) {
      LOG.info("replayed {} archive changes into the index, now at {}", replayed, applied);
    }
    return replayed;
  }

  /** "UTC", "Etc/UTC" and "Z" count their months alike: the rules are compared, not the names. */
  private static boolean sameZone(String recorded, java.time.ZoneId wanted) {
    try {
      return java.time.ZoneId.of(recorded)
          .normalized()
          .getRules()
          .equals(wanted.normalized().getRules());
    } catch (java.time.DateTimeException unknown) {
      return false;
    }
  }

  /**
   * Ingests through the store, then has the result indexed on the sync's own thread and returns
   * without waiting for it: the ingestion stores its next page while the index reads and analyses
   * this one, so on two cores a large ingest takes about the longer of the two, not their sum
   * (docs/benchmarks.md). Nothing is lost by not waiting: the store committed, and its change log
   * is what the index replays. A search that starts after this returns waits for it (at most {@link
   * #SEARCH_WAITS_AT_MOST}), so what was ingested is searchable at once all the same.
   */
  public IngestReport ingest(List<IncomingItem> items, List<IngestionCursor> cursors) {
    IngestReport report = store.ingest(items, cursors);
    pullSoon();
    return report;
  }

  /** Asks the sync's thread to pull; requests made while one is queued share that pull. */
  void pullSoon() {
    pullsRequested.incrementAndGet();
    if (pullQueued.compareAndSet(false, true)) {
      puller.execute(this::pullRequested);
    }
  }

  private void pullRequested() {
    // Cleared before reading what to cover: a request arriving from now on queues another round.
    pullQueued.set(false);
    long covers = pullsRequested.get();
    try {
      // Up to what the store holds now, not until it stops changing: during a large ingest a
      // search waits for this pull, and new pages keep coming.
      pull(store.lastSequence());
    } catch (RuntimeException e) {
      // The changes stay in the store's log; the next pull (or the periodic one) applies them.
      LOG.error("archive index update failed", e);
    } finally {
      synchronized (pulledSignal) {
        pulledUpTo = Math.max(pulledUpTo, covers);
        pulledSignal.notifyAll();
      }
    }
  }

  /**
   * Waits until the pulls requested so far have run, unless a rebuild holds the sync (the old index
   * answers meanwhile) or it takes longer than {@link #SEARCH_WAITS_AT_MOST}.
   */
  void awaitPulled() {
    long wanted = pullsRequested.get();
    if (pulledUpTo >= wanted) {
      return; // every search takes this path when nothing was ingested since the last pull
    }
    long deadline = System.nanoTime() + SEARCH_WAITS_AT_MOST.toNanos();
    synchronized (pulledSignal) {
      while (pulledUpTo < wanted && !rebuilding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(pulledSignal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops the sync's thread, letting a pull under way finish. The owner then pulls and commits once
   * more itself (ArchiveRuntime does).
   */
  public void close() {
    puller.shutdown();
    try {
      if (!puller.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("an archive index pull did not finish in 10 s at stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    return pull(Long.MAX_VALUE);
  }

  /** As {@link #pull()}, stopping once the changes up to {@code upTo} are applied. */
  private synchronized int pull(long upTo) {
    try {
      int count = 0;
      while (applied < upTo) {
        List<IndexChange> changes = store.changesAfter(applied, REPLAY_BATCH);
        if (changes.isEmpty()) {
          break;
        }
        index.apply(changes);
        applied = changes.getLast().sequence();
        uncommitted += changes.size();
        count += changes.size();
        if (uncommitted >= commitEvery) {
          commitApplied();
        }
      }
      if (uncommitted > 0 && !clock.instant().isBefore(lastCommit.plus(commitAfter))) {
        commitApplied();
      }
      return count;
    } catch (ArchiveIndex.Failed e) {
      throw recovered(e);
    }
  }

  /**
   * The index failed to apply a batch it had accepted (it applies them on its own thread): it goes
   * back to its last commit and the next pull replays from there, so the failed changes are not
   * skipped.
   */
  private ArchiveIndex.Failed recovered(ArchiveIndex.Failed failure) {
    index.recover();
    applied = index.lastCommittedSequence();
    uncommitted = 0;
    LOG.error("the archive index failed; back to its last commit at {}", applied, failure);
    return failure;
  }

  /**
   * Brings the index up to the store and commits, so a restart need not replay anything (at
   * shutdown, for example, or after a rebuild from the command line).
   */
  public synchronized void commit() {
    pull();
    commitApplied();
  }

  private void commitApplied() {
    if (uncommitted == 0 && index.lastCommittedSequence() == applied) {
      return;
    }
    recordStore();
    try {
      index.commit(applied);
    } catch (ArchiveIndex.Failed e) {
      throw recovered(e);
    }
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
    recordStore();
    Objects.requireNonNull(progress, "progress");
    // Read the sequence before the conversations: whatever changes while they are read is at a
    // later sequence and is replayed below, which is harmless if the rebuild already saw it.
    long sequence = store.lastSequence();
    long total = store.conversationCount();
    long indexed;
    setRebuilding(true);
    try (var conversations = store.allArchived()) {
      indexed = index.rebuild(conversations, total, sequence, progress);
    } finally {
      setRebuilding(false);
    }
    applied = sequence;
    uncommitted = 0;
    lastCommit = clock.instant();
    pull();
    return indexed;
  }

  /** Tells the index which store it is derived from, for its commits to record; asks once. */
  private String recordStore() {
    if (storeIdentity == null) {
      storeIdentity = store.identity();
      index.recordStore(storeIdentity);
    }
    return storeIdentity;
  }

  private void setRebuilding(boolean now) {
    synchronized (pulledSignal) {
      rebuilding = now;
      pulledSignal.notifyAll();
    }
  }

  /** The last store sequence applied to the index (committed or not). */
  public synchronized long applied() {
    return applied;
  }
}
