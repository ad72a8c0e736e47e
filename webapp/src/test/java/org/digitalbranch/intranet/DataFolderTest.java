package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataFolderTest {

  // The tests may run as root, who may write anywhere: the refusal itself is handed in.
  @Test
  void aFolderTheUserMayNotWriteIsSaidToBeSoWithTheWaysOut() {
    Path data = Path.of("/srv/intranet/data");

    assertThat(DataFolder.problemOf(data, new AccessDeniedException(data.toString())))
        .isEqualTo(
            "cannot create or write the data folder "
                + data.toAbsolutePath()
                + " (permission denied): give the user the intranet runs as write access, or"
                + " choose another with --data / dataDir");
  }
}
