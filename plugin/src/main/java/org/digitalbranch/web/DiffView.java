package org.digitalbranch.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an edit's record ({@code text: a [-b-]{+c+} d}, {@code link: x → y}) into lines of plain,
 * removed and added pieces, which the template renders as text, {@code <del>} and {@code <ins>}.
 * Each {@code <del>} and {@code <ins>} starts with visually hidden "removed: " or "added: ", as
 * most screen readers do not announce the elements and the colour and strike are not heard. The
 * pieces stay plain strings: the template escapes them, so a diff cannot carry markup.
 */
final class DiffView {

  /** One piece of a line; exactly one of the flags is set, or neither for unchanged text. */
  record Piece(String text, boolean removed, boolean added) {
    public boolean plain() {
      return !removed && !added;
    }
  }

  /** One changed field: its name and its pieces. */
  record Line(String field, List<Piece> pieces) {}

  private static final String ARROW = " → ";

  private DiffView() {}

  static List<Line> of(String diff) {
    if (diff == null || diff.isEmpty()) {
      return List.of();
    }
    List<Line> lines = new ArrayList<>();
    for (String line : diff.split("\n", -1)) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        lines.add(new Line("", List.of(new Piece(line, false, false))));
        continue;
      }
      String field = line.substring(0, colon);
      String rest = line.substring(colon + 2);
      if (field.equals("text")) {
        lines.add(new Line(field, words(rest)));
      } else if (rest.contains(ARROW)) {
        int arrow = rest.indexOf(ARROW);
        lines.add(
            new Line(
                field,
                List.of(
                    new Piece(rest.substring(0, arrow), true, false),
                    new Piece(" ", false, false),
                    new Piece(rest.substring(arrow + ARROW.length()), false, true))));
      } else {
        lines.add(new Line(field, List.of(new Piece(rest, false, false))));
      }
    }
    return lines;
  }

  /**
   * Splits {@code git diff --word-diff=plain} markers: {@code [-removed-]} and {@code {+added+}}.
   */
  private static List<Piece> words(String text) {
    List<Piece> pieces = new ArrayList<>();
    int at = 0;
    StringBuilder plain = new StringBuilder();
    while (at < text.length()) {
      boolean removal = text.startsWith("[-", at);
      boolean addition = text.startsWith("{+", at);
      int end = removal ? text.indexOf("-]", at + 2) : addition ? text.indexOf("+}", at + 2) : -1;
      if (end < 0) {
        plain.append(text.charAt(at));
        at++;
        continue;
      }
      if (!plain.isEmpty()) {
        pieces.add(new Piece(plain.toString(), false, false));
        plain.setLength(0);
      }
      pieces.add(new Piece(text.substring(at + 2, end), removal, addition));
      at = end + 2;
    }
    if (!plain.isEmpty()) {
      pieces.add(new Piece(plain.toString(), false, false));
    }
    return pieces;
  }
}
