package org.digitalbranch.platform.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.digitalbranch.platform.HttpReply;
import org.junit.jupiter.api.Test;

/** Reading gives way to publishing from three quarters of a Graph quota on, not above it. */
class GraphUsageTest {

  private static HttpReply usage(int percent) {
    return new HttpReply(
        200,
        HttpHeaders.of(
            Map.of("X-App-Usage", List.of("{\"call_count\":" + percent + "}")), (n, v) -> true),
        new byte[0]);
  }

  @Test
  void readingStopsAtThreeQuartersExactly() {
    GraphUsage atCeiling = new GraphUsage();
    GraphUsage below = new GraphUsage();

    atCeiling.saw(usage(75));
    below.saw(usage(74));

    assertThat(atCeiling.overCeiling()).isTrue();
    assertThat(below.overCeiling()).isFalse();
  }
}
