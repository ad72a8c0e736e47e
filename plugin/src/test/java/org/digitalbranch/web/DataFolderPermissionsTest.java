package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderPermissionsTest {

  @TempDir Path dataDir;

  @Test
  void theIndexImagesAndUploadsFoldersAreTheIntranetUsersAloneEvenWhenTheyWereLeftOpen()
      throws Exception {
    // Left open by an older version, or restored from a backup by a tool that kept the mode.
    for (String folder : List.of("index", "images", "uploads")) {
      Files.createDirectories(dataDir.resolve(folder));
      Files.setPosixFilePermissions(
          dataDir.resolve(folder), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    TestIntranet intranet = TestIntranet.start(dataDir, "{}");
    try {
      for (String folder : List.of("index", "images", "uploads")) {
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve(folder))))
            .as(folder)
            .isEqualTo("rwx------");
      }
    } finally {
      intranet.close();
    }
  }
}
