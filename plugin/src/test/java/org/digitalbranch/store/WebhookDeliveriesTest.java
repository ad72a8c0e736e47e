package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookDeliveriesTest {

  private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dataDir;
  private Database database;
  private Instant now = START;
  private WebhookDeliveries deliveries;

  @BeforeEach
  void open() {
    database =
        Database.open(
            dataDir, TestStores.settings(dataDir), WebhookDeliveriesTest.class.getClassLoader());
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    deliveries = new WebhookDeliveries(database.transactions(), clock, Duration.ofDays(7));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aDeliveryIsClaimedOnceAndItsReplayIsRecognised() {
    String digest = WebhookDeliveries.digestOf(bytes("{\"object\":\"page\"}"));

    assertThat(deliveries.claim(digest)).isTrue();
    assertThat(deliveries.claim(digest)).isFalse();
    assertThat(deliveries.claim(WebhookDeliveries.digestOf(bytes("{\"object\":\"page\" }"))))
        .as("one byte more is another delivery")
        .isTrue();
  }

  @Test
  void aReleasedDeliveryIsTakenAgainAsTheSendersRetry() {
    String digest = WebhookDeliveries.digestOf(bytes("body"));
    deliveries.claim(digest);

    deliveries.release(digest);

    assertThat(deliveries.claim(digest)).isTrue();
  }

  @Test
  void deliveriesAreForgottenAfterTheWindowSoTheTableStaysSmall() throws Exception {
    String old = WebhookDeliveries.digestOf(bytes("old"));
    deliveries.claim(old);

    now = START.plus(Duration.ofDays(7)).minusSeconds(1);
    assertThat(deliveries.claim(old)).as("within the window").isFalse();
    now = START.plus(Duration.ofDays(7)).plusSeconds(1);
    deliveries.claim(WebhookDeliveries.digestOf(bytes("new")));

    int rows =
        database
            .transactions()
            .read(
                connection -> {
                  try (var count =
                          connection.prepareStatement("SELECT COUNT(*) FROM webhook_deliveries");
                      var result = count.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                  }
                });
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void theDigestIsTheLowercaseHexSha256OfTheRawBytes() {
    assertThat(WebhookDeliveries.digestOf(bytes("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
