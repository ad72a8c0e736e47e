package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo: with no account configured, the inbox fills from the sandbox soon after start. */
class DemoInboxTest {

  @TempDir Path dataDir;

  @Test
  void theInboxListsSandboxConversationsWithinSecondsOfStart() throws Exception {
    try (TestIntranet demo = TestIntranet.start(new DigitalBranchPlugin(), dataDir, true)) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      JsonNode conversations = null;
      while (Instant.now().isBefore(deadline)) {
        conversations =
            TestIntranet.json(
                    demo.send(
                        demo.request("/digital-branch/api/conversations?limit=200")
                            .header(
                                TestIntranet.USER_HEADER, "staff;Demo Staff;digital-branch.staff")))
                .get("conversations");
        if (conversations.size() > 0) {
          break;
        }
        Thread.sleep(250);
      }

      assertThat(conversations).isNotEmpty();
      Set<String> platforms = new TreeSet<>(conversations.findValuesAsText("platform"));
      assertThat(platforms).isSubsetOf("facebook", "instagram", "mastodon", "bluesky", "x");
    }
  }
}
