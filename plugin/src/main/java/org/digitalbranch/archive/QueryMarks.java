package org.digitalbranch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The words of a search marked in a whole message, for the conversation a person opened from the
 * archive's results: the search's words are analysed as the index analyses text (English stems, so
 * "holds" marks "hold"), and every word of the message with one of those stems is marked. Filters
 * ({@code platform:x}), excluded words ({@code -word}) and operators mark nothing.
 *
 * <pre>{@code
 * QueryMarks marks = QueryMarks.of("freeze holds", analysis);
 * marks.mark("How do I freeze a hold?") // "How do I ", [freeze], " a ", [hold], "?"
 * }</pre>
 */
public final class QueryMarks {

  /** More words than anyone types into a search box; the rest are left unmarked. */
  static final int MOST_WORDS = 32;

  /** A piece of a message's text, marked when it is one of the search's words. */
  public record Segment(String text, boolean marked) {}

  private final Analyzer analyzer;
  private final Set<String> stems;

  private QueryMarks(Analyzer analyzer, Set<String> stems) {
    this.analyzer = analyzer;
    this.stems = Set.copyOf(stems);
  }

  public static QueryMarks of(String query, ArchiveAnalysis analysis) {
    Analyzer analyzer = analysis.index();
    Set<String> stems = new HashSet<>();
    if (query != null && query.length() <= ArchiveQueryParser.MAX_QUERY_LENGTH) {
      int words = 0;
      for (String word : query.strip().split("\\s+")) {
        if (words++ >= MOST_WORDS) {
          break;
        }
        String plain = word.replaceAll("^[\"(]+|[\")*~^0-9.]+$", "");
        if (plain.isEmpty()
            || plain.startsWith("-")
            || plain.contains(":")
            || List.of("OR", "AND", "NOT").contains(plain)) {
          continue;
        }
        tokens(analyzer, plain, (term, start, end) -> stems.add(term));
      }
    }
    return new QueryMarks(analyzer, stems);
  }

  /** Whether the search had any word to mark. */
  public boolean isEmpty() {
    return stems.isEmpty();
  }

  /** The text cut into pieces, the search's words marked; one unmarked piece when none occurs. */
  public List<Segment> mark(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<int[]> spans = new ArrayList<>();
    if (!stems.isEmpty()) {
      tokens(
          analyzer,
          text,
          (term, start, end) -> {
            if (stems.contains(term)) {
              spans.add(new int[] {start, end});
            }
          });
    }
    List<Segment> segments = new ArrayList<>();
    int at = 0;
    for (int[] span : spans) {
      if (span[0] < at) {
        continue;
      }
      if (span[0] > at) {
        segments.add(new Segment(text.substring(at, span[0]), false));
      }
      segments.add(new Segment(text.substring(span[0], span[1]), true));
      at = span[1];
    }
    if (at < text.length()) {
      segments.add(new Segment(text.substring(at), false));
    }
    return segments;
  }

  private interface TokenSink {
    void accept(String term, int start, int end);
  }

  private static void tokens(Analyzer analyzer, String text, TokenSink sink) {
    try (TokenStream stream = analyzer.tokenStream(ArchiveSchema.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        sink.accept(
            term.toString().toLowerCase(Locale.ROOT), offset.startOffset(), offset.endOffset());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
