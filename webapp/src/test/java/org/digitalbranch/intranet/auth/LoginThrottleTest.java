package org.digitalbranch.intranet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-26T09:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void fiveFailuresCostNothing() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("10.0.0.1");
    }

    assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
  }

  @Test
  void eachFurtherFailureDoublesTheWait() {
    for (int i = 0; i < 6; i++) {
      throttle.recordFailure("10.0.0.1");
    }
    assertThat(throttle.waitFor("10.0.0.1")).hasValue(Duration.ofSeconds(1));

    throttle.recordFailure("10.0.0.1");
    assertThat(throttle.waitFor("10.0.0.1")).hasValue(Duration.ofSeconds(2));

    throttle.recordFailure("10.0.0.1");
    assertThat(throttle.waitFor("10.0.0.1")).hasValue(Duration.ofSeconds(4));
  }

  @Test
  void theWaitEndsAndNeverExceedsFifteenMinutes() {
    for (int i = 0; i < 6; i++) {
      throttle.recordFailure("10.0.0.1");
    }
    clock.advance(Duration.ofMillis(1_001));
    assertThat(throttle.waitFor("10.0.0.1")).isEmpty();

    assertThat(LoginThrottle.waitAfter(40)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void otherAddressesAreNotSlowedDown() {
    for (int i = 0; i < 8; i++) {
      throttle.recordFailure("10.0.0.1");
    }

    assertThat(throttle.waitFor("10.0.0.2")).isEmpty();
  }

  @Test
  void aSuccessForgetsTheFailures() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("10.0.0.1");
    }
    throttle.recordSuccess("10.0.0.1");
    throttle.recordFailure("10.0.0.1");

    assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
  }

  @Test
  void failuresFromLongAgoAreForgotten() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("10.0.0.1");
    }
    clock.advance(Duration.ofHours(2));
    throttle.recordFailure("10.0.0.1");

    assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
  }
}
