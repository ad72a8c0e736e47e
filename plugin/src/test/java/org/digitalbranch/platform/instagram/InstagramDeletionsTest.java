package org.digitalbranch.platform.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.instagram.InstagramConversationsTest.comment;
import static org.digitalbranch.platform.instagram.InstagramConversationsTest.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HeldItems;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.ReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instagram never says a comment was deleted; a comment the archive holds that a whole read of its
 * medium no longer lists is asked about, and recorded as deleted when Instagram says it is gone.
 */
class InstagramDeletionsTest {

  private static final Credentials ACCOUNT = new Credentials.GraphToken("1784", "ig-token-1");
  private static final Instant EARLIER = PlatformDoubles.NOW.minus(Duration.ofHours(5));
  private static final String GONE =
      "{\"error\":{\"message\":\"Unsupported get request. Object with ID 'c2' does not exist,"
          + " cannot be loaded due to missing permissions, or does not support this operation.\","
          + "\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33,"
          + "\"fbtrace_id\":\"AbCdEf\"}}";

  private WireMockServer server;
  private InstagramReader reader;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    reader = new InstagramReader(new InstagramPlatform(PlatformDoubles.settings(server)));
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                    200,
                    "{\"data\":[{\"id\":\"m1\",\"caption\":\"Story time\","
                        + "\"timestamp\":\"2026-11-25T09:00:00+0000\"}]}")));
    server.stubFor(
        get(urlPathEqualTo("/m1/comments"))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + comment("c1", "41", "bookfan", "Is this in large print?", null)
                        + "]}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private ReadResult.Page poll(HeldItems held) {
    ReadResult result = reader.fetch("instagram-main", ACCOUNT, null, held);
    assertThat(result).isInstanceOf(ReadResult.Page.class);
    return (ReadResult.Page) result;
  }

  private int asked(String id) {
    return server.findAll(getRequestedFor(urlPathEqualTo("/" + id))).size();
  }

  @Test
  void aHeldCommentTheReadNoLongerListsAndInstagramCallsGoneGetsADeletion() {
    server.stubFor(get(urlPathEqualTo("/c2")).willReturn(json(400, GONE)));
    HeldItems held = new HeldItems().comment("c1", "m1", EARLIER).comment("c2", "m1", EARLIER);

    ReadResult.Page page = poll(held);

    assertThat(asked("c1")).isZero();
    assertThat(asked("c2")).isEqualTo(1);
    IncomingItem deletion = page.items().getLast();
    assertThat(deletion.platformId()).isEqualTo("c2");
    assertThat(deletion.deleted()).isTrue();
    assertThat(deletion.text()).isNull();
    assertThat(deletion.platform()).isEqualTo("instagram");
    assertThat(deletion.rootPlatformId()).isEqualTo("m1");
    assertThat(deletion.createdAt()).isEqualTo(EARLIER);
    assertThat(deletion.rawJson()).contains("\"error_subcode\":33");
    assertThat(deletion.problem()).isEmpty();
    assertThat(page.items())
        .filteredOn(item -> item.platformId().equals("c1"))
        .allMatch(item -> !item.deleted());
  }

  @Test
  void anUnlistedCommentThatStillExistsIsLeftAloneAndNotAskedAgainTheSameDay() {
    server.stubFor(get(urlPathEqualTo("/c3")).willReturn(json(200, "{\"id\":\"c3\"}")));
    HeldItems held = new HeldItems().comment("c3", "m1", EARLIER);

    ReadResult.Page first = poll(held);
    ReadResult.Page second = poll(held);

    assertThat(asked("c3")).isEqualTo(1);
    assertThat(first.items()).noneMatch(IncomingItem::deleted);
    assertThat(second.items()).noneMatch(IncomingItem::deleted);
  }

  @Test
  void aFailedQuestionStopsTheChecksButNotTheReadAndTheNextPollAsksAgain() {
    server.stubFor(
        get(urlPathEqualTo("/c4"))
            .willReturn(
                json(
                    500,
                    "{\"error\":{\"message\":\"An unexpected error has occurred.\","
                        + "\"type\":\"OAuthException\",\"code\":2,\"is_transient\":true}}")));
    HeldItems held = new HeldItems().comment("c4", "m1", EARLIER).comment("c5", "m1", EARLIER);

    ReadResult.Page page = poll(held);

    assertThat(page.items()).extracting(IncomingItem::platformId).containsExactly("m1", "c1");
    assertThat(asked("c4")).isEqualTo(1);
    assertThat(asked("c5")).isZero();

    poll(held);
    assertThat(asked("c4")).isEqualTo(2);
  }

  @Test
  void aCommentInstagramWillNotAnswerAboutIsPutOffToTomorrowAndTheNextIsAskedNow() {
    server.stubFor(
        get(urlPathEqualTo("/c6"))
            .willReturn(
                json(
                    400,
                    "{\"error\":{\"message\":\"(#100) Invalid parameter\","
                        + "\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":2207,"
                        + "\"fbtrace_id\":\"Ab\"}}")));
    server.stubFor(get(urlPathEqualTo("/c7")).willReturn(json(400, GONE)));
    HeldItems held = new HeldItems().comment("c6", "m1", EARLIER).comment("c7", "m1", EARLIER);

    ReadResult.Page first = poll(held);
    ReadResult.Page second = poll(held);

    assertThat(first.items())
        .filteredOn(IncomingItem::deleted)
        .extracting(IncomingItem::platformId)
        .containsExactly("c7");
    assertThat(asked("c6")).isEqualTo(1);
    assertThat(second.items())
        .filteredOn(IncomingItem::deleted)
        .extracting(IncomingItem::platformId)
        .containsExactly("c7");
  }

  @Test
  void theQuestionsComeAfterEveryMediumsCommentsAreRead() {
    server.stubFor(
        get(urlPathEqualTo("/1784/media"))
            .willReturn(
                json(
                    200,
                    "{\"data\":[{\"id\":\"m1\",\"caption\":\"Story time\","
                        + "\"timestamp\":\"2026-11-25T09:00:00+0000\"},{\"id\":\"m2\","
                        + "\"caption\":\"Book sale\",\"timestamp\":\"2026-11-24T09:00:00+0000\"}]}")));
    server.stubFor(get(urlPathEqualTo("/m2/comments")).willReturn(json(200, "{\"data\":[]}")));
    server.stubFor(get(urlPathEqualTo("/c2")).willReturn(json(400, GONE)));

    poll(new HeldItems().comment("c2", "m1", EARLIER));

    List<String> order =
        server.getAllServeEvents().reversed().stream()
            .map(event -> event.getRequest().getUrl().replaceAll("\\?.*", ""))
            .toList();
    assertThat(order).containsSubsequence("/m1/comments", "/m2/comments", "/c2");
  }

  @Test
  void aPollAsksAboutAtMostTwentyAndNoneWhenAQuotaIsOverTheCeiling() {
    server.stubFor(get(urlPathMatching("/g[0-9]+")).willReturn(json(400, GONE)));
    HeldItems held = new HeldItems();
    for (int i = 0; i < 30; i++) {
      held.comment("g" + i, "m1", EARLIER.plusSeconds(i));
    }

    ReadResult.Page page = poll(held);

    assertThat(page.items()).filteredOn(IncomingItem::deleted).hasSize(20);
    assertThat(server.findAll(getRequestedFor(urlPathMatching("/g[0-9]+")))).hasSize(20);

    server.resetRequests();
    server.stubFor(
        get(urlPathEqualTo("/m1/comments"))
            .willReturn(
                json(200, "{\"data\":[]}")
                    .withHeader("X-App-Usage", "{\"call_count\":90,\"total_time\":5}")));
    ReadResult.Page throttled = poll(held);
    assertThat(throttled.items()).noneMatch(IncomingItem::deleted);
    assertThat(server.findAll(getRequestedFor(urlPathMatching("/g[0-9]+")))).isEmpty();
  }

  @Test
  void aReaderToldNothingOfTheArchiveAsksAboutNothing() {
    ReadResult result = reader.fetch("instagram-main", ACCOUNT, null);

    assertThat(result).isInstanceOf(ReadResult.Page.class);
    assertThat(server.findAll(getRequestedFor(urlPathMatching("/c[0-9]+")))).isEmpty();
  }
}
