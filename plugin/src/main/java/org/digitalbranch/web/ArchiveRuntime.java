package org.digitalbranch.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.digitalbranch.archive.ArchiveAnalysis;
import org.digitalbranch.archive.ArchiveExport;
import org.digitalbranch.archive.ArchiveIndex;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.archive.ArchiveSearch;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ArchiveSync;
import org.digitalbranch.archive.DaemonThreads;
import org.digitalbranch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's running parts: the store over the database, the Lucene index in the data folder,
 * the sync between them (replayed at start, pulled after every write and by a periodic task,
 * committed at stop), searching, exporting, and the admin's background rebuild with its progress.
 */
final class ArchiveRuntime implements AutoCloseable {

  /** The index's folder inside the plugin's data folder. */
  static final String INDEX_FOLDER = "index";

  /** How often the periodic task applies changes others made (the ingestion) and commits. */
  static final Duration PULL_EVERY = Duration.ofSeconds(5);

  /** How far back each pull looks for posts published after their threads' messages arrived. */
  static final Duration RECENT_LINKS = Duration.ofDays(1);

  /** Changes applied before a commit is forced, and the longest a quiet tail stays uncommitted. */
  static final int COMMIT_EVERY = ArchiveSync.COMMIT_EVERY;

  static final Duration COMMIT_AFTER = ArchiveSync.COMMIT_AFTER;

  private static final Logger log = LoggerFactory.getLogger(ArchiveRuntime.class);

  /**
   * Where an admin's rebuild stands.
   *
   * @param state {@code idle} (none since start), {@code running}, {@code done} or {@code failed}
   * @param total conversations to index, -1 before it is known
   * @param error why it failed, for the admin; null otherwise
   */
  record RebuildStatus(
      String state,
      long done,
      long total,
      String startedBy,
      Instant startedAt,
      Instant finishedAt,
      String error) {
    static final RebuildStatus IDLE = new RebuildStatus("idle", 0, -1, null, null, null, null);

    boolean running() {
      return state.equals("running");
    }
  }

  private final ArchiveIndex index;
  private final ArchiveStore store;
  private final ArchiveSync sync;
  private final ArchiveSearch search;
  private final ArchiveExport export;
  private final Clock clock;
  private final ScheduledExecutorService puller;
  private final ExecutorService rebuilder;
  private final AtomicReference<RebuildStatus> rebuild = new AtomicReference<>(RebuildStatus.IDLE);

  private ArchiveRuntime(ArchiveIndex index, ArchiveStore store, Clock clock) {
    this.index = index;
    this.store = store;
    this.clock = clock;
    this.sync = new ArchiveSync(store, index, clock, COMMIT_EVERY, COMMIT_AFTER);
    this.search = new ArchiveSearch(index);
    this.export = new ArchiveExport(store, clock);
    this.puller =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("digital-branch-archive-sync"));
    this.rebuilder =
        Executors.newSingleThreadExecutor(DaemonThreads.named("digital-branch-archive-rebuild"));
  }

  /** The time by the store's clock: what a page's "shown at" is compared with. */
  Instant now() {
    return clock.instant();
  }

  /**
   * Opens the index under {@code dataDirectory/index} and the store over {@code database}, and
   * brings the index up to the store (replaying what the last run did not commit). The periodic
   * pull starts with {@link #startPulling()}.
   */
  static ArchiveRuntime open(
      Path dataDirectory, Database database, ArchiveSchema schema, Clock clock) throws IOException {
    return open(dataDirectory, database, schema, clock, false);
  }

  /**
   * @param demo whether an index of another store may be rebuilt over a new, empty store (the
   *     demo's); elsewhere that is refused as a database gone missing ({@link ArchiveSync#start})
   */
  static ArchiveRuntime open(
      Path dataDirectory, Database database, ArchiveSchema schema, Clock clock, boolean demo)
      throws IOException {
    Path folder = Files.createDirectories(dataDirectory.resolve(INDEX_FOLDER));
    ArchiveIndex index = openOrStartAfresh(folder, schema);
    ArchiveRuntime runtime =
        new ArchiveRuntime(
            index, new ArchiveStore(DigitalBranchPlugin.transactorOver(database), clock), clock);
    try {
      StartupProgress progress = new StartupProgress();
      long count = runtime.sync.start(progress, demo);
      if (progress.rebuilt) {
        log.info("archive index ready in {} (rebuilt: {} conversations)", folder, count);
      } else {
        log.info("archive index ready in {} ({} changes replayed)", folder, count);
      }
      // After the start, whose checks must see the store as it was restored, not as linked.
      runtime.linked(runtime.store.linkPublishedPosts());
      int resettled = runtime.store.settleByCurrentRule();
      if (resettled > 0) {
        log.info(
            "{} conversations have a new status: a reply now answers what it replies to, not the"
                + " whole thread",
            resettled);
        runtime.sync.pull();
      }
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /**
   * Opens the index, or, when Lucene cannot read it (a disk fault, a file cut short by a full disk,
   * a copy taken while it was written), sets its files aside and opens an empty one, which the
   * start then fills from the store's change log: the index is derived, and a plugin that would not
   * start over it would leave staff without the archive for a fault the store can mend. A folder
   * held by another intranet, or one the plugin may not read, is not deleted: that still fails.
   */
  private static ArchiveIndex openOrStartAfresh(Path folder, ArchiveSchema schema)
      throws IOException {
    try {
      return ArchiveIndex.open(folder, schema, ArchiveAnalysis.withLibrarySynonyms());
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.io.UncheckedIOException ? e.getCause() : e;
      if (!damaged(cause)) {
        throw e;
      }
      Path aside = ArchiveIndex.setAside(folder);
      log.warn(
          "the archive index in {} cannot be read ({}): it is rebuilt from the store, and its"
              + " files are kept in {} (delete them once the archive is back)",
          folder,
          cause.toString(),
          aside);
      return ArchiveIndex.open(folder, schema, ArchiveAnalysis.withLibrarySynonyms());
    }
  }

  private static boolean damaged(Throwable cause) {
    // Lucene reports some damage as what reading garbage led to, not as a corrupt index.
    return cause instanceof org.apache.lucene.index.CorruptIndexException
        || cause instanceof IndexOutOfBoundsException
        || cause instanceof org.apache.lucene.index.IndexFormatTooOldException
        || cause instanceof org.apache.lucene.index.IndexFormatTooNewException
        || cause instanceof java.io.EOFException;
  }

  /** How often a rebuild at start logs how far it is. */
  static final Duration STARTUP_PROGRESS_EVERY = Duration.ofSeconds(10);

  /**
   * Logs a rebuild at start (an index of an older schema, or ahead of a restored store) every
   * {@link #STARTUP_PROGRESS_EVERY}, as the command-line rebuild prints it: the plugin does not
   * start until it is done (35 s at a million messages on two cores), and an administrator watching
   * a start that long should not have to guess why. Called on the starting thread only.
   */
  private static final class StartupProgress implements ArchiveIndex.RebuildProgress {
    private long lastLogged = System.nanoTime();
    private boolean rebuilt;

    @Override
    public void indexed(long done, long total) {
      rebuilt = true;
      long now = System.nanoTime();
      if (now - lastLogged >= STARTUP_PROGRESS_EVERY.toNanos() || done == total) {
        lastLogged = now;
        log.info(
            "rebuilding the archive index from the store: {}",
            String.format(
                Locale.ROOT,
                "%,d of %,d conversations indexed (%d%%)",
                done,
                total,
                total > 0 ? done * 100 / total : 100));
      }
    }
  }

  void startPulling() {
    long period = PULL_EVERY.toMillis();
    puller.scheduleWithFixedDelay(this::pullQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  ArchiveStore store() {
    return store;
  }

  ArchiveSync sync() {
    return sync;
  }

  ArchiveSearch search() {
    return search;
  }

  ArchiveExport export() {
    return export;
  }

  /**
   * Makes a write the request just made searchable at once. While a rebuild runs the sync is busy
   * and the request does not wait for it: the periodic task applies the change after the rebuild.
   */
  void afterWrite() {
    if (!rebuild.get().running()) {
      sync.pull();
    }
  }

  RebuildStatus rebuildStatus() {
    return rebuild.get();
  }

  /**
   * Starts rebuilding the index from the store in the background, unless a rebuild runs already.
   *
   * @return the status right after the request: running (this one or the one already under way)
   */
  synchronized RebuildStatus startRebuild(String admin) {
    RebuildStatus current = rebuild.get();
    if (current.running()) {
      return current;
    }
    Instant started = clock.instant();
    RebuildStatus running = new RebuildStatus("running", 0, -1, admin, started, null, null);
    rebuild.set(running);
    rebuilder.execute(
        () -> {
          try {
            long indexed =
                sync.rebuild(
                    (done, total) ->
                        rebuild.set(
                            new RebuildStatus("running", done, total, admin, started, null, null)));
            rebuild.set(
                new RebuildStatus("done", indexed, indexed, admin, started, clock.instant(), null));
            log.info("archive index rebuilt by {}: {} conversations", admin, indexed);
          } catch (RuntimeException e) {
            log.error("archive index rebuild started by {} failed", admin, e);
            RebuildStatus last = rebuild.get();
            rebuild.set(
                new RebuildStatus(
                    "failed",
                    last.done(),
                    last.total(),
                    admin,
                    started,
                    clock.instant(),
                    "the rebuild failed; the previous index is still in use. The log has the"
                        + " details."));
          }
        });
    return running;
  }

  private void pullQuietly() {
    if (rebuild.get().running()) {
      return;
    }
    try {
      // A read over the last day's published posts that finds nothing, nearly always; it catches
      // a thread whose post's outcome was recorded after its messages arrived.
      linked(store.linkPublishedSince(clock.instant().minus(RECENT_LINKS)));
      sync.pull();
    } catch (RuntimeException e) {
      // The next round tries again; the store keeps every change until the index has it.
      log.error("archive index update failed", e);
    }
  }

  /** Says how many archived conversations were just linked to their posts, and indexes them. */
  private void linked(int linked) {
    if (linked > 0) {
      log.info("linked {} archived conversations to the queue's posts they started from", linked);
      sync.pull();
    }
  }

  /** Stops the background work, commits what was applied, and closes the index. */
  @Override
  public void close() {
    // Never interrupt a pull: Lucene treats an interrupted write as a tragedy and closes its
    // writer, and then the commit below fails and the next start replays everything. A pull is
    // short; it finishes and the commit takes it along. A rebuild is interrupted: it rolls back to
    // the last commit, which stays complete.
    puller.shutdown();
    rebuilder.shutdownNow();
    try {
      if (!rebuilder.awaitTermination(10, TimeUnit.SECONDS)
          || !puller.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("archive background work did not stop in time; closing the index anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      // Ingestion has stopped by now; a batch it stored after the last pull is taken along, so
      // a clean stop leaves the index holding exactly what the store holds.
      sync.close();
      sync.commit();
    } catch (RuntimeException e) {
      log.error("cannot commit the archive index at stop; the next start replays", e);
    }
    try {
      index.close();
    } catch (IOException | RuntimeException e) {
      log.error("cannot close the archive index", e);
    }
  }
}
