package org.digitalbranch.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every account's conversations into the archive on one background thread of its own, so a
 * slow platform never holds up publishing or the pages.
 *
 * <p>Per account and poll: read the saved cursor, fetch pages until the reader says done, and hand
 * each page to {@link ArchiveSync#ingest}, which stores the items and the page's cursor in the same
 * store transaction and then makes them searchable. A crash between two pages therefore resumes
 * after the last stored page; a crash before the index caught up is replayed by {@link
 * ArchiveSync#start()}; and refetching a page is harmless anyway, because the store upserts by
 * (account, platform id). A failed page stores nothing and keeps the cursor.
 *
 * <p>A poll that reached its end is followed, for a reader that can say which posts are gone
 * ({@link DeletionLookup}), by the look for deletions its reading never reports ({@link
 * DeletionLook}); its failure is said with the account's status and stops nothing else.
 *
 * <p>A {@link PublishOutcome.RateLimited} answer stops that account's polling until its reset; the
 * other accounts go on. Each account's status (last success, last failure, rate limited until) is
 * kept for the accounts page.
 */
public final class Ingestion implements AutoCloseable {

  /** The one cursor stream each account has; the reader encodes what it needs in it. */
  public static final String STREAM = "conversations";

  /**
   * A poll stops after this many pages and goes on at the next one, so one account cannot starve.
   */
  static final int MAX_PAGES_PER_POLL = 50;

  private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);

  /** How long {@link #close()} waits for a poll in progress to give up. */
  private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(10);

  /**
   * One account to poll.
   *
   * @param credentials read at every poll, so a token renewed meanwhile is used
   */
  public record Source(
      String account, ConversationReader reader, Supplier<Credentials> credentials) {
    public Source {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(reader, "reader");
      Objects.requireNonNull(credentials, "credentials");
    }

    public static Source of(String account, ConversationReader reader, Credentials credentials) {
      Objects.requireNonNull(credentials, "credentials");
      return new Source(account, reader, () -> credentials);
    }
  }

  /**
   * What the accounts page shows for one account.
   *
   * @param lastSuccess when a poll last reached the end, or null
   * @param lastFailure when a poll last failed, or null
   * @param failureReason why, in the platform's words; null after a success
   * @param rateLimitedUntil no request is sent before this; null when not limited
   * @param lastReport what the last successful poll stored (all its pages together)
   * @param pauseReason why reading waits until {@code rateLimitedUntil} when the platform did not
   *     refuse a read but said its quota runs low (ReadResult.Pause); null otherwise
   * @param failuresInARow polls failed since the last that did not; 0 after a success
   * @param nextAttempt no poll of the account before this, after failures in a row (see {@link
   *     #backoff}); null when the next poll may read
   * @param partFailed why part of the last successful poll failed (a Page's private messages), the
   *     rest stored; null when all of it was read
   */
  public record AccountStatus(
      String account,
      Instant lastSuccess,
      Instant lastFailure,
      String failureReason,
      Instant rateLimitedUntil,
      IngestReport lastReport,
      String pauseReason,
      int failuresInARow,
      Instant nextAttempt,
      String partFailed) {

    public AccountStatus(
        String account,
        Instant lastSuccess,
        Instant lastFailure,
        String failureReason,
        Instant rateLimitedUntil,
        IngestReport lastReport,
        String pauseReason,
        int failuresInARow,
        Instant nextAttempt) {
      this(
          account,
          lastSuccess,
          lastFailure,
          failureReason,
          rateLimitedUntil,
          lastReport,
          pauseReason,
          failuresInARow,
          nextAttempt,
          null);
    }

    public AccountStatus(
        String account,
        Instant lastSuccess,
        Instant lastFailure,
        String failureReason,
        Instant rateLimitedUntil,
        IngestReport lastReport,
        String pauseReason) {
      this(
          account,
          lastSuccess,
          lastFailure,
          failureReason,
          rateLimitedUntil,
          lastReport,
          pauseReason,
          0,
          null);
    }

    public AccountStatus(
        String account,
        Instant lastSuccess,
        Instant lastFailure,
        String failureReason,
        Instant rateLimitedUntil,
        IngestReport lastReport) {
      this(account, lastSuccess, lastFailure, failureReason, rateLimitedUntil, lastReport, null);
    }
  }

  /** The longest wait between two polls of an account that keeps failing. */
  static final Duration LONGEST_BACKOFF = Duration.ofHours(1);

  /**
   * How long an account that failed {@code failuresInARow} polls waits before the next: nothing
   * after one (a blip), then a minute, doubling up to an hour. A wrong password or a platform that
   * is down is not asked again every poll: Bluesky, for one, limits an account's sign-ins a day,
   * and a mistyped app password polled every minute would lock the library's account out.
   */
  static Duration backoff(int failuresInARow) {
    if (failuresInARow <= 1) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failuresInARow - 2, 10);
    Duration wait = Duration.ofMinutes(1L << doublings);
    return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
  }

  private final ArchiveStore store;
  private final ArchiveSync sync;
  private final List<Source> sources;
  private final Clock clock;
  private final Map<String, AccountStatus> statuses = new ConcurrentHashMap<>();
  private final ArchivedItems archived;
  private final DeletionLook deletions;
  private final Object lifecycle = new Object();
  private ScheduledExecutorService scheduler;

  public Ingestion(ArchiveStore store, ArchiveSync sync, List<Source> sources, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.sources = List.copyOf(sources);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.archived = store.archivedItems();
    this.deletions = new DeletionLook(store, sync);
    for (Source source : this.sources) {
      statuses.put(
          source.account(), new AccountStatus(source.account(), null, null, null, null, null));
    }
  }

  /** Polls every {@code interval} on a daemon thread, starting at once. */
  public void start(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: must be a positive duration");
    }
    synchronized (lifecycle) {
      schedule(interval);
    }
  }

  private void schedule(Duration interval) {
    if (scheduler != null) {
      throw new IllegalStateException("the ingestion is already running");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("digital-branch-ingestion"));
    scheduler.scheduleWithFixedDelay(
        () -> runOnce(clock.instant()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One poll of every account that is not waiting for a rate limit to reset. A caller interrupted
   * meanwhile (as {@link #close()} interrupts the background thread) ends the poll where it is,
   * without recording a failure.
   */
  public synchronized void runOnce(Instant now) {
    for (Source source : sources) {
      if (stopping()) {
        return;
      }
      AccountStatus status = statuses.get(source.account());
      if (status.rateLimitedUntil() != null && now.isBefore(status.rateLimitedUntil())) {
        continue;
      }
      if (status.nextAttempt() != null && now.isBefore(status.nextAttempt())) {
        continue;
      }
      try {
        poll(source, now);
      } catch (RuntimeException e) {
        if (stopping()) {
          // Most likely the interrupted wait for the store's writer; kept in the debug log in
          // case it was a real failure that met the stop.
          LOG.debug("ingesting {} stopped: {}", source.account(), e.toString());
          return;
        }
        // A store or programming failure: this account waits (fail logs it), the others go on.
        fail(source.account(), now, "the archive could not store what was fetched: " + e, null);
      }
    }
  }

  private void poll(Source source, Instant now) {
    String account = source.account();
    String cursor = store.cursor(account, STREAM).orElse(null);
    Totals totals = new Totals();
    String partFailed = null;
    for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
      ReadResult result =
          source.reader().fetch(account, source.credentials().get(), cursor, archived);
      switch (result) {
        case ReadResult.Failed failed -> {
          if (stopping()) {
            return;
          }
          PublishOutcome problem = failed.problem();
          Instant until =
              problem instanceof PublishOutcome.RateLimited limited ? limited.until() : null;
          fail(account, now, reason(problem), until);
          return;
        }
        case ReadResult.Page fetched -> {
          IngestReport report =
              sync.ingest(
                  fetched.items(),
                  List.of(new IngestionCursor(account, STREAM, fetched.nextCursor())));
          totals.add(report);
          for (IngestReport.Skipped skipped : report.skipped()) {
            LOG.warn(
                "skipped a malformed item from {} ({}): {}",
                account,
                skipped.platformId() == null ? "no id" : skipped.platformId(),
                skipped.reason());
          }
          if (fetched.partFailed() != null) {
            partFailed = fetched.partFailed();
          }
          cursor = fetched.nextCursor();
          if (fetched.done() || fetched.pause() != null) {
            // A pause (the platform's quota runs low) ends the poll like its end does: what was
            // read is stored with its cursor, and the next poll of this account waits until then.
            ReadResult.Pause pause = fetched.pause();
            if (pause == null && source.reader() instanceof DeletionLookup lookup) {
              String lookFailed =
                  deletions.lookIfDue(
                      account,
                      source.reader().platformId(),
                      lookup,
                      source.credentials().get(),
                      now);
              if (lookFailed != null) {
                partFailed = partFailed == null ? lookFailed : partFailed + "; " + lookFailed;
              }
            }
            succeed(
                account,
                new AccountStatus(
                    account,
                    now,
                    statuses.get(account).lastFailure(),
                    null,
                    pause == null ? null : pause.until(),
                    totals.report(),
                    pause == null ? null : pause.reason(),
                    0,
                    null,
                    // A pause may come before the part that failed was tried again: it stays said.
                    partFailed != null || pause == null
                        ? partFailed
                        : statuses.get(account).partFailed()));
            return;
          }
        }
      }
    }
    // Not at the end yet: what was read is stored; the next poll continues from the cursor.
    succeed(
        account,
        new AccountStatus(
            account,
            now,
            statuses.get(account).lastFailure(),
            null,
            null,
            totals.report(),
            null,
            0,
            null,
            partFailed));
  }

  /**
   * Ends the account's wait after failures (its connection was just tested and works): the next
   * poll reads it. The failures stay counted until a read works.
   */
  public void readAtNextPoll(String account) {
    statuses.computeIfPresent(
        account,
        (id, status) ->
            status.nextAttempt() == null
                ? status
                : new AccountStatus(
                    id,
                    status.lastSuccess(),
                    status.lastFailure(),
                    status.failureReason(),
                    status.rateLimitedUntil(),
                    status.lastReport(),
                    status.pauseReason(),
                    status.failuresInARow(),
                    null,
                    status.partFailed()));
  }

  /** Records a poll that read, saying in the log when the account reads again after failures. */
  private void succeed(String account, AccountStatus after) {
    AccountStatus before = statuses.put(account, after);
    if (before != null && before.failuresInARow() > 0) {
      LOG.info("reading {} works again, after {} failed poll(s)", account, before.failuresInARow());
    }
    // Said when it starts or changes, not at every poll while it lasts.
    String partFailed = after.partFailed();
    if (partFailed != null && (before == null || !partFailed.equals(before.partFailed()))) {
      LOG.warn("reading {}: {}; the rest was stored, and it is tried again", account, partFailed);
    } else if (partFailed == null && before != null && before.partFailed() != null) {
      LOG.info("reading {} whole again: {} no more", account, before.partFailed());
    }
  }

  /**
   * Whether {@link #close()} interrupted this poll: a read or a store write cut short by it is not
   * a failure of the account (the accounts page would show "stopped while waiting for Mastodon" and
   * the log a warning at every shutdown), and the accounts after it are left for the next start.
   * What was stored stays stored, with its cursor.
   */
  private static boolean stopping() {
    return Thread.currentThread().isInterrupted();
  }

  /**
   * Records a failed poll and when the account is read again: at the next poll after one failure,
   * then after {@link #backoff}; after a rate limit, when the platform said. Each is logged with
   * that time; the waits keep the lines few.
   */
  private void fail(String account, Instant now, String reason, Instant rateLimitedUntil) {
    AccountStatus before = statuses.get(account);
    // A rate limit says itself when to come back (X's windows are 15 minutes): it is no failure
    // that should stretch the wait beyond what the platform asked.
    int failures = rateLimitedUntil != null ? before.failuresInARow() : before.failuresInARow() + 1;
    Duration wait = rateLimitedUntil != null ? Duration.ZERO : backoff(failures);
    Instant next = wait.isZero() ? null : now.plus(wait);
    statuses.put(
        account,
        new AccountStatus(
            account,
            before.lastSuccess(),
            now,
            reason,
            rateLimitedUntil,
            before.lastReport(),
            null,
            failures,
            next,
            // Not read either this time: what was missing stays said.
            before.partFailed()));
    if (rateLimitedUntil != null) {
      LOG.info(
          "reading {} waits for the platform's rate limit until {}: {}",
          account,
          rateLimitedUntil,
          reason);
      return;
    }
    LOG.warn(
        "reading {} failed ({} in a row): {}; {}",
        account,
        failures,
        reason,
        next == null ? "it is read again at the next poll" : "it is read again after " + next);
  }

  private static String reason(PublishOutcome problem) {
    return PublishOutcome.reasonOf(problem, "unexpected answer");
  }

  /** Every account's status, in the order the accounts were given. */
  public List<AccountStatus> statuses() {
    Map<String, AccountStatus> ordered = new LinkedHashMap<>();
    for (Source source : sources) {
      ordered.put(source.account(), statuses.get(source.account()));
    }
    return new ArrayList<>(ordered.values());
  }

  public AccountStatus status(String account) {
    return find(account)
        .orElseThrow(() -> new IllegalArgumentException("account: not ingested: " + account));
  }

  /** The account's status; empty for an account this ingestion does not read. */
  public Optional<AccountStatus> find(String account) {
    return Optional.ofNullable(statuses.get(account));
  }

  /**
   * Stops the background thread and waits for it, so that nothing is stored after the caller goes
   * on to commit and close the index (a write stored after the index's last commit is only replayed
   * at the next start).
   */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (lifecycle) {
      stopping = scheduler;
      scheduler = null;
    }
    if (stopping == null) {
      return;
    }
    stopping.shutdownNow();
    try {
      if (!stopping.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("ingestion did not stop within {}; going on", STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Totals {
    int added;
    int edited;
    int deleted;
    int duplicates;
    int confirmed;
    final List<IngestReport.Skipped> skipped = new ArrayList<>();

    void add(IngestReport report) {
      added += report.added();
      edited += report.edited();
      deleted += report.deleted();
      duplicates += report.duplicates();
      confirmed += report.confirmed();
      skipped.addAll(report.skipped());
    }

    IngestReport report() {
      return new IngestReport(added, edited, deleted, duplicates, confirmed, skipped);
    }
  }
}
