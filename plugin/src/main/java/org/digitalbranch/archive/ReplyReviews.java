package org.digitalbranch.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.digitalbranch.queue.Transactor;

/**
 * Replies held for a moderator's review: the staff the {@code reviewRepliesOf} setting names (a
 * pilot team, say) write their answers as anyone does, and the answer waits here until a moderator
 * other than its author approves it, or sends it back with a note. Approved, it goes out through
 * {@link Replies} like any reply from the intranet, as its author's answer, with the same
 * double-send check as of when its author's page was made: an answer a colleague gave meanwhile
 * stops it. Nothing here is ever deleted.
 */
public final class ReplyReviews {

  /** Where a held reply stands. */
  public enum State {
    /** Written, not yet decided. */
    WAITING,
    /** A moderator approved it and it is being sent (or sending was cut short by a stop). */
    SENDING,
    SENT,
    /** A moderator sent it back to its author with a note. */
    RETURNED,
    /** Its author took it back before anyone decided. */
    WITHDRAWN;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /**
   * One held reply, with its conversation's account and kind (who may read it depends on them).
   *
   * @param inReplyTo the archive id of the message it answers; null answers the conversation's
   *     default (its newest customer message)
   * @param shownAt when its author's page was made; the double-send check runs from then
   * @param problem why the last approval did not send it, for the moderator; null when none failed
   */
  public record Review(
      String id,
      String conversationId,
      String account,
      MessageKind conversationKind,
      String inReplyTo,
      String author,
      String text,
      Instant writtenAt,
      Instant shownAt,
      State state,
      String decidedBy,
      Instant decidedAt,
      String note,
      String messageId,
      String problem) {

    /**
     * A send a stop cut short: approved long enough ago that it would have finished. It may be
     * approved again; the double-send check then finds the reply if it went out and was recorded.
     */
    public boolean interrupted(Instant now) {
      return state == State.SENDING
          && decidedAt != null
          && decidedAt.plus(INTERRUPTED_AFTER).isBefore(now);
    }

    /** Whether a moderator may still decide on it. */
    public boolean open(Instant now) {
      return state == State.WAITING || interrupted(now);
    }
  }

  /**
   * Far longer than any send takes (three tries of at most 40 seconds each, short waits, another
   * reply's turn in the conversation): a review still "sending" after this was stopped by a crash
   * or a restart. Should a send outlast it, the claim's token keeps the slow approval from settling
   * what the next one took up.
   */
  static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(15);

  /** The longest note a moderator may give when sending a reply back. */
  public static final int NOTE_LIMIT = 2_000;

  private static final String COLUMNS =
      "r.id, r.conversation_id, c.account_id, c.kind, r.in_reply_to, r.staff_user, r.reply_text,"
          + " r.written_at, r.shown_at, r.state, r.decided_by, r.decided_at, r.note, r.message_id,"
          + " r.problem FROM reply_reviews r JOIN conversations c ON c.id = r.conversation_id";

  private final Transactor transactor;
  private final Replies replies;
  private final ArchiveStore store;
  private final Clock clock;

  public ReplyReviews(Transactor transactor, Replies replies, ArchiveStore store, Clock clock) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.replies = Objects.requireNonNull(replies, "replies");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Holds {@code text} for review instead of sending it. The caller has checked it as a reply (not
   * blank, within the platform's limit). It keeps the message it answers as the thread is now: an
   * approval a day later answers the same patron, not whoever wrote last. The same reply held a
   * second time (a second click) is the one already held.
   *
   * @throws ArchiveRefused 400 {@code inReplyTo} when that message is not one to answer here
   * @throws Replies.AnsweredMeanwhile when the message got an answer of ours after {@code shownAt},
   *     as a reply sent at once would be refused
   */
  public Review hold(
      ConversationThread thread, String author, String inReplyTo, String text, Instant shownAt) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    // Refused now, as sending it would be, rather than when a moderator approves it.
    String target = replies.target(thread, inReplyTo);
    replies.textAsSent(thread, target, text);
    replies.requireUnansweredSince(thread, target, shownAt);
    Instant now = clock.instant();
    // Looked for and written in one write transaction: writes are one at a time, so two clicks at
    // the same instant hold one reply, not two.
    String id =
        transactor.inTransaction(
            connection -> {
              Optional<Review> already =
                  ofConversation(connection, thread.id()).stream()
                      .filter(
                          r ->
                              r.state() == State.WAITING
                                  && r.author().equals(author)
                                  && Objects.equals(r.inReplyTo(), target)
                                  && r.text().equals(text))
                      .findFirst();
              if (already.isPresent()) {
                return already.get().id();
              }
              String made = UUID.randomUUID().toString();
              insert(connection, made, thread.id(), target, author, text, now, shownAt);
              return made;
            });
    return find(id).orElseThrow();
  }

  private static void insert(
      Connection connection,
      String id,
      String conversationId,
      String target,
      String author,
      String text,
      Instant now,
      Instant shownAt)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO reply_reviews (id, conversation_id, in_reply_to, staff_user,"
                + " reply_text, written_at, shown_at, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting')")) {
      insert.setString(1, id);
      insert.setString(2, conversationId);
      insert.setString(3, target);
      insert.setString(4, author);
      insert.setString(5, text);
      insert.setLong(6, now.toEpochMilli());
      insert.setObject(7, shownAt == null ? null : shownAt.toEpochMilli(), Types.BIGINT);
      insert.executeUpdate();
    }
  }

  public Optional<Review> find(String id) {
    return transactor.read(
        connection -> {
          List<Review> found = select(connection, " WHERE r.id = ?", id);
          return found.isEmpty() ? Optional.<Review>empty() : Optional.of(found.getFirst());
        });
  }

  /** A conversation's held replies, oldest first, in every state. */
  public List<Review> of(String conversationId) {
    return transactor.read(connection -> ofConversation(connection, conversationId));
  }

  /** As {@link #of}, in the caller's transaction (the thread's read). */
  static List<Review> ofConversation(Connection connection, String conversationId)
      throws SQLException {
    return select(
        connection, " WHERE r.conversation_id = ? ORDER BY r.written_at, r.id", conversationId);
  }

  /**
   * Others' replies that wait for a decision (sends cut short included), oldest first: the
   * moderators' list, before the caller's filter of who may read which.
   */
  public List<Review> waitingFor(String moderator) {
    return transactor
        .read(
            connection ->
                select(
                    connection,
                    " WHERE r.state IN ('waiting', 'sending') AND r.staff_user <> ?"
                        + " ORDER BY r.written_at LIMIT "
                        + WAITING_READ,
                    moderator))
        .stream()
        .filter(r -> r.open(clock.instant()))
        .toList();
  }

  /** How many waiting replies a moderator's list reads at most, before their visibility. */
  private static final int WAITING_READ = 1_000;

  /**
   * Of {@code conversationIds}, those where a reply waits for review or is being sent: a colleague
   * about to answer there should know one is on its way.
   */
  public java.util.Set<String> withAReplyHeld(List<String> conversationIds) {
    if (conversationIds.isEmpty()) {
      return java.util.Set.of();
    }
    return transactor.read(
        connection -> {
          java.util.Set<String> held = new java.util.HashSet<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT DISTINCT conversation_id FROM reply_reviews WHERE state IN ('waiting',"
                      + " 'sending') AND conversation_id IN ("
                      + String.join(
                          ", ", java.util.Collections.nCopies(conversationIds.size(), "?"))
                      + ")")) {
            for (int i = 0; i < conversationIds.size(); i++) {
              select.setString(i + 1, conversationIds.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                held.add(rows.getString(1));
              }
            }
          }
          return held;
        });
  }

  /** {@code author}'s held replies of the last {@code days} days, newest first. */
  public List<Review> by(String author, int days) {
    long since = clock.instant().minus(Duration.ofDays(days)).toEpochMilli();
    return transactor.read(
        connection ->
            select(
                connection,
                " WHERE r.staff_user = ? AND r.written_at >= ? ORDER BY r.written_at DESC",
                author,
                since));
  }

  /**
   * Approves a held reply and sends it, as its author's answer. The review is claimed first, so a
   * second moderator's approval, or a second click, finds it sending or sent and sends nothing; the
   * claim's time is its token, so only this approval settles it.
   *
   * @throws ArchiveRefused 404 when there is no such review; 403 when its author is the moderator
   *     (nobody approves their own); 409 when it is not waiting (decided, withdrawn, being sent),
   *     or the message it answers was hidden or deleted meanwhile (it then waits again, saying so)
   * @throws Replies.AnsweredMeanwhile when the message got an answer of ours after the author's
   *     page was made: nothing is sent, the review waits again with the reason
   * @throws ReplyFailed when the platform did not take it: the review waits again with the reason
   */
  public Replies.Sent approve(String id, String moderator) {
    Review review = find(id).orElseThrow(() -> ArchiveRefused.notFound("held reply", id));
    if (review.author().equals(moderator)) {
      throw ArchiveRefused.forbidden(
          "Nobody approves their own reply: another moderator decides on it.");
    }
    Instant claimed = clock.instant();
    // Taking up a send a stop cut short: its reply may have gone out, and is looked for below.
    boolean resumed = review.interrupted(claimed);
    int won =
        resumed
            ? update(
                "UPDATE reply_reviews SET decided_by = ?, decided_at = ?, problem = NULL"
                    + " WHERE id = ? AND state = 'sending' AND decided_at = ?",
                moderator,
                claimed.toEpochMilli(),
                id,
                review.decidedAt().toEpochMilli())
            : update(
                "UPDATE reply_reviews SET state = 'sending', decided_by = ?, decided_at = ?,"
                    + " problem = NULL WHERE id = ? AND state = 'waiting'",
                moderator,
                claimed.toEpochMilli(),
                id);
    if (won == 0) {
      throw notOpen(find(id).orElse(review));
    }
    Replies.Sent sent;
    try {
      ConversationThread thread =
          store
              .conversation(review.conversationId())
              .orElseThrow(() -> ArchiveRefused.notFound("conversation", review.conversationId()));
      if (resumed) {
        Optional<ConversationThread.Message> out = sentBeforeTheStop(thread, review);
        if (out.isPresent()) {
          settleSent(id, claimed, out.get().id());
          ConversationThread.Message message = out.get();
          return new Replies.Sent(
              message.id(),
              review.conversationId(),
              message.platformId(),
              message.parentPlatformId(),
              review.author(),
              message.text());
        }
        // Not in the archive (not read back yet): asked of the platform, for each earlier try
        // whose outcome nobody learned, before anything is sent again.
        Optional<Replies.Sent> found =
            replies.recoverUnconfirmed(
                thread, review.author(), review.inReplyTo(), review.text(), review.writtenAt());
        if (found.isPresent()) {
          settleSent(id, claimed, found.get().messageId());
          return found.get();
        }
      }
      // An answer given after the reply was written was not seen by its author, whatever their
      // page's time (the API's shownAt is optional).
      Instant seen = review.shownAt() != null ? review.shownAt() : review.writtenAt();
      sent = replies.reply(thread, review.author(), review.inReplyTo(), review.text(), seen);
    } catch (Replies.AnsweredMeanwhile meanwhile) {
      waitAgain(
          id,
          claimed,
          "Not sent: the message got another answer from the library after this reply was"
              + " written; the thread above shows it. Send this one back to its author, who may"
              + " write again if more is needed.");
      throw meanwhile;
    } catch (ArchiveRefused refused) {
      if (refused.status() != 400) {
        waitAgain(id, claimed, "Not sent: " + refused.getMessage());
        throw refused;
      }
      // The message it answers was hidden or deleted while it waited.
      String why =
          "Not sent: the message it answers was hidden or deleted while it waited, and a public"
              + " reply would show it again. Send it back to its author.";
      waitAgain(id, claimed, why);
      throw ArchiveRefused.conflict(why);
    } catch (ReplyFailed failed) {
      if (failed.unconfirmed()) {
        // It may be out: approving again at once could post it twice. It stays "sending" until
        // it counts as cut short, while the account's next reads bring it back if it went out;
        // taken up then, the double-send check finds it.
        update(
            "UPDATE reply_reviews SET problem = ? WHERE id = ? AND state = 'sending' AND"
                + " decided_at = ?",
            "Not confirmed: "
                + failed.getMessage()
                + " It can be approved again in "
                + INTERRUPTED_AFTER.toMinutes()
                + " minutes, once the account has been read again; it will not go out twice if"
                + " it went out.",
            id,
            claimed.toEpochMilli());
        throw failed;
      }
      // A platform's failure says already that the reply was not sent, as its author reads it.
      waitAgain(
          id,
          claimed,
          failed.saysItsFate()
              ? ReplyFailed.toOthers(failed.getMessage())
              : "Not sent: " + failed.getMessage());
      throw failed;
    } catch (RuntimeException unexpected) {
      waitAgain(id, claimed, "Not sent: something went wrong in the intranet; try again.");
      throw unexpected;
    }
    settleSent(id, claimed, sent.messageId());
    return sent;
  }

  /**
   * The reply an earlier approval of this review sent before it was settled (cut short by a stop,
   * or unconfirmed), once it is in the archive: one of ours under the message it answers, with its
   * text as the platform shows it, since the reply was written, that no other review claims;
   * recorded as its author's, or read back from the platform (no staff member then).
   */
  private Optional<ConversationThread.Message> sentBeforeTheStop(
      ConversationThread thread, Review review) {
    String shown = replies.textAsShown(thread, review.inReplyTo(), review.text()).strip();
    String under = replies.targetPlatformId(thread, review.inReplyTo());
    List<String> claimedByOthers =
        of(review.conversationId()).stream()
            .filter(r -> !r.id().equals(review.id()) && r.messageId() != null)
            .map(Review::messageId)
            .toList();
    return thread.messages().stream()
        .filter(
            m ->
                m.ours()
                    && (m.staffUser() == null || review.author().equals(m.staffUser()))
                    && under.equals(m.parentPlatformId())
                    && !m.firstSeenAt().isBefore(review.writtenAt())
                    && m.text().strip().equals(shown)
                    && !claimedByOthers.contains(m.id()))
        .findFirst();
  }

  private void settleSent(String id, Instant claimed, String messageId) {
    update(
        "UPDATE reply_reviews SET state = 'sent', message_id = ? WHERE id = ? AND state ="
            + " 'sending' AND decided_at = ?",
        messageId,
        id,
        claimed.toEpochMilli());
  }

  /**
   * Sends a held reply back to its author with a note saying why; it is not sent.
   *
   * @throws ArchiveRefused 400 {@code note} when there is none; 403 when the moderator wrote it;
   *     409 when it is not waiting
   */
  public Review sendBack(String id, String moderator, String note) {
    Review review = find(id).orElseThrow(() -> ArchiveRefused.notFound("held reply", id));
    if (note == null || !org.digitalbranch.queue.PlatformRules.hasVisibleText(note)) {
      throw ArchiveRefused.invalid("note", "say what should change, for the reply's author");
    }
    if (note.length() > NOTE_LIMIT) {
      throw ArchiveRefused.invalid(
          "note", "at most " + NOTE_LIMIT + " characters, got " + note.length());
    }
    if (review.author().equals(moderator)) {
      throw ArchiveRefused.forbidden(
          "Nobody decides on their own reply: withdraw it instead, or let another moderator"
              + " decide.");
    }
    // Waiting only: a send a stop cut short may have gone out, and is approved again to find out.
    int changed =
        update(
            "UPDATE reply_reviews SET state = 'returned', decided_by = ?, decided_at = ?, note = ?"
                + " WHERE id = ? AND state = 'waiting'",
            moderator,
            clock.instant().toEpochMilli(),
            note.strip(),
            id);
    if (changed == 0) {
      throw notOpen(find(id).orElse(review));
    }
    return find(id).orElseThrow();
  }

  /**
   * Its author takes a held reply back before anyone decided.
   *
   * @throws ArchiveRefused 403 when someone else wrote it; 409 when it is decided already
   */
  public Review withdraw(String id, String author) {
    Review review = find(id).orElseThrow(() -> ArchiveRefused.notFound("held reply", id));
    if (!review.author().equals(author)) {
      throw ArchiveRefused.forbidden("Only the reply's author can withdraw it.");
    }
    int changed =
        update(
            "UPDATE reply_reviews SET state = 'withdrawn', decided_at = ? WHERE id = ? AND state"
                + " = 'waiting'",
            clock.instant().toEpochMilli(),
            id);
    if (changed == 0) {
      throw notOpen(find(id).orElse(review));
    }
    return find(id).orElseThrow();
  }

  /** Why a review can no longer be decided on, naming who decided. */
  private static ArchiveRefused notOpen(Review review) {
    return ArchiveRefused.conflict(whyNotOpen(review, name -> name));
  }

  /**
   * Why a held reply can no longer be decided on, as a sentence naming who decided by {@code names}
   * (pages show people's names, the API their user names).
   */
  public static String whyNotOpen(Review review, java.util.function.UnaryOperator<String> names) {
    String by = review.decidedBy() == null ? "" : " by " + names.apply(review.decidedBy());
    return switch (review.state()) {
      case SENT -> "This reply was approved" + by + " and sent already.";
      case SENDING -> "This reply was approved" + by + " and is being sent.";
      case RETURNED -> "This reply was sent back" + by + " already.";
      case WITHDRAWN -> "Its author withdrew this reply.";
      case WAITING -> "This reply changed meanwhile; look at it again.";
    };
  }

  /** The approval {@code claimed} did not send it: it waits again, saying why. */
  private void waitAgain(String id, Instant claimed, String problem) {
    update(
        "UPDATE reply_reviews SET state = 'waiting', problem = ?, decided_by = NULL, decided_at ="
            + " NULL WHERE id = ? AND state = 'sending' AND decided_at = ?",
        problem,
        id,
        claimed.toEpochMilli());
  }

  private int update(String sql, Object... parameters) {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            bind(update, parameters);
            return update.executeUpdate();
          }
        });
  }

  private static List<Review> select(Connection connection, String where, Object... parameters)
      throws SQLException {
    List<Review> reviews = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + where)) {
      bind(select, parameters);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reviews.add(
              new Review(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  MessageKind.fromWireName(rows.getString(4)).orElseThrow(),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  instant(rows, 8),
                  instant(rows, 9),
                  State.fromWireName(rows.getString(10)),
                  rows.getString(11),
                  instant(rows, 12),
                  rows.getString(13),
                  rows.getString(14),
                  rows.getString(15)));
        }
      }
    }
    return reviews;
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object value = parameters[i];
      if (value == null) {
        statement.setNull(i + 1, Types.VARCHAR);
      } else if (value instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        statement.setString(i + 1, value.toString());
      }
    }
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
