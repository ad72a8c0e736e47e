package org.digitalbranch.queue;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Describes an edit for the history: the text as a word diff, other fields as before → after. */
final class Changes {
  private Changes() {}

  /** The description of what changed from {@code before} to {@code after}, or null if nothing. */
  static String between(Post before, Post after, PublishTimes times) {
    List<String> lines = new ArrayList<>();
    String text = WordDiff.of(before.text(), after.text());
    if (text != null) {
      lines.add("text: " + text);
    }
    field(lines, "link", before.link(), after.link());
    field(lines, "topic", before.topic().id(), after.topic().id());
    field(lines, "intent", before.intent().id(), after.intent().id());
    // The same accounts in another order (the edit form lists them in the settings' order) are
    // no change to put on the record.
    if (!new java.util.HashSet<>(before.accounts())
        .equals(new java.util.HashSet<>(after.accounts()))) {
      field(
          lines,
          "accounts",
          String.join(", ", before.accounts()),
          String.join(", ", after.accounts()));
    }
    field(lines, "publishAt", local(before.publishAt(), times), local(after.publishAt(), times));
    field(lines, "images", describe(before.images()), describe(after.images()));
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  /** Read by the history's diffs (and exported), so kept in one sortable form: 2026-11-20T10:00. */
  static String local(Instant instant, PublishTimes times) {
    return instant == null ? "as soon as approved" : times.toLocal(instant).toString();
  }

  /** For a sentence a person reads: "Fri 20 Nov 2026, 10:00", as the pages show times. */
  static String shown(Instant instant, PublishTimes times) {
    return instant == null ? "as soon as approved" : SHOWN.format(times.toLocal(instant));
  }

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

  private static void field(List<String> lines, String name, String before, String after) {
    if (!Objects.equals(before, after)) {
      lines.add(
          name
              + ": "
              + (before == null ? "(none)" : before)
              + " → "
              + (after == null ? "(none)" : after));
    }
  }

  private static String describe(List<PostImage> images) {
    return images.stream().map(i -> i.id() + " \"" + i.alt() + "\"").toList().toString();
  }
}
