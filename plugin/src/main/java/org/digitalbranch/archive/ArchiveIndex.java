package org.digitalbranch.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The Lucene index of the archive, derived from the store (DESIGN.md §3).
 *
 * <p>The store numbers every change. The caller applies changes in order with {@link #apply} and
 * from time to time calls {@link #commit(long)} with the last sequence applied; Lucene writes that
 * number into the commit's user data atomically with the documents. At start the caller reads
 * {@link #lastCommittedSequence()} and replays every change after it. A crash between a store write
 * and an index commit therefore loses nothing (the change is replayed) and duplicates nothing
 * (changes are upserts by conversation id).
 *
 * <p>Searches see applied changes at once, before any commit: a {@link SearcherManager} over the
 * writer (near-real-time) is refreshed by the first search after an {@link #apply}.
 *
 * <p>Thread-safe: writes (apply, commit, rebuild) are serialised; searches run concurrently.
 */
public final class ArchiveIndex implements Closeable {

  static final String SEQUENCE_KEY = "sequence";

  /** The {@link ArchiveSchema#VERSION} the documents of a commit were written with. */
  static final String SCHEMA_KEY = "schema";

  /**
   * The identity of the store the commit's documents came from ({@link ArchiveStore#identity()});
   * absent from commits made before it was recorded.
   */
  static final String STORE_KEY = "store";

  /**
   * The library's time zone the commit's year and month facets were computed in; absent from
   * commits made before it was recorded.
   */
  static final String ZONE_KEY = "timeZone";

  /** What a commit without {@link #SCHEMA_KEY} was written with (before versions were recorded). */
  static final String UNRECORDED_SCHEMA = "1";

  /** Returned by {@link #lastCommittedSequence()} for an index that has never been committed. */
  public static final long NOTHING_COMMITTED = 0;

  /** Told how far a rebuild is. {@code total} is -1 when the caller does not know it. */
  @FunctionalInterface
  public interface RebuildProgress {
    void indexed(long done, long total);
  }

  private final ArchiveSchema schema;
  private final ArchiveAnalysis analysis;
  private final Directory directory;
  private final IndexWriterConfig.OpenMode openMode;
  private final Object writeLock = new Object();
  private final ExecutorService writerThread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("digital-branch-index-writer"));
  private IndexWriter writer;
  private volatile SearcherManager searchers;

  /** The store this index is derived from, recorded with every commit once known. */
  private volatile String store;

  /** Changes were applied that no searcher sees yet; the next {@link #acquire} refreshes. */
  private volatile boolean stale;

  /** Batches that may wait on the index's thread before {@link #apply} waits for room. */
  static final int QUEUED_APPLIES = 2;

  private final Semaphore room = new Semaphore(QUEUED_APPLIES);
  private volatile Failed failed;
  private volatile Runnable beforeSearch = () -> {};
  private volatile boolean rebuilding;

  /**
   * Another writer holds the index: an intranet is running on the same data folder (Lucene's write
   * lock, which the operating system releases when that process dies, even by SIGKILL).
   */
  public static final class InUse extends IOException {
    InUse(Path folder, LockObtainFailedException cause) {
      super("the index in " + folder + " is held by another writer", cause);
    }
  }

  private ArchiveIndex(
      ArchiveSchema schema,
      ArchiveAnalysis analysis,
      Directory directory,
      IndexWriterConfig.OpenMode openMode)
      throws IOException {
    this.schema = schema;
    this.analysis = analysis;
    this.directory = directory;
    this.openMode = openMode;
    try {
      if (openMode == IndexWriterConfig.OpenMode.CREATE_OR_APPEND) {
        verifyChecksums(directory);
      }
      openWriter();
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /** Opens (or creates) the index in a folder of the data directory. */
  public static ArchiveIndex open(Path folder, ArchiveSchema schema, ArchiveAnalysis analysis) {
    try {
      return open(OwnerOnlyDirectory.open(folder), schema, analysis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the archive index in " + folder, e);
    }
  }

  /** Opens (or creates) the index in a Lucene directory; takes ownership of it. */
  public static ArchiveIndex open(
      Directory directory, ArchiveSchema schema, ArchiveAnalysis analysis) throws IOException {
    return new ArchiveIndex(
        Objects.requireNonNull(schema),
        Objects.requireNonNull(analysis),
        directory,
        IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
  }

  /**
   * Opens the index in a folder for a {@link #rebuild} from scratch. What is there is not needed
   * and may be missing or damaged: a readable index stays as its last commit until the rebuild
   * commits; one Lucene cannot read is deleted first (under the write lock), since everything in it
   * comes back from the store.
   *
   * @param notes told, in a sentence for an operator, when a damaged index was deleted
   * @throws InUse when an intranet running on the same data folder holds the index
   */
  public static ArchiveIndex openForRebuild(
      Path folder, ArchiveSchema schema, ArchiveAnalysis analysis, Consumer<String> notes)
      throws IOException {
    Objects.requireNonNull(schema);
    Objects.requireNonNull(analysis);
    try {
      return new ArchiveIndex(
          schema, analysis, OwnerOnlyDirectory.open(folder), IndexWriterConfig.OpenMode.CREATE);
    } catch (LockObtainFailedException e) {
      throw new InUse(folder, e);
    } catch (IOException damaged) {
      deleteAll(folder);
      notes.accept(
          "the old index could not be read (" + damaged + "); it was deleted and is rebuilt");
      try {
        return new ArchiveIndex(
            schema, analysis, OwnerOnlyDirectory.open(folder), IndexWriterConfig.OpenMode.CREATE);
      } catch (LockObtainFailedException e) {
        throw new InUse(folder, e);
      }
    }
  }

  /**
   * Deletes every file of the index in {@code folder}, under its write lock: for an index Lucene
   * cannot read, whose contents all come back from the store.
   *
   * @throws InUse when an intranet running on the same data folder holds the index
   */
  private static void deleteAll(Path folder) throws IOException {
    try (Directory directory = OwnerOnlyDirectory.open(folder);
        Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      for (String file : directory.listAll()) {
        if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
          directory.deleteFile(file);
        }
      }
    } catch (LockObtainFailedException e) {
      throw new InUse(folder, e);
    }
  }

  /**
   * Moves every file of the index in {@code folder} into a new sibling folder, under the index's
   * write lock, and returns it: for an index Lucene cannot read at start. Its contents come back
   * from the store, but they are kept, not deleted, in case the store turns out to be lost too.
   *
   * @throws InUse when an intranet running on the same data folder holds the index
   */
  public static Path setAside(Path folder) throws IOException {
    // 2026-11-28T18-02-42Z: a time an operator reads, and a name every file system takes.
    String when =
        java.time.Instant.now()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString()
            .replace(':', '-');
    Path aside = folder.resolveSibling(folder.getFileName() + "-damaged-" + when);
    try (Directory directory = OwnerOnlyDirectory.open(folder);
        Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      java.nio.file.Files.createDirectory(
          aside,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      for (String file : directory.listAll()) {
        if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
          java.nio.file.Files.move(folder.resolve(file), aside.resolve(file));
        }
      }
    } catch (LockObtainFailedException e) {
      throw new InUse(folder, e);
    }
    return aside;
  }

  public ArchiveSchema schema() {
    return schema;
  }

  public ArchiveAnalysis analysis() {
    return analysis;
  }

  /**
   * Applies changes in order and makes them searchable: a search that starts after this call sees
   * them. They are durable only after {@link #commit(long)}.
   *
   * <p>The work is queued on the index's own thread and this returns at once (at most {@value
   * #QUEUED_APPLIES} batches wait; a caller further ahead waits for room), so the caller can store
   * its next batch while Lucene analyses this one: on two cores an ingest then takes the longer of
   * the two halves, not their sum (docs/benchmarks.md). Nothing is lost by not waiting: a failed
   * apply is kept and thrown by every later apply and commit, so no commit can record a sequence
   * whose changes did not all reach the index; {@link #recover()} goes back to the last commit,
   * from which the caller replays.
   *
   * @throws Failed when an earlier apply failed and the index was not recovered since
   */
  public void apply(List<? extends IndexChange> changes) {
    throwIfFailed();
    room.acquireUninterruptibly();
    // Marked before the work runs, so a search starting now refreshes behind it, not before.
    stale = true;
    try {
      writerThread.execute(
          () -> {
            try {
              if (failed == null) {
                applyNow(changes);
              }
            } catch (RuntimeException | Error e) {
              failed = new Failed(e);
            } finally {
              room.release();
            }
          });
    } catch (RuntimeException e) {
      room.release();
      throw e;
    }
  }

  /** An apply that ran on the index's thread failed; the index is behind its callers. */
  public static final class Failed extends RuntimeException {
    Failed(Throwable cause) {
      super("applying changes to the archive index failed: " + cause, cause);
    }
  }

  private void throwIfFailed() {
    Failed failure = failed;
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * After a {@link Failed} apply: waits for queued work, drops what was applied since the last
   * commit, and clears the failure. The caller replays from {@link #lastCommittedSequence()}.
   */
  public void recover() {
    uninterruptibly(
        () -> {
          synchronized (writeLock) {
            if (failed == null) {
              return;
            }
            Failed cause = failed;
            rollBackToLastCommit(cause);
            failed = null;
            stale = true;
          }
        });
  }

  private void applyNow(List<? extends IndexChange> changes) {
    synchronized (writeLock) {
      try {
        for (IndexChange change : changes) {
          switch (change) {
            case IndexChange.Upsert upsert ->
                writer.updateDocument(
                    ArchiveSchema.idTerm(upsert.conversation().id()),
                    schema.toDocument(upsert.conversation()));
            case IndexChange.Remove remove ->
                writer.deleteDocuments(ArchiveSchema.idTerm(remove.conversationId()));
          }
        }
        stale = true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Opens a searcher over what was applied since the last one, when anything was. Called by the
   * first search after a change rather than after every {@link #apply}: a refresh flushes the
   * writer's buffer into a new segment, so refreshing after every ingested page made hundreds of
   * tiny segments for Lucene to merge again during a large ingest (docs/benchmarks.md); a search
   * still sees every change applied before it started.
   */
  private void refresh() {
    if (!stale) {
      return;
    }
    // Cleared before refreshing: an apply queued meanwhile marks the index stale again, and the
    // search after it refreshes once more. Not under the write lock, so a search during a rebuild
    // (which holds it) never waits for the rebuild; acquire() does not refresh then at all.
    stale = false;
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      stale = true;
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Makes everything applied so far durable, recording the store's sequence it corresponds to. */
  public void commit(long lastSequence) {
    uninterruptibly(() -> commitNow(lastSequence));
  }

  private void commitNow(long lastSequence) {
    synchronized (writeLock) {
      throwIfFailed();
      try {
        writer.setLiveCommitData(commitData(lastSequence));
        writer.commit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Iterable<Map.Entry<String, String>> commitData(long sequence) {
    Map<String, String> data = new HashMap<>();
    data.put(SEQUENCE_KEY, Long.toString(sequence));
    data.put(SCHEMA_KEY, ArchiveSchema.VERSION);
    data.put(ZONE_KEY, schema.zone().getId());
    if (store != null) {
      data.put(STORE_KEY, store);
    }
    return data.entrySet();
  }

  /** Names the store this index is derived from: every commit from now on records it. */
  public void recordStore(String identity) {
    store = Objects.requireNonNull(identity, "identity");
  }

  /** The time zone the last commit's facets were computed in, if it recorded one. */
  public Optional<String> committedZone() {
    synchronized (writeLock) {
      return committedValue(writer.getLiveCommitData(), ZONE_KEY);
    }
  }

  /** The store the last commit recorded, if it recorded one. */
  public Optional<String> committedStore() {
    synchronized (writeLock) {
      return committedValue(writer.getLiveCommitData(), STORE_KEY);
    }
  }

  static Optional<String> committedValue(Iterable<Map.Entry<String, String>> data, String key) {
    if (data != null) {
      for (Map.Entry<String, String> entry : data) {
        if (key.equals(entry.getKey())) {
          return Optional.of(entry.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The schema version the last commit was written with: empty when nothing was ever committed,
   * {@link #UNRECORDED_SCHEMA} for a commit from before versions were recorded.
   */
  public Optional<String> committedSchemaVersion() {
    synchronized (writeLock) {
      Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
      if (data == null || !data.iterator().hasNext()) {
        return Optional.empty();
      }
      return committedValue(data, SCHEMA_KEY).or(() -> Optional.of(UNRECORDED_SCHEMA));
    }
  }

  /** The documents the index holds, as its writer counts them (no searcher needed). */
  public long documents() {
    synchronized (writeLock) {
      return writer.getDocStats().numDocs;
    }
  }

  /** The sequence recorded by the last commit, or {@link #NOTHING_COMMITTED}. */
  public long lastCommittedSequence() {
    synchronized (writeLock) {
      return committedValue(writer.getLiveCommitData(), SEQUENCE_KEY)
          .map(Long::parseLong)
          .orElse(NOTHING_COMMITTED);
    }
  }

  /**
   * Replaces the whole index with the given conversations, read from the store as of {@code
   * sequence}, and commits with that sequence. Changes the store makes while the stream is read may
   * or may not be in it; they are replayed afterwards from {@code sequence}, which is harmless.
   *
   * <p>Crash safety: the rebuild deletes everything and adds everything in the same writer, and
   * commits only at the end. Until then the last commit on disk is the old, complete index with its
   * old sequence, and searchers keep seeing the old index because nothing refreshes them. A crash
   * mid-rebuild leaves the old index, which start-up brings up to date by replaying as usual; a
   * failure of the stream rolls the writer back to that same commit. Writing into a new folder and
   * swapping would need a rename that is not atomic on every file system; Lucene's commit is.
   *
   * @param total how many conversations the stream holds, for the progress report, or -1
   * @return how many conversations were indexed
   */
  public long rebuild(
      Stream<ArchivedConversation> conversations,
      long total,
      long sequence,
      RebuildProgress progress) {
    long every = total > 0 ? Math.max(1, total / 100) : 1000;
    // Queued applies land first and searchers see them: that is the old index they keep while
    // the rebuild runs. The rebuild then replaces it all, a failed apply's batch with it.
    uninterruptibly(this::refresh);
    rebuilding = true;
    try {
      return rebuildNow(conversations, total, sequence, progress, every);
    } finally {
      rebuilding = false;
    }
  }

  private long rebuildNow(
      Stream<ArchivedConversation> conversations,
      long total,
      long sequence,
      RebuildProgress progress,
      long every) {
    synchronized (writeLock) {
      failed = null;
      long done = 0;
      try {
        writer.deleteAll();
        Iterator<ArchivedConversation> it = conversations.iterator();
        while (it.hasNext()) {
          ArchivedConversation conversation = it.next();
          writer.updateDocument(
              ArchiveSchema.idTerm(conversation.id()), schema.toDocument(conversation));
          done++;
          if (done % every == 0) {
            progress.indexed(done, total);
          }
        }
        if (done % every != 0 || done == 0) {
          progress.indexed(done, total);
        }
        writer.setLiveCommitData(commitData(sequence));
        writer.commit();
        searchers.maybeRefreshBlocking();
        return done;
      } catch (IOException | RuntimeException e) {
        rollBackToLastCommit(e);
        if (e instanceof IOException io) {
          throw new UncheckedIOException("rebuild failed after " + done + " conversations", io);
        }
        throw (RuntimeException) e;
      }
    }
  }

  /**
   * Run before every search: the sync installs the wait for pages ingested but not yet handed to
   * the index.
   */
  void beforeSearch(Runnable catchUp) {
    this.beforeSearch = Objects.requireNonNull(catchUp);
  }

  /** A searcher over the latest applied changes; give it back with {@link #release}. */
  IndexSearcher acquire() {
    beforeSearch.run();
    // While a rebuild runs, searchers keep the old index: a refresh would show it half rebuilt.
    if (stale && !rebuilding) {
      uninterruptibly(this::refresh);
    }
    try {
      return searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes without committing: what was applied since the last commit is replayed at start. */
  @Override
  public void close() throws IOException {
    // Queued applies run first; what they applied is rolled back below like any uncommitted work.
    uninterruptibly(() -> {});
    synchronized (writeLock) {
      try {
        searchers.close();
        writer.rollback();
      } finally {
        writerThread.shutdown();
        directory.close();
      }
    }
  }

  /**
   * Runs an index write on the index's own thread and waits for it. Lucene closes its writer for
   * good when the thread writing is interrupted (the interrupt closes the file channels, the write
   * lock's among them), and the threads that write here are interrupted at stop (the ingestion, the
   * periodic pull): the commit at stop would then fail and the next start replay everything. The
   * caller's interrupt is kept for it once the write is done.
   */
  private void uninterruptibly(Runnable write) {
    Future<?> done = writerThread.submit(write);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          done.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          switch (e.getCause()) {
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> throw new IllegalStateException(e.getCause());
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void openWriter() throws IOException {
    openWriter(openMode);
  }

  private void openWriter(IndexWriterConfig.OpenMode mode) throws IOException {
    Analyzer analyzer =
        new PerFieldAnalyzerWrapper(
            analysis.index(), Map.of(ArchiveSchema.WORDS, analysis.words()));
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(mode);
    writer = new IndexWriter(directory, config);
    try {
      searchers = new SearcherManager(writer, KeywordFilterCaching.searcherFactory());
    } catch (IOException | RuntimeException e) {
      // A segment that cannot be read shows only here (its live documents, say): the writer goes
      // with it, or its lock would keep the index from being set aside and rebuilt.
      writer.rollback();
      throw e;
    }
  }

  /**
   * Reads every file of the last commit through to its checksum: damage in the middle of a file (a
   * disk fault) is otherwise found only by the search that reads that spot, as a 500. At start it
   * is a damaged index, which the plugin sets aside and rebuilds. About the time it takes to read
   * the index once.
   */
  private static void verifyChecksums(Directory directory) throws IOException {
    if (!org.apache.lucene.index.DirectoryReader.indexExists(directory)) {
      return;
    }
    org.apache.lucene.index.SegmentInfos commit =
        org.apache.lucene.index.SegmentInfos.readLatestCommit(directory);
    for (String file : commit.files(true)) {
      try (org.apache.lucene.store.IndexInput input =
          directory.openInput(file, org.apache.lucene.store.IOContext.READONCE)) {
        org.apache.lucene.codecs.CodecUtil.checksumEntireFile(input);
      }
    }
  }

  private void rollBackToLastCommit(Exception cause) {
    try {
      SearcherManager old = searchers;
      writer.rollback();
      // Back to the last commit as it is on disk, whichever mode the index was opened in.
      openWriter(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      old.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
