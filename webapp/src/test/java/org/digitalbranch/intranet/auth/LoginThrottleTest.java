package org.digitalbranch.intranet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
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

  /** A try whose password turns out wrong: reserved, and never said to have succeeded. */
  private Optional<LoginThrottle.Wait> wrong(String address, String name) {
    return throttle.reserve(address, name);
  }

  private void wrongTimes(int times, String address, String name) {
    for (int i = 0; i < times; i++) {
      assertThat(wrong(address, name)).as("try %d", i + 1).isEmpty();
    }
  }

  @Test
  void fiveFailuresCostNothingAndTheSixthMakesTheNextTryWait() {
    wrongTimes(6, "10.0.0.1", "staff");

    assertThat(throttle.reserve("10.0.0.1", "staff"))
        .hasValue(new LoginThrottle.Wait(Duration.ofSeconds(1), false));
  }

  @Test
  void eachFurtherFailureDoublesTheWait() {
    wrongTimes(6, "10.0.0.1", "staff");
    clock.advance(Duration.ofMillis(1_001));
    wrong("10.0.0.1", "staff");
    assertThat(throttle.reserve("10.0.0.1", "staff").orElseThrow().duration())
        .isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofMillis(2_001));
    wrong("10.0.0.1", "staff");
    assertThat(throttle.reserve("10.0.0.1", "staff").orElseThrow().duration())
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void theWaitEndsAndNeverExceedsFifteenMinutes() {
    wrongTimes(6, "10.0.0.1", "staff");
    clock.advance(Duration.ofMillis(1_001));
    assertThat(throttle.reserve("10.0.0.1", "staff")).isEmpty();

    assertThat(LoginThrottle.waitAfter(40)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aBurstOfParallelTriesIsCountedBeforeAnyPasswordIsChecked() {
    // Reserved one after the other while the first passwords are still being hashed.
    wrongTimes(6, "10.0.0.1", "staff");

    assertThat(throttle.reserve("10.0.0.1", "staff")).isPresent();
  }

  @Test
  void otherAddressesAndOtherNamesAreNotSlowedDown() {
    wrongTimes(6, "10.0.0.1", "staff");
    assertThat(throttle.reserve("10.0.0.1", "staff")).isPresent();

    assertThat(throttle.reserve("10.0.0.2", "moderator")).isEmpty();
  }

  @Test
  void aSuccessForgetsTheFailuresOfTheNameAndTheAddress() {
    wrongTimes(5, "10.0.0.1", "staff");
    assertThat(throttle.reserve("10.0.0.1", "staff")).isEmpty();
    throttle.succeeded("10.0.0.1", "staff");
    wrong("10.0.0.1", "staff");

    assertThat(throttle.reserve("10.0.0.1", "staff")).isEmpty();
  }

  @Test
  void signingInAsOneselfDoesNotForgetTheGuessesAtAColleague() {
    wrongTimes(5, "10.0.0.1", "bob");
    assertThat(throttle.reserve("10.0.0.1", "alice")).isEmpty();
    throttle.succeeded("10.0.0.1", "alice");
    wrong("10.0.0.1", "bob");

    assertThat(throttle.reserve("10.0.0.1", "bob"))
        .hasValue(new LoginThrottle.Wait(Duration.ofSeconds(1), true));
    assertThat(throttle.reserve("10.0.0.1", "alice")).isEmpty();
  }

  @Test
  void guessesAtOneNameFromManyAddressesAreSlowedDownByTheName() {
    for (int i = 1; i <= 6; i++) {
      assertThat(wrong("198.51.100." + i, "BOB ")).isEmpty();
    }

    assertThat(throttle.reserve("198.51.100.7", "bob"))
        .hasValue(new LoginThrottle.Wait(Duration.ofSeconds(1), true));
  }

  @Test
  void guessesAtANameElsewhereDoNotLockItsPersonOutOfTheirOwnDesk() {
    assertThat(throttle.reserve("10.0.0.5", "bob")).isEmpty();
    throttle.succeeded("10.0.0.5", "bob");
    for (int i = 1; i <= 8; i++) {
      wrong("198.51.100." + i, "bob");
    }

    // Bob at his desk is let in; the name stays slowed down everywhere else.
    assertThat(throttle.reserve("10.0.0.5", "bob")).isEmpty();
    throttle.succeeded("10.0.0.5", "bob");
    assertThat(throttle.reserve("198.51.100.99", "bob")).isPresent();
    // At his desk, wrong passwords are still slowed down there.
    wrongTimes(6, "10.0.0.5", "bob");
    assertThat(throttle.reserve("10.0.0.5", "bob")).isPresent();
  }

  @Test
  void oneMachinesIpv6AddressesCountAsOneAddress() {
    for (int i = 1; i <= 6; i++) {
      assertThat(wrong("2001:db8:1:2::" + Integer.toHexString(i), "name" + i)).isEmpty();
    }

    assertThat(throttle.reserve("[2001:db8:1:2:ffff::9]", "another")).isPresent();
    assertThat(throttle.reserve("2001:db8:1:3::1", "another")).isEmpty();
  }

  @Test
  void aDeskWhoseIpv6AddressRotatesWithinItsNetworkStaysTrusted() {
    assertThat(throttle.reserve("2001:db8:5::1", "bob")).isEmpty();
    throttle.succeeded("2001:db8:5::1", "bob");
    for (int i = 1; i <= 8; i++) {
      wrong("198.51.100." + i, "bob");
    }

    assertThat(throttle.reserve("2001:db8:5::abcd", "bob")).isEmpty();
  }

  @Test
  void failuresFromLongAgoAreForgotten() {
    wrongTimes(5, "10.0.0.1", "staff");
    clock.advance(Duration.ofHours(2));
    wrong("10.0.0.1", "staff");

    assertThat(throttle.reserve("10.0.0.1", "staff")).isEmpty();
  }
}
