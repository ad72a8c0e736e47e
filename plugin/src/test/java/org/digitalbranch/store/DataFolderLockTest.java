package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

  @TempDir Path folder;

  @Test
  void aSecondTakerIsRefusedNamingTheFolderUntilTheFirstLetsGo() throws Exception {
    Path data = folder.resolve("org.digitalbranch");
    try (DataFolderLock first = DataFolderLock.take(data)) {
      assertThatThrownBy(() -> DataFolderLock.take(data))
          .isInstanceOf(DataFolderLock.InUse.class)
          .hasMessage(
              "another intranet, or a maintenance task, is using the data folder "
                  + data.toAbsolutePath().normalize()
                  + ": stop it first. Nothing was changed.");
    }
    DataFolderLock.take(data).close();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(DataFolderLock.FILE_NAME))))
        .isEqualTo("rw-------");
  }
}
