package org.digitalbranch.queue;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level diff for the history, in the form of {@code git diff --word-diff=plain}: unchanged
 * text as it is, removed words in {@code [-...-]}, added words in {@code {+...+}}.
 */
final class WordDiff {
  private static final Pattern TOKEN = Pattern.compile("\\s+|[^\\s]+");

  private WordDiff() {}

  /** The diff of two texts, or null when they are equal. */
  static String of(String before, String after) {
    String a = before == null ? "" : before;
    String b = after == null ? "" : after;
    if (a.equals(b)) {
      return null;
    }
    List<String> from = tokens(a);
    List<String> to = tokens(b);
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(from, to).getDeltas()) {
      int position = delta.getSource().getPosition();
      from.subList(next, position).forEach(out::append);
      List<String> removed = delta.getSource().getLines();
      List<String> added = delta.getTarget().getLines();
      if (!removed.isEmpty()) {
        out.append("[-").append(String.join("", removed)).append("-]");
      }
      if (!added.isEmpty()) {
        out.append("{+").append(String.join("", added)).append("+}");
      }
      next = position + removed.size();
    }
    from.subList(next, from.size()).forEach(out::append);
    return out.toString();
  }

  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
    return tokens;
  }
}
