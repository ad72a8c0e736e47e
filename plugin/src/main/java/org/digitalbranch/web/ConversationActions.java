package org.digitalbranch.web;

import static java.time.temporal.ChronoUnit.DAYS;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.Replies;
import org.digitalbranch.archive.ReplyFailed;
import org.digitalbranch.archive.ReplyReviews;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.platform.bluesky.BlueskyResponder;
import org.digitalbranch.platform.facebook.FacebookResponder;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.digitalbranch.platform.instagram.InstagramResponder;
import org.digitalbranch.publish.ServerLimits;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.PlatformCheck;
import org.digitalbranch.queue.PlatformRules;
import org.digitalbranch.queue.TargetAccount;

/**
 * Answering and moderating from the intranet, as JSON ({@code POST api/conversations/{id}/replies},
 * {@code POST api/messages/{id}/moderate}) and as the conversation page's forms, which work without
 * script: they post, then redirect (303) to the conversation with a status message.
 *
 * <p>Anyone who may read a conversation may answer it (direct messages: the account's team only);
 * the replies of staff named in the {@code reviewRepliesOf} setting are held for a moderator
 * ({@link ReplyReviewActions}) instead of sent. Only moderators hide or delete, only customers'
 * messages, and only with a reason from the moderation policy.
 */
final class ConversationActions implements ConversationPlatforms {

  /** As the store keeps a moderation reason; the form's box says so too. */
  private static final int MAX_UNHIDE_REASON = 500;

  private final Replies replies;
  private final ServerLimits limits;

  private final ReplyReviews reviews;
  private final ArchiveRuntime archive;
  private final ArchiveReads reads;
  private final DigitalBranchConfig config;
  private final PlatformRules rules = new PlatformRules();
  private final ArchiveViews views;

  ConversationActions(
      Replies replies,
      ReplyReviews reviews,
      ArchiveRuntime archive,
      ArchiveReads reads,
      DigitalBranchConfig config,
      ServerLimits limits) {
    this.limits = limits;
    this.replies = replies;
    this.reviews = reviews;
    this.archive = archive;
    this.reads = reads;
    this.config = config;
    this.views = new ArchiveViews(config.timeZone());
  }

  Router api(Router api) {
    return api.post("conversations/{id}/replies", this::replyJson)
        .post("conversations/{id}/reply-length", this::replyLengthJson)
        .post("messages/{id}/moderate", this::moderateJson)
        .post("messages/{id}/answer-needed", this::answerNeededJson);
  }

  Router pages(Router pages) {
    return pages
        .post("conversations/{id}/replies", this::replyForm)
        .post("messages/{id}/moderate", this::moderateForm)
        .post("messages/{id}/answer-needed", this::answerNeededForm);
  }

  @Override
  public Set<ModerationKind> moderation(ConversationThread thread) {
    return replies.moderationIn(thread);
  }

  @Override
  public String replyLimit(ConversationThread thread) {
    AccountConfig account = config.account(thread.account()).orElse(null);
    if (account == null) {
      return null;
    }
    TargetAccount target = replyTarget(account, thread);
    PlatformCheck bare = rules.check("x", null, 1, target);
    int added;
    try {
      added =
          rules.check(replies.textAsSent(thread, null, "x"), null, 1, target).used() - bare.used();
    } catch (ReplyFailed notConnected) {
      added = 0; // the form's send will say why; the limit still helps while writing
    }
    String platform = PlatformRules.displayName(target.network());
    return platform
        + " takes up to "
        + String.format(java.util.Locale.ROOT, "%,d", bare.limit())
        + " characters, counted as "
        + platform
        + " counts them"
        + (added > 0
            ? "; the patron's @mention, added for you so that they are told, takes "
                + added
                + " of them."
            : ".");
  }

  // ---------------------------------------------------------------- replies

  /** Earlier than any page of this intranet was shown. */
  private static final Instant EARLIEST_SHOWN = Instant.parse("2000-01-01T00:00:00Z");

  void replyJson(Exchange exchange) throws IOException {
    JsonNode body = exchange.jsonObject(Set.of("text", "inReplyTo", "shownAt"));
    String text = textField(body, "text");
    String inReplyTo = textField(body, "inReplyTo");
    String shown = textField(body, "shownAt");
    Instant shownAt;
    try {
      shownAt = shown == null ? null : Instant.parse(shown);
    } catch (DateTimeParseException e) {
      throw new HttpProblem.BadRequest(
          "shownAt", "shownAt: expected an ISO-8601 instant such as 2026-11-28T10:15:30Z");
    }
    // The store keeps milliseconds since 1970: a year such as +1000000000 could not be held (it
    // answered 500), and a time ahead of the clock would only switch the person's own check off.
    if (shownAt != null
        && (shownAt.isBefore(EARLIEST_SHOWN) || shownAt.isAfter(archive.now().plus(1, DAYS)))) {
      throw new HttpProblem.BadRequest(
          "shownAt",
          "shownAt: expected when the page was shown, after "
              + EARLIEST_SHOWN
              + " and not more than a day ahead of the intranet's clock");
    }
    ConversationThread thread = checked(exchange, exchange.pathParameter("id"), inReplyTo, text);
    Replies.Sent sent;
    try {
      if (config.repliesReviewed(exchange.user().name())) {
        ReplyReviews.Review held =
            reviews.hold(thread, exchange.user().name(), inReplyTo, text, shownAt);
        exchange.response().setHeader("Location", exchange.url("api/reply-reviews/" + held.id()));
        exchange.json(202, ReplyReviewActions.json(held));
        return;
      }
      sent = send(exchange, thread, inReplyTo, text, shownAt);
    } catch (Replies.AnsweredMeanwhile meanwhile) {
      throw answeredMeanwhile(
          meanwhile,
          "This message got a reply after shownAt; nothing was sent. Read it, and send again"
              + " without shownAt only if yours is still needed.");
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", sent.messageId());
    view.put("conversation", sent.conversationId());
    view.put("platformId", sent.platformId());
    view.put("inReplyTo", sent.inReplyTo());
    view.put("staffUser", sent.staffUser());
    view.put("text", sent.text());
    exchange
        .response()
        .setHeader("Location", exchange.url("conversations/" + sent.conversationId()));
    exchange.json(201, view);
  }

  /** A 409 naming the reply that came first: its id, who sent it and when. */
  static HttpProblem.Conflict answeredMeanwhile(
      Replies.AnsweredMeanwhile meanwhile, String detail) {
    ConversationThread.Message first = meanwhile.reply();
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("reply", first.id());
    extras.put("staffUser", first.staffUser());
    extras.put("at", ArchiveViews.iso(first.firstSeenAt()));
    return new HttpProblem.Conflict(detail, extras);
  }

  /**
   * {@code POST api/conversations/{id}/reply-length} with {@code {"text": ..., "inReplyTo": ...}}:
   * how much of the platform's limit a reply would use, counted as the reply would be sent (with
   * the patron's @mention where the platform needs one), for the reply box's counter. It sends and
   * records nothing; sending checks the same again.
   */
  void replyLengthJson(Exchange exchange) throws IOException {
    JsonNode body = exchange.jsonObject(Set.of("text", "inReplyTo"));
    String text = textField(body, "text");
    String inReplyTo = textField(body, "inReplyTo");
    ConversationThread thread = reads.thread(exchange.pathParameter("id"), exchange.user());
    TargetAccount target = targetOf(thread);
    PlatformCheck fits =
        rules.check(
            replies.textAsSent(thread, inReplyTo, text == null ? "" : text), null, 1, target);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("platform", PlatformRules.displayName(target.network()));
    view.put("used", fits.used());
    view.put("limit", fits.limit());
    view.put("fits", fits.ok());
    if (!fits.ok()) {
      view.put("problem", fits.message());
    }
    exchange.json(200, view);
  }

  void replyForm(Exchange exchange) throws IOException {
    String id = reads.thread(exchange.pathParameter("id"), exchange.user()).id();
    String text = exchange.request().getParameter("text");
    String inReplyTo = blankToNull(exchange.request().getParameter("inReplyTo"));
    Notice notice;
    try {
      if (inReplyTo == null && "true".equals(exchange.request().getParameter("mustChoose"))) {
        throw new HttpProblem.BadRequest(
            "inReplyTo", "inReplyTo: choose which message your reply answers");
      }
      ConversationThread thread = checked(exchange, id, inReplyTo, text);
      if (config.repliesReviewed(exchange.user().name())) {
        reviews.hold(thread, exchange.user().name(), inReplyTo, text, shownAt(exchange));
        notice =
            Notice.done(
                "Your reply waits for a moderator's review, as the library's settings ask for"
                    + " your replies. It goes out, as your answer, when a moderator approves it.");
      } else {
        send(exchange, thread, inReplyTo, text, shownAt(exchange));
        notice = Notice.done("Your reply was sent.");
      }
    } catch (Replies.AnsweredMeanwhile meanwhile) {
      ConversationThread.Message first = meanwhile.reply();
      String who =
          first.staffUser() == null
              ? "The library's account"
              : first.staffUser().equals(exchange.user().name())
                  ? "You"
                  : exchange.shownName(first.staffUser());
      notice =
          Notice.problem(
                  "Your reply was not sent: "
                      + who
                      + " answered this message at "
                      + views.local(first.firstSeenAt())
                      + ", after this page was opened. Read that reply above; send yours only if"
                      + " it is still needed. Your text is kept in the box.",
                  text)
              .replyingTo(inReplyTo);
    } catch (HttpProblem.BadRequest
        | ReplyFailed
        | org.digitalbranch.archive.ArchiveRefused refused) {
      if (refused instanceof org.digitalbranch.archive.ArchiveRefused archiveRefused
          && archiveRefused.status() == 404) {
        throw archiveRefused;
      }
      // What the staff member wrote comes back in the box, to shorten or send again. A
      // platform's failure says itself that nothing was sent.
      notice =
          Notice.problem(
                  (refused instanceof ReplyFailed failed && failed.saysItsFate()
                          ? refused.getMessage()
                          : "Your reply was not sent: " + withoutFieldName(refused.getMessage()))
                      + (text == null || text.isBlank() ? "" : " Your text is kept in the box."),
                  text)
              .replyingTo(inReplyTo);
    }
    redirect(exchange, id, notice);
  }

  /** When the form's page was made (milliseconds, by the store's clock); null when not sent. */
  private static Instant shownAt(Exchange exchange) {
    String shown = exchange.request().getParameter("shownAt");
    try {
      return shown == null ? null : Instant.ofEpochMilli(Long.parseLong(shown.strip()));
    } catch (NumberFormatException e) {
      return null; // only this person's own check is lost: the reply still goes through the rest
    }
  }

  /**
   * The thread the user may answer, once the reply is checked as sending would check it: not blank,
   * within the platform's limit as the platform will be sent it (Mastodon's answers mention the
   * patron).
   */
  private ConversationThread checked(Exchange exchange, String id, String inReplyTo, String text) {
    ConversationThread thread = reads.thread(id, exchange.user());
    // Spaces of every width, and invisible characters alone, would post an empty-looking reply and
    // mark the conversation answered.
    if (text == null || !PlatformRules.hasVisibleText(text)) {
      throw new HttpProblem.BadRequest("text", "text: write the reply first");
    }
    PlatformCheck fits =
        rules.check(replies.textAsSent(thread, inReplyTo, text), null, 1, targetOf(thread));
    if (!fits.ok()) {
      throw new HttpProblem.BadRequest("text", "text: " + fits.message());
    }
    return thread;
  }

  private Replies.Sent send(
      Exchange exchange,
      ConversationThread thread,
      String inReplyTo,
      String text,
      Instant shownAt) {
    Replies.Sent sent = replies.reply(thread, exchange.user().name(), inReplyTo, text, shownAt);
    archive.afterWrite();
    return sent;
  }

  /** The conversation's account as the platform rules see it; refused when it is gone. */
  private TargetAccount targetOf(ConversationThread thread) {
    AccountConfig account =
        config
            .account(thread.account())
            .orElseThrow(
                () ->
                    new ReplyFailed(
                        "The account " + thread.account() + " is no longer configured."));
    return replyTarget(account, thread);
  }

  @Override
  public GraphMessaging.HumanAgent humanAgent() {
    return config.metaHumanAgent();
  }

  @Override
  public java.util.Optional<Replies.LastFailure> lastFailure(ConversationThread thread) {
    return replies.lastFailure(thread.id());
  }

  /**
   * The account as a reply in this conversation is measured against: a Facebook Page's private
   * answer goes through Messenger, which takes fewer characters than a comment, an Instagram
   * account's through Instagram's, which takes fewer than a caption, and a Bluesky chat message
   * more than a post.
   */
  private TargetAccount replyTarget(AccountConfig account, ConversationThread thread) {
    TargetAccount target = DigitalBranchPlugin.target(account, limits);
    if (thread.kind() != MessageKind.DIRECT_MESSAGE) {
      return target;
    }
    return switch (target.network()) {
      case FACEBOOK ->
          new TargetAccount(
              target.id(), target.network(), target.team(), FacebookResponder.MESSENGER_LIMIT);
      case INSTAGRAM ->
          new TargetAccount(
              target.id(), target.network(), target.team(), InstagramResponder.DIRECT_LIMIT);
      case BLUESKY ->
          new TargetAccount(
              target.id(), target.network(), target.team(), BlueskyResponder.CHAT_LIMIT);
      default -> target;
    };
  }

  // ---------------------------------------------------------------- no answer needed

  /**
   * {@code POST api/messages/{id}/answer-needed} with {@code {"needed": false}}: a customer message
   * needs no answer (a thank-you, patrons talking to each other), or with {@code true} it does
   * after all. Anyone who may read the conversation may say so; the record keeps who did and when.
   */
  void answerNeededJson(Exchange exchange) throws IOException {
    JsonNode body = exchange.jsonObject(Set.of("needed"));
    JsonNode needed = body == null ? null : body.get("needed");
    if (needed == null || !needed.isBoolean()) {
      throw new HttpProblem.BadRequest("needed", "needed: expected true or false");
    }
    String messageId = exchange.pathParameter("id");
    ConversationThread thread = visibleConversationOf(messageId, exchange.user());
    boolean changed = markAnswerNeeded(exchange, messageId, needed.booleanValue());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("message", messageId);
    view.put("conversation", thread.id());
    view.put("needed", needed.booleanValue());
    view.put("changed", changed);
    exchange.json(200, view);
  }

  void answerNeededForm(Exchange exchange) throws IOException {
    String messageId = exchange.pathParameter("id");
    ConversationThread thread = visibleConversationOf(messageId, exchange.user());
    String neededParameter = exchange.request().getParameter("needed");
    if (!"true".equals(neededParameter) && !"false".equals(neededParameter)) {
      throw new HttpProblem.BadRequest("needed", "needed: expected true or false");
    }
    boolean needed = "true".equals(neededParameter);
    String whose = whose(thread, messageId);
    Notice notice;
    try {
      markAnswerNeeded(exchange, messageId, needed);
      notice =
          Notice.done(
              needed
                  ? "The message from " + whose + " waits for an answer again."
                  : "The message from " + whose + " needs no answer; it no longer waits.");
    } catch (org.digitalbranch.archive.ArchiveRefused refused) {
      if (refused.status() != 400) {
        throw refused;
      }
      notice = Notice.problem("Nothing was changed: " + refused.getMessage() + ".", null);
    }
    String back = exchange.request().getParameter("back");
    if (back != null && INBOX_PAGE.matcher(back).matches()) {
      // From the inbox's row: back to the same page of the list, told there what happened, at
      // the row's place, so that a keyboard goes on from there rather than from the top.
      PageNotes.leave(
          exchange, "inbox", "notice", new InboxPage.Notice(notice.text(), rowOf(exchange)));
      exchange.seeOther(back);
      return;
    }
    PageNotes.leave(exchange, "conversation", thread.id(), notice.about(messageId, null));
    // No #message- anchor: a browser opening a page at an anchor skips autofocus, and the notice at
    // the message takes the focus (and scrolls there) only without one.
    exchange.seeOther("conversations/" + thread.id());
  }

  /** The inbox row a form came from (its place on the page, from 0), or -1. */
  private static int rowOf(Exchange exchange) {
    String row = exchange.request().getParameter("row");
    return row != null && row.matches("[0-9]{1,3}") ? Integer.parseInt(row) : -1;
  }

  /** An inbox page a form may come back to: the list, with its filters and place only. */
  private static final java.util.regex.Pattern INBOX_PAGE =
      java.util.regex.Pattern.compile("inbox(\\?[A-Za-z0-9=&%._+-]*)?");

  /** The author of a message as the page names them, for a notice about it. */
  private static String whose(ConversationThread thread, String messageId) {
    return thread.messages().stream()
        .filter(m -> m.id().equals(messageId))
        .map(ConversationThread.Message::shownName)
        .findFirst()
        .orElse("the customer");
  }

  private boolean markAnswerNeeded(Exchange exchange, String messageId, boolean needed) {
    boolean changed = archive.store().markAnswerNeeded(messageId, exchange.user().name(), needed);
    archive.afterWrite();
    return changed;
  }

  // ---------------------------------------------------------------- moderation

  void moderateJson(Exchange exchange) throws IOException {
    requireModerator(exchange.user());
    JsonNode body = exchange.jsonObject(Set.of("action", "reason"));
    ModerationAction done =
        moderate(
            exchange,
            exchange.pathParameter("id"),
            textField(body, "action"),
            textField(body, "reason"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("message", done.messageId());
    view.put("number", done.number());
    view.put("actor", done.actor());
    view.put("action", done.action().wireName());
    view.put("reason", done.reason());
    view.put("at", ArchiveViews.iso(done.at()));
    view.put("outcome", done.outcome());
    exchange.json(200, view);
  }

  void moderateForm(Exchange exchange) throws IOException {
    requireModerator(exchange.user());
    String messageId = exchange.pathParameter("id");
    ConversationThread thread = visibleConversationOf(messageId, exchange.user());
    String whose = whose(thread, messageId);
    Notice notice;
    try {
      if ("delete".equals(exchange.request().getParameter("action"))
          && !"delete".equals(exchange.request().getParameter("confirm"))) {
        // A deletion on the platform cannot be undone: the form asks for it to be ticked.
        throw new HttpProblem.BadRequest(
            "confirm",
            "confirm: to delete, first tick \"Delete it for everyone\"; deleting cannot be undone,"
                + " hiding can.");
      }
      ModerationAction done =
          moderate(
              exchange,
              messageId,
              exchange.request().getParameter("action"),
              exchange.request().getParameter("reason"));
      notice =
          Notice.done(
              switch (done.action()) {
                case HIDE ->
                    "The message from "
                        + whose
                        + " is hidden on the platform; the archive keeps the original.";
                case UNHIDE ->
                    "The message from "
                        + whose
                        + " is shown again on the platform; the hide stays on the record.";
                case DELETE ->
                    "The message from "
                        + whose
                        + " is deleted on the platform; the archive keeps the original.";
              });
    } catch (HttpProblem.BadRequest refused) {
      // The form's field that was wrong (the reason, or the unticked box) is marked invalid.
      notice = nothingChanged(whose, refused).invalid((String) refused.extras().get("field"));
    } catch (ReplyFailed refused) {
      notice = nothingChanged(whose, refused);
    } catch (org.digitalbranch.archive.ArchiveRefused refused) {
      if (refused.status() != 409) {
        throw refused;
      }
      notice = nothingChanged(whose, refused);
    }
    PageNotes.leave(
        exchange,
        "conversation",
        thread.id(),
        notice.about(messageId, exchange.request().getParameter("reason")));
    // Back at the message, where the notice is and the form can be sent again.
    // No #message- anchor: a browser opening a page at an anchor skips autofocus, and the notice at
    // the message takes the focus (and scrolls there) only without one.
    exchange.seeOther("conversations/" + thread.id());
  }

  /** A moderation action the form or the platform refused, said at the message. */
  private static Notice nothingChanged(String whose, RuntimeException refused) {
    return Notice.problem(
        "Nothing was changed on the message from "
            + whose
            + ": "
            + withoutFieldName(refused.getMessage()),
        null);
  }

  private ModerationAction moderate(
      Exchange exchange, String messageId, String actionName, String reason) {
    IntranetUser user = exchange.user();
    ConversationThread thread = visibleConversationOf(messageId, user);
    ModerationKind action =
        ModerationKind.fromWireName(actionName)
            .orElseThrow(
                () ->
                    new HttpProblem.BadRequest("action", "action: choose hide, unhide or delete"));
    if (action == ModerationKind.UNHIDE) {
      // The policy's reasons say why a message comes down; showing one again is said in words.
      if (reason == null || !PlatformRules.hasVisibleText(reason)) {
        throw new HttpProblem.BadRequest(
            "reason", "reason: say why the message is shown again, for the record");
      }
      if (reason.strip().length() > MAX_UNHIDE_REASON) {
        throw new HttpProblem.BadRequest(
            "reason", "reason: at most " + MAX_UNHIDE_REASON + " characters");
      }
    } else if (reason == null || !config.moderationReasons().contains(reason.strip())) {
      throw new HttpProblem.BadRequest(
          "reason",
          "reason: choose one of the moderation policy's reasons: "
              + String.join(", ", config.moderationReasons()));
    }
    ModerationAction done =
        replies.moderate(thread, messageId, user.name(), action, reason.strip());
    archive.afterWrite();
    return done;
  }

  private ConversationThread visibleConversationOf(String messageId, IntranetUser user) {
    String conversation =
        replies
            .conversationOf(messageId)
            .orElseThrow(() -> new HttpProblem.NotFound("There is no message " + messageId + "."));
    try {
      return reads.thread(conversation, user);
    } catch (HttpProblem.NotFound hidden) {
      throw new HttpProblem.NotFound("There is no message " + messageId + ".");
    }
  }

  static boolean mayModerate(IntranetUser user) {
    return user.hasRole(Actor.MODERATOR);
  }

  private static void requireModerator(IntranetUser user) {
    if (!mayModerate(user)) {
      throw new HttpProblem.Forbidden(
          "Hiding, unhiding or deleting customers' messages is for moderators.");
    }
  }

  // ---------------------------------------------------------------- shared

  /**
   * What a form left for the conversation page, shown once: a sentence, whether it reports a
   * problem (announced at once to a screen reader, not politely), the reply's unsent text, and for
   * a moderation form the message it was about and the reason that was chosen (shown again at that
   * message, so a refused delete does not lose the moderator's place or choice), and for a reply
   * the message it was to answer (chosen again on the form); for a refused form, the field that was
   * wrong, so the page marks that one invalid and not its neighbours.
   */
  record Notice(
      String text,
      boolean problem,
      String draft,
      String messageId,
      String reason,
      String replyTo,
      String invalidField)
      implements java.io.Serializable {
    static Notice done(String text) {
      return new Notice(text, false, null, null, null, null, null);
    }

    /** Done, with a text to put back in the reply box (a held reply taken back). */
    static Notice doneKeeping(String text, String draft) {
      return new Notice(text, false, draft, null, null, null, null);
    }

    static Notice problem(String text, String draft) {
      return new Notice(text, true, draft, null, null, null, null);
    }

    Notice replyingTo(String messageId) {
      return new Notice(text, problem, draft, this.messageId, reason, messageId, invalidField);
    }

    Notice about(String message, String chosenReason) {
      return new Notice(text, problem, draft, message, chosenReason, replyTo, invalidField);
    }

    Notice invalid(String field) {
      return new Notice(text, problem, draft, messageId, reason, replyTo, field);
    }
  }

  static void redirect(Exchange exchange, String conversationId, Notice notice) {
    PageNotes.leave(exchange, "conversation", conversationId, notice);
    exchange.seeOther("conversations/" + conversationId);
  }

  /** The notice a form left for this conversation's page, once; null when there is none. */
  static Notice takeNotice(Exchange exchange, String conversationId) {
    return PageNotes.take(exchange, "conversation", conversationId, Notice.class);
  }

  /**
   * "text: X: 281 of 280 ..." reads "X: 281 of 280 ....": the box is in view on the page, and the
   * notice goes on with another sentence.
   */
  private static String withoutFieldName(String message) {
    int colon = message == null ? -1 : message.indexOf(": ");
    String shown =
        colon > 0 && message.substring(0, colon).matches("[a-zA-Z]+")
            ? message.substring(colon + 2)
            : String.valueOf(message);
    return shown.endsWith(".") ? shown : shown + ".";
  }

  private static String textField(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new HttpProblem.BadRequest(field, field + ": expected a text");
    }
    return value.textValue();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** The reasons a moderator chooses from, for the page's select. */
  List<String> moderationReasons() {
    return config.moderationReasons();
  }
}
