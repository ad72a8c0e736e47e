package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The record of moderation is append-only: no code or migration changes or removes its rows. */
class HistoryAppendOnlyTest {
  private static final Pattern CHANGES_HISTORY =
      Pattern.compile(
          "(?is)(UPDATE\\s+post_history|DELETE\\s+FROM\\s+post_history|TRUNCATE\\s+(TABLE\\s+)?post_history"
              + "|DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?post_history|ALTER\\s+TABLE\\s+post_history"
              + "|REPLACE\\s+INTO\\s+post_history|INSERT\\s+OR\\s+REPLACE\\s+INTO\\s+post_history"
              + "|ON\\s+CONFLICT[^;]*post_history)");

  @Test
  void noSourceOrMigrationUpdatesOrDeletesHistoryRows() throws IOException {
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
      offenders =
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".sql"))
              .filter(HistoryAppendOnlyTest::changesHistory)
              .toList();
    }

    assertThat(offenders).isEmpty();
  }

  @Test
  void theCheckRecognisesAnUpdate() {
    assertThat(CHANGES_HISTORY.matcher("\"update  post_history set note = ?\"").find()).isTrue();
    assertThat(CHANGES_HISTORY.matcher("DELETE\n FROM post_history WHERE").find()).isTrue();
    assertThat(CHANGES_HISTORY.matcher("INSERT INTO post_history (post_id)").find()).isFalse();
  }

  private static boolean changesHistory(Path file) {
    try {
      return CHANGES_HISTORY.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
