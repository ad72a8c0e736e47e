package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxBehaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoHistoryEndTest {

  private static final Instant FIRST = Instant.parse("2026-11-20T09:30:00Z");
  private static final Instant LATER = Instant.parse("2026-11-27T16:00:00Z");
  private static final String MADE = "a1b2c3";

  @TempDir Path data;

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private Path file() {
    return data.resolve(Publishing.DEMO_HISTORY_END);
  }

  @Test
  void theFirstStartsTimeIsKeptAndEveryLaterStartSeedsUpToIt() throws Exception {
    assertThat(Publishing.demoHistoryEnd(data, at(FIRST), MADE)).isEqualTo(FIRST);

    assertThat(Publishing.demoHistoryEnd(data, at(LATER), MADE)).isEqualTo(FIRST);
    assertThat(Files.readAllLines(file())).containsExactly(FIRST.toString(), MADE);
    try (var left = Files.list(data)) {
      assertThat(left).as("no temporary file left behind").containsExactly(file());
    }
  }

  @Test
  void aHistoryMadeAnotherWayStartsAgainFromNow() throws Exception {
    Publishing.demoHistoryEnd(data, at(FIRST), MADE);

    assertThat(Publishing.demoHistoryEnd(data, at(LATER), "d4e5f6")).isEqualTo(LATER);
    assertThat(Files.readAllLines(file())).containsExactly(LATER.toString(), "d4e5f6");
  }

  @Test
  void anUnreadableFileStartsTheHistoryAgainFromNow() throws Exception {
    Files.writeString(file(), "last tuesday\n" + MADE + "\n");

    assertThat(Publishing.demoHistoryEnd(data, at(LATER), MADE)).isEqualTo(LATER);
    assertThat(Publishing.demoHistoryEnd(data, at(LATER.plusSeconds(60)), MADE)).isEqualTo(LATER);
  }

  @Test
  void theDemoStartsWhereTheFileCannotBeWritten() throws Exception {
    Path notAFolder = data.resolve("plain-file");
    Files.writeString(notAFolder, "");

    assertThat(Publishing.demoHistoryEnd(notAFolder, at(LATER), MADE)).isEqualTo(LATER);
  }

  @Test
  void theFingerprintFollowsWhatTheHistoryIsMadeOf() {
    SandboxBehaviour demo = SandboxBehaviour.demo();

    assertThat(Sandbox.historyFingerprint(demo)).isEqualTo(Sandbox.historyFingerprint(demo));
    assertThat(List.of(demo.withSeed(demo.seed() + 1), demo.withSeededConversations(10)))
        .extracting(Sandbox::historyFingerprint)
        .doesNotContain(Sandbox.historyFingerprint(demo));
  }
}
