package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class FrugalPassageScorerTest {

  private final PassageScorer lucenes = new PassageScorer();
  private final PassageScorer frugal = new MessageHighlighter.FrugalPassageScorer();

  @Test
  void theMessageHighlighterRanksPassagesWithTheFrugalScorer() throws IOException {
    MessageHighlighter highlighter =
        new MessageHighlighter(
            new IndexSearcher(new MultiReader()), ArchiveAnalysis.withLibrarySynonyms().index());

    assertThat(highlighter.scorer()).isInstanceOf(MessageHighlighter.FrugalPassageScorer.class);
  }

  @Test
  void aPassageWithRepeatedAndDifferentTermsScoresExactlyAsLucenesDefault() {
    Passage passage = passage(120, 310);
    passage.addMatch(130, 134, new BytesRef("hold"), 5);
    passage.addMatch(140, 145, new BytesRef("renew"), 2);
    passage.addMatch(150, 154, new BytesRef("hold"), 5);
    passage.addMatch(200, 204, new BytesRef("card"), 1);
    passage.addMatch(230, 234, new BytesRef("hold"), 5);

    assertThat(frugal.score(passage, 900)).isEqualTo(lucenes.score(passage, 900)).isPositive();
  }

  @Test
  void aPassageWithOneMatchOrNoneScoresExactlyAsLucenesDefault() {
    Passage one = passage(0, 40);
    one.addMatch(3, 7, new BytesRef("wifi"), 1);
    Passage none = passage(41, 80);

    assertThat(frugal.score(one, 80)).isEqualTo(lucenes.score(one, 80));
    assertThat(frugal.score(none, 80)).isEqualTo(lucenes.score(none, 80)).isZero();
  }

  @Test
  void theOrderInWhichTermsFirstOccurIsKeptSoFloatSumsAgreeToTheLastBit() {
    Passage passage = passage(1000, 1240);
    String[] words = {"e", "d", "c", "b", "a", "b", "c", "d", "e", "f", "g", "a"};
    for (int i = 0; i < words.length; i++) {
      passage.addMatch(1000 + i * 10, 1004 + i * 10, new BytesRef(words[i]), i + 1);
    }

    assertThat(frugal.score(passage, 5000)).isEqualTo(lucenes.score(passage, 5000));
  }

  @Test
  void aPassageDenserThanTheLinearScanAffordsStillScoresExactlyAsLucenesDefault() {
    Passage passage = passage(0, 4000);
    for (int i = 0; i < 300; i++) {
      passage.addMatch(i * 10, i * 10 + 4, new BytesRef("w" + (i % 97)), 1 + i % 7);
    }

    assertThat(frugal.score(passage, 4000)).isEqualTo(lucenes.score(passage, 4000));
  }

  private static Passage passage(int start, int end) {
    Passage passage = new Passage();
    passage.setStartOffset(start);
    passage.setEndOffset(end);
    return passage;
  }
}
