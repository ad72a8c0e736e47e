package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
  void aSynonymEntryMadeOnlyOfStopWordsIsReportedWithItsLine() {
    assertThatThrownBy(
            () -> ArchiveAnalysis.withSynonyms(new StringReader("hold, reserve\nthe, a\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("synonym list");
  }
}
