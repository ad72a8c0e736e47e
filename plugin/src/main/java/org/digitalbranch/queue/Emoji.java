package org.digitalbranch.queue;

/** Recognises a grapheme cluster that shows as an emoji picture. */
final class Emoji {
  private Emoji() {}

  /**
   * True for a cluster that starts with an emoji shown as a picture by default (😀), a regional
   * indicator (flags), or a text-default emoji made pictorial by a variation selector, keycap, skin
   * tone or zero-width joiner (❤️, 1️⃣). Plain digits, {@code #} and {@code ©} stay text.
   */
  static boolean isEmoji(String cluster) {
    if (cluster.isEmpty()) {
      return false;
    }
    int first = cluster.codePointAt(0);
    if (first >= 0x1F1E6 && first <= 0x1F1FF) {
      return true;
    }
    if (Character.isEmojiPresentation(first)) {
      return true;
    }
    return Character.isEmoji(first)
        && cluster
            .codePoints()
            .skip(1)
            .anyMatch(
                cp ->
                    cp == 0xFE0F || cp == 0x20E3 || cp == 0x200D || Character.isEmojiModifier(cp));
  }
}
