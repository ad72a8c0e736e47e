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
    assertThat(later.substring(0, 8)).isGreaterThan(earlier.substring(0, 8));
    assertThat(later).isGreaterThan(earlier);
  }
}
