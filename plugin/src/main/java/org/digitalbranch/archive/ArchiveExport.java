package org.digitalbranch.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.digitalbranch.archive.ConversationThread.ApprovalStep;
import org.digitalbranch.archive.ConversationThread.Message;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.Version;

/**
 * A thread, or the conversations of a search result, for a public-records request: as JSON (the
 * whole record, raw platform JSON included) and as CSV (one row per version, deletion marker,
 * moderation action and approval step, for a spreadsheet). Both carry every version, deletion
 * markers, moderation actions with their reasons and outcomes, staff replies with who wrote them,
 * the conversation's own trail (closes, reopens, "no answer needed" marks and their withdrawal),
 * and the approval trail of our post when the thread started from one.
 *
 * <p>CSV cells that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or
 * carriage return) get a leading apostrophe: customers write these texts, and records officers open
 * the file in a spreadsheet.
 */
public final class ArchiveExport {

  /** Conversations per export; a larger search result is exported page by page. */
  public static final int MAX_CONVERSATIONS = 1_000;

  static final List<String> CSV_COLUMNS =
      List.of(
          "conversation_id",
          "platform",
          "account",
          "conversation_kind",
          "conversation_status",
          "topic",
          "our_post_id",
          "record",
          "message_id",
          "platform_id",
          "parent_platform_id",
          "message_kind",
          "author_handle",
          "author_name",
          "ours",
          "staff_user",
          "version",
          "at",
          "seen_at",
          "text",
          "action",
          "actor",
          "reason",
          "outcome",
          "from_state",
          "to_state",
          "note",
          // Added after the first release, so at the end: files read by position still read.
          "diff",
          "conversation_answered_by",
          "conversation_answered_at",
          "conversation_closed_by",
          "conversation_closed_at",
          "our_post_link",
          "our_post_published",
          "our_post_images");

  /** Indented with LF on every system, so an export is byte-for-byte reproducible. */
  private static final ObjectWriter JSON =
      new ObjectMapper()
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private static final CsvMapper CSV = csvMapper();
  private static final CsvSchema CSV_SCHEMA = csvSchema();

  private final ArchiveStore store;
  private final Clock clock;

  public ArchiveExport(ArchiveStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Writes the conversations as one JSON document. Whoever exports is on the record too, and which
   * search the conversations are and which part of its result ({@code search}, written as given;
   * null for a thread's export): a file that holds 1,000 of 3,013 conversations says so itself.
   *
   * @throws ArchiveRefused naming the first unknown conversation, before anything is written
   */
  public void writeJson(
      List<String> conversationIds, String exportedBy, Map<String, Object> search, Writer out)
      throws IOException {
    List<ConversationThread> threads = load(conversationIds);
    List<ExportedConversation> conversations = new ArrayList<>(threads.size());
    for (ConversationThread thread : threads) {
      conversations.add(ExportedConversation.of(thread));
    }
    JSON.writeValue(
        out, new ExportedArchive(clock.instant().toString(), exportedBy, search, conversations));
  }

  /**
   * Writes the conversations as CSV: a header row, then for each conversation its approval trail
   * and, message by message in platform order, its versions and moderation actions. RFC 4180
   * quoting and CRLF line ends.
   */
  public void writeCsv(List<String> conversationIds, Writer out) throws IOException {
    List<ConversationThread> threads = load(conversationIds);
    try (SequenceWriter rows = CSV.writer(CSV_SCHEMA).writeValues(out)) {
      for (ConversationThread thread : threads) {
        if (thread.ourPost() != null) {
          rows.write(ourPostRow(thread, thread.ourPost()));
        }
        for (ApprovalStep step : thread.approvalTrail()) {
          rows.write(approvalRow(thread, step));
        }
        for (Message message : thread.messages()) {
          Version previous = null;
          for (Version version : message.versions()) {
            rows.write(versionRow(thread, message, version, previous));
            previous = version;
          }
          for (ModerationAction action : message.moderation()) {
            rows.write(moderationRow(thread, message, action));
          }
          if (message.noAnswerNeeded() != null) {
            rows.write(noAnswerNeededRow(thread, message, message.noAnswerNeeded()));
          }
        }
        for (ReplyReviews.Review held : thread.heldReplies()) {
          rows.write(heldReplyRow(thread, held));
        }
        for (ConversationThread.ConversationAction action : thread.actions()) {
          rows.write(conversationActionRow(thread, action));
        }
      }
    }
  }

  public String json(List<String> conversationIds, String exportedBy) {
    return json(conversationIds, exportedBy, null);
  }

  public String json(List<String> conversationIds, String exportedBy, Map<String, Object> search) {
    StringWriter out = new StringWriter();
    try {
      writeJson(conversationIds, exportedBy, search, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public String csv(List<String> conversationIds) {
    StringWriter out = new StringWriter();
    try {
      writeCsv(conversationIds, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The cell as a spreadsheet shows it without running it: a leading apostrophe keeps {@code
   * =HYPERLINK(...)} and friends as text (OWASP's CSV injection advice).
   */
  static String spreadsheetSafe(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell;
    }
    char first = cell.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      return "'" + cell;
    }
    return cell;
  }

  private List<ConversationThread> load(List<String> conversationIds) {
    Objects.requireNonNull(conversationIds, "conversationIds");
    List<String> ids = List.copyOf(new LinkedHashSet<>(conversationIds));
    if (ids.size() > MAX_CONVERSATIONS) {
      throw ArchiveRefused.invalid(
          "conversations", "at most " + MAX_CONVERSATIONS + " per export; export page by page");
    }
    List<ConversationThread> threads = new ArrayList<>(ids.size());
    for (String id : ids) {
      threads.add(
          store.conversation(id).orElseThrow(() -> ArchiveRefused.notFound("conversation", id)));
    }
    return threads;
  }

  // ---------------------------------------------------------------- CSV rows

  /**
   * Our post as it stands, first in its conversation: its text and link, and each account it went
   * to as "account state url at", so the CSV carries what the JSON's ourPost does.
   */
  private static String[] ourPostRow(ConversationThread thread, ConversationThread.OurPost post) {
    String[] row = conversationCells(thread, "our_post");
    set(row, "text", post.text());
    set(row, "our_post_link", post.link());
    set(
        row,
        "our_post_published",
        post.publications().stream()
            .map(
                p ->
                    String.join(
                        " ",
                        Stream.of(p.account(), p.state(), p.url(), iso(p.publishedAt()))
                            .filter(Objects::nonNull)
                            .toList()))
            .collect(Collectors.joining("; ")));
    set(
        row,
        "our_post_images",
        post.images().stream()
            // The alt text quoted (its quotes doubled), so a "; " inside it splits nothing.
            .map(
                i ->
                    i.id()
                        + " "
                        + i.contentType()
                        + " alt \""
                        + i.alt().replace("\"", "\"\"")
                        + "\"")
            .collect(Collectors.joining("; ")));
    return safe(row);
  }

  private static String[] approvalRow(ConversationThread thread, ApprovalStep step) {
    String[] row = conversationCells(thread, "approval");
    set(row, "version", Integer.toString(step.version()));
    set(row, "at", iso(step.at()));
    set(row, "action", step.action());
    set(row, "actor", step.actor());
    set(row, "from_state", step.from());
    set(row, "to_state", step.to());
    set(row, "note", step.note());
    set(row, "diff", step.diff());
    return safe(row);
  }

  private static String[] versionRow(
      ConversationThread thread, Message message, Version version, Version previous) {
    String[] row = conversationCells(thread, version.deleted() ? "deletion" : "version");
    messageCells(row, message);
    set(row, "version", Integer.toString(version.version()));
    set(row, "at", iso(version.version() == 1 ? message.createdAt() : version.editedAt()));
    set(row, "seen_at", iso(version.seenAt()));
    set(row, "text", version.text());
    if (version.platformCopyOf(previous)) {
      // Two rows of the same words read as the answer sent twice; this one is the platform's
      // record of the first, kept for its JSON (in the JSON export).
      set(row, "note", CONFIRMED);
    }
    return safe(row);
  }

  static final String CONFIRMED =
      "the platform's own copy of the reply sent from the intranet, fetched later: the same"
          + " message, not an edit and not a second reply";

  private static String[] moderationRow(
      ConversationThread thread, Message message, ModerationAction action) {
    String[] row = conversationCells(thread, "moderation");
    messageCells(row, message);
    set(row, "at", iso(action.at()));
    set(row, "action", action.action().wireName());
    set(row, "actor", action.actor());
    set(row, "reason", action.reason());
    set(row, "outcome", action.outcome());
    return safe(row);
  }

  /** A colleague's judgment that a customer message needs no answer: who, and when. */
  private static String[] noAnswerNeededRow(
      ConversationThread thread, Message message, ConversationThread.NoAnswerNeeded mark) {
    String[] row = conversationCells(thread, "no_answer_needed");
    messageCells(row, message);
    set(row, "at", iso(mark.at()));
    set(row, "actor", mark.actor());
    return safe(row);
  }

  /**
   * A reply held for a moderator's review: who wrote it and when, the text, and who decided what
   * (outcome: waiting, sending, sent, returned or withdrawn; the note when sent back).
   */
  private static String[] heldReplyRow(ConversationThread thread, ReplyReviews.Review held) {
    String[] row = conversationCells(thread, "held_reply");
    set(row, "message_id", held.messageId());
    set(row, "staff_user", held.author());
    set(row, "at", iso(held.writtenAt()));
    set(row, "text", held.text());
    set(row, "actor", held.decidedBy());
    set(row, "outcome", held.state().wireName());
    set(row, "seen_at", iso(held.decidedAt()));
    set(row, "note", held.note());
    return safe(row);
  }

  /**
   * A step of the conversation's trail: a close, a reopen (no actor: a new message reopened it), or
   * a mark that a message needs no answer or needs one after all (message_id names it).
   */
  private static String[] conversationActionRow(
      ConversationThread thread, ConversationThread.ConversationAction action) {
    String[] row = conversationCells(thread, "conversation_action");
    set(row, "message_id", action.messageId());
    set(row, "at", iso(action.at()));
    set(row, "action", action.action().wireName());
    set(row, "actor", action.actor());
    return safe(row);
  }

  private static String[] conversationCells(ConversationThread thread, String record) {
    String[] row = new String[CSV_COLUMNS.size()];
    set(row, "conversation_id", thread.id());
    set(row, "platform", thread.platform());
    set(row, "account", thread.account());
    set(row, "conversation_kind", thread.kind().wireName());
    set(row, "conversation_status", thread.status().wireName());
    set(row, "topic", thread.topic());
    set(row, "our_post_id", thread.ourPostId());
    set(row, "record", record);
    set(row, "conversation_answered_by", thread.answeredBy());
    set(row, "conversation_answered_at", iso(thread.answeredAt()));
    set(row, "conversation_closed_by", thread.closedBy());
    set(row, "conversation_closed_at", iso(thread.closedAt()));
    return row;
  }

  private static void messageCells(String[] row, Message message) {
    set(row, "message_id", message.id());
    set(row, "platform_id", message.platformId());
    set(row, "parent_platform_id", message.parentPlatformId());
    set(row, "message_kind", message.kind().wireName());
    set(row, "author_handle", message.authorHandle());
    set(row, "author_name", message.authorName());
    set(row, "ours", Boolean.toString(message.ours()));
    set(row, "staff_user", message.staffUser());
  }

  private static void set(String[] row, String column, String value) {
    row[CSV_COLUMNS.indexOf(column)] = value;
  }

  private static String[] safe(String[] row) {
    for (int i = 0; i < row.length; i++) {
      row[i] = row[i] == null ? "" : spreadsheetSafe(row[i]);
    }
    return row;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static CsvMapper csvMapper() {
    CsvMapper mapper = new CsvMapper();
    mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return mapper;
  }

  private static CsvSchema csvSchema() {
    CsvSchema.Builder builder = CsvSchema.builder();
    CSV_COLUMNS.forEach(builder::addColumn);
    return builder.build().withHeader().withLineSeparator("\r\n");
  }

  // ---------------------------------------------------------------- JSON shape

  /** {@code search} is left out of a thread's export. */
  private record ExportedArchive(
      String exportedAt,
      String exportedBy,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> search,
      List<ExportedConversation> conversations) {}

  private record ExportedConversation(
      String id,
      String platform,
      String account,
      String rootPlatformId,
      String kind,
      String status,
      String topic,
      String startedAt,
      String waitingSince,
      String answeredBy,
      String answeredAt,
      String closedBy,
      String closedAt,
      ExportedPost ourPost,
      List<ExportedMessage> messages,
      List<ExportedHeldReply> heldReplies,
      List<ExportedAction> actions) {

    static ExportedConversation of(ConversationThread t) {
      ExportedPost post =
          t.ourPostId() == null
              ? null
              : new ExportedPost(
                  t.ourPostId(),
                  t.ourPost() == null ? null : t.ourPost().text(),
                  t.ourPost() == null ? null : t.ourPost().link(),
                  t.ourPost() == null
                      ? List.of()
                      : t.ourPost().publications().stream().map(ExportedPublication::of).toList(),
                  t.ourPost() == null ? List.of() : t.ourPost().images(),
                  t.approvalTrail().stream().map(ExportedStep::of).toList());
      return new ExportedConversation(
          t.id(),
          t.platform(),
          t.account(),
          t.rootPlatformId(),
          t.kind().wireName(),
          t.status().wireName(),
          t.topic(),
          iso(t.startedAt()),
          iso(t.waitingSince()),
          t.answeredBy(),
          iso(t.answeredAt()),
          t.closedBy(),
          iso(t.closedAt()),
          post,
          t.messages().stream().map(ExportedMessage::of).toList(),
          t.heldReplies().stream().map(ExportedHeldReply::of).toList(),
          t.actions().stream().map(ExportedAction::of).toList());
    }
  }

  /** A step of the conversation's own trail; {@code actor} null: a new message reopened it. */
  private record ExportedAction(
      int number, String action, String actor, String message, String at) {
    static ExportedAction of(ConversationThread.ConversationAction a) {
      return new ExportedAction(
          a.number(), a.action().wireName(), a.actor(), a.messageId(), iso(a.at()));
    }
  }

  /** A reply held for review, as the conversation's record keeps it. */
  private record ExportedHeldReply(
      String id,
      String author,
      String inReplyTo,
      String text,
      String writtenAt,
      String state,
      String decidedBy,
      String decidedAt,
      String note,
      String message) {
    static ExportedHeldReply of(ReplyReviews.Review h) {
      return new ExportedHeldReply(
          h.id(),
          h.author(),
          h.inReplyTo(),
          h.text(),
          iso(h.writtenAt()),
          h.state().wireName(),
          h.decidedBy(),
          iso(h.decidedAt()),
          h.note(),
          h.messageId());
    }
  }

  /**
   * Our post as it stands: its text and link, where it went out, its images with their alt text,
   * and how it was approved.
   */
  private record ExportedPost(
      String id,
      String text,
      String link,
      List<ExportedPublication> published,
      List<ConversationThread.PostImage> images,
      List<ExportedStep> approvalTrail) {}

  private record ExportedPublication(String account, String state, String url, String publishedAt) {
    static ExportedPublication of(ConversationThread.Publication p) {
      return new ExportedPublication(p.account(), p.state(), p.url(), iso(p.publishedAt()));
    }
  }

  private record ExportedStep(
      String action,
      String actor,
      String at,
      String from,
      String to,
      int version,
      String note,
      String diff) {
    static ExportedStep of(ApprovalStep e) {
      return new ExportedStep(
          e.action(), e.actor(), iso(e.at()), e.from(), e.to(), e.version(), e.note(), e.diff());
    }
  }

  private record ExportedMessage(
      String id,
      String platformId,
      String parentPlatformId,
      String kind,
      String authorHandle,
      String authorName,
      boolean ours,
      String staffUser,
      boolean deleted,
      String createdAt,
      String firstSeenAt,
      List<ExportedVersion> versions,
      List<ExportedModeration> moderation,
      ExportedMark noAnswerNeeded) {
    static ExportedMessage of(Message m) {
      return new ExportedMessage(
          m.id(),
          m.platformId(),
          m.parentPlatformId(),
          m.kind().wireName(),
          m.authorHandle(),
          m.authorName(),
          m.ours(),
          m.staffUser(),
          m.deleted(),
          iso(m.createdAt()),
          iso(m.firstSeenAt()),
          ExportedVersion.of(m.versions()),
          m.moderation().stream().map(ExportedModeration::of).toList(),
          m.noAnswerNeeded() == null
              ? null
              : new ExportedMark(m.noAnswerNeeded().actor(), iso(m.noAnswerNeeded().at())));
    }
  }

  /** Who judged a customer message to need no answer, and when. */
  private record ExportedMark(String actor, String at) {}

  /**
   * {@code raw} is the platform's JSON as fetched, kept as a string so its bytes are exact; {@code
   * platformCopy}: the platform's own copy of a reply sent from here (the CSV's note).
   */
  private record ExportedVersion(
      int version,
      String text,
      boolean deleted,
      String editedAt,
      String seenAt,
      boolean platformCopy,
      String raw) {
    static List<ExportedVersion> of(List<Version> versions) {
      List<ExportedVersion> exported = new ArrayList<>();
      Version previous = null;
      for (Version v : versions) {
        exported.add(
            new ExportedVersion(
                v.version(),
                v.text(),
                v.deleted(),
                iso(v.editedAt()),
                iso(v.seenAt()),
                v.platformCopyOf(previous),
                v.rawJson()));
        previous = v;
      }
      return exported;
    }
  }

  private record ExportedModeration(
      int number,
      String actor,
      String action,
      String reason,
      String at,
      String outcome,
      String settledAt) {
    static ExportedModeration of(ModerationAction a) {
      return new ExportedModeration(
          a.number(),
          a.actor(),
          a.action().wireName(),
          a.reason(),
          iso(a.at()),
          a.outcome(),
          iso(a.settledAt()));
    }
  }
}
