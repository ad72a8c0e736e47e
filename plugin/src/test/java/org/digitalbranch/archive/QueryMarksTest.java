package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.digitalbranch.archive.QueryMarks.Segment;
import org.junit.jupiter.api.Test;

class QueryMarksTest {

  private static final ArchiveAnalysis ANALYSIS = ArchiveAnalysis.withLibrarySynonyms();

  @Test
  void theSearchsWordsAreMarkedByTheirStemsWhateverTheirCase() {
    List<Segment> marked = QueryMarks.of("freeze holds", ANALYSIS).mark("Can I FREEZE a hold?");

    assertThat(marked)
        .containsExactly(
            new Segment("Can I ", false),
            new Segment("FREEZE", true),
            new Segment(" a ", false),
            new Segment("hold", true),
            new Segment("?", false));
  }

  @Test
  void filtersExcludedWordsAndOperatorsMarkNothing() {
    QueryMarks marks =
        QueryMarks.of("platform:mastodon -printer OR status:answered \"wifi\"", ANALYSIS);

    assertThat(marks.mark("The printer and the wifi on mastodon"))
        .containsExactly(
            new Segment("The printer and the ", false),
            new Segment("wifi", true),
            new Segment(" on mastodon", false));
  }

  @Test
  void aSearchWithoutWordsLeavesTheTextWhole() {
    QueryMarks marks = QueryMarks.of("platform:x", ANALYSIS);

    assertThat(marks.isEmpty()).isTrue();
    assertThat(marks.mark("<b>as typed</b>"))
        .containsExactly(new Segment("<b>as typed</b>", false));
    assertThat(QueryMarks.of(null, ANALYSIS).mark("")).isEmpty();
  }
}
