package org.digitalbranch.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.digitalbranch.archive.ArchiveSearch.SimilarConversation;
import org.digitalbranch.archive.ArchivedConversation;
import org.digitalbranch.archive.ArchivedMessage;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.SearchResults;

/**
 * The archive's values as the API's JSON shapes (documented in {@code docs/api.md}). Pages start
 * from the same maps, so a page and the API never disagree on what a field means. Every text is
 * plain: the JSON writer and the template engine escape it.
 */
final class ArchiveViews {

  /** Characters of an opening message shown when a hit has no highlighted snippet. */
  static final int PLAIN_SNIPPET = 200;

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

  private final ZoneId zone;

  ArchiveViews(ZoneId zone) {
    this.zone = zone;
  }

  /** A time as the library reads it, in its own zone. */
  String local(Instant instant) {
    return instant == null ? null : LOCAL.format(instant.atZone(zone));
  }

  /** Today as the library's calendar has it, for a file's name. */
  LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(zone));
  }

  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  Map<String, Object> results(SearchResults results) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", results.total());
    body.put("page", results.page());
    body.put("size", results.size());
    List<Map<String, Object>> hits = new ArrayList<>();
    for (SearchResults.Hit hit : results.hits()) {
      hits.add(hit(hit));
    }
    body.put("hits", hits);
    Map<String, Map<String, Integer>> facets = new LinkedHashMap<>();
    results
        .facets()
        .forEach(
            (dimension, counts) -> {
              Map<String, Integer> byValue = new LinkedHashMap<>();
              counts.forEach(count -> byValue.put(count.value(), count.count()));
              facets.put(dimension, byValue);
            });
    body.put("facets", facets);
    body.put("didYouMean", results.didYouMean());
    // Which of the two it was: null when every word was searched as typed (didYouMean, if any, is
    // only an offer); else the query the hits are for, and each word it replaced.
    body.put("searchedAs", results.searchedAs());
    body.put("replaced", results.replaced());
    return body;
  }

  /**
   * A hit: the conversation's fields, the best matching message's id, author, time and snippet at
   * the top, and every matching message (at most three) with its snippet under {@code messages}.
   * Without words in the query the opening message stands in, its start as an unmarked snippet.
   */
  Map<String, Object> hit(SearchResults.Hit hit) {
    ArchivedConversation conversation = hit.conversation();
    List<Map<String, Object>> messages = new ArrayList<>();
    for (SearchResults.MatchedMessage match : hit.matches()) {
      ArchivedMessage message = messageById(conversation, match.messageId());
      if (message != null) {
        messages.add(message(message, segments(match.snippet())));
      }
    }
    if (messages.isEmpty() && !conversation.messages().isEmpty()) {
      ArchivedMessage opening = conversation.messages().get(0);
      messages.add(message(opening, List.of(segment(shortened(opening.text()), false))));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> best = messages.isEmpty() ? Map.of() : messages.get(0);
    body.put("id", best.get("id"));
    body.put("conversation", conversation.id());
    body.put("platform", conversation.platform());
    body.put("account", conversation.account());
    body.put("kind", conversation.kind().wireName());
    body.put("status", conversation.status().wireName());
    body.put("topic", conversation.topic());
    body.put("staff", conversation.staff());
    body.put("startedAt", iso(conversation.startedAt()));
    body.put("author", best.get("author"));
    body.put("authorName", best.get("authorName"));
    body.put("at", best.get("at"));
    body.put("snippet", best.getOrDefault("snippet", List.of()));
    body.put("messageCount", conversation.messages().size());
    body.put("messages", messages);
    return body;
  }

  private static ArchivedMessage messageById(ArchivedConversation conversation, String id) {
    for (ArchivedMessage message : conversation.messages()) {
      if (message.id().equals(id)) {
        return message;
      }
    }
    return null;
  }

  private static Map<String, Object> message(
      ArchivedMessage message, List<Map<String, Object>> snippet) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", message.id());
    body.put("author", message.author());
    body.put("authorName", nameOf(message));
    body.put("staff", message.staff());
    body.put("staffUser", message.staffUser());
    body.put("kind", message.kind().wireName());
    body.put("at", iso(message.at()));
    body.put("deleted", message.deleted());
    body.put("snippet", snippet);
    return body;
  }

  /**
   * Whose conversation a hit is, for its title: the first patron among its matching messages (a
   * thread under the library's post is the patrons' conversation, not the library's), else the best
   * match's author, each by name where the platform gave one, else by handle.
   */
  static String titleAuthor(Map<String, Object> hit) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages = (List<Map<String, Object>>) hit.get("messages");
    Map<String, Object> by = hit;
    for (Map<String, Object> message : messages) {
      if (!Boolean.TRUE.equals(message.get("staff"))) {
        by = message;
        break;
      }
    }
    return by.get("author") == null ? "Conversation" : shownAuthor(by);
  }

  /**
   * An author as a reader recognises them, from a message's view: the platform's name for them,
   * else their handle (on Facebook a number).
   */
  static String shownAuthor(Map<String, Object> message) {
    Object name = message.get("authorName");
    return String.valueOf(name != null ? name : message.get("author"));
  }

  /** The platform's name for the author, or null (a blank one is no name). */
  private static String nameOf(ArchivedMessage message) {
    String name = message.authorName();
    return name == null || name.isBlank() ? null : name;
  }

  static List<Map<String, Object>> segments(List<SearchResults.Segment> segments) {
    List<Map<String, Object>> body = new ArrayList<>();
    for (SearchResults.Segment segment : segments) {
      body.add(segment(segment.text(), segment.highlighted()));
    }
    return body;
  }

  private static Map<String, Object> segment(String text, boolean highlighted) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("highlighted", highlighted);
    return body;
  }

  static String shortened(String text) {
    if (text.length() <= PLAIN_SNIPPET) {
      return text;
    }
    int cut = text.lastIndexOf(' ', PLAIN_SNIPPET);
    return text.substring(0, cut > PLAIN_SNIPPET / 2 ? cut : PLAIN_SNIPPET) + "…";
  }

  Map<String, Object> inboxEntry(InboxEntry entry) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", entry.conversationId());
    body.put("account", entry.account());
    body.put("platform", entry.platform());
    body.put("kind", entry.kind().wireName());
    body.put("status", entry.status().wireName());
    body.put("topic", entry.topic());
    body.put("startedAt", iso(entry.startedAt()));
    body.put("waitingSince", iso(entry.waitingSince()));
    body.put("answeredBy", entry.answeredBy());
    body.put("messages", entry.messages());
    body.put("latestCustomerAuthor", entry.latestCustomerAuthor());
    body.put("latestCustomerText", entry.latestCustomerText());
    body.put("waitingAuthor", entry.waitingAuthor());
    body.put("waitingText", entry.waitingText());
    return body;
  }

  /** The whole thread: every message with its versions, deletions and moderation actions. */
  Map<String, Object> thread(ConversationThread thread) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", thread.id());
    body.put("account", thread.account());
    body.put("platform", thread.platform());
    body.put("kind", thread.kind().wireName());
    body.put("status", thread.status().wireName());
    body.put("topic", thread.topic());
    body.put("ourPostId", thread.ourPostId());
    body.put("startedAt", iso(thread.startedAt()));
    body.put("waitingSince", iso(thread.waitingSince()));
    body.put("answeredBy", thread.answeredBy());
    body.put("answeredAt", iso(thread.answeredAt()));
    body.put("closedBy", thread.closedBy());
    body.put("closedAt", iso(thread.closedAt()));
    List<Map<String, Object>> messages = new ArrayList<>();
    for (ConversationThread.Message message : thread.messages()) {
      messages.add(threadMessage(message));
    }
    body.put("messages", messages);
    List<Map<String, Object>> trail = new ArrayList<>();
    for (ConversationThread.ApprovalStep step : thread.approvalTrail()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("action", step.action());
      row.put("actor", step.actor());
      row.put("at", iso(step.at()));
      row.put("from", step.from());
      row.put("to", step.to());
      row.put("version", step.version());
      row.put("note", step.note());
      row.put("diff", step.diff()); // as the export has it: what a moderator's edit changed
      trail.add(row);
    }
    body.put("approvalTrail", trail);
    body.put("heldReplies", thread.heldReplies().stream().map(ReplyReviewActions::json).toList());
    List<Map<String, Object>> actions = new ArrayList<>();
    for (ConversationThread.ConversationAction action : thread.actions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("number", action.number());
      row.put("action", action.action().wireName());
      row.put("actor", action.actor());
      row.put("message", action.messageId());
      row.put("at", iso(action.at()));
      actions.add(row);
    }
    body.put("actions", actions);
    return body;
  }

  private Map<String, Object> threadMessage(ConversationThread.Message message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", message.id());
    body.put("platformId", message.platformId());
    body.put("parentPlatformId", message.parentPlatformId());
    body.put("kind", message.kind().wireName());
    body.put("authorHandle", message.authorHandle());
    body.put("authorName", message.authorName());
    body.put("ours", message.ours());
    body.put("staffUser", message.staffUser());
    body.put("createdAt", iso(message.createdAt()));
    body.put("firstSeenAt", iso(message.firstSeenAt()));
    body.put("text", message.text());
    body.put("edited", edited(message));
    body.put("deleted", message.deleted());
    List<Map<String, Object>> versions = new ArrayList<>();
    ConversationThread.Version previous = null;
    for (ConversationThread.Version version : message.versions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", version.version());
      row.put("text", version.text());
      row.put("deleted", version.deleted());
      row.put("editedAt", iso(version.editedAt()));
      row.put("seenAt", iso(version.seenAt()));
      // The same words twice read as the answer sent twice: the second is the platform's copy.
      row.put("platformCopy", version.platformCopyOf(previous));
      versions.add(row);
      previous = version;
    }
    body.put("versions", versions);
    List<Map<String, Object>> moderation = new ArrayList<>();
    for (ConversationThread.ModerationAction action : message.moderation()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("number", action.number());
      row.put("action", action.action().wireName());
      row.put("actor", action.actor());
      row.put("reason", action.reason());
      row.put("at", iso(action.at()));
      row.put("outcome", action.outcome());
      row.put("settledAt", iso(action.settledAt()));
      moderation.add(row);
    }
    body.put("moderation", moderation);
    ConversationThread.NoAnswerNeeded notNeeded = message.noAnswerNeeded();
    body.put(
        "noAnswerNeeded",
        notNeeded == null ? null : Map.of("actor", notNeeded.actor(), "at", iso(notNeeded.at())));
    return body;
  }

  /**
   * Edited: its text changed (a deletion marker is not an edit, nor the platform's copy of a reply
   * sent from here, which repeats its words).
   */
  static boolean edited(ConversationThread.Message message) {
    return message.textChanges().size() > 1;
  }

  Map<String, Object> similar(SimilarConversation similar) {
    ArchivedConversation conversation = similar.conversation();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("conversation", conversation.id());
    body.put("platform", conversation.platform());
    body.put("account", conversation.account());
    body.put("kind", conversation.kind().wireName());
    body.put("startedAt", iso(conversation.startedAt()));
    ArchivedMessage question = similar.question();
    body.put("question", question == null ? null : question.text());
    List<Map<String, Object>> answers = new ArrayList<>();
    for (ArchivedMessage answer : similar.answers()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", answer.id());
      row.put("author", answer.author());
      row.put("authorName", nameOf(answer));
      row.put("staffUser", answer.staffUser());
      row.put("at", iso(answer.at()));
      row.put("text", answer.text());
      answers.add(row);
    }
    body.put("answers", answers);
    return body;
  }
}
