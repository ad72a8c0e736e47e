package org.digitalbranch.queue;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings, not errors, for what screen-reader users stumble over.
 *
 * <ul>
 *   <li>Hashtags: a hashtag whose letters are all lowercase or all capitals and that has eight or
 *       more letters is probably several words run together, which a screen reader reads as one
 *       long word. Shorter ones ({@code #books}, {@code #poetry}) pass. When the tag splits into
 *       words we know, the warning suggests the PascalCase form ({@code #summerreading} → {@code
 *       #SummerReading}).
 *   <li>Alt text that is a file name ({@code IMG_1234.jpg}) or shorter than ten characters.
 *   <li>More than three emoji in a row (spaces between them do not break the row): each is read out
 *       by name.
 * </ul>
 */
public final class AccessibilityLint {
  static final int RUN_TOGETHER_LETTERS = 8;
  static final int MIN_ALT_LENGTH = 10;
  static final int MAX_EMOJI_IN_A_ROW = 3;

  private static final Pattern HASHTAG =
      Pattern.compile("(?<![\\w#])#(\\p{L}[\\p{L}\\p{N}_]*)", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern FILE_NAME =
      Pattern.compile(
          "(?i)^\\S+\\.(png|jpe?g|gif|webp|heic|bmp|tiff?)$|^(img|dsc|dscn|pxl|screenshot)[ _-]?\\d+.*$");

  /** Words staff use in library hashtags, to split a run-together tag into a suggestion. */
  private static final Set<String> WORDS =
      Set.of(
          "summer",
          "winter",
          "spring",
          "fall",
          "autumn",
          "reading",
          "read",
          "reads",
          "reader",
          "readers",
          "book",
          "books",
          "club",
          "story",
          "time",
          "library",
          "libraries",
          "public",
          "kids",
          "teen",
          "teens",
          "adult",
          "family",
          "new",
          "week",
          "day",
          "month",
          "night",
          "banned",
          "history",
          "black",
          "pride",
          "local",
          "author",
          "authors",
          "poetry",
          "challenge",
          "program",
          "event",
          "events",
          "free",
          "fun",
          "learn",
          "craft",
          "maker",
          "space",
          "tech",
          "help",
          "card",
          "sign",
          "up",
          "graphic",
          "novel",
          "novels",
          "audio",
          "ebook",
          "ebooks",
          "staff",
          "picks",
          "pick",
          "recommendation",
          "friday",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "saturday",
          "sunday",
          "national",
          "literacy",
          "storytime",
          "game",
          "games");

  public List<LintWarning> check(String text, List<String> altTexts) {
    List<LintWarning> warnings = new ArrayList<>();
    String body = text == null ? "" : text;
    hashtags(body, warnings);
    emojiRuns(body, warnings);
    for (int i = 0; i < altTexts.size(); i++) {
      altText(i, altTexts.get(i), warnings);
    }
    return warnings;
  }

  private static void hashtags(String text, List<LintWarning> warnings) {
    Matcher tags = HASHTAG.matcher(text);
    while (tags.find()) {
      String tag = tags.group(1);
      long letters = tag.codePoints().filter(Character::isLetter).count();
      boolean oneCase =
          tag.equals(tag.toLowerCase(Locale.ROOT)) || tag.equals(tag.toUpperCase(Locale.ROOT));
      if (letters >= RUN_TOGETHER_LETTERS && oneCase) {
        String suggestion = pascalCase(tag.toLowerCase(Locale.ROOT));
        warnings.add(
            new LintWarning(
                "text",
                "#"
                    + tag
                    + ": capitalise each word so screen readers can read it"
                    + (suggestion == null
                        ? " (for example #SummerReading)"
                        : ", as #" + suggestion)));
      }
    }
  }

  /** The tag split into known words with capitals, preferring fewer (longer) words; or null. */
  static String pascalCase(String lower) {
    int n = lower.length();
    String[] best = new String[n + 1];
    int[] words = new int[n + 1];
    best[0] = "";
    for (int end = 1; end <= n; end++) {
      for (int start = 0; start < end; start++) {
        String word = lower.substring(start, end);
        if (best[start] != null && WORDS.contains(word)) {
          int count = words[start] + 1;
          if (best[end] == null || count < words[end]) {
            best[end] = best[start] + Character.toUpperCase(word.charAt(0)) + word.substring(1);
            words[end] = count;
          }
        }
      }
    }
    return best[n] != null && words[n] >= 2 ? best[n] : null;
  }

  private static void emojiRuns(String text, List<LintWarning> warnings) {
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(text);
    int run = 0;
    int longest = 0;
    int start = clusters.first();
    for (int end = clusters.next(); end != BreakIterator.DONE; start = end, end = clusters.next()) {
      String cluster = text.substring(start, end);
      if (Emoji.isEmoji(cluster)) {
        run++;
        longest = Math.max(longest, run);
      } else if (!cluster.isBlank()) {
        run = 0;
      }
    }
    if (longest > MAX_EMOJI_IN_A_ROW) {
      warnings.add(
          new LintWarning(
              "text",
              longest
                  + " emoji in a row: a screen reader reads each one's name; keep to "
                  + MAX_EMOJI_IN_A_ROW
                  + " or fewer"));
    }
  }

  private static void altText(int index, String alt, List<LintWarning> warnings) {
    if (alt == null || alt.isBlank()) {
      return; // a missing alt text is an error at submit, not a hint
    }
    String field = "images[" + index + "].alt";
    // The message names the image: a list of hints for several images is read apart from them.
    String whose = "Image " + (index + 1) + "'s alt text ";
    String trimmed = alt.strip();
    if (FILE_NAME.matcher(trimmed).matches()) {
      warnings.add(
          new LintWarning(field, whose + "looks like a file name; describe what the image shows"));
    } else if (trimmed.codePointCount(0, trimmed.length()) < MIN_ALT_LENGTH) {
      warnings.add(
          new LintWarning(
              field,
              whose + "is under " + MIN_ALT_LENGTH + " characters; describe what the image shows"));
    }
  }
}
