package org.digitalbranch.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A conversation with everything the store keeps about it: every message with every version,
 * deletion marker and moderation action, and the approval trail of our post when the thread started
 * from one. What the conversation page shows and what an export writes.
 *
 * @param ourPostId the queue's post id when the thread started from our post, else null
 * @param waitingSince when the first customer message still unanswered arrived; null unless
 *     unanswered
 * @param answeredBy the staff user of the latest answer when known; null unless answered
 * @param approvalTrail the history of {@code ourPostId} in the queue, oldest first; empty when none
 * @param actions the conversation's own trail, oldest first: closes, reopens, and marks that a
 *     message needs no answer or needs one after all
 */
public record ConversationThread(
    String id,
    String account,
    String platform,
    String rootPlatformId,
    MessageKind kind,
    ConversationStatus status,
    String topic,
    String ourPostId,
    Instant startedAt,
    Instant waitingSince,
    String answeredBy,
    Instant answeredAt,
    String closedBy,
    Instant closedAt,
    List<Message> messages,
    List<ApprovalStep> approvalTrail,
    OurPost ourPost,
    List<ReplyReviews.Review> heldReplies,
    List<ConversationAction> actions) {

  public ConversationThread {
    messages = List.copyOf(messages);
    approvalTrail = List.copyOf(approvalTrail);
    heldReplies = List.copyOf(heldReplies);
    actions = List.copyOf(actions);
  }

  /** The library's own post that the thread hangs from, not a mention of it. */
  public boolean isOurPost(Message message) {
    return message.ours() && message.platformId().equals(rootPlatformId);
  }

  /**
   * Whether the thread hangs from the library's own post: its root is ours, or it links to the
   * queue's post (whose platform post may be older than a platform's search reaches, so the thread
   * holds only its replies).
   */
  public boolean underOurPost() {
    return ourPostId != null || (!messages.isEmpty() && isOurPost(messages.getFirst()));
  }

  /** The same conversation without {@code left} among its messages (as a page showed it before). */
  public ConversationThread without(List<Message> left) {
    List<Message> kept = messages.stream().filter(m -> !left.contains(m)).toList();
    return new ConversationThread(
        id,
        account,
        platform,
        rootPlatformId,
        kind,
        status,
        topic,
        ourPostId,
        startedAt,
        waitingSince,
        answeredBy,
        answeredAt,
        closedBy,
        closedAt,
        kept,
        approvalTrail,
        ourPost,
        heldReplies,
        actions);
  }

  /**
   * For each message, in order, whether it waits for the library's answer: the rule the store
   * derives the status by ({@link AnswerRule}).
   */
  public List<Boolean> waiting() {
    List<AnswerRule.Entry> entries = new ArrayList<>(messages.size());
    for (Message message : messages) {
      // What was there when it was last closed was judged then, as the store's rule has it.
      boolean coveredByTheClose =
          closedAt != null
              && message.firstSeenAt() != null
              && !message.firstSeenAt().isAfter(closedAt);
      entries.add(
          new AnswerRule.Entry(
              message.platformId(),
              message.parentPlatformId(),
              message.authorHandle(),
              message.ours(),
              message.dealtWith() || coveredByTheClose,
              message.createdAt().toEpochMilli(),
              message.staffUser()));
    }
    return AnswerRule.settle(rootPlatformId, entries, AnswerRule.oneLevelReplies(platform))
        .waiting();
  }

  /**
   * The queue's post the thread started from, as it stands: its text and link as approved (or as
   * edited since), and where it went out. Null when the thread did not start from one, or the post
   * is not in this store.
   */
  public record OurPost(
      String text, String link, List<Publication> publications, List<PostImage> images) {
    public OurPost {
      publications = List.copyOf(publications);
      images = List.copyOf(images);
    }
  }

  /**
   * One of our post's images as the record keeps it: its alt text is part of what the library said.
   * {@code id} is the queue's image id (served at {@code api/images/{id}}).
   */
  public record PostImage(String id, String alt, String contentType, long sizeBytes) {}

  /** One account the post went out on: the platform's address of it and when. */
  public record Publication(String account, String state, String url, Instant publishedAt) {}

  /**
   * A message in platform order.
   *
   * @param currentVersion the number of its latest version (a deletion marker counts)
   * @param createdAt on the platform
   * @param firstSeenAt by the library
   */
  public record Message(
      String id,
      String platformId,
      String parentPlatformId,
      MessageKind kind,
      String authorHandle,
      String authorName,
      boolean ours,
      String staffUser,
      int currentVersion,
      boolean deleted,
      Instant createdAt,
      Instant firstSeenAt,
      List<Version> versions,
      List<ModerationAction> moderation,
      NoAnswerNeeded noAnswerNeeded) {

    public Message {
      versions = List.copyOf(versions);
      moderation = List.copyOf(moderation);
    }

    /**
     * Whether it is hidden on the platform from here: the latest done hide or unhide was a hide. A
     * moderator who hid a patron's comment by mistake (or whose hide was questioned) can show it
     * again, and both steps stay on the record.
     */
    public boolean hidden() {
      return ConversationThread.hidden(moderation);
    }

    /**
     * Whether the message is gone from the platform: deleted there, or deleted by a moderator here
     * (which the archive learns as a deletion only at the next poll).
     */
    public boolean gone() {
      return deleted
          || moderation.stream()
              .anyMatch(
                  a ->
                      a.action() == ModerationKind.DELETE
                          && ModerationAction.DONE.equals(a.outcome()));
    }

    /** Gone, hidden by a moderator, or judged to need no answer: it waits for no answer. */
    public boolean dealtWith() {
      return gone() || noAnswerNeeded != null || hidden();
    }

    /** The platform's name for the author, or null: a blank one is no name. */
    public String nameOrNull() {
      return authorName == null || authorName.isBlank() ? null : authorName;
    }

    /** The author as a reader recognises them: the platform's name for them, else the handle. */
    public String shownName() {
      String name = nameOrNull();
      return name != null ? name : authorHandle;
    }

    /** The latest text the library saw; a deletion keeps it. Empty when it was never seen. */
    public String text() {
      return latestText(versions).orElse("");
    }

    /**
     * The versions at which the text changed: the first with text, then each whose text differs
     * from the one before it. A version that repeats the text is no edit: the platform's copy of a
     * reply sent from here is kept as a version of its own (its raw JSON), with the same words.
     * More than one means the message was edited.
     */
    public List<Version> textChanges() {
      List<Version> changes = new java.util.ArrayList<>();
      String previous = null;
      for (Version version : versions) {
        if (version.deleted() || version.text() == null) {
          continue;
        }
        // Spacing aside: Mastodon serves "a\n\nb" sent from here back as two paragraphs, "a\nb".
        String words = WHITESPACE.matcher(version.text().strip()).replaceAll(" ");
        if (!words.equals(previous)) {
          changes.add(version);
        }
        previous = words;
      }
      return changes;
    }

    private static final java.util.regex.Pattern WHITESPACE =
        java.util.regex.Pattern.compile("(?U)\\s+");

    static Optional<String> latestText(List<Version> versions) {
      for (int i = versions.size() - 1; i >= 0; i--) {
        if (versions.get(i).text() != null) {
          return Optional.of(versions.get(i).text());
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Whether a message with these moderation actions (in order) is hidden on the platform from here:
   * the latest done hide or unhide was a hide. The store's status query says the same in SQL.
   */
  static boolean hidden(List<ModerationAction> actions) {
    ModerationKind latest = null;
    for (ModerationAction a : actions) {
      if (a.action() != ModerationKind.DELETE && ModerationAction.DONE.equals(a.outcome())) {
        latest = a.action();
      }
    }
    return latest == ModerationKind.HIDE;
  }

  /** Who judged a customer message to need no answer, and when. */
  public record NoAnswerNeeded(String actor, Instant at) {}

  /**
   * One step of the conversation's own trail, never changed once written.
   *
   * @param number its place in the trail, from 1
   * @param actor the staff user; null when a new message reopened the conversation
   * @param messageId the message a mark is about; null for a close or a reopen
   */
  public record ConversationAction(
      int number, ActionKind action, String actor, String messageId, Instant at) {}

  /** What a step of a conversation's trail did. */
  public enum ActionKind {
    CLOSE,
    REOPEN,
    NO_ANSWER_NEEDED,
    ANSWER_NEEDED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static ActionKind fromWireName(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One version of a message, never changed once written.
   *
   * @param text null for a deletion marker
   * @param deleted true for a deletion marker
   * @param editedAt the platform's edit time, when it gave one
   * @param seenAt when the library saw it
   * @param rawJson the item as fetched; null for a reply recorded when the intranet sent it
   */
  public record Version(
      int version, String text, boolean deleted, Instant editedAt, Instant seenAt, String rawJson) {

    /**
     * Whether this version is a reply sent from the intranet as the platform then gave it back: the
     * same words after a version the intranet recorded without the platform's JSON. Two versions of
     * the same words read as the answer sent twice; this one is the platform's record of the first,
     * kept for its JSON.
     */
    public boolean platformCopyOf(Version previous) {
      return previous != null
          && !deleted
          && !previous.deleted()
          && previous.rawJson() == null
          && rawJson != null
          && editedAt == null
          && java.util.Objects.equals(text, previous.text());
    }
  }

  /**
   * What a moderator may do to a customer's message on its platform. Unhiding undoes a hide; a
   * deletion cannot be undone.
   */
  public enum ModerationKind {
    HIDE,
    UNHIDE,
    DELETE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModerationKind> fromWireName(String value) {
      for (ModerationKind kind : values()) {
        if (kind.wireName().equals(value)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A moderator's hide, unhide or delete, kept with the original message.
   *
   * @param number its place among the message's actions, from 1
   * @param outcome {@link #PENDING} until the platform answers, then {@link #DONE} or {@code
   *     failed: <why>}
   */
  public record ModerationAction(
      String messageId,
      int number,
      String actor,
      ModerationKind action,
      String reason,
      Instant at,
      String outcome,
      Instant settledAt) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED_PREFIX = "failed: ";
  }

  /**
   * One step of our post's append-only history in the queue, read as stored text: a records export
   * must not fail because the queue later learns a state this code does not know.
   *
   * @param from null for the post's creation
   * @param version the post version the step applied to
   * @param diff the word-level changes of a moderator's edit, or null
   */
  /**
   * A reply held for a moderator's review ({@link ReplyReviews}), as the record keeps it: who wrote
   * what, and who let it out or sent it back, with the note.
   *
   * @param state waiting, sending, sent, returned or withdrawn
   * @param messageId the thread's message it became once sent, or null
   */
  public record HeldReply(
      String id,
      String inReplyTo,
      String author,
      String text,
      Instant writtenAt,
      String state,
      String decidedBy,
      Instant decidedAt,
      String note,
      String messageId) {}

  public record ApprovalStep(
      String action,
      String actor,
      Instant at,
      String from,
      String to,
      int version,
      String note,
      String diff) {}
}
