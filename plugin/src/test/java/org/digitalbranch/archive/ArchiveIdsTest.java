package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchiveIdsTest {

  @Test
  void idsAreTwentyTwoUrlSafeCharactersAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ArchiveStore.newId();
      assertThat(id).matches("[A-Za-z0-9_-]{22}");
      assertThat(seen.add(id)).as("a repeated id: " + id).isTrue();
    }
  }

  @Test
  void anIdMadeLaterSortsAfterOneMadeEarlier() throws InterruptedException {
    String earlier = ArchiveStore.newId();
    Thread.sleep(5);
    String later = ArchiveStore.newId();

    // So a batch's new rows land side by side at the end of the primary-key B-trees.
    assertThat(later.substring(0, 7)).isGreaterThan(earlier.substring(0, 7));
    assertThat(later).isGreaterThan(earlier);
  }

  @Test
  void anIdNeverStartsWithWhatASpreadsheetTakesForAFormula() {
    // The CSV export quotes such a cell; an id must come out as it is.
    for (int i = 0; i < 1_000; i++) {
      assertThat(ArchiveStore.newId()).doesNotStartWith("-");
    }
  }

  @Test
  void idsMadeBeforeTheTimePartLostItsLeadingMinusSortBeforeNewOnes() {
    String old = "-P7UZnlohu2QeaHBe42-yH"; // made on 2026-11-27 by the earlier scheme
    assertThat(ArchiveStore.newId()).isGreaterThan(old);
  }
}
