package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.digitalbranch.config.DatabaseSettings;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.publish.TargetState;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Topic;
import org.junit.jupiter.api.Test;

class PostViewsTest {

  private static final Instant AT = Instant.parse("2026-11-27T15:00:00Z");
  private static final DigitalBranchConfig CONFIG =
      new DigitalBranchConfig(
          ZoneId.of("America/Chicago"),
          10,
          60,
          1_048_576,
          5_242_880,
          List.of("spam"),
          List.of(),
          DigitalBranchConfig.demoAccounts(),
          DatabaseSettings.sqlite(),
          org.digitalbranch.platform.graph.GraphMessaging.HumanAgent.NOT_SAID);

  /**
   * The publisher takes the approved post up (version 3 to 4) and its target fails, between the
   * view's two reads: the first read sees the world before, the second after. Whichever of the post
   * and its targets the view reads second, the version it shows must not be older than the targets
   * beside it, or a moderator's retry with that version is refused as stale.
   */
  @Test
  void theVersionShownIsNeverOlderThanTheTargetsShownBesideIt() {
    AtomicInteger reads = new AtomicInteger();
    PostViews views =
        new PostViews(
            CONFIG,
            Object::toString,
            "/images/",
            id -> reads.getAndIncrement() == 0 ? List.of() : List.of(failedTarget(id)));

    Map<String, Object> view =
        views.current(
            "p1",
            id -> reads.getAndIncrement() == 0 ? post(id, 3, PostState.APPROVED) : post(id, 4));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> targets = (List<Map<String, Object>>) view.get("targets");
    assertThat(targets).extracting(row -> row.get("state")).doesNotContain("failed");
    assertThat(view.get("version")).isEqualTo(4);
  }

  private static Post post(String id, int version) {
    return post(id, version, PostState.PUBLISHING);
  }

  private static Post post(String id, int version, PostState state) {
    return new Post(
        id,
        version,
        state,
        "jlee",
        "Homework help is back on Wednesdays.",
        null,
        List.of(),
        List.of("mastodon-main"),
        Topic.SERVICES,
        Intent.ENGAGEMENT,
        null,
        AT,
        AT,
        AT,
        AT,
        List.of(new HistoryEntry("create", "jlee", AT, null, PostState.DRAFT, 1, null, null)));
  }

  private static TargetOutcome failedTarget(String postId) {
    return new TargetOutcome(
        postId,
        "mastodon-main",
        0,
        TargetState.FAILED,
        1,
        1,
        null,
        AT,
        AT,
        false,
        "server error",
        null,
        null,
        "key-1",
        null);
  }
}
