package org.digitalbranch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedLayerTest {

  private static final Clock CLOCK = Clock.fixed(PlatformDoubles.NOW, ZoneOffset.UTC);

  @Test
  void readsEveryPlatformsWayOfSayingWaitUntil() {
    assertThat(RateLimitSignals.isoInstant(Optional.of("2026-11-26T12:05:00.516127Z")))
        .contains(Instant.parse("2026-11-26T12:05:00.516127Z"));
    assertThat(RateLimitSignals.epochSeconds(Optional.of("1796299500")))
        .contains(Instant.ofEpochSecond(1796299500L));
    assertThat(RateLimitSignals.retryAfter(Optional.of("120"), CLOCK))
        .contains(PlatformDoubles.NOW.plusSeconds(120));
    assertThat(RateLimitSignals.retryAfter(Optional.of("Thu, 26 Nov 2026 12:10:00 GMT"), CLOCK))
        .contains(Instant.parse("2026-11-26T12:10:00Z"));
    assertThat(
            RateLimitSignals.graphRegainAccess(
                Optional.of(
                    "{\"1234\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":20,"
                        + "\"total_time\":30,\"estimated_time_to_regain_access\":7}]}")))
        .contains(Duration.ofMinutes(7));
  }

  @Test
  void itemTimesAreReadWithTheirOffsetAndAbsentOnesAreEmpty() throws Exception {
    var item =
        Json.MAPPER.readTree(
            "{\"created_at\":\"2026-11-26T11:58:00.250Z\",\"local\":\"2026-11-26T12:58:00+01:00\","
                + "\"edited_at\":null,\"blank\":\"  \",\"garbled\":\"yesterday\"}");

    assertThat(Json.instant(item, "/created_at"))
        .contains(Instant.parse("2026-11-26T11:58:00.250Z"));
    assertThat(Json.instant(item, "/local")).contains(Instant.parse("2026-11-26T11:58:00Z"));
    assertThat(Json.instant(item, "/edited_at")).isEmpty();
    assertThat(Json.instant(item, "/missing")).isEmpty();
    assertThat(Json.instant(item, "/blank")).isEmpty();
    assertThat(Json.instant(item, "/garbled")).isEmpty();
  }

  @Test
  void unreadableResetSignalsCountAsAbsent() {
    assertThat(RateLimitSignals.isoInstant(Optional.of("soon"))).isEmpty();
    assertThat(RateLimitSignals.epochSeconds(Optional.of("2026-11-26"))).isEmpty();
    assertThat(RateLimitSignals.retryAfter(Optional.of("later"), CLOCK)).isEmpty();
    assertThat(RateLimitSignals.graphRegainAccess(Optional.of("{\"1\":[{\"type\":\"pages\"}]}")))
        .isEmpty();
    assertThat(RateLimitSignals.graphRegainAccess(Optional.of("not json"))).isEmpty();
  }

  @Test
  void theGraphApisUsageIsItsFullestQuotaInAnyOfItsThreeHeaders() {
    assertThat(RateLimitSignals.graphUsagePercent(reply(Map.of()))).isZero();
    assertThat(
            RateLimitSignals.graphUsagePercent(
                reply(
                    Map.of(
                        "X-App-Usage",
                        "{\"call_count\":91,\"total_cputime\":15,\"total_time\":12}"))))
        .isEqualTo(91);
    assertThat(
            RateLimitSignals.graphUsagePercent(
                reply(Map.of("X-Page-Usage", "{\"call_count\":5,\"total_time\":40}"))))
        .isEqualTo(40);
    assertThat(
            RateLimitSignals.graphUsagePercent(
                reply(
                    Map.of(
                        "X-App-Usage",
                        "{\"call_count\":10}",
                        "X-Business-Use-Case-Usage",
                        "{\"1234\":[{\"type\":\"pages\",\"call_count\":30,\"total_cputime\":77,"
                            + "\"total_time\":20,\"estimated_time_to_regain_access\":0}],"
                            + "\"5678\":[{\"type\":\"instagram\",\"call_count\":50}]}"))))
        .isEqualTo(77);
  }

  @Test
  void unreadableGraphUsageCountsAsNone() {
    assertThat(
            RateLimitSignals.graphUsagePercent(
                reply(
                    Map.of(
                        "X-App-Usage",
                        "not json",
                        "X-Page-Usage",
                        "[90]",
                        "X-Business-Use-Case-Usage",
                        "{\"1\":[{\"call_count\":\"ninety\"}]}"))))
        .isZero();
  }

  private static HttpReply reply(Map<String, String> headers) {
    return new HttpReply(
        200,
        java.net.http.HttpHeaders.of(
            headers.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> List.of(e.getValue()))),
            (name, value) -> true),
        new byte[0]);
  }

  @Test
  void fingerprintsIgnoreLinksMarkupSpacingAndCase() {
    assertThat(
            ContentFingerprint.same(
                "New e-books this week!\n\nhttps://library.example.org/new",
                "new e-books this week https://t.co/AbC123"))
        .isTrue();
    assertThat(ContentFingerprint.same("Story time at 10", "Story time at 11")).isFalse();
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    List<Credentials> all =
        List.of(
            new Credentials.MastodonToken("secret-1"),
            new Credentials.BlueskyAppPassword("library.bsky.social", "secret-2"),
            new Credentials.XOAuth2("secret-3", "secret-4", "client-9", Optional.empty()),
            new Credentials.GraphToken("1234", "secret-5"));

    for (Credentials credentials : all) {
      assertThat(credentials.toString()).doesNotContain("secret").contains("***");
    }
  }

  @Test
  void theLinkIsAppendedOnceUnlessTheTextAlreadyHasIt() {
    Credentials token = new Credentials.MastodonToken("t");
    URI link = URI.create("https://library.example.org/new");

    assertThat(new PublishRequest("k", "New", Optional.of(link), List.of(), token).textWithLink())
        .isEqualTo("New\n\nhttps://library.example.org/new");
    assertThat(
            new PublishRequest("k", "See " + link + " now", Optional.of(link), List.of(), token)
                .textWithLink())
        .isEqualTo("See https://library.example.org/new now");
  }

  @Test
  void anImageWithoutAltTextIsRefusedNamingTheField() {
    assertThatThrownBy(
            () -> new PublishRequest.Image(new byte[1], "image/png", " ", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("altText:");
  }
}
