package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.digitalbranch.archive.SearchResults.FacetCount;
import org.junit.jupiter.api.Test;

class MonthFacetTest {

  /** More months than the other facets' hundred values. */
  private static final int MONTHS = 130;

  @Test
  void everyMonthIsCountedSoAQuietRecentOneIsNotDropped() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms())) {
      List<IndexChange> changes = new ArrayList<>();
      LocalDate first = LocalDate.of(2015, 1, 10);
      for (int m = 0; m < MONTHS; m++) {
        // Two conversations a month, and one in the newest: the least frequent month is the newest.
        int inMonth = m == MONTHS - 1 ? 1 : 2;
        for (int c = 0; c < inMonth; c++) {
          String id = "c" + m + "-" + c;
          var at = first.plusMonths(m).atStartOfDay().toInstant(ZoneOffset.UTC);
          ArchivedMessage message =
              new ArchivedMessage(
                  id + "-m",
                  "patron",
                  false,
                  null,
                  MessageKind.MENTION,
                  "Is the library open?",
                  at,
                  false);
          changes.add(
              new IndexChange.Upsert(
                  changes.size() + 1,
                  new ArchivedConversation(
                      id,
                      "mastodon",
                      "masto-main",
                      MessageKind.MENTION,
                      ConversationStatus.UNANSWERED,
                      null,
                      List.of(),
                      at,
                      List.of(message))));
        }
      }
      index.apply(changes);

      List<FacetCount> months =
          new ArchiveSearch(index).search(SearchRequest.of("")).facets().get("month");

      assertThat(months).hasSize(MONTHS);
      assertThat(months)
          .contains(new FacetCount(first.plusMonths(MONTHS - 1).toString().substring(0, 7), 1));
    }
  }
}
