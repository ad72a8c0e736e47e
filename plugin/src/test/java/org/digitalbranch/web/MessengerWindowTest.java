package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.junit.jupiter.api.Test;

class MessengerWindowTest {

  private static final Instant WROTE = Instant.parse("2026-11-27T15:00:00Z");

  private static String at(Duration later) {
    return at(GraphMessaging.HumanAgent.NOT_SAID, later);
  }

  private static String at(GraphMessaging.HumanAgent agent, Duration later) {
    return MessengerWindow.sentence(
        GraphMessaging.Inbox.MESSENGER,
        agent,
        WROTE,
        "Chen Dubois",
        WROTE.plus(later),
        Instant::toString);
  }

  @Test
  void withinADayItSaysUntilWhenAnAnswerIsTaken() {
    assertThat(at(Duration.ofHours(3)))
        .isEqualTo("Messenger takes an answer until 2026-11-28T15:00:00Z.");
  }

  @Test
  void afterADayItSaysOnlyAnAppWithHumanAgentMayStillAnswerAndUntilWhen() {
    assertThat(at(Duration.ofHours(30)))
        .isEqualTo(
            "Messenger's 24 hours since Chen Dubois's last message ended 2026-11-28T15:00:00Z: an"
                + " answer now goes out only if Meta has granted the Page's app its Human Agent"
                + " feature, and until 2026-12-04T15:00:00Z.");
  }

  @Test
  void afterAWeekItSaysTheAnswerWaitsForThemToWriteAgain() {
    assertThat(at(Duration.ofDays(8)))
        .isEqualTo(
            "Messenger's time to answer Chen Dubois's last message ended 2026-12-04T15:00:00Z: an"
                + " answer will be refused until they write again.");
    assertThat(
            MessengerWindow.sentence(
                GraphMessaging.Inbox.MESSENGER,
                GraphMessaging.HumanAgent.NOT_SAID,
                WROTE,
                null,
                WROTE.plus(Duration.ofDays(8)),
                i -> "x"))
        .startsWith("Messenger's time to answer the person's last message");
  }

  @Test
  void whereTheSettingsSayTheAppHasHumanAgentItSaysTheAnswerGoesOutTaggedUntilWhen() {
    assertThat(at(GraphMessaging.HumanAgent.GRANTED, Duration.ofHours(30)))
        .isEqualTo(
            "Messenger's 24 hours since Chen Dubois's last message ended 2026-11-28T15:00:00Z: an"
                + " answer now goes out with Meta's Human Agent tag, which the library's app has,"
                + " until 2026-12-04T15:00:00Z.");
  }

  @Test
  void whereTheSettingsSayTheAppHasHumanAgentItSaysBothTimesWithinTheFirstDay() {
    assertThat(at(GraphMessaging.HumanAgent.GRANTED, Duration.ofHours(3)))
        .isEqualTo(
            "Messenger takes an answer until 2026-11-28T15:00:00Z, and with Meta's Human Agent"
                + " tag, which the library's app has, until 2026-12-04T15:00:00Z.");
  }

  @Test
  void whereTheSettingsSayTheAppHasNoHumanAgentTheTimeEndsAfterADay() {
    assertThat(at(GraphMessaging.HumanAgent.NOT_GRANTED, Duration.ofHours(30)))
        .isEqualTo(
            "Messenger's time to answer Chen Dubois's last message ended 2026-11-28T15:00:00Z: an"
                + " answer will be refused until they write again.");
    assertThat(at(GraphMessaging.HumanAgent.NOT_GRANTED, Duration.ofHours(3)))
        .isEqualTo("Messenger takes an answer until 2026-11-28T15:00:00Z.");
  }
}
