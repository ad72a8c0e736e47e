package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.ReplyReviews;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.IntranetUser;

/**
 * {@code /inbox}: conversations waiting for an answer first, the longest waiting first (or, when
 * asked, the newest first, to find what just arrived), then the rest; filtered by account and kind
 * with a plain GET form, with the unanswered counts beside each choice (each within the other
 * filter's choice) and in the summary (within both, beside the total). Direct messages only of the
 * user's teams.
 */
final class InboxPage {

  static final int PAGE_SIZE = 50;

  /** Characters of a held reply shown in the moderators' list. */
  private static final int HELD_WORDS = 120;

  /**
   * What a row's form left for the list: the sentence, and the row's place on the page (from 0; -1
   * when unknown), where the sentence is shown and takes the focus.
   */
  record Notice(String text, int row) implements java.io.Serializable {}

  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final DigitalBranchConfig config;
  private final ReplyReviewActions reviews;

  InboxPage(
      ArchiveReads reads,
      ArchiveViews views,
      DigitalBranchConfig config,
      ReplyReviewActions reviews) {
    this.reads = reads;
    this.views = views;
    this.config = config;
    this.reviews = reviews;
  }

  void show(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    InboxFilter filter =
        ArchiveApi.inboxFilter(exchange.request(), reads.inboxFilter(user).page(PAGE_SIZE, 0));
    // One more than shown says whether there is a next page.
    List<InboxEntry> entries =
        reads.inbox(
            filter.page(Math.min(filter.limit() + 1, InboxFilter.MAX_LIMIT), filter.offset()));
    boolean more = entries.size() > filter.limit();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<InboxEntry> shown = entries.subList(0, Math.min(entries.size(), filter.limit()));
    // One query for the page: where a colleague's reply already waits for review.
    java.util.Set<String> replyHeldIn =
        reviews.withAReplyHeld(shown.stream().map(InboxEntry::conversationId).toList());
    for (InboxEntry entry : shown) {
      Map<String, Object> row = views.inboxEntry(entry);
      row.put("replyHeld", replyHeldIn.contains(entry.conversationId()));
      row.put("answeredBy", exchange.shownName(entry.answeredBy()));
      row.put("url", exchange.url("conversations/" + entry.conversationId()));
      row.put("unanswered", entry.status() == ConversationStatus.UNANSWERED);
      row.put("waitingSinceLocal", views.local(entry.waitingSince()));
      row.put("startedLocal", views.local(entry.startedAt()));
      row.put("kindLabel", kindLabel(entry.kind()));
      // What the row is about: the message that waits, else the newest from the customer.
      boolean waits = entry.waitingText() != null || entry.waitingAuthor() != null;
      row.put("shownAuthor", waits ? entry.waitingAuthor() : entry.latestCustomerAuthor());
      row.put("shownText", waits ? entry.waitingText() : entry.latestCustomerText());
      // Triage from the list: a thank-you that waits is dealt with here, without opening it.
      row.put(
          "notNeededAction",
          entry.status() == ConversationStatus.UNANSWERED && entry.waitingMessageId() != null
              ? exchange.url("messages/" + entry.waitingMessageId() + "/answer-needed")
              : null);
      row.put("position", rows.size());
      rows.add(row);
    }
    Notice notice = PageNotes.take(exchange, "inbox", "notice", Notice.class);
    if (notice != null && notice.row() >= 0 && notice.row() < rows.size()) {
      // Where the row was: the row now in its place follows it, whether the one triaged moved
      // down the list or stayed.
      rows.get(notice.row()).put("rowNotice", notice.text());
    }
    ArchiveReads.UnansweredCounts counts =
        reads.unansweredCounts(user, filter.account(), filter.kind());
    Map<String, Integer> byAccount = counts.byAccount();
    Map<String, Integer> byKind = counts.byKind();

    List<Map<String, Object>> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      accounts.add(
          option(
              account.id(),
              account.id() + " (" + account.platform().id() + ")",
              byAccount.getOrDefault(account.id(), 0),
              account.id().equals(filter.account())));
    }
    List<Map<String, Object>> kinds = new ArrayList<>();
    for (MessageKind kind : MessageKind.values()) {
      kinds.add(
          option(
              kind.wireName(),
              kindLabel(kind),
              byKind.getOrDefault(kind.wireName(), 0),
              kind == filter.kind()));
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    // A moderator's other queue: colleagues' replies held for review, oldest first.
    List<Map<String, Object>> held = new ArrayList<>();
    for (ReplyReviews.Review review : reviews.waitingFor(user)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(
          "url",
          exchange.url("conversations/" + review.conversationId()) + "#review-" + review.id());
      row.put("author", exchange.shownName(review.author()));
      row.put("account", review.account());
      row.put("writtenAt", ArchiveViews.iso(review.writtenAt()));
      row.put("writtenLocal", views.local(review.writtenAt()));
      row.put("text", PageText.shortened(review.text().strip(), HELD_WORDS));
      row.put("problem", review.problem() != null);
      held.add(row);
    }
    scope.put("held", held);
    scope.put("hasHeld", !held.isEmpty());
    scope.put(
        "heldCount", PageText.number(held.size()) + (held.size() == 1 ? " reply" : " replies"));
    scope.put("inboxUrl", exchange.url("inbox"));
    scope.put("archiveUrl", exchange.url("archive"));
    scope.put("csrf", exchange.csrfToken());
    scope.put("back", relativePageUrl(filter, filter.offset()));
    scope.put(
        "notice",
        notice != null && (notice.row() < 0 || notice.row() >= rows.size()) ? notice.text() : null);
    scope.put("waiting", waiting(filter, counts));
    scope.put("accounts", accounts);
    scope.put("kinds", kinds);
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (ConversationStatus status : ConversationStatus.values()) {
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("value", status.wireName());
      option.put("label", statusLabel(status));
      option.put("lower", statusLabel(status).toLowerCase(Locale.ROOT));
      option.put("selected", status == filter.status());
      statuses.add(option);
    }
    scope.put("statuses", statuses);
    // The caption says what the list holds: with a status chosen, only that status.
    scope.put(
        "listLabel",
        filter.status() == null
            ? "unanswered first"
            : "only " + statusLabel(filter.status()).toLowerCase(java.util.Locale.ROOT));
    boolean newest = filter.order() == InboxFilter.Order.NEWEST;
    scope.put("newest", newest);
    scope.put("orderLabel", newest ? "the newest first" : "the longest waiting first");
    scope.put(
        "filtered",
        filter.account() != null || filter.kind() != null || filter.status() != null || newest);
    scope.put("rows", rows);
    scope.put("empty", rows.isEmpty());
    scope.put("from", filter.offset() + 1);
    scope.put("to", filter.offset() + rows.size());
    if (filter.offset() > 0) {
      scope.put(
          "previousUrl", pageUrl(exchange, filter, Math.max(0, filter.offset() - filter.limit())));
    }
    if (more) {
      scope.put("nextUrl", pageUrl(exchange, filter, filter.offset() + filter.limit()));
    }
    // No empty "Inbox pages" landmark when there is one page only.
    scope.put("paging", filter.offset() > 0 || more);
    // Past the last page: an empty page says so, not "no conversations yet".
    scope.put("pastTheEnd", rows.isEmpty() && filter.offset() > 0);
    scope.put("firstPageUrl", pageUrl(exchange, filter, 0));
    exchange.page(title(filter, rows.size()), "inbox", scope, List.of("archive.css"));
  }

  /**
   * The tab's title says which list and which part of it, so tabs and history tell a filtered or
   * later page from the inbox's start: "Inbox: direct messages on masto-main, 51 to 100".
   */
  static String title(InboxFilter filter, int shown) {
    List<String> what = new ArrayList<>();
    if (filter.status() != null) {
      what.add(statusLabel(filter.status()).toLowerCase(Locale.ROOT));
    }
    if (filter.kind() != null) {
      what.add(kindNouns(filter.kind()));
    }
    String title = "Inbox" + (what.isEmpty() ? "" : ": " + String.join(" ", what));
    if (filter.account() != null) {
      title += (what.isEmpty() ? ": " : " ") + "on " + filter.account();
    }
    if (filter.offset() > 0) {
      title +=
          shown == 0
              ? ", past the end"
              : ", " + (filter.offset() + 1) + " to " + (filter.offset() + shown);
    }
    return title;
  }

  /**
   * The summary's sentence: how many of the conversations waiting for an answer the chosen account
   * and kind hold, with the total beside it ("2 comments waiting for an answer on fb-main, of 4
   * waiting in all."). The status and order do not narrow it: it counts what waits.
   */
  static String waiting(InboxFilter filter, ArchiveReads.UnansweredCounts counts) {
    if (filter.account() == null && filter.kind() == null) {
      return PageText.count(counts.total(), "conversation") + " waiting for an answer.";
    }
    MessageKind kind = filter.kind();
    String matching =
        kind == null
            ? PageText.count(counts.matching(), "conversation")
            : PageText.number(counts.matching())
                + " "
                + (counts.matching() == 1 ? kindNoun(kind) : kindNouns(kind));
    return matching
        + " waiting for an answer"
        + (filter.account() == null ? "" : " on " + filter.account())
        + ", of "
        + PageText.number(counts.total())
        + " waiting in all.";
  }

  private static String kindNoun(MessageKind kind) {
    return kindLabel(kind).toLowerCase(Locale.ROOT);
  }

  private static String kindNouns(MessageKind kind) {
    return switch (kind) {
      case COMMENT -> "comments";
      case REPLY -> "replies";
      case MENTION -> "mentions";
      case DIRECT_MESSAGE -> "direct messages";
    };
  }

  static String statusLabel(ConversationStatus status) {
    return switch (status) {
      case UNANSWERED -> "Unanswered";
      case ANSWERED -> "Answered";
      case CLOSED -> "Closed";
    };
  }

  private static String pageUrl(Exchange exchange, InboxFilter filter, int offset) {
    return exchange.url(relativePageUrl(filter, offset));
  }

  /** The inbox page as a path within the plugin's pages, for a form to come back to. */
  static String relativePageUrl(InboxFilter filter, int offset) {
    StringBuilder query = new StringBuilder();
    if (filter.account() != null) {
      ArchiveParams.append(query, "account", filter.account());
    }
    if (filter.kind() != null) {
      ArchiveParams.append(query, "kind", filter.kind().wireName());
    }
    if (filter.status() != null) {
      ArchiveParams.append(query, "status", filter.status().wireName());
    }
    if (filter.order() == InboxFilter.Order.NEWEST) {
      ArchiveParams.append(query, "order", "newest");
    }
    if (offset > 0) {
      ArchiveParams.append(query, "offset", Integer.toString(offset));
    }
    return "inbox" + (query.isEmpty() ? "" : "?" + query);
  }

  private static Map<String, Object> option(
      String value, String label, int count, boolean selected) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("value", value);
    option.put("label", label);
    option.put("count", PageText.number(count));
    option.put("selected", selected);
    return option;
  }

  static String kindLabel(MessageKind kind) {
    return switch (kind) {
      case COMMENT -> "Comment";
      case REPLY -> "Reply";
      case MENTION -> "Mention";
      case DIRECT_MESSAGE -> "Direct message";
    };
  }
}
