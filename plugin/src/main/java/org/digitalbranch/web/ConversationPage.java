package org.digitalbranch.web;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.digitalbranch.archive.ArchiveAnalysis;
import org.digitalbranch.archive.ArchiveSearch.SimilarConversation;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.QueryMarks;
import org.digitalbranch.archive.ReplyReviews;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.platform.graph.GraphMessaging;

/**
 * {@code /conversations/{id}}: the thread as the library saw it. Each message with its author, time
 * and kind; an edited one with its earlier versions folded away; a deleted one marked and still
 * shown; moderation actions beside the message. Beside an unanswered question, up to five similar
 * conversations that were answered, with the answers. Opened from the archive's results ({@code
 * ?q=}), the search's words are marked in the messages. A form closes the conversation, another
 * reopens it.
 */
final class ConversationPage {

  private final ArchiveRuntime archive;
  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final List<String> moderationReasons;
  private final ConversationPlatforms platforms;
  private final ReplyReviewActions reviews;
  private final ArchiveAnalysis analysis = ArchiveAnalysis.withLibrarySynonyms();

  /** Longer names are cut in the browser's tab and history, where the place must still show. */
  private static final int TITLE_NAME_LIMIT = 40;

  /** Characters of our post's text that name its thread. */
  private static final int POST_WORDS_LIMIT = 30;

  ConversationPage(
      ArchiveRuntime archive,
      ArchiveReads reads,
      ArchiveViews views,
      List<String> moderationReasons,
      ConversationPlatforms platforms,
      ReplyReviewActions reviews) {
    this.archive = archive;
    this.reviews = reviews;
    this.reads = reads;
    this.views = views;
    this.moderationReasons = List.copyOf(moderationReasons);
    this.platforms = platforms;
  }

  void show(Exchange exchange) throws IOException {
    // Before the thread is read: a reply stored while this page is made is one it may not show, and
    // the form's double-send check must count it as after.
    long shownAt = archive.now().toEpochMilli();
    IntranetUser user = exchange.user();
    ConversationThread thread = reads.thread(exchange.pathParameter("id"), user);
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("id", thread.id());
    scope.put("platform", thread.platform());
    scope.put("account", thread.account());
    scope.put("kindLabel", InboxPage.kindLabel(thread.kind()));
    // Named by who started it and where, so tabs, history and bookmarks tell threads apart.
    String title;
    if (thread.messages().isEmpty()) {
      scope.put("heading", "Conversation on " + thread.account());
      title = "Conversation on " + thread.account();
    } else {
      ConversationThread.Message first = thread.messages().getFirst();
      boolean ourPost = thread.isOurPost(first);
      // Our post is named by its first words: every thread under the library's posts on one
      // account would otherwise carry the same title.
      String who =
          ourPost && !first.text().isBlank()
              ? "Our post “" + PageText.shortened(first.text().strip(), POST_WORDS_LIMIT) + "”"
              : ourPost ? "Our post" : first.shownName();
      scope.put("heading", who + " on " + thread.account());
      scope.put("starter", first.shownName());
      scope.put(
          "starterKind",
          ourPost ? "our post" : InboxPage.kindLabel(first.kind()).toLowerCase(Locale.ROOT));
      title =
          (ourPost ? who : PageText.shortened(who, TITLE_NAME_LIMIT))
              + " on "
              + thread.account()
              + " · Conversation";
    }
    // "answered" where nothing was: every message there was hidden, deleted or needs no answer.
    scope.put(
        "status",
        thread.status() == ConversationStatus.ANSWERED && thread.answeredAt() == null
            ? "nothing waits for an answer (no reply)"
            : thread.status().wireName());
    if (thread.status() != ConversationStatus.CLOSED && thread.closedAt() != null) {
      // Reopened by a new message: what the close covered still needs no answer, and says why.
      scope.put(
          "closedEarlier",
          "by "
              + exchange.shownName(thread.closedBy())
              + ", "
              + views.local(thread.closedAt())
              + ": what was in it then needs no answer");
    }
    List<Map<String, Object>> trail = new ArrayList<>();
    for (ConversationThread.ConversationAction action : thread.actions()) {
      trail.add(
          Map.of(
              "text", trailStep(action, thread, exchange),
              "at", ArchiveViews.iso(action.at()),
              "whenLocal", views.local(action.at())));
    }
    scope.put("trail", trail);
    scope.put("hasTrail", !trail.isEmpty());
    scope.put("trailCount", PageText.count(trail.size(), "step"));
    scope.put("unanswered", thread.status() == ConversationStatus.UNANSWERED);
    scope.put("closed", thread.status() == ConversationStatus.CLOSED);
    scope.put("answeredBy", exchange.shownName(thread.answeredBy()));
    scope.put("closedBy", exchange.shownName(thread.closedBy()));
    scope.put("startedAt", ArchiveViews.iso(thread.startedAt()));
    scope.put("startedLocal", views.local(thread.startedAt()));
    scope.put("topic", thread.topic());
    if (thread.ourPostId() != null) {
      scope.put("ourPostUrl", exchange.url("posts/" + thread.ourPostId()));
    }
    // Only what the platform can do: Mastodon and Bluesky refuse both, X deletes nothing and hides
    // only replies under the library's own posts.
    Set<ModerationKind> offered =
        ConversationActions.mayModerate(user) ? platforms.moderation(thread) : Set.of();
    // Opened from the archive's results: the search's words are marked in every message.
    String searched = ArchiveParams.single(exchange.request(), "q");
    QueryMarks marks = searched == null ? null : QueryMarks.of(searched, analysis);
    if (marks != null && !marks.isEmpty()) {
      scope.put("searched", searched);
    }
    ConversationActions.Notice notice = ConversationActions.takeNotice(exchange, thread.id());
    boolean open = thread.status() != ConversationStatus.CLOSED;
    List<Boolean> waiting = thread.waiting();
    String asked =
        notice != null && notice.replyTo() != null
            ? notice.replyTo()
            : ArchiveParams.single(exchange.request(), "replyTo");
    List<ConversationThread.Message> targets = replyTargets(thread, waiting, asked);
    if (asked != null && targets.stream().noneMatch(m -> m.id().equals(asked))) {
      // A "Reply to this message" link followed after the message changed: said, not ignored.
      scope.put("replyToGone", replyToGone(thread, asked));
    }
    List<ReplyReviews.Review> held = thread.heldReplies();
    // A reply that waited for review says who let it out.
    Map<String, ReplyReviews.Review> approved = new java.util.HashMap<>();
    for (ReplyReviews.Review review : held) {
      if (review.messageId() != null) {
        approved.put(review.messageId(), review);
      }
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (int i = 0; i < thread.messages().size(); i++) {
      ConversationThread.Message message = thread.messages().get(i);
      Map<String, Object> row = message(message, exchange);
      ReplyReviews.Review review = approved.get(message.id());
      if (review != null) {
        row.put("approvedBy", exchange.shownName(review.decidedBy()));
        row.put("approvedLocal", views.local(review.decidedAt()));
      }
      // Several patrons ask under one post: which of them still wait, and a way to answer any.
      row.put("waiting", open && waiting.get(i));
      boolean answerable = !message.ours() && !message.gone() && !message.hidden();
      // A thank-you, or patrons talking to each other: anyone on staff may say it needs no answer.
      if (answerable && (waiting.get(i) || message.noAnswerNeeded() != null)) {
        row.put("answerNeededAction", exchange.url("messages/" + message.id() + "/answer-needed"));
        row.put("notNeeded", message.noAnswerNeeded() != null);
        if (message.noAnswerNeeded() != null) {
          row.put("notNeededBy", exchange.shownName(message.noAnswerNeeded().actor()));
          row.put("notNeededLocal", views.local(message.noAnswerNeeded().at()));
        }
      }
      row.put(
          "replyHere",
          answerable && !targets.contains(message)
              ? exchange.url("conversations/" + thread.id() + "?replyTo=" + message.id())
                  + "#db-reply-form"
              : null);
      boolean noticed = notice != null && message.id().equals(notice.messageId());
      if (thread.isOurPost(message)) {
        row.put("kindLabel", "Our post");
      }
      if (marks != null && !marks.isEmpty()) {
        List<QueryMarks.Segment> segments = marks.mark(message.text());
        if (segments.stream().anyMatch(QueryMarks.Segment::marked)) {
          row.put(
              "segments",
              segments.stream()
                  .map(s -> Map.<String, Object>of("text", s.text(), "marked", s.marked()))
                  .toList());
        }
      }
      // Hidden already: hiding again would only repeat it, and the way back is to unhide it.
      boolean moderable = !message.ours() && !message.gone();
      boolean offerHide = offered.contains(ModerationKind.HIDE) && !message.hidden();
      boolean offerDelete = offered.contains(ModerationKind.DELETE);
      boolean offerUnhide = offered.contains(ModerationKind.UNHIDE) && message.hidden();
      row.put("hidden", moderable && message.hidden());
      String kept = noticed && notice.problem() ? notice.reason() : null;
      if ((offerHide || offerDelete) && moderable) {
        row.put("moderateAction", exchange.url("messages/" + message.id() + "/moderate"));
        row.put(
            "reasons",
            moderationReasons.stream()
                .map(r -> Map.<String, Object>of("name", r, "selected", r.equals(kept)))
                .toList());
        row.put("offerHide", offerHide);
        row.put("offerDelete", offerDelete);
      }
      if (offerUnhide && moderable) {
        // Its own form: the policy's reasons are for taking a message down, not for showing it.
        row.put("unhideAction", exchange.url("messages/" + message.id() + "/moderate"));
        row.put(
            "unhideReason",
            kept != null && !moderationReasons.contains(kept.strip()) ? kept : null);
      }
      // At the message even when its form is gone with it (deleted), so the outcome is in view.
      if (noticed) {
        row.put("moderationNotice", notice.text());
        row.put("moderationNoticeRole", notice.problem() ? "alert" : "status");
        row.put("reasonInvalid", "reason".equals(notice.invalidField()));
        row.put("confirmInvalid", "confirm".equals(notice.invalidField()));
      }
      messages.add(row);
    }
    scope.put("messages", messages);
    scope.put("noMessages", messages.isEmpty());
    if (thread.status() == ConversationStatus.UNANSWERED) {
      List<Map<String, Object>> similar = new ArrayList<>();
      for (SimilarConversation each : reads.similar(thread.id(), user)) {
        Map<String, Object> row = views.similar(each);
        row.put("url", exchange.url("conversations/" + each.conversation().id()));
        row.put("startedLocal", views.local(each.conversation().startedAt()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answers = (List<Map<String, Object>>) row.get("answers");
        for (Map<String, Object> answer : answers) {
          // Who answered: the colleague when known, else the account as the platform names it.
          Object colleague = answer.get("staffUser");
          answer.put(
              "answeredBy",
              colleague != null
                  ? exchange.shownName(colleague.toString())
                  : ArchiveViews.shownAuthor(answer));
        }
        similar.add(row);
      }
      scope.put("showSimilar", true);
      scope.put("similar", similar);
      scope.put("noSimilar", similar.isEmpty());
    }
    scope.put("csrf", exchange.csrfToken());
    if (notice != null && notice.problem() && notice.draft() != null) {
      // A reply that did not go: the reason stands at the box that holds the text, which takes
      // the focus, rather than at the top of a long thread.
      scope.put("replyError", notice.text());
      scope.put("draft", notice.draft());
    }
    List<Map<String, Object>> heldRows = reviews.rows(thread, exchange, notice, held);
    // A notice about a message or a held reply stands beside it; about one no longer shown (a
    // held reply another moderator approved meanwhile), it stands at the top, not nowhere.
    boolean placed =
        notice != null
            && notice.messageId() != null
            && (thread.messages().stream().anyMatch(m -> m.id().equals(notice.messageId()))
                || heldRows.stream().anyMatch(r -> notice.messageId().equals(r.get("id"))));
    if (notice != null && !(notice.problem() && notice.draft() != null) && !placed) {
      scope.put("notice", notice.text());
      scope.put("noticeRole", notice.problem() ? "alert" : "status");
      // A held reply taken back: its text is in the box again, to mend and send.
      scope.put("draft", notice.draft());
    }
    scope.put("held", heldRows);
    scope.put("hasHeld", !heldRows.isEmpty());
    scope.put("reviewed", reviews.reviewed(user));
    scope.put("replyAction", exchange.url("conversations/" + thread.id() + "/replies"));
    scope.put("shownAt", shownAt);
    boolean direct = thread.kind() == org.digitalbranch.archive.MessageKind.DIRECT_MESSAGE;
    scope.put("direct", direct);
    // A Facebook Page's private messages are Messenger's, an Instagram account's Instagram's:
    // both take answers only for a while.
    GraphMessaging.Inbox inbox =
        !direct
            ? null
            : switch (thread.platform()) {
              case "facebook" -> GraphMessaging.Inbox.MESSENGER;
              case "instagram" -> GraphMessaging.Inbox.INSTAGRAM;
              default -> null;
            };
    boolean messenger = inbox != null;
    scope.put("messenger", messenger);
    scope.put("metaInbox", messenger ? inbox.product() : null);
    scope.put("metaSender", messenger ? inbox.sender() : null);
    // How long after 24 hours, as the settings say the library's Meta app may answer.
    scope.put("humanAgentGranted", platforms.humanAgent() == GraphMessaging.HumanAgent.GRANTED);
    scope.put(
        "humanAgentNotGranted", platforms.humanAgent() == GraphMessaging.HumanAgent.NOT_GRANTED);
    scope.put("humanAgentNotSaid", platforms.humanAgent() == GraphMessaging.HumanAgent.NOT_SAID);
    // A Bluesky chat takes an answer only where the person takes the library's messages.
    scope.put("blueskyChat", direct && "bluesky".equals(thread.platform()));
    // Said once: right after the refusal, its notice says it already.
    scope.put(
        "lastFailure", scope.get("replyError") == null ? lastFailure(exchange, thread) : null);
    scope.put(
        "messengerWindow",
        messenger
            ? MessengerWindow.sentence(
                thread, inbox, platforms.humanAgent(), Instant.ofEpochMilli(shownAt), views::local)
            : null);
    scope.put(
        "directOn",
        inbox == GraphMessaging.Inbox.MESSENGER
            ? "Messenger"
            : org.digitalbranch.queue.PlatformRules.displayName(
                org.digitalbranch.queue.Network.fromId(thread.platform())));
    // With several to answer, the person chooses: a reply sent to a message nobody looked at is
    // public, and @mentions its author.
    String chosen =
        targets.stream().map(ConversationThread.Message::id).anyMatch(id -> id.equals(asked))
            ? asked
            : targets.size() == 1 ? targets.getFirst().id() : null;
    List<Map<String, Object>> options = new ArrayList<>();
    for (ConversationThread.Message target : targets) {
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("id", target.id());
      option.put(
          "label",
          target.shownName()
              + (target.text().isBlank()
                  ? ""
                  : ": “" + PageText.shortened(target.text().strip(), REPLY_TO_WORDS) + "”"));
      option.put("checked", target.id().equals(chosen));
      options.add(option);
    }
    scope.put("replyTargets", options);
    scope.put("manyTargets", options.size() > 1);
    scope.put("oneTarget", options.size() == 1 ? options.getFirst() : null);
    scope.put("replyLimit", platforms.replyLimit(thread));
    scope.put("replyLengthUrl", exchange.url("api/conversations/" + thread.id() + "/reply-length"));
    scope.put("closeAction", exchange.url("conversations/" + thread.id() + "/close"));
    scope.put("reopenAction", exchange.url("conversations/" + thread.id() + "/reopen"));
    scope.put("inboxUrl", exchange.url("inbox"));
    if (ArchiveAccess.mayExport(user)) {
      String export = exchange.url("api/conversations/" + thread.id() + "/export");
      scope.put("exportJson", export + "?format=json");
      scope.put("exportCsv", export + "?format=csv");
    }
    // A form that came back refused says so first, in the tab, as the other forms' pages do.
    exchange.page(
        (notice != null && notice.problem() ? "Error: " : "") + title,
        "conversation",
        scope,
        List.of("archive.css", "reply.js"));
  }

  /** Why the message a link asked to answer is not offered. */
  private static String replyToGone(ConversationThread thread, String asked) {
    ConversationThread.Message message =
        thread.messages().stream().filter(m -> m.id().equals(asked)).findFirst().orElse(null);
    String why =
        message == null
            ? "it is not in this conversation"
            : message.hidden()
                ? "a moderator hid it, and a public reply would show it again"
                : message.gone()
                    ? "it was deleted, so there is nothing to answer on the platform"
                    : "it is the library's own";
    return "The message you chose to answer cannot be answered: " + why + ".";
  }

  /** Characters of a message that name it among the messages a reply may answer. */
  private static final int REPLY_TO_WORDS = 60;

  /**
   * The latest answer tried from here, when the platform refused it and nothing was written in the
   * conversation since: a patron who takes no messages, or a closed Messenger window, refuses every
   * colleague in turn, and the next one reads why before writing. Null otherwise, and when the
   * conversation no longer waits for an answer.
   */
  private String lastFailure(Exchange exchange, ConversationThread thread) {
    if (thread.status() != ConversationStatus.UNANSWERED) {
      return null;
    }
    return platforms
        .lastFailure(thread)
        .filter(
            failure ->
                thread.messages().stream()
                    .filter(message -> message.firstSeenAt() != null)
                    .noneMatch(message -> message.firstSeenAt().isAfter(failure.at())))
        .map(
            failure ->
                "The last answer tried from here ("
                    + exchange.shownName(failure.staffUser())
                    + ", "
                    + views.local(failure.at())
                    + "): "
                    + org.digitalbranch.archive.ReplyFailed.toOthers(failure.reason()))
        .orElse(null);
  }

  /**
   * The messages the reply form offers to answer: those still waiting, oldest first, and the one a
   * "Reply to this message" link asked for; when neither, the newest customer message (what a reply
   * without a choice answers). Never one a moderator hid.
   */
  private static List<ConversationThread.Message> replyTargets(
      ConversationThread thread, List<Boolean> waiting, String asked) {
    List<ConversationThread.Message> targets = new ArrayList<>();
    ConversationThread.Message newest = null;
    for (int i = 0; i < thread.messages().size(); i++) {
      ConversationThread.Message message = thread.messages().get(i);
      if (message.ours() || message.gone() || message.hidden()) {
        continue;
      }
      newest = message;
      if (waiting.get(i) || message.id().equals(asked)) {
        targets.add(message);
      }
    }
    if (targets.isEmpty() && newest != null) {
      targets.add(newest);
    }
    return targets;
  }

  /** A step of the conversation's trail as a sentence: who did what, and to whose message. */
  private static String trailStep(
      ConversationThread.ConversationAction action, ConversationThread thread, Exchange exchange) {
    String who = action.actor() == null ? "a new message" : exchange.shownName(action.actor());
    String whose =
        thread.messages().stream()
            .filter(m -> m.id().equals(action.messageId()))
            .map(m -> "the message from " + m.shownName())
            .findFirst()
            .orElse("a message");
    return switch (action.action()) {
      case CLOSE -> "Closed by " + who;
      case REOPEN -> "Reopened by " + who;
      case NO_ANSWER_NEEDED -> "Marked as needing no answer by " + who + ": " + whose;
      case ANSWER_NEEDED -> "Marked as needing an answer after all by " + who + ": " + whose;
    };
  }

  private Map<String, Object> message(ConversationThread.Message message, Exchange exchange) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", message.id());
    // Blank counts as no name, as in the title and the notices (Message.shownName).
    row.put("authorName", message.nameOrNull());
    row.put("authorHandle", message.authorHandle());
    row.put("ours", message.ours());
    row.put("staffUser", exchange.shownName(message.staffUser()));
    row.put("kindLabel", InboxPage.kindLabel(message.kind()));
    row.put("createdAt", ArchiveViews.iso(message.createdAt()));
    row.put("createdLocal", views.local(message.createdAt()));
    row.put("text", message.text());
    row.put("deleted", message.deleted());
    List<Map<String, Object>> earlier = new ArrayList<>();
    String deletedLocal = null;
    String shownAgainLocal = null;
    for (ConversationThread.Version version : message.versions()) {
      if (version.deleted()) {
        deletedLocal = views.local(seenOrEdited(version));
        shownAgainLocal = null;
      } else if (deletedLocal != null && shownAgainLocal == null) {
        // When the archive saw it again: an edit's time on the platform may be older.
        shownAgainLocal = views.local(version.seenAt());
      }
    }
    if (!message.deleted() && shownAgainLocal != null) {
      // Recorded gone, then listed again (a patron's account switched off for a while).
      row.put("goneLocal", deletedLocal);
      row.put("shownAgainLocal", shownAgainLocal);
    }
    // Each text the message had, when it first had it; a version repeating the text before it
    // (the platform's copy of a reply sent from here) is no edit and is not listed.
    List<ConversationThread.Version> changes = message.textChanges();
    for (ConversationThread.Version version : changes.subList(0, Math.max(0, changes.size() - 1))) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("version", version.version());
      v.put("text", version.text());
      v.put(
          "whenLocal",
          views.local(version.version() == 1 ? message.createdAt() : seenOrEdited(version)));
      earlier.add(v);
    }
    row.put("edited", !earlier.isEmpty());
    row.put("earlier", earlier);
    row.put("earlierCount", earlier.size());
    if (!earlier.isEmpty()) {
      row.put("editedLocal", views.local(seenOrEdited(changes.getLast())));
    }
    row.put("deletedLocal", deletedLocal);
    List<Map<String, Object>> moderation = new ArrayList<>();
    for (ConversationThread.ModerationAction action : message.moderation()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "action",
          // What the platform did, not only what was asked: a refused hide hid nothing.
          ConversationThread.ModerationAction.DONE.equals(action.outcome())
              ? switch (action.action()) {
                case HIDE -> "Hidden";
                case UNHIDE -> "Unhidden";
                case DELETE -> "Deleted";
              }
              : switch (action.action()) {
                case HIDE -> "Hide asked";
                case UNHIDE -> "Unhide asked";
                case DELETE -> "Delete asked";
              });
      m.put("actor", exchange.shownName(action.actor()));
      m.put("reason", action.reason());
      m.put("whenLocal", views.local(action.at()));
      m.put("outcome", action.outcome());
      moderation.add(m);
    }
    row.put("moderation", moderation);
    row.put("hasModeration", !moderation.isEmpty());
    return row;
  }

  private static java.time.Instant seenOrEdited(ConversationThread.Version version) {
    return version.editedAt() != null ? version.editedAt() : version.seenAt();
  }

  /** The no-JavaScript close form: closes, then shows the thread again. */
  void close(Exchange exchange) throws IOException {
    StatusChange change =
        setStatus(exchange, reads, archive, (id, by) -> archive.store().close(id, by));
    ConversationActions.redirect(
        exchange,
        change.now().id(),
        ConversationActions.Notice.done(
            change.before() == ConversationStatus.CLOSED
                ? "This conversation was already closed; nothing was changed."
                : "Conversation closed. It comes back to the inbox if the patron writes again."));
  }

  /** The no-JavaScript reopen form: a mistaken close undone, the status derived again. */
  void reopen(Exchange exchange) throws IOException {
    StatusChange change =
        setStatus(exchange, reads, archive, (id, by) -> archive.store().reopen(id, by));
    ConversationActions.redirect(
        exchange,
        change.now().id(),
        ConversationActions.Notice.done(
            change.before() != ConversationStatus.CLOSED
                ? "This conversation was already open ("
                    + change.now().status().wireName()
                    + "); nothing was changed."
                : "Conversation reopened: it is "
                    + change.now().status().wireName()
                    + " again, as its messages say."));
  }

  /** A conversation's status before a close or reopen, and the conversation after it. */
  record StatusChange(ConversationStatus before, ConversationThread now) {}

  /**
   * Closes or reopens the path's conversation for the signed-in user, who must be able to read it
   * (404 otherwise, as for a thread that does not exist).
   */
  static StatusChange setStatus(
      Exchange exchange,
      ArchiveReads reads,
      ArchiveRuntime archive,
      BiConsumer<String, String> change) {
    IntranetUser user = exchange.user();
    ConversationThread before = reads.thread(exchange.pathParameter("id"), user);
    change.accept(before.id(), user.name());
    archive.afterWrite();
    return new StatusChange(before.status(), reads.thread(before.id(), user));
  }
}
