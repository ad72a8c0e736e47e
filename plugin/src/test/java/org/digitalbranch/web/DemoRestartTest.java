package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo started again on its data folder seeds the history it seeded before, so the sandboxes
 * serve the same conversations under the same ids (SandboxTest) and the archive keeps each once.
 */
class DemoRestartTest {

  @TempDir Path data;

  private static Sandbox sandboxOf(TestIntranet demo) {
    return ((DigitalBranchPlugin) demo.plugin()).sandbox().orElseThrow();
  }

  @Test
  void aRestartedDemoSeedsTheHistoryItSeededAtItsFirstStart() throws Exception {
    Instant first;
    try (TestIntranet demo = TestIntranet.start(new DigitalBranchPlugin(), data, true)) {
      first = sandboxOf(demo).seededUntil();
    }
    Thread.sleep(20);
    try (TestIntranet demo = TestIntranet.start(new DigitalBranchPlugin(), data, true)) {
      assertThat(sandboxOf(demo).seededUntil()).isEqualTo(first);
    }
  }
}
