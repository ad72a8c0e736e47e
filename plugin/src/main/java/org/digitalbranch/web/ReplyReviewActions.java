package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.archive.ArchiveRefused;
import org.digitalbranch.archive.ArchiveVisibility;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.Replies;
import org.digitalbranch.archive.ReplyFailed;
import org.digitalbranch.archive.ReplyReviews;
import org.digitalbranch.archive.ReplyReviews.Review;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.IntranetUser;

/**
 * Deciding on replies held for review ({@link ReplyReviews}): {@code GET api/reply-reviews} lists
 * what waits and one's own, {@code POST api/reply-reviews/{id}/approve|send-back|withdraw} decide,
 * and the conversation page's forms do the same without script (post, then 303 back to the
 * conversation with a status message). Moderators approve and send back, never their own; the
 * author withdraws. A held reply is seen only by those who may read its conversation (direct
 * messages: the account's team), as the conversation itself.
 */
final class ReplyReviewActions {

  /** How far back a person's own held replies are listed. */
  static final int OWN_DAYS = 30;

  /** The most held replies a list shows. */
  static final int LIST_LIMIT = 100;

  private final ReplyReviews reviews;
  private final ArchiveReads reads;
  private final ArchiveRuntime archive;
  private final ArchiveViews views;
  private final DigitalBranchConfig config;

  ReplyReviewActions(
      ReplyReviews reviews,
      ArchiveReads reads,
      ArchiveRuntime archive,
      ArchiveViews views,
      DigitalBranchConfig config) {
    this.reviews = reviews;
    this.reads = reads;
    this.archive = archive;
    this.views = views;
    this.config = config;
  }

  /** Whether {@code user}'s replies are held for review rather than sent. */
  boolean reviewed(IntranetUser user) {
    return config.repliesReviewed(user.name());
  }

  /** Of the conversations a list shows, those where a reply waits for review. */
  java.util.Set<String> withAReplyHeld(List<String> conversationIds) {
    return reviews.withAReplyHeld(conversationIds);
  }

  Router api(Router api) {
    return api.get("reply-reviews", this::listJson)
        .get("reply-reviews/{id}", this::oneJson)
        .post("reply-reviews/{id}/approve", this::approveJson)
        .post("reply-reviews/{id}/send-back", this::sendBackJson)
        .post("reply-reviews/{id}/withdraw", this::withdrawJson);
  }

  Router pages(Router pages) {
    return pages
        .post("reply-reviews/{id}/approve", this::approveForm)
        .post("reply-reviews/{id}/send-back", this::sendBackForm)
        .post("reply-reviews/{id}/withdraw", this::withdrawForm);
  }

  // ---------------------------------------------------------------- reads

  /** What waits for {@code user}'s decision: others' held replies in conversations they read. */
  List<Review> waitingFor(IntranetUser user) {
    if (!ConversationActions.mayModerate(user)) {
      return List.of();
    }
    ArchiveVisibility visibility = reads.access().visibility(user);
    return reviews.waitingFor(user.name()).stream()
        .filter(r -> visibility.mayRead(r.conversationKind(), r.account()))
        .limit(LIST_LIMIT)
        .toList();
  }

  void listJson(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("waiting", waitingFor(user).stream().map(ReplyReviewActions::json).toList());
    view.put(
        "mine",
        reviews.by(user.name(), OWN_DAYS).stream()
            .limit(LIST_LIMIT)
            .map(ReplyReviewActions::json)
            .toList());
    exchange.json(200, view);
  }

  void oneJson(Exchange exchange) throws IOException {
    exchange.json(200, json(readable(exchange)));
  }

  // ---------------------------------------------------------------- decisions

  void approveJson(Exchange exchange) throws IOException {
    exchange.jsonObject(Set.of());
    Review review = readable(exchange);
    requireModerator(exchange.user());
    Replies.Sent sent;
    try {
      sent = reviews.approve(review.id(), exchange.user().name());
    } catch (Replies.AnsweredMeanwhile meanwhile) {
      throw ConversationActions.answeredMeanwhile(
          meanwhile,
          "This message got a reply after the held one was written; nothing was sent. Send the"
              + " held reply back so that its author can read that answer.");
    } finally {
      archive.afterWrite();
    }
    Map<String, Object> view = json(reviews.find(review.id()).orElseThrow());
    view.put("sentMessage", sent.messageId());
    view.put("platformId", sent.platformId());
    exchange.json(200, view);
  }

  void sendBackJson(Exchange exchange) throws IOException {
    JsonNode body = exchange.jsonObject(Set.of("note"));
    Review review = readable(exchange);
    requireModerator(exchange.user());
    JsonNode note = body == null ? null : body.get("note");
    if (note != null && !note.isNull() && !note.isTextual()) {
      throw new HttpProblem.BadRequest("note", "note: expected a text");
    }
    exchange.json(
        200,
        json(
            reviews.sendBack(
                review.id(),
                exchange.user().name(),
                note == null || note.isNull() ? null : note.textValue())));
  }

  void withdrawJson(Exchange exchange) throws IOException {
    exchange.jsonObject(Set.of());
    Review review = readable(exchange);
    exchange.json(200, json(reviews.withdraw(review.id(), exchange.user().name())));
  }

  void approveForm(Exchange exchange) throws IOException {
    Review review = readable(exchange);
    requireModerator(exchange.user());
    String author = exchange.shownName(review.author());
    ConversationActions.Notice notice;
    try {
      reviews.approve(review.id(), exchange.user().name());
      notice = ConversationActions.Notice.done("You approved " + author + "'s reply; it was sent.");
    } catch (Replies.AnsweredMeanwhile meanwhile) {
      ConversationThread.Message first = meanwhile.reply();
      notice =
          ConversationActions.Notice.problem(
              "Nothing was sent: "
                  + (first.staffUser() == null
                      ? "the library's account"
                      : exchange.shownName(first.staffUser()))
                  + " answered this message at "
                  + views.local(first.firstSeenAt())
                  + ", after "
                  + author
                  + " wrote the held reply. Send it back, so that "
                  + author
                  + " can read that answer.",
              null);
    } catch (ReplyFailed failed) {
      notice =
          ConversationActions.Notice.problem(
              failed.unconfirmed()
                  ? failed.getMessage()
                      + " Do not approve it again before the time its review names: it may be out."
                  : "Nothing was sent: " + failed.getMessage() + " The reply still waits.",
              null);
    } catch (ArchiveRefused refused) {
      if (refused.status() != 409) {
        throw refused;
      }
      notice = ConversationActions.Notice.problem(whyRefused(exchange, review, refused), null);
    } finally {
      archive.afterWrite();
    }
    ConversationActions.redirect(exchange, review.conversationId(), notice);
  }

  /**
   * A 409's reason for a page: who decided, by their name, when someone did; else the refusal's own
   * words (the message it answers hidden meanwhile).
   */
  private String whyRefused(Exchange exchange, Review before, ArchiveRefused refused) {
    Review now = reviews.find(before.id()).orElse(before);
    return now.open(reviews.now())
        ? refused.getMessage()
        : ReplyReviews.whyNotOpen(now, exchange::shownName);
  }

  void sendBackForm(Exchange exchange) throws IOException {
    Review review = readable(exchange);
    requireModerator(exchange.user());
    String note = exchange.request().getParameter("note");
    ConversationActions.Notice notice;
    try {
      reviews.sendBack(review.id(), exchange.user().name(), note);
      notice =
          ConversationActions.Notice.done(
              "You sent "
                  + exchange.shownName(review.author())
                  + "'s reply back with your note; it was not sent.");
    } catch (ArchiveRefused refused) {
      if (refused.status() != 409 && refused.status() != 400) {
        throw refused;
      }
      notice =
          ConversationActions.Notice.problem(
                  "The reply was not sent back: "
                      + (refused.status() == 400
                          ? "write a note for its author first."
                          : "it is decided already. " + whyRefused(exchange, review, refused)),
                  null)
              .about(review.id(), note);
    }
    ConversationActions.redirect(exchange, review.conversationId(), notice);
  }

  void withdrawForm(Exchange exchange) throws IOException {
    Review review = readable(exchange);
    ConversationActions.Notice notice;
    try {
      reviews.withdraw(review.id(), exchange.user().name());
      notice =
          ConversationActions.Notice.doneKeeping(
                  "You withdrew your held reply; it was not sent. Its text is in the reply box.",
                  review.text())
              .replyingTo(review.inReplyTo());
    } catch (ArchiveRefused refused) {
      if (refused.status() != 409) {
        throw refused;
      }
      notice = ConversationActions.Notice.problem(whyRefused(exchange, review, refused), null);
    }
    ConversationActions.redirect(exchange, review.conversationId(), notice);
  }

  // ---------------------------------------------------------------- shared

  /** The path's held reply, when the user may read its conversation; else 404, as for none. */
  private Review readable(Exchange exchange) {
    String id = exchange.pathParameter("id");
    HttpProblem.NotFound none = new HttpProblem.NotFound("There is no held reply " + id + ".");
    Review review = reviews.find(id).orElseThrow(() -> none);
    try {
      reads.thread(review.conversationId(), exchange.user());
    } catch (HttpProblem.NotFound hidden) {
      throw none;
    }
    return review;
  }

  private static void requireModerator(IntranetUser user) {
    if (!ConversationActions.mayModerate(user)) {
      throw new HttpProblem.Forbidden("Approving or sending back held replies is for moderators.");
    }
  }

  static Map<String, Object> json(Review review) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", review.id());
    view.put("conversation", review.conversationId());
    view.put("account", review.account());
    view.put("author", review.author());
    view.put("text", review.text());
    view.put("inReplyTo", review.inReplyTo());
    view.put("writtenAt", ArchiveViews.iso(review.writtenAt()));
    view.put("state", review.state().wireName());
    view.put("decidedBy", review.decidedBy());
    view.put("decidedAt", review.decidedAt() == null ? null : ArchiveViews.iso(review.decidedAt()));
    view.put("note", review.note());
    view.put("message", review.messageId());
    view.put("problem", review.problem());
    return view;
  }

  /**
   * The held replies of one conversation as its page shows them: those still open, and those sent
   * back or withdrawn (sent ones are in the thread), with the forms {@code user} may use.
   *
   * @param notice what a review form left, shown at its review
   */
  List<Map<String, Object>> rows(
      ConversationThread thread,
      Exchange exchange,
      ConversationActions.Notice notice,
      List<Review> held) {
    IntranetUser user = exchange.user();
    Instant now = reviews.now();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Review review : held) {
      if (review.state() == ReplyReviews.State.SENT) {
        continue;
      }
      boolean mine = review.author().equals(user.name());
      boolean open = review.open(now);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", review.id());
      row.put("author", exchange.shownName(review.author()));
      row.put("mine", mine);
      row.put("text", review.text());
      row.put("writtenLocal", views.local(review.writtenAt()));
      row.put("writtenAt", ArchiveViews.iso(review.writtenAt()));
      row.put("answers", answered(thread, review.inReplyTo()));
      row.put("waiting", review.state() == ReplyReviews.State.WAITING);
      row.put("sending", review.state() == ReplyReviews.State.SENDING && !open);
      row.put("interrupted", review.interrupted(now));
      row.put("returned", review.state() == ReplyReviews.State.RETURNED);
      row.put("withdrawn", review.state() == ReplyReviews.State.WITHDRAWN);
      row.put("decidedBy", exchange.shownName(review.decidedBy()));
      row.put("decidedLocal", review.decidedAt() == null ? null : views.local(review.decidedAt()));
      row.put("note", review.note());
      // Also while it is being sent: an unconfirmed send says why it waits.
      row.put(
          "problem",
          open || review.state() == ReplyReviews.State.SENDING ? review.problem() : null);
      boolean decides = open && !mine && ConversationActions.mayModerate(user);
      row.put("decides", decides);
      row.put("approveAction", exchange.url("reply-reviews/" + review.id() + "/approve"));
      row.put("sendBackAction", exchange.url("reply-reviews/" + review.id() + "/send-back"));
      row.put(
          "withdrawAction",
          mine && review.state() == ReplyReviews.State.WAITING
              ? exchange.url("reply-reviews/" + review.id() + "/withdraw")
              : null);
      boolean noticed = notice != null && review.id().equals(notice.messageId());
      if (noticed) {
        row.put("reviewNotice", notice.text());
        row.put("noteDraft", notice.reason());
      }
      rows.add(row);
    }
    return rows;
  }

  /** How far back an author's start page lists their replies sent back. */
  static final int SENT_BACK_DAYS = 14;

  /**
   * The start page's part: for a moderator, how many colleagues' replies wait for their decision;
   * for anyone, their own replies sent back in the last fortnight, with the note.
   */
  Map<String, Object> dashboard(Exchange exchange) {
    IntranetUser user = exchange.user();
    Map<String, Object> scope = new LinkedHashMap<>();
    int waiting = waitingFor(user).size();
    if (waiting > 0) {
      scope.put(
          "repliesToReview",
          PageText.number(waiting) + (waiting == 1 ? " reply waits" : " replies wait"));
      scope.put("repliesToReviewUrl", exchange.url("inbox") + "#db-held-title");
    }
    List<Map<String, Object>> back = new ArrayList<>();
    for (Review review : reviews.by(user.name(), SENT_BACK_DAYS)) {
      if (review.state() != ReplyReviews.State.RETURNED) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(
          "url",
          exchange.url("conversations/" + review.conversationId()) + "#review-" + review.id());
      row.put("text", PageText.shortened(review.text().strip(), ANSWERED_WORDS));
      row.put("decidedBy", exchange.shownName(review.decidedBy()));
      row.put("decidedLocal", views.local(review.decidedAt()));
      row.put("note", review.note());
      back.add(row);
    }
    scope.put("repliesSentBack", back);
    scope.put("anyRepliesSentBack", !back.isEmpty());
    return scope;
  }

  /** Whom a held reply answers, as the reply form names it. */
  private static String answered(ConversationThread thread, String inReplyTo) {
    if (inReplyTo == null) {
      return null;
    }
    return thread.messages().stream()
        .filter(m -> m.id().equals(inReplyTo))
        .findFirst()
        .map(
            m ->
                m.shownName()
                    + (m.text().isBlank()
                        ? ""
                        : ": “" + PageText.shortened(m.text().strip(), ANSWERED_WORDS) + "”"))
        .orElse(null);
  }

  private static final int ANSWERED_WORDS = 60;
}
