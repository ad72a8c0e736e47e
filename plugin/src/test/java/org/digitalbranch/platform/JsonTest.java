package org.digitalbranch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void theCommonShapesAreReadByHandExactlyAsTheFormatterReadsThem() {
    Random random = new Random(16);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder value =
          new StringBuilder(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  random.nextInt(10_000),
                  1 + random.nextInt(12),
                  1 + random.nextInt(28),
                  random.nextInt(24),
                  random.nextInt(60),
                  random.nextInt(60)));
      int fraction = random.nextInt(11) - 1;
      if (fraction >= 0) {
        value.append('.');
        for (int i = 0; i < fraction; i++) {
          value.append(random.nextInt(10));
        }
      }
      if (random.nextBoolean()) {
        value.append('Z');
      } else {
        value.append(
            String.format(
                "%s%02d:%02d",
                random.nextBoolean() ? "+" : "-", random.nextInt(19), random.nextInt(60)));
      }
      String text = value.toString();
      assertThat(read(text)).as(text).isEqualTo(byFormatter(text));
      if (fraction >= 1 && fraction <= 9 && byFormatter(text).isPresent()) {
        assertThat(Json.commonInstant(text)).as(text).isNotNull();
      }
    }
  }

  @Test
  void anOddOrWrongDateTimeGetsTheFormattersAnswer() {
    for (String text :
        new String[] {
          "2026-11-26T11:58:00Z",
          "2026-11-26T11:58:00.123456789Z",
          "2026-11-26T11:58:00.1234567891Z",
          "2026-11-26T11:58:00.Z",
          "2026-11-26T11:58Z",
          "2026-11-26t11:58:00z",
          "2026-02-30T11:58:00Z",
          "2026-11-26T24:00:00Z",
          "2026-11-26T23:59:60Z",
          "2026-11-26T11:58:00+19:00",
          "2026-11-26T11:58:00-00:00",
          "2026-11-26T11:58:00+0000",
          "2026-11-26T11:58:00+01:00:30",
          "+12026-11-26T11:58:00Z",
          "2026-1a-26T11:58:00Z",
          "2026-11-26 11:58:00Z",
          "not a date at all, twenty",
        }) {
      assertThat(read(text)).as(text).isEqualTo(byFormatter(text));
    }
    assertThat(read("2026-11-26T12:58:00.5+01:00"))
        .contains(Instant.parse("2026-11-26T11:58:00.500Z"));
  }

  private static Optional<Instant> read(String text) {
    return Json.instant(Json.object().put("at", text), "/at");
  }

  private static Optional<Instant> byFormatter(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
