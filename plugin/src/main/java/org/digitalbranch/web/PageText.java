package org.digitalbranch.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Network;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Topic;

/** The words and times the queue's pages show, in one place so every page says them alike. */
final class PageText {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  /** What a redirect's {@code done} parameter reports: fixed sentences, never reflected text. */
  private static final Map<String, String> DONE =
      Map.ofEntries(
          Map.entry("saved", "Draft saved."),
          Map.entry("submitted", "Submitted for review. A moderator will look at it."),
          Map.entry("edited", "Changes saved."),
          Map.entry("approved", "Approved."),
          Map.entry("rejected", "Rejected. The author sees your reason."),
          Map.entry("request-changes", "Sent back to the author with your note."),
          Map.entry("withdrawn", "Withdrawn. It will not be published."),
          Map.entry("paused", "Publishing is paused. Nothing goes out until it is resumed."),
          Map.entry("resumed", "Publishing is running again."));

  private final ZoneId zone;

  PageText(ZoneId zone) {
    this.zone = zone;
  }

  ZoneId zone() {
    return zone;
  }

  /** {@code Tue 1 Dec 2026, 09:00} in the library's zone. */
  String when(Instant instant) {
    return instant == null ? null : WHEN.format(instant.atZone(zone));
  }

  /** A time as typed in a form, in the library's zone already, as {@link #when(Instant)}. */
  static String when(LocalDateTime local) {
    return local == null ? null : WHEN.format(local);
  }

  /** The machine-readable form for {@code <time datetime>}. */
  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** The value a {@code datetime-local} input takes. */
  String inputValue(Instant instant) {
    return instant == null ? null : INPUT.format(instant.atZone(zone));
  }

  static String inputValue(LocalDateTime local) {
    return local == null ? null : INPUT.format(local);
  }

  /** {@code 45 min}, {@code 3 h}, {@code 2 d 4 h}: how long something has waited. */
  static String age(Duration age) {
    long minutes = Math.max(0, age.toMinutes());
    if (minutes < 1) {
      return "under a minute";
    }
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return hours + " h";
    }
    long days = hours / 24;
    long rest = hours % 24;
    return rest == 0 ? days + " d" : days + " d " + rest + " h";
  }

  /**
   * {@code 1 conversation}, {@code 1,633 conversations}: a count with its noun, for the pages (the
   * API gives bare numbers). Every noun the pages count takes a plain {@code s}.
   */
  static String count(long n, String noun) {
    return number(n) + " " + (n == 1 ? noun : noun + "s");
  }

  /** {@code 2}, {@code 2 and 3}, {@code 2, 3 and 4}: items in a sentence. */
  static String list(List<String> items) {
    int n = items.size();
    return n <= 1
        ? String.join("", items)
        : String.join(", ", items.subList(0, n - 1)) + " and " + items.get(n - 1);
  }

  /** {@code 1,633}: a count with its thousands separated, as the pages show numbers. */
  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String done(String key) {
    return key == null ? null : DONE.get(key);
  }

  static String state(PostState state) {
    return switch (state) {
      case DRAFT -> "Draft";
      case SUBMITTED -> "Waiting for review";
      case CHANGES_REQUESTED -> "Changes requested";
      case APPROVED -> "Approved";
      case REJECTED -> "Rejected";
      case WITHDRAWN -> "Withdrawn";
      case HELD -> "Held: its time passed";
      case PUBLISHING -> "Publishing";
      case PUBLISHED -> "Published";
    };
  }

  /**
   * A history row's action in the words a colleague would use. The record keeps the workflow's ids
   * ("request-changes", "start-publishing"), which the API and exports show as they are; a page
   * reading "request-changes: Waiting for review → Changes requested" made people decode it. An id
   * this list does not know (an older or newer plugin's) is shown as it is stored.
   */
  static String historyStep(String action) {
    return switch (action) {
      case "create" -> "Started the draft";
      case "submit" -> "Sent for review";
      case "approve" -> "Approved";
      case "reject" -> "Rejected";
      case "request-changes" -> "Sent back for changes";
      case "withdraw" -> "Withdrew the post";
      case "edit" -> "Edited";
      case "hold" -> "Held for a new decision";
      case "start-publishing" -> "Started publishing";
      case "retry-publish" -> "Asked to publish again";
      case "publish" -> "Published";
      default -> action;
    };
  }

  /**
   * Who took a step that nobody took: the publisher's own steps are recorded under the actor
   * "system", which read on a page like a person's sign-in name.
   */
  static boolean automatic(String action) {
    return switch (action) {
      case "hold", "start-publishing", "publish" -> true;
      default -> false;
    };
  }

  static final String AUTOMATIC_ACTOR = "Digital Branch, automatically";

  /** A web address inside a platform's message: up to a space, a bracket or a quote. */
  private static final Pattern WEB_ADDRESS = Pattern.compile("https?://[^\\s()<>\"']+");

  /**
   * A message cut into pieces for a template: plain text, and the web addresses in it as links (a
   * refused duplicate names the other post, which the moderator wants to open and compare). Only
   * http and https addresses become links; the template escapes every piece. A sentence's full stop
   * or comma after an address is left out of it. Every piece says whether it is a link: a key
   * missing from a piece is looked up in the enclosing scopes (the target's row, the page).
   */
  static List<Map<String, Object>> withLinks(String message) {
    List<Map<String, Object>> pieces = new ArrayList<>();
    if (message == null) {
      return pieces;
    }
    Matcher found = WEB_ADDRESS.matcher(message);
    int at = 0;
    while (found.find()) {
      int end = found.end();
      while (end > found.start() && ".,;:!?".indexOf(message.charAt(end - 1)) >= 0) {
        end--;
      }
      if (found.start() > at) {
        pieces.add(Map.of("text", message.substring(at, found.start()), "link", false));
      }
      String address = message.substring(found.start(), end);
      pieces.add(Map.of("text", address, "link", true, "href", address));
      at = end;
    }
    if (at < message.length()) {
      pieces.add(Map.of("text", message.substring(at), "link", false));
    }
    return pieces;
  }

  static String topic(Topic topic) {
    return switch (topic) {
      case READERS_ADVISORY -> "Readers' advisory";
      case CURRENT_EVENTS -> "Current events";
      case MATERIALS -> "Materials";
      case EVENTS -> "Events";
      case SERVICES -> "Services";
    };
  }

  static String intent(Intent intent) {
    return switch (intent) {
      case ENGAGEMENT -> "Engagement";
      case PROMOTION -> "Promotion";
    };
  }

  static String network(Network network) {
    return switch (network) {
      case FACEBOOK -> "Facebook";
      case INSTAGRAM -> "Instagram";
      case MASTODON -> "Mastodon";
      case BLUESKY -> "Bluesky";
      case X -> "X";
    };
  }

  /** The counter's unit, as the platform counts. */
  static String unit(Network network) {
    return switch (network) {
      case X -> "weighted characters";
      default -> "characters";
    };
  }

  /** At most {@code limit} characters, counted and cut whole, with an ellipsis when cut. */
  static String shortened(String text, int limit) {
    if (text.codePointCount(0, text.length()) <= limit) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, limit - 1)).stripTrailing() + "…";
  }

  /** A post's first words, for a page title that tells one post's tab from another's. */
  static String firstWords(String text) {
    return shortened(text.strip().lines().findFirst().orElse(""), 40);
  }

  /** The first line of a post, cut to fit a table cell. */
  static String excerpt(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    if (line.isEmpty()) {
      return "(no text yet)";
    }
    int cut = line.offsetByCodePoints(0, Math.min(80, line.codePointCount(0, line.length())));
    return cut < line.length() ? line.substring(0, cut) + "…" : line;
  }
}
