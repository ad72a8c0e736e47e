package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class ArchiveAnalysisTest {

  @Test
  void theLibrarySynonymListHasMoreThanTwentyEntries() throws IOException {
    try (InputStream in =
        ArchiveAnalysis.class.getResourceAsStream(ArchiveAnalysis.SYNONYMS_RESOURCE)) {
      long entries =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.isBlank() && !line.startsWith("#"))
              .count();
      assertThat(entries).isGreaterThan(20);
    }
  }

  @Test
  void multiWordEntriesAreStemmedLikeTheText() {
    assertThat(ArchiveAnalysis.withLibrarySynonyms().multiWordEntries())
        .contains(List.of("librari", "card"), List.of("e", "book"));
  }

  @Test
  void aWordWithCombiningAccentsIsIndexedAsTheSameWordComposedWithItsOffsetsAsWritten()
      throws IOException {
    ArchiveAnalysis analysis = ArchiveAnalysis.withLibrarySynonyms();
    String decomposed = "my re\u0301sume\u0301";

    // The same term as the composed word, marked over the eleven characters as written.
    assertThat(tokens(analysis.index(), decomposed)).containsExactly("my@0-2", "resum@3-11");
    assertThat(tokens(analysis.index(), "my résumé")).containsExactly("my@0-2", "resum@3-9");
    assertThat(tokens(analysis.words(), decomposed)).containsExactly("my@0-2", "résumé@3-11");
  }

  /** Each term with the offsets the highlighter would mark, for the "text" field. */
  private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(term + "@" + offset.startOffset() + "-" + offset.endOffset());
      }
      stream.end();
    }
    return tokens;
  }

  @Test
  void aSynonymEntryMadeOnlyOfStopWordsIsReportedWithItsLine() {
    assertThatThrownBy(
            () -> ArchiveAnalysis.withSynonyms(new StringReader("hold, reserve\nthe, a\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("synonym list");
  }
}
