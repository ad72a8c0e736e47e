package org.digitalbranch.archive;

import java.io.IOException;
import java.text.Normalizer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Writes each word in Unicode's composed form (NFC): "é" typed as "e" and a combining acute accent
 * (what a Mac's copy and paste often gives, and some phones send) becomes the one character "é",
 * which the accent folding after it knows. Before, "résumé" pasted that way found nothing where the
 * same word typed directly found ten conversations. A token filter, not a character filter, so the
 * offsets the highlighter marks stay those of the text as written.
 */
final class ComposedFormFilter extends TokenFilter {

  /** The first combining mark; a word with nothing from here up is composed already. */
  private static final char FIRST_COMBINING = '\u0300';

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  ComposedFormFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    if (mayBeDecomposed()) {
      String composed = Normalizer.normalize(term, Normalizer.Form.NFC);
      if (!composed.contentEquals(term)) {
        term.setEmpty().append(composed);
      }
    }
    return true;
  }

  /** Most words are plain ASCII: they skip the normaliser. */
  private boolean mayBeDecomposed() {
    char[] chars = term.buffer();
    for (int i = 0; i < term.length(); i++) {
      if (chars[i] >= FIRST_COMBINING) {
        return true;
      }
    }
    return false;
  }
}
