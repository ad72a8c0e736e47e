package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
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

    // An image an older version wrote as the umask made it.
    Path image = dataDir.resolve("images").resolve("older.png");
    Files.write(image, new byte[] {1, 2, 3});
    Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));

    TestIntranet intranet = TestIntranet.start(dataDir, "{}");
    try {
      for (String folder : List.of("index", "images", "uploads")) {
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve(folder))))
            .as(folder)
            .isEqualTo("rwx------");
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image)))
          .isEqualTo("rw-------");
      assertThat(Files.readAllBytes(image)).containsExactly(1, 2, 3);
    } finally {
      intranet.close();
    }
  }

  @Test
  void anUploadWaitingForItsPostIsTheOwnersAloneFromTheStart() throws Exception {
    TestIntranet intranet = TestIntranet.start(dataDir, "{}");
    try {
      HttpResponse<String> uploaded =
          new QueueApi(intranet)
              .upload(QueueApi.STAFF, "nook.png", PageClient.PNG, TestIntranet.CSRF_TOKEN);
      assertThat(uploaded.statusCode()).isEqualTo(201);

      try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
        List<Path> staged = files.toList();
        assertThat(staged).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staged.get(0))))
            .isEqualTo("rw-------");
      }
    } finally {
      intranet.close();
    }
  }
}
