package org.digitalbranch.archive;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.queue.Transactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff answers and moderators' hides and deletes, sent to the platform at once, as at the
 * reference desk, with the publishing rules: a reply's idempotency key is stored before the first
 * call; a lost answer is retried with the same key where the platform deduplicates (Mastodon) and
 * looked for on the platform before sending again elsewhere; a temporary failure or a short rate
 * limit is retried a few times while the librarian waits, and then the librarian is told. A reply
 * is recorded in the archive (and the conversation answered by its author) only once the platform
 * confirms it.
 */
public final class Replies {

  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  /** One account's way to answer; credentials are read at every call (tokens are renewed). */
  /**
   * @param handle how the platform shows the account (its configured handle), which the reply is
   *     recorded under until the poll brings back the platform's own record of it
   */
  public record Account(
      String id,
      String handle,
      ConversationResponder responder,
      Supplier<Credentials> credentials) {
    public Account {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(handle, "handle");
      Objects.requireNonNull(responder, "responder");
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /**
   * How long a librarian waits: at most {@code maxTries} calls per reply, {@code pause} between
   * tries after a temporary failure, and a rate limit is waited out only when it resets within
   * {@code longestWait}.
   */
  public record Policy(int maxTries, Duration pause, Duration longestWait) {
    public static Policy defaults() {
      return new Policy(3, Duration.ofMillis(500), Duration.ofSeconds(5));
    }
  }

  /** Waits between tries; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * A reply the platform confirmed and the archive recorded.
   *
   * @param messageId the archive's id of the new message
   * @param inReplyTo the platform id answered
   */
  public record Sent(
      String messageId,
      String conversationId,
      String platformId,
      String inReplyTo,
      String staffUser,
      String text) {}

  private final Transactor transactor;
  private final ArchiveStore store;
  private final Map<String, Account> accounts;
  private final Policy policy;
  private final Clock clock;
  private final Sleeper sleeper;

  public Replies(
      Transactor transactor,
      ArchiveStore store,
      List<Account> accounts,
      Policy policy,
      Clock clock,
      Sleeper sleeper) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.store = Objects.requireNonNull(store, "store");
    this.accounts =
        accounts.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Account::id, a -> a));
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The conversation a message belongs to, for the access check before moderating it. */
  public Optional<String> conversationOf(String messageId) {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT conversation_id FROM messages WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Sends {@code text} in the thread and records it once the platform confirms it.
   *
   * @param inReplyToMessageId the archive id of the message answered; null answers the latest
   *     customer message (or the thread's root when there is none)
   * @throws ArchiveRefused 400 {@code inReplyTo} when the message is not in this thread
   * @throws ReplyFailed when the platform did not take it; nothing is recorded as sent
   */
  public Sent reply(
      ConversationThread thread, String staffUser, String inReplyToMessageId, String text) {
    return reply(thread, staffUser, inReplyToMessageId, text, null);
  }

  /**
   * As {@link #reply(ConversationThread, String, String, String)}, unless the message answered got
   * a reply of ours after {@code shownAt}, when the person's page showed the thread: a second
   * click, or a colleague who answered meanwhile, here or on the platform. Replies to one
   * conversation are sent one at a time, so two sent at once cannot both pass that check.
   *
   * @param shownAt when the page the reply was written on was made (by the store's clock); null
   *     sends without the check
   * @throws AnsweredMeanwhile when such a reply came after {@code shownAt}; nothing is sent
   */
  public Sent reply(
      ConversationThread thread,
      String staffUser,
      String inReplyToMessageId,
      String text,
      Instant shownAt) {
    Turn turn = turnOf(thread.id());
    try {
      // The thread as it is now, under the turn: a reply sent while this one waited for it is in.
      ConversationThread now = store.conversation(thread.id()).orElse(thread);
      if (shownAt != null) {
        Optional<ConversationThread.Message> since =
            answeredSince(now, answered(now, inReplyToMessageId), shownAt);
        if (since.isPresent()) {
          throw new AnsweredMeanwhile(since.get());
        }
      }
      // The same words sent again after "we could not confirm": the earlier try is looked for
      // on the platform first, so that a second click cannot post the answer twice.
      try {
        Optional<Sent> earlier =
            recoverUnconfirmed(
                now, staffUser, inReplyToMessageId, text, clock.instant().minus(RECOVERY_WINDOW));
        if (earlier.isPresent()) {
          return earlier.get();
        }
        return sendAndRecord(now, staffUser, inReplyToMessageId, text);
      } catch (ReplyFailed failed) {
        // An operator asked why a patron got no answer finds it here as well as on the page.
        log.info(
            "{}'s reply in conversation {} on {} {}: {}",
            staffUser,
            now.id(),
            now.account(),
            failed.unconfirmed() ? "is not confirmed" : "was not sent",
            failed.getMessage());
        throw failed;
      }
    } finally {
      turn.end();
    }
  }

  /** How far back an unconfirmed try of the same reply is looked for before it is sent again. */
  static final Duration RECOVERY_WINDOW = Duration.ofDays(1);

  /**
   * A reply of ours stored after {@code shownAt} that answered the message meanwhile: one to that
   * very message, or one that made it stop waiting (a colleague's answer filed under the same
   * Facebook comment, or to the patron's next post in the same run).
   */
  private static Optional<ConversationThread.Message> answeredSince(
      ConversationThread now, ConversationThread.Message answered, Instant shownAt) {
    List<ConversationThread.Message> after =
        now.messages().stream()
            .filter(
                m ->
                    m.ours()
                        && !m.platformId().equals(now.rootPlatformId())
                        && m.firstSeenAt().isAfter(shownAt))
            .toList();
    if (after.isEmpty()) {
      return Optional.empty();
    }
    String target = answered == null ? now.rootPlatformId() : answered.platformId();
    Optional<ConversationThread.Message> direct =
        after.stream().filter(m -> target.equals(m.parentPlatformId())).findFirst();
    if (direct.isPresent() || answered == null) {
      return direct;
    }
    ConversationThread asShown = now.without(after);
    boolean waitedThen = asShown.waiting().get(asShown.messages().indexOf(answered));
    boolean waitsNow = now.waiting().get(now.messages().indexOf(answered));
    return waitedThen && !waitsNow ? Optional.of(after.getLast()) : Optional.empty();
  }

  /** A reply to the same message arrived after the page was shown; see {@link #reply}. */
  public static final class AnsweredMeanwhile extends RuntimeException {
    private final transient ConversationThread.Message reply;

    AnsweredMeanwhile(ConversationThread.Message reply) {
      super("this message was answered after the page was opened");
      this.reply = reply;
    }

    /** The reply that came first. */
    public ConversationThread.Message reply() {
      return reply;
    }
  }

  /** The conversations a reply is being sent in, each with how many wait for it. */
  private final Map<String, Turn> turns = new java.util.HashMap<>();

  /** One conversation's lock, dropped from {@link #turns} when nobody holds or awaits it. */
  private final class Turn {
    private final String conversationId;
    private final java.util.concurrent.locks.ReentrantLock lock =
        new java.util.concurrent.locks.ReentrantLock();
    private int users;

    Turn(String conversationId) {
      this.conversationId = conversationId;
    }

    void end() {
      lock.unlock();
      synchronized (turns) {
        if (--users == 0) {
          turns.remove(conversationId);
        }
      }
    }
  }

  private Turn turnOf(String conversationId) {
    Turn turn;
    synchronized (turns) {
      turn = turns.computeIfAbsent(conversationId, Turn::new);
      turn.users++;
    }
    turn.lock.lock();
    return turn;
  }

  private Sent sendAndRecord(
      ConversationThread thread, String staffUser, String inReplyToMessageId, String text) {
    Account account = account(thread.account());
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    String target = answered == null ? thread.rootPlatformId() : answered.platformId();
    boolean direct = direct(thread, answered);
    String key = UUID.randomUUID().toString();
    Instant now = clock.instant();
    transactor.inTransaction(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO reply_attempts (idempotency_key, conversation_id, account_id,"
                      + " in_reply_to, staff_user, reply_text, created_at, tries, outcome)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'sending')")) {
            insert.setString(1, key);
            insert.setString(2, thread.id());
            insert.setString(3, thread.account());
            insert.setString(4, target);
            insert.setString(5, staffUser);
            insert.setString(6, text);
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
          }
          return null;
        });
    ReplyRequest request =
        new ReplyRequest(
                key, target, text, account.credentials().get(), direct, addressee(answered))
            .triedFrom(now);
    PublishOutcome.Published published = send(account, request, key);
    // After a lost answer or a duplicate, the platform may point to a colleague's reply with the
    // same words, sent from here before: that is theirs, and whether this one went out is not
    // known. Recording it as this person's would rewrite who answered.
    Optional<String> colleague =
        store
            .answeredFromHereBy(thread.account(), published.platformId())
            .filter(other -> !other.equals(staffUser));
    if (colleague.isPresent()) {
      throw unknown(
          key,
          "the platform points to the same words sent earlier by "
              + colleague.get()
              + ", not to a reply of yours");
    }
    return recordSent(thread, account, staffUser, request, published, key);
  }

  /**
   * Records a reply the platform has: in the archive as the staff member's, and its attempt as
   * sent. A failure here, once it is out, is "not confirmed", never "not sent": sending it again
   * would post it twice.
   */
  private Sent recordSent(
      ConversationThread thread,
      Account account,
      String staffUser,
      ReplyRequest request,
      PublishOutcome.Published published,
      String key) {
    // The record keeps what went out as the platform shows it (a Mastodon answer's mention of
    // the patron included), so the poll that fetches it back finds the same text, not an edit.
    String sentText =
        account.responder().textAsShown(request.text(), request.addressee(), request.direct());
    String messageId;
    try {
      messageId =
          store.recordReply(
              thread.id(),
              staffUser,
              published.platformId(),
              request.inReplyTo(),
              sentText,
              account.handle(),
              request.direct());
    } catch (RuntimeException e) {
      log.error(
          "reply {} went out on {} but could not be recorded", key, published.platformId(), e);
      throw unknown(
          key,
          "it went out as "
              + published.platformId()
              + ", but recording it here failed; the next read of the account brings it in");
    }
    settleAttempt(key, "sent", published.platformId(), null);
    log.info(
        "{} answered conversation {} on {} ({})",
        staffUser,
        thread.id(),
        thread.account(),
        published.platformId());
    return new Sent(
        messageId, thread.id(), published.platformId(), request.inReplyTo(), staffUser, sentText);
  }

  /**
   * Settles earlier tries of this reply whose outcome nobody learned (the answer lost, or the
   * intranet stopped mid-call): each is looked for on the platform, and one found there is recorded
   * as sent, as if it had been confirmed. For a reply about to be sent again after such a try.
   *
   * @param since only tries made since then (a held reply: since it was written)
   * @return the reply found, or empty when there was no such try or the platform does not have it
   * @throws ReplyFailed unconfirmed when the platform could not be asked
   */
  public Optional<Sent> recoverUnconfirmed(
      ConversationThread thread,
      String staffUser,
      String inReplyToMessageId,
      String text,
      Instant since) {
    record Try(String key, String target, Instant at) {}
    List<Try> tries =
        transactor.inTransaction(
            connection -> {
              List<Try> found = new java.util.ArrayList<>();
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT idempotency_key, in_reply_to, created_at FROM reply_attempts"
                          + " WHERE conversation_id = ? AND staff_user = ? AND reply_text = ?"
                          + " AND outcome IN ('unknown', 'sending') AND created_at >= ?"
                          + " ORDER BY created_at")) {
                select.setString(1, thread.id());
                select.setString(2, staffUser);
                select.setString(3, text);
                select.setLong(4, since.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    found.add(
                        new Try(
                            rows.getString(1),
                            rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                  }
                }
              }
              return found;
            });
    if (tries.isEmpty()) {
      return Optional.empty();
    }
    Account account = account(thread.account());
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    boolean direct = direct(thread, answered);
    for (Try earlier : tries) {
      ReplyRequest request =
          new ReplyRequest(
                  earlier.key(),
                  earlier.target(),
                  text,
                  account.credentials().get(),
                  direct,
                  addressee(answered))
              .triedFrom(earlier.at());
      switch (account.responder().findReply(request)) {
        case LookupResult.Found found -> {
          return Optional.of(
              recordSent(thread, account, staffUser, request, found.post(), earlier.key()));
        }
        case LookupResult.NotFound ignored ->
            settleAttempt(
                earlier.key(), "failed", null, "not on the platform when looked for again");
        case LookupResult.Failed failed ->
            throw ReplyFailed.unconfirmed(
                "We could not look on the platform for the earlier try of this reply ("
                    + reason(failed.problem())
                    + "). Look at the conversation on the platform before approving it again.");
      }
    }
    return Optional.empty();
  }

  /** The text a reply is recorded with, as the platform shows it once sent. */
  public String textAsShown(ConversationThread thread, String inReplyToMessageId, String text) {
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    return account(thread.account())
        .responder()
        .textAsShown(text, addressee(answered), direct(thread, answered));
  }

  /** The platform id a reply answering {@code inReplyToMessageId} goes under. */
  public String targetPlatformId(ConversationThread thread, String inReplyToMessageId) {
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    return answered == null ? thread.rootPlatformId() : answered.platformId();
  }

  private PublishOutcome.Published send(Account account, ReplyRequest first, String key) {
    ReplyRequest request = first;
    PublishOutcome last = null;
    for (int tries = 1; tries <= policy.maxTries(); tries++) {
      countTry(key, tries);
      PublishOutcome outcome = account.responder().reply(request);
      last = outcome;
      switch (outcome) {
        case PublishOutcome.Published published -> {
          return published;
        }
        case PublishOutcome.Unknown unknown -> {
          if (unknown.safeToRetry()) {
            continue; // the platform drops a repeat with the same key
          }
          LookupResult lookup = account.responder().findReply(request);
          if (lookup instanceof LookupResult.Found found) {
            return found.post();
          }
          if (lookup instanceof LookupResult.Failed failed) {
            throw unknown(key, unknown.reason() + "; looking for it failed too: " + failed);
          }
          // Not there: sending again cannot double it. A platform that refuses the resend as a
          // duplicate may be answering the lost try, which it then looks for.
          request = request.resending();
        }
        case PublishOutcome.Transient ignored -> pause(policy.pause(), key);
        case PublishOutcome.RateLimited limited -> {
          Duration wait = Duration.between(clock.instant(), limited.until());
          if (wait.compareTo(policy.longestWait()) > 0) {
            throw failed(
                key,
                "The platform asks us to wait until "
                    + limited.until()
                    + " before replying again. Your reply was not sent; try again later.");
          }
          pause(wait.isNegative() ? Duration.ZERO : wait, key);
        }
        case PublishOutcome.NeedsReconnect reconnect ->
            throw refused(
                key,
                new ReplyFailed(
                    "The account needs to be reconnected by an admin ("
                        + reconnect.reason()
                        + "). Your reply was not sent."));
        case PublishOutcome.Rejected rejected ->
            throw refused(key, ReplyFailed.refusedByPlatform(refusal(rejected.reason())));
      }
    }
    if (last instanceof PublishOutcome.Unknown unknown) {
      throw unknown(key, unknown.reason());
    }
    throw failed(
        key,
        "The platform is not answering right now ("
            + reason(last)
            + "). Your reply was not sent; try again in a few minutes.");
  }

  /** The latest try from here at answering a conversation, which failed: who, when and why. */
  public record LastFailure(String staffUser, Instant at, String reason) {}

  /**
   * The conversation's latest reply tried from the intranet, when the platform refused it or the
   * account needed reconnecting; empty when the latest went out, is still going, is unconfirmed, or
   * there is none. A try that failed only for a while (the platform down) is passed over: it says
   * nothing of the patron, and must not hide a refusal before it. A patron who takes no messages
   * refuses every colleague in turn: the page says so before the next one writes.
   */
  public Optional<LastFailure> lastFailure(String conversationId) {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT outcome, staff_user, created_at, reason FROM reply_attempts"
                      + " WHERE conversation_id = ? AND outcome <> 'failed'"
                      + " ORDER BY created_at DESC LIMIT 1")) {
            select.setString(1, conversationId);
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next() || !"refused".equals(rows.getString(1))) {
                return Optional.empty();
              }
              return Optional.of(
                  new LastFailure(
                      rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getString(4)));
            }
          }
        });
  }

  /**
   * A platform's refusal as one sentence: most connectors' reasons say who refused ("Bluesky
   * refused sending the private answer: ..."), and saying "refused" twice reads as two refusals.
   */
  private static final java.util.regex.Pattern SAYS_WHO_REFUSED =
      java.util.regex.Pattern.compile("\\S+ refused ");

  static String refusal(String reason) {
    String said = reason.strip();
    if (said.endsWith(".")) {
      said = said.substring(0, said.length() - 1);
    }
    said =
        SAYS_WHO_REFUSED.matcher(said).lookingAt()
            ? Character.toUpperCase(said.charAt(0)) + said.substring(1)
            : "The platform refused the reply: " + said;
    return said + ". Your reply was not sent.";
  }

  private void pause(Duration duration, String key) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(key, "The intranet is stopping. Your reply was not sent.");
    }
  }

  private ReplyFailed failed(String key, String message) {
    settleAttempt(key, "failed", null, message);
    return new ReplyFailed(message);
  }

  /**
   * A failure that holds until something changes (the platform refused, or the account needs
   * reconnecting), settled as outcome {@code refused} (beside V5's sending, sent, failed and
   * unknown), which {@link #lastFailure} shows the next colleague; a passing one (down, asked to
   * wait, the intranet stopping) is {@code failed} and is not.
   */
  private ReplyFailed refused(String key, ReplyFailed failure) {
    settleAttempt(key, "refused", null, failure.getMessage());
    return failure;
  }

  private ReplyFailed unknown(String key, String reason) {
    String message =
        "We could not confirm whether your reply went out ("
            + reason
            + "). Look at the conversation on the platform before replying again.";
    settleAttempt(key, "unknown", null, message);
    return ReplyFailed.unconfirmed(message);
  }

  private static String reason(PublishOutcome outcome) {
    return switch (outcome) {
      case PublishOutcome.Transient t -> t.reason();
      case PublishOutcome.RateLimited r -> r.reason();
      case null -> "no answer";
      default -> outcome.toString();
    };
  }

  private void countTry(String key, int tries) {
    update("UPDATE reply_attempts SET tries = ? WHERE idempotency_key = ?", tries, key);
  }

  private void settleAttempt(String key, String outcome, String platformId, String reason) {
    transactor.inTransaction(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE reply_attempts SET outcome = ?, platform_id = ?, reason = ?,"
                      + " settled_at = ? WHERE idempotency_key = ?")) {
            update.setString(1, outcome);
            update.setString(2, platformId);
            update.setString(3, reason);
            update.setLong(4, clock.instant().toEpochMilli());
            update.setString(5, key);
            update.executeUpdate();
          }
          return null;
        });
  }

  private void update(String sql, int value, String key) {
    transactor.inTransaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, value);
            update.setString(2, key);
            update.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Hides, unhides or deletes a customer's message: records the pending action, asks the platform,
   * and settles the action with what it said. The original text always stays.
   *
   * @throws ArchiveRefused 409 when the platform cannot do it (the refusal is on the record), when
   *     the message is the library's own, already deleted, already hidden (a hide) or not hidden
   *     (an unhide)
   * @throws ReplyFailed when the platform is down or the account needs reconnecting
   */
  public ModerationAction moderate(
      ConversationThread thread,
      String messageId,
      String actor,
      ModerationKind action,
      String reason) {
    ConversationThread.Message message =
        thread.messages().stream()
            .filter(m -> m.id().equals(messageId))
            .findFirst()
            .orElseThrow(() -> ArchiveRefused.notFound("message", messageId));
    if (thread.kind() == MessageKind.DIRECT_MESSAGE) {
      throw ArchiveRefused.conflict(
          "a private message cannot be hidden or deleted on the platform; the archive keeps it");
    }
    if (message.gone()) {
      // Asking the platform again would record a second action for nothing.
      throw ArchiveRefused.conflict(
          "the message is already deleted on the platform; the archive keeps it as it was");
    }
    // The library's own message, a hide of a hidden one, an unhide of a shown one: refused by
    // the store, in the transaction that records the action.
    Account account = account(thread.account());
    ModerationAction pending = store.moderate(messageId, actor, action, reason);
    ModerationResult result;
    try {
      result =
          account.responder().moderate(account.credentials().get(), message.platformId(), action);
    } catch (RuntimeException e) {
      store.settleModeration(
          messageId, pending.number(), "the intranet failed to ask the platform");
      throw e;
    }
    if (result instanceof ModerationResult.Failed failed) {
      String why = reason(failed.problem(), action);
      store.settleModeration(messageId, pending.number(), why);
      log.info("{} could not {} message {}: {}", actor, action.wireName(), messageId, why);
      if (failed.problem() instanceof PublishOutcome.Rejected) {
        throw ArchiveRefused.conflict(why);
      }
      throw new ReplyFailed(why + " Nothing was changed on the platform; try again later.");
    }
    ModerationAction done = store.settleModeration(messageId, pending.number(), null);
    log.info("{} did {} message {} ({})", actor, action.wireName(), messageId, reason);
    return done;
  }

  private static String reason(PublishOutcome problem, ModerationKind action) {
    return switch (problem) {
      case PublishOutcome.Rejected r -> r.reason();
      case PublishOutcome.NeedsReconnect r ->
          "the account needs to be reconnected by an admin (" + r.reason() + ")";
      case PublishOutcome.Transient t -> "the platform is not answering (" + t.reason() + ")";
      case PublishOutcome.RateLimited r ->
          "the platform asks us to wait until " + r.until() + " (" + r.reason() + ")";
      case PublishOutcome.Unknown u ->
          "the platform's answer was lost; check whether the " + action.wireName() + " happened";
      case PublishOutcome.Published p -> "unexpected answer";
    };
  }

  /**
   * What the account's platform lets the library do to a customer's message in this conversation
   * (under our post, or a mention); none if the account is unknown.
   */
  public Set<ModerationKind> moderationIn(ConversationThread thread) {
    Account account = accounts.get(thread.account());
    if (account == null || thread.kind() == MessageKind.DIRECT_MESSAGE) {
      // No platform lets an account hide or delete what a person wrote to it privately.
      return Set.of();
    }
    return account.responder().moderation(thread.underOurPost());
  }

  private Account account(String id) {
    Account account = accounts.get(id);
    if (account == null) {
      throw new ReplyFailed(
          "The account " + id + " is not connected for replies; ask an admin to configure it.");
    }
    return account;
  }

  /**
   * The text the platform will be sent for a reply of {@code text} to the message {@code
   * inReplyToMessageId} (null: as {@link #reply} picks it), for its length to be checked as sent.
   *
   * @throws ArchiveRefused 400 {@code inReplyTo} when the message is not in this thread
   */
  public String textAsSent(ConversationThread thread, String inReplyToMessageId, String text) {
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    return account(thread.account())
        .responder()
        .textAsSent(text, addressee(answered), direct(thread, answered));
  }

  /**
   * The archive id of the message a reply with {@code inReplyToMessageId} answers in the thread as
   * it is now (the chosen one, else the latest customer message), or null for the thread's root: a
   * reply held for review keeps it, so that it answers what its author saw, not whoever wrote last
   * by the time it is approved.
   *
   * @throws ArchiveRefused 400 {@code inReplyTo} when the message is not one to answer
   */
  public String target(ConversationThread thread, String inReplyToMessageId) {
    ConversationThread.Message answered = answered(thread, inReplyToMessageId);
    return answered == null ? null : answered.id();
  }

  /**
   * Refuses a reply whose message got an answer of ours after {@code shownAt}, as {@link
   * #reply(ConversationThread, String, String, String, Instant)} does, without sending anything:
   * for a reply about to be held for review.
   *
   * @throws AnsweredMeanwhile when such an answer came
   */
  public void requireUnansweredSince(
      ConversationThread thread, String inReplyToMessageId, Instant shownAt) {
    if (shownAt == null) {
      return;
    }
    Optional<ConversationThread.Message> since =
        answeredSince(thread, answered(thread, inReplyToMessageId), shownAt);
    if (since.isPresent()) {
      throw new AnsweredMeanwhile(since.get());
    }
  }

  /**
   * A direct message is answered directly: a public reply would publish a patron's private
   * question's thread to everyone.
   */
  private static boolean direct(ConversationThread thread, ConversationThread.Message answered) {
    return thread.kind() == MessageKind.DIRECT_MESSAGE
        || (answered != null && answered.kind() == MessageKind.DIRECT_MESSAGE);
  }

  /** Whom a reply addresses: the author of the message answered, unless that is the library. */
  private static String addressee(ConversationThread.Message answered) {
    return answered == null || answered.ours() ? null : answered.authorHandle();
  }

  /** The message answered: the chosen one, else the latest customer message; null: the root. */
  private static ConversationThread.Message answered(ConversationThread thread, String messageId) {
    if (messageId != null) {
      ConversationThread.Message message =
          thread.messages().stream()
              .filter(m -> m.id().equals(messageId) && !m.deleted())
              .findFirst()
              .orElseThrow(
                  () ->
                      ArchiveRefused.invalid(
                          "inReplyTo",
                          "no message " + messageId + " in this conversation to answer"));
      if (message.ours() || message.gone()) {
        throw ArchiveRefused.invalid(
            "inReplyTo",
            message.ours()
                ? "that is the library's own message; answer a customer's"
                : "that message was deleted; there is nothing to answer on the platform");
      }
      if (message.hidden()) {
        // Hidden by a moderator while the page was open: a public reply would show it again.
        throw ArchiveRefused.invalid(
            "inReplyTo",
            "a moderator hid that message; a public reply to it would undo that. Choose another"
                + " message");
      }
      return message;
    }
    List<ConversationThread.Message> messages = thread.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      ConversationThread.Message m = messages.get(i);
      if (!m.ours() && !m.deleted() && !m.hidden()) {
        return m;
      }
    }
    return null;
  }
}
