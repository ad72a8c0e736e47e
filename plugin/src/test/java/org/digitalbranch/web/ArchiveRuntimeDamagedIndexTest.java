package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index Lucene cannot read (a disk fault, a file cut short by a full disk) is no reason for the
 * archive not to start: it is derived, so it is set aside and filled again from the store.
 */
class ArchiveRuntimeDamagedIndexTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-28T15:00:00Z"), ZoneOffset.UTC);

  @TempDir Path folder;
  private Database database;
  private ArchiveRuntime archive;

  @BeforeEach
  void open() {
    database = Database.open(folder, TestStores.settings(folder), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    if (archive != null) {
      archive.close();
    }
    database.close();
  }

  private static IncomingItem question(String platformId, String text) {
    return new IncomingItem(
        "masto-main",
        "mastodon",
        platformId,
        null,
        platformId,
        MessageKind.MENTION,
        "reader@town.example",
        "A Reader",
        text,
        CLOCK.instant(),
        null,
        false,
        false,
        null,
        null,
        "{}");
  }

  @Test
  void damageInTheMiddleOfAFileIsFoundAtTheStartNotByASearchThatReadsThere() throws Exception {
    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);
    for (int i = 0; i < 50; i++) {
      archive.store().ingest(List.of(question("s" + i, "Do you lend telescopes, number " + i)));
    }
    archive.sync().pull();
    archive.close();
    archive = null;
    Path largest;
    try (Stream<Path> files = Files.list(folder.resolve(ArchiveRuntime.INDEX_FOLDER))) {
      largest =
          files
              .filter(f -> !f.getFileName().toString().equals("write.lock"))
              .max(java.util.Comparator.comparingLong(f -> f.toFile().length()))
              .orElseThrow();
    }
    // A disk fault: bytes changed in place, the file's length the same.
    byte[] bytes = Files.readAllBytes(largest);
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(largest, bytes);

    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);

    try (Stream<Path> beside = Files.list(folder)) {
      assertThat(beside.map(f -> f.getFileName().toString()))
          .as("found at the start and set aside")
          .anyMatch(name -> name.startsWith("index-damaged-"));
    }
    assertThat(archive.search().search(SearchRequest.of("telescopes")).total()).isEqualTo(50);
  }

  @Test
  void anIndexWhoseFilesAreDamagedIsRebuiltFromTheStoreAtTheStart() throws Exception {
    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);
    ArchiveStore store = archive.store();
    store.ingest(List.of(question("s1", "Do you lend telescopes?")));
    store.ingest(List.of(question("s2", "Is the book drop open on Sundays?")));
    archive.sync().pull();
    archive.close();
    archive = null;
    Path index = folder.resolve(ArchiveRuntime.INDEX_FOLDER);
    try (Stream<Path> files = Files.list(index)) {
      for (Path file :
          files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
        Files.write(file, "not an index".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    archive = ArchiveRuntime.open(folder, database, new ArchiveSchema(ZoneOffset.UTC), CLOCK);

    assertThat(archive.search().search(SearchRequest.of("")).total()).isEqualTo(2);
    assertThat(archive.search().search(SearchRequest.of("telescopes")).total()).isEqualTo(1);
    // Kept beside it, not deleted, in case the store turns out to be lost as well.
    try (Stream<Path> beside = Files.list(folder)) {
      Path aside =
          beside
              .filter(f -> f.getFileName().toString().startsWith("index-damaged-"))
              .findFirst()
              .orElseThrow();
      try (Stream<Path> kept = Files.list(aside)) {
        assertThat(kept.map(f -> f.getFileName().toString())).isNotEmpty();
      }
    }
  }
}
