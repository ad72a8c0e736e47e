package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoHistoryEndTest {

  private static final Instant FIRST = Instant.parse("2026-11-20T09:30:00Z");
  private static final Instant LATER = Instant.parse("2026-11-27T16:00:00Z");

  @TempDir Path data;

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void theFirstStartsTimeIsKeptAndEveryLaterStartSeedsUpToIt() throws Exception {
    assertThat(Publishing.demoHistoryEnd(data, at(FIRST))).isEqualTo(FIRST);

    assertThat(Publishing.demoHistoryEnd(data, at(LATER))).isEqualTo(FIRST);
    assertThat(Files.readString(data.resolve(Publishing.DEMO_HISTORY_END)).strip())
        .isEqualTo(FIRST.toString());
  }

  @Test
  void anUnreadableFileStartsTheHistoryAgainFromNow() throws Exception {
    Files.writeString(data.resolve(Publishing.DEMO_HISTORY_END), "last tuesday");

    assertThat(Publishing.demoHistoryEnd(data, at(LATER))).isEqualTo(LATER);
    assertThat(Publishing.demoHistoryEnd(data, at(LATER.plusSeconds(60)))).isEqualTo(LATER);
  }
}
