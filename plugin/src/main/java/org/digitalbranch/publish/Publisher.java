package org.digitalbranch.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.ImageSize;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Refusal;
import org.digitalbranch.queue.Transactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes approved posts when they are due, to each target account separately.
 *
 * <p>For every target: mark it {@code publishing} and commit, then send, then record the outcome,
 * the account's health and the post's state in one transaction (pending targets go in batches: one
 * commit marks a batch, one records it, and each account's targets are sent in order while
 * different accounts are sent to side by side). A crash between sending and recording therefore
 * leaves the target {@code publishing}; the next run finds it and, like any lost answer, looks for
 * the post on the platform (or resends with the same idempotency key where the platform
 * deduplicates) before anything is sent again. Nothing is sent while publishing is paused, to a
 * held post, or to an account that is rate limited or needs reconnecting.
 *
 * <p>One publisher per store: {@link #runOnce} assumes no other process sends meanwhile. The
 * background loop ({@link #start}, {@link #stop}) runs it on one thread; tests call {@link
 * #runOnce} with the time they want.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final String SYSTEM = Actor.SYSTEM.name();

  private final Transactor transactor;
  private final Clock clock;
  private final Map<String, PublishAccount> accounts;
  private final RenewedCredentials credentials;
  private final Path imageFolder;
  private final BiFunction<String, String, URI> imageUrl;
  private final PublishSettings settings;
  private final Backoff backoff;
  private final PostService posts;
  private ScheduledExecutorService loop;

  /**
   * @param accounts the configured accounts by id
   * @param credentials the accounts' current credentials; every account is registered here
   * @param imageFolder the queue's image folder ({@code ImageStore.folder()})
   * @param imageUrl the public address of a post's image, for platforms that fetch images
   *     (Instagram): {@code (postId, imageId) -> URI}
   * @param random the jitter's source
   * @param posts when given, each run first holds posts whose time passed while they waited ({@link
   *     PostService#markMissed}); null leaves that to someone else
   */
  public Publisher(
      Transactor transactor,
      Clock clock,
      Map<String, PublishAccount> accounts,
      RenewedCredentials credentials,
      Path imageFolder,
      BiFunction<String, String, URI> imageUrl,
      PublishSettings settings,
      RandomGenerator random,
      PostService posts) {
    this.transactor = transactor;
    this.clock = clock;
    this.accounts = Map.copyOf(accounts);
    this.credentials = credentials;
    this.imageFolder = imageFolder;
    this.imageUrl = imageUrl;
    this.settings = settings;
    this.backoff = new Backoff(settings.firstRetryDelay(), settings.maxRetryDelay(), random);
    this.posts = posts;
    accounts.forEach((id, account) -> credentials.register(id, account.credentials()));
  }

  /** Starts the background loop on one thread; the first run clears up interrupted sends. */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "digital-branch-publisher");
              thread.setDaemon(true);
              return thread;
            });
    long every = settings.pollInterval().toMillis();
    loop.scheduleWithFixedDelay(this::runSafely, 0, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the loop, letting a request on its way finish and be recorded; a request still waiting
   * after the grace is interrupted, recorded as a lost answer and cleared up at the next start.
   */
  public void stop() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      stopping = loop;
      loop = null;
    }
    if (stopping == null) {
      return;
    }
    stopping.shutdown();
    try {
      if (!stopping.awaitTermination(30, TimeUnit.SECONDS)) {
        stopping.shutdownNow();
        stopping.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      stopping.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void runSafely() {
    try {
      runOnce(clock.instant());
    } catch (RuntimeException e) {
      // The loop must survive a store hiccup; the next run starts by clearing up what this left.
      LOG.warn("A publishing run failed; trying again in {}", settings.pollInterval(), e);
    }
  }

  /**
   * One pass: clear up interrupted sends, hold missed posts, take up due posts, settle lost
   * answers, then send every due target. Returns how many publish requests were sent.
   */
  public synchronized int runOnce(Instant now) {
    recoverInterrupted(now);
    if (posts != null) {
      posts.markMissed(now);
    }
    if (paused()) {
      return 0;
    }
    takeUpDuePosts(now);
    List<TargetOutcome> due =
        transactor.inTransaction(connection -> new PublishStore(connection).dueTargets(now));
    int sent = 0;
    List<TargetOutcome> pending = new ArrayList<>();
    for (TargetOutcome target : due) {
      if (target.state() == TargetState.UNKNOWN) {
        if (process(target, now)) {
          sent++;
        }
      } else {
        pending.add(target);
      }
    }
    for (int from = 0; from < pending.size(); from += settings.batchSize()) {
      sent +=
          sendBatch(
              pending.subList(from, Math.min(pending.size(), from + settings.batchSize())), now);
    }
    return sent;
  }

  /**
   * What did not go out and waits for a moderator (failed, or unknown with nothing planned),
   * changed since {@code since}, the latest first: the dashboard's list, so that a partial failure
   * is not left for someone to stumble on.
   */
  public List<TargetOutcome> givenUp(Instant since, int limit) {
    return givenUp(since, null, limit);
  }

  /** As {@link #givenUp(Instant, int)}, of one author's posts only; everyone's when null. */
  public List<TargetOutcome> givenUp(Instant since, String author, int limit) {
    return transactor.read(
        connection -> new PublishStore(connection).givenUp(since, author, limit));
  }

  /** Each target of the post in account order, as the post page shows them. */
  public List<TargetOutcome> outcomes(String postId) {
    return transactor.inTransaction(connection -> new PublishStore(connection).ofPost(postId));
  }

  /**
   * A moderator's "retry" on a target that was given up: its counts start again and it is due at
   * once. A target whose outcome is unknown is looked for on the platform first, as always.
   */
  public TargetOutcome retry(Actor actor, String postId, String accountId) {
    if (!actor.isModerator()) {
      throw new PostRefused(new Refusal.Forbidden("retrying a publish needs the moderator role"));
    }
    Instant now = clock.instant();
    return transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          TargetOutcome target =
              store
                  .find(postId, accountId)
                  .orElseThrow(() -> new PostRefused(new Refusal.NotFound()));
          boolean givenUp =
              target.state() == TargetState.FAILED
                  || (target.state() == TargetState.UNKNOWN && target.nextAttemptAt() == null);
          if (!givenUp) {
            throw new PostRefused(
                new Refusal.Invalid(
                    "accountId",
                    "publishing to "
                        + accountId
                        + " is "
                        + target.state().id()
                        + "; only a failed attempt can be retried"));
          }
          TargetState next =
              target.state() == TargetState.UNKNOWN ? TargetState.UNKNOWN : TargetState.PENDING;
          TargetOutcome retried =
              target
                  .counting(0, 0)
                  .with(next, now, "A moderator asked to try again: " + target.lastError());
          store.save(retried, now);
          PostRepository repository = new PostRepository(connection);
          Post post = repository.find(postId).orElseThrow();
          appendHistory(
              repository,
              post,
              post.state(),
              "retry-publish",
              actor.name(),
              now,
              "publish again to " + accountId);
          return retried;
        });
  }

  private boolean paused() {
    return transactor.inTransaction(
        connection -> new PostRepository(connection).pauseState().paused());
  }

  /** Targets a crash (or a failed record) left "publishing": their answer was lost. */
  private void recoverInterrupted(Instant now) {
    transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          for (TargetOutcome target : store.inState(TargetState.PUBLISHING)) {
            LOG.info(
                "Post {} to {} was being sent when the plugin stopped; checking before resending",
                target.postId(),
                target.accountId());
            store.save(
                target.unknown(
                    false,
                    now,
                    "The plugin stopped while sending this post; it checks on the platform"
                        + " whether the post went out before sending it again."),
                now);
          }
          return null;
        });
  }

  private void takeUpDuePosts(Instant now) {
    transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          PublishStore store = new PublishStore(connection);
          for (String id : store.dueApprovedPosts(now)) {
            Post post = repository.find(id).orElseThrow();
            // The claim holds only at the version just read, and a publishing post takes no edit,
            // so every request (built later from the stored post) carries the text the history
            // ends with, whichever of a moderator's edit and this claim commits first.
            if (appendHistory(
                repository,
                post,
                PostState.PUBLISHING,
                "start-publishing",
                SYSTEM,
                now,
                String.join(", ", post.accounts()))) {
              store.createTargets(id, post.accounts(), now);
            }
          }
          return null;
        });
  }

  /** What one target needs for a send or a lookup, read and (for a send) marked in one go. */
  private record Prepared(TargetOutcome target, PublishRequest request) {}

  /** A target marked for sending, with the row it had before, to restore it if not sent. */
  private record Marked(TargetOutcome before, TargetOutcome target, PublishRequest request) {}

  /** What became of a marked target; a null outcome means it was not sent after all. */
  private record Sent(Marked marked, PublishOutcome outcome) {}

  /**
   * Sends a batch of pending targets: one commit marks them all {@code publishing}, each account's
   * targets go in order (accounts side by side), and one commit records every outcome. After a rate
   * limit or an expired token, the account's remaining targets are not sent; they go back to
   * waiting as they were.
   */
  private int sendBatch(List<TargetOutcome> batch, Instant now) {
    List<Marked> marked = transactor.inTransaction(connection -> mark(connection, batch, now));
    if (marked.isEmpty()) {
      return 0;
    }
    Map<String, List<Marked>> byAccount = new LinkedHashMap<>();
    for (Marked target : marked) {
      byAccount.computeIfAbsent(target.target().accountId(), id -> new ArrayList<>()).add(target);
    }
    List<Sent> results = new ArrayList<>();
    if (byAccount.size() == 1) {
      results.addAll(sendInOrder(byAccount.values().iterator().next()));
    } else {
      try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<List<Sent>>> futures = new ArrayList<>();
        for (List<Marked> targets : byAccount.values()) {
          futures.add(senders.submit(() -> sendInOrder(targets)));
        }
        for (Future<List<Sent>> future : futures) {
          results.addAll(future.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("stopped while sending; the next start checks", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a send failed unexpectedly", e.getCause());
      }
    }
    transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          for (Sent sent : results) {
            if (sent.outcome() == null) {
              store.save(sent.marked().before(), now);
            } else {
              recordIn(
                  connection,
                  sent.marked().target(),
                  accounts.get(sent.marked().target().accountId()),
                  sent.outcome(),
                  now);
            }
          }
          return null;
        });
    return (int) results.stream().filter(sent -> sent.outcome() != null).count();
  }

  private List<Sent> sendInOrder(List<Marked> targets) {
    List<Sent> results = new ArrayList<>();
    boolean accountStopped = false;
    for (Marked target : targets) {
      if (accountStopped) {
        results.add(new Sent(target, null));
        continue;
      }
      PublishOutcome outcome = send(accounts.get(target.target().accountId()), target.request());
      results.add(new Sent(target, outcome));
      accountStopped =
          outcome instanceof PublishOutcome.RateLimited
              || outcome instanceof PublishOutcome.NeedsReconnect;
    }
    return results;
  }

  /**
   * Marks the batch's targets that may go now {@code publishing}, in one transaction; settles those
   * that never can (account gone, image unreadable). Nothing is marked while paused.
   */
  private List<Marked> mark(Connection connection, List<TargetOutcome> batch, Instant now)
      throws SQLException {
    List<Marked> marked = new ArrayList<>();
    if (new PostRepository(connection).pauseState().paused()) {
      return marked;
    }
    Map<String, Post> posts = new HashMap<>();
    for (TargetOutcome due : batch) {
      Prepared prepared = prepareIn(connection, due, now, posts);
      if (prepared != null) {
        marked.add(new Marked(due, prepared.target(), prepared.request()));
      }
    }
    return marked;
  }

  /** Returns true when a publish request was sent. */
  private boolean process(TargetOutcome due, Instant now) {
    PublishAccount account = accounts.get(due.accountId());
    Prepared prepared = transactor.inTransaction(connection -> prepare(connection, due, now));
    if (prepared == null) {
      return false;
    }
    TargetOutcome target = prepared.target();
    if (target.state() == TargetState.UNKNOWN) {
      if (!resendIsSafe(target, now)) {
        LookupResult lookup = lookUp(account, prepared.request(), target, now);
        if (lookup instanceof LookupResult.Found found) {
          record(target, account, found.post(), now);
          return false;
        }
        if (lookup instanceof LookupResult.Failed failed) {
          recordFailedLookup(target, account, failed.problem(), now);
          return false;
        }
      }
      target = transactor.inTransaction(connection -> markSending(connection, due, now));
      if (target == null) {
        return false;
      }
    }
    PublishOutcome outcome = send(account, prepared.request());
    record(target, account, outcome, now);
    return true;
  }

  /**
   * Checks that the target may go now and builds its request; a pending target is marked {@code
   * publishing} in the same transaction. Returns null when it must wait or was settled here.
   */
  private Prepared prepare(Connection connection, TargetOutcome due, Instant now)
      throws SQLException {
    if (new PostRepository(connection).pauseState().paused()) {
      return null;
    }
    return prepareIn(connection, due, now, new HashMap<>());
  }

  /** {@link #prepare} without the pause check, reading each post once per batch. */
  private Prepared prepareIn(
      Connection connection, TargetOutcome due, Instant now, Map<String, Post> posts)
      throws SQLException {
    PublishStore store = new PublishStore(connection);
    Optional<TargetOutcome> current = store.find(due.postId(), due.accountId());
    if (current.isEmpty() || !current.get().equals(due)) {
      return null;
    }
    PublishAccount account = accounts.get(due.accountId());
    if (account == null) {
      store.save(
          due.with(
              TargetState.FAILED,
              null,
              "The account "
                  + due.accountId()
                  + " is no longer in the settings. An admin can add it back; then a moderator"
                  + " can retry."),
          now);
      return null;
    }
    if (!store.account(account.id(), account.platformName()).acceptsPostsAt(now)) {
      return null;
    }
    Post post = posts.get(due.postId());
    if (post == null) {
      post = new PostRepository(connection).find(due.postId()).orElseThrow();
      posts.put(post.id(), post);
    }
    PublishRequest request;
    try {
      request = request(post, due, account);
    } catch (IOException e) {
      store.save(
          due.with(
              TargetState.FAILED,
              null,
              "An image of this post could not be read from the image folder ("
                  + e.getMessage()
                  + "). An admin should check the data folder; then a moderator can retry."),
          now);
      return null;
    }
    if (due.state() == TargetState.PENDING) {
      TargetOutcome sending = due.sending(now);
      store.save(sending, now);
      return new Prepared(sending, request);
    }
    return new Prepared(due, request);
  }

  private TargetOutcome markSending(Connection connection, TargetOutcome expected, Instant now)
      throws SQLException {
    PublishStore store = new PublishStore(connection);
    Optional<TargetOutcome> current = store.find(expected.postId(), expected.accountId());
    if (current.isEmpty()
        || !current.get().equals(expected)
        || new PostRepository(connection).pauseState().paused()) {
      return null;
    }
    TargetOutcome sending = expected.sending(now);
    store.save(sending, now);
    return sending;
  }

  private boolean resendIsSafe(TargetOutcome target, Instant now) {
    return target.retrySafe()
        && target.firstAttemptAt() != null
        && target.firstAttemptAt().plus(settings.idempotencyWindow()).isAfter(now);
  }

  private PublishRequest request(Post post, TargetOutcome target, PublishAccount account)
      throws IOException {
    boolean fetchesImages = "instagram".equals(account.platformName());
    List<PublishRequest.Image> images = new ArrayList<>();
    for (PostImage image : post.images()) {
      Path file = imageFolder.resolve(image.fileName()).normalize();
      if (!file.startsWith(imageFolder.normalize())) {
        throw new IOException("the image's stored name leaves the image folder");
      }
      Optional<URI> publicUrl =
          fetchesImages && imageUrl != null
              ? Optional.of(imageUrl.apply(post.id(), image.id()))
              : Optional.empty();
      byte[] bytes = Files.readAllBytes(file);
      images.add(
          new PublishRequest.Image(
              bytes,
              image.contentType(),
              image.alt(),
              publicUrl,
              ImageSize.of(bytes)
                  .map(size -> new PublishRequest.Dimensions(size.width(), size.height()))));
    }
    return new PublishRequest(
        target.idempotencyKey(),
        post.text(),
        Optional.ofNullable(post.link()).map(URI::create),
        images,
        credentials.current(account.id()),
        resentSince(target));
  }

  /**
   * Only a target whose earlier answer was lost (unknown) may already be on the platform: a
   * duplicate refusal of its resend is then our own post. After a refusal, a wait or a moderator's
   * retry nothing of ours went out, and adopting a post with the same text would record another
   * post's link as this one's.
   */
  private Optional<Instant> resentSince(TargetOutcome target) {
    return target.state() == TargetState.UNKNOWN && target.firstAttemptAt() != null
        ? Optional.of(target.firstAttemptAt().minus(settings.lookupMargin()))
        : Optional.empty();
  }

  private PublishOutcome send(PublishAccount account, PublishRequest request) {
    try {
      return account.platform().publish(request);
    } catch (RuntimeException e) {
      // A connector bug after the request may have left: treat the answer as lost, never resend.
      LOG.error("The {} connector failed unexpectedly", account.platformName(), e);
      return new PublishOutcome.Unknown(
          "The plugin failed while sending to " + account.platformName() + "; the post may be live",
          false);
    }
  }

  private LookupResult lookUp(
      PublishAccount account, PublishRequest request, TargetOutcome target, Instant now) {
    Instant from = target.firstAttemptAt() == null ? now : target.firstAttemptAt();
    try {
      return account.platform().findRecent(request, from.minus(settings.lookupMargin()));
    } catch (RuntimeException e) {
      LOG.error("The {} connector failed looking for a post", account.platformName(), e);
      return new LookupResult.Failed(
          new PublishOutcome.Transient("The plugin failed while looking for the post"));
    }
  }

  private void record(
      TargetOutcome sent, PublishAccount account, PublishOutcome outcome, Instant now) {
    transactor.inTransaction(
        connection -> {
          recordIn(connection, sent, account, outcome, now);
          return null;
        });
  }

  /** A target's outcome, its account's health and, when it was the last, the post's state. */
  private void recordIn(
      Connection connection,
      TargetOutcome sent,
      PublishAccount account,
      PublishOutcome outcome,
      Instant now)
      throws SQLException {
    PublishStore store = new PublishStore(connection);
    AccountStatus status = store.account(account.id(), account.platformName());
    int failures = sent.failures() + 1;
    TargetOutcome target;
    switch (outcome) {
      case PublishOutcome.Published published -> {
        target = sent.published(published.platformId(), published.url(), now);
        status = status.succeeded(now);
      }
      case PublishOutcome.RateLimited limited -> {
        status =
            status
                .with(AccountState.RATE_LIMITED, limited.until(), limited.reason())
                .failed(now, limited.reason());
        target = retryLater(sent, failures, limited.reason(), limited.until(), now);
      }
      case PublishOutcome.Transient temporary -> {
        status = status.failed(now, temporary.reason());
        target = retryLater(sent, failures, temporary.reason(), null, now);
      }
      case PublishOutcome.NeedsReconnect reconnect -> {
        status =
            status
                .with(AccountState.NEEDS_RECONNECT, null, reconnect.reason())
                .failed(now, reconnect.reason());
        target = sent.with(TargetState.PENDING, now, waitingForReconnect(reconnect));
      }
      case PublishOutcome.Rejected rejected -> {
        status = status.failed(now, rejected.reason());
        target =
            sent.counting(sent.attempts(), failures)
                .with(TargetState.FAILED, null, rejected.reason());
      }
      case PublishOutcome.Unknown lost -> {
        status = status.failed(now, lost.reason());
        target = lostAnswer(sent, failures, lost.reason(), lost.safeToRetry(), now);
      }
    }
    store.save(target, now);
    store.save(status, now);
    if (target.state() == TargetState.FAILED) {
      // The post page shows it; the log is where IT looks when a moderator asks why.
      LOG.warn(
          "Post {} to {} failed after {} tries and waits for a moderator's retry: {}",
          sent.postId(),
          sent.accountId(),
          target.attempts(),
          target.lastError());
    }
    if (target.state() == TargetState.PUBLISHED && store.allPublished(sent.postId())) {
      PostRepository repository = new PostRepository(connection);
      Post post = repository.find(sent.postId()).orElseThrow();
      appendHistory(
          repository, post, PostState.PUBLISHED, "publish", SYSTEM, now, "live everywhere");
    }
  }

  /** The lookup for a lost answer could not be made: the target stays unknown, never resent. */
  private void recordFailedLookup(
      TargetOutcome target, PublishAccount account, PublishOutcome problem, Instant now) {
    transactor.inTransaction(
        connection -> {
          PublishStore store = new PublishStore(connection);
          AccountStatus status = store.account(account.id(), account.platformName());
          TargetOutcome waiting;
          switch (problem) {
            case PublishOutcome.NeedsReconnect reconnect -> {
              status =
                  status
                      .with(AccountState.NEEDS_RECONNECT, null, reconnect.reason())
                      .failed(now, reconnect.reason());
              waiting = target.with(TargetState.UNKNOWN, now, waitingForReconnect(reconnect));
            }
            case PublishOutcome.RateLimited limited -> {
              status =
                  status
                      .with(AccountState.RATE_LIMITED, limited.until(), limited.reason())
                      .failed(now, limited.reason());
              waiting = target.with(TargetState.UNKNOWN, limited.until(), limited.reason());
            }
            default -> {
              String reason = "Could not check whether the post went out: " + reasonOf(problem);
              status = status.failed(now, reason);
              waiting = lostAnswer(target, target.failures() + 1, reason, target.retrySafe(), now);
            }
          }
          store.save(waiting, now);
          store.save(status, now);
          return null;
        });
  }

  private TargetOutcome retryLater(
      TargetOutcome sent, int failures, String reason, Instant notBefore, Instant now) {
    TargetOutcome counted = sent.counting(sent.attempts(), failures);
    if (failures >= settings.maxAttempts()) {
      return counted.with(
          TargetState.FAILED,
          null,
          "Gave up after " + failures + " tries: " + reason + ". A moderator can retry.");
    }
    return counted.with(
        TargetState.PENDING,
        backoff.next(now, failures, notBefore),
        reason + ". The plugin tries again by itself.");
  }

  private TargetOutcome lostAnswer(
      TargetOutcome sent, int failures, String reason, boolean safe, Instant now) {
    TargetOutcome counted = sent.counting(sent.attempts(), failures);
    if (failures >= settings.maxAttempts()) {
      return counted.unknown(
          safe,
          null,
          reason
              + ". After "
              + failures
              + " tries the plugin cannot tell whether the post went out: look at the account on"
              + " the platform. A moderator's retry looks for the post again before sending.");
    }
    return counted.unknown(
        safe,
        backoff.next(now, failures, null),
        reason + ". The plugin checks whether it went out before sending it again.");
  }

  private static String waitingForReconnect(PublishOutcome.NeedsReconnect reconnect) {
    return "Waiting: an admin must reconnect the account ("
        + reconnect.reason()
        + "). Nothing is lost; it goes out once the account works again.";
  }

  private static String reasonOf(PublishOutcome problem) {
    return PublishOutcome.reasonOf(problem, "it was found");
  }

  /**
   * Moves the post to {@code to} (or keeps its state) with a history row by {@code actor}. Returns
   * false, changing nothing, when someone changed the post meanwhile.
   */
  private static boolean appendHistory(
      PostRepository repository,
      Post post,
      PostState to,
      String action,
      String actor,
      Instant now,
      String note)
      throws SQLException {
    Post changed =
        new Post(
            post.id(),
            post.version() + 1,
            to,
            post.author(),
            post.text(),
            post.link(),
            post.images(),
            post.accounts(),
            post.topic(),
            post.intent(),
            post.publishAt(),
            post.createdAt(),
            now,
            post.submittedAt(),
            post.approvedAt(),
            List.of());
    return repository.update(
        changed,
        post.version(),
        new HistoryEntry(action, actor, now, post.state(), to, post.version(), note, null));
  }
}
