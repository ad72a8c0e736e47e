package org.digitalbranch.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.HeldItems;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.ReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** X never says a post was deleted; the reader looks up what the archive holds to find out. */
class XDeletionsTest {

  private static final Credentials TOKEN =
      new Credentials.XOAuth2("x-access-1", "x-refresh-1", "client-1", Optional.empty());
  private static final String MENTIONS = "/2/users/1500/mentions";
  private static final String LOOKUP = "/2/tweets";
  private static final Instant NOW = PlatformDoubles.NOW;

  private static final String NOT_FOUND =
      """
      {"value":"%1$s","detail":"Could not find tweet with ids: [%1$s].","title":"Not Found Error",
       "resource_type":"tweet","parameter":"ids","resource_id":"%1$s",
       "type":"https://api.twitter.com/2/problems/resource-not-found"}
      """;

  private final SetClock clock = new SetClock();
  private WireMockServer server;
  private XReader reader;

  /** A clock the test moves. */
  private static final class SetClock extends Clock {
    private volatile Instant now = NOW;

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

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    XPlatform x =
        new XPlatform(
            PlatformDoubles.settings(server).withClock(clock), CredentialsListener.IGNORE);
    reader = new XReader(x);
    server.stubFor(
        get("/2/users/me")
            .willReturn(json(200, "{\"data\":{\"id\":\"1500\",\"username\":\"library\"}}")));
    server.stubFor(
        get(urlPathEqualTo(MENTIONS)).willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private ReadResult.Page poll(HeldItems held, String cursor) {
    ReadResult result = reader.fetch("x-main", TOKEN, cursor, held);
    assertThat(result).isInstanceOf(ReadResult.Page.class);
    return (ReadResult.Page) result;
  }

  private List<String> askedIds() {
    List<String> asked = new ArrayList<>();
    for (LoggedRequest request : server.findAll(getRequestedFor(urlPathEqualTo(LOOKUP)))) {
      asked.add(request.queryParameter("ids").firstValue());
    }
    return asked;
  }

  /** Written {@code age} before now, less a minute: the first look finds it at that age. */
  private static Instant aged(Duration age) {
    return NOW.minus(age).minus(Duration.ofMinutes(1));
  }

  private long timesAsked(String id) {
    return askedIds().stream()
        .flatMap(ids -> java.util.Arrays.stream(ids.split(",")))
        .filter(id::equals)
        .count();
  }

  @Test
  void aHeldPostTheLookupCannotFindGetsADeletionWithXsErrorAsTheEvidence() {
    HeldItems held =
        new HeldItems()
            .comment("201", "200", aged(Duration.ofHours(1)))
            .comment("202", "200", aged(Duration.ofDays(1)));
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                    200,
                    "{\"data\":[{\"id\":\"201\",\"text\":\"Still here\"}],\"errors\":["
                        + NOT_FOUND.formatted("202")
                        + "]}")));

    ReadResult.Page page = poll(held, null);

    assertThat(askedIds()).containsExactly("201,202");
    assertThat(page.done()).isTrue();
    assertThat(page.partFailed()).isNull();
    assertThat(page.items()).hasSize(1);
    IncomingItem deletion = page.items().getFirst();
    assertThat(deletion.platformId()).isEqualTo("202");
    assertThat(deletion.deleted()).isTrue();
    assertThat(deletion.text()).isNull();
    assertThat(deletion.platform()).isEqualTo("x");
    assertThat(deletion.kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(deletion.rootPlatformId()).isEqualTo("200");
    assertThat(deletion.createdAt()).isEqualTo(aged(Duration.ofDays(1)));
    assertThat(deletion.rawJson()).contains("resource-not-found").contains("202");
    assertThat(deletion.problem()).isEmpty();
  }

  @Test
  void aPostAtNoneOfTheAgesIsNotAskedAboutAndNothingIsAskedWhenNoneIsDue() {
    HeldItems held = new HeldItems().comment("251", "250", NOW.minus(Duration.ofHours(3)));

    ReadResult.Page page = poll(held, null);

    assertThat(askedIds()).isEmpty();
    assertThat(page.partFailed()).isNull();
    assertThat(page.nextCursor()).contains("looked_at");
  }

  @Test
  void anErrorOtherThanNotFoundSaysNothingAboutADeletion() {
    HeldItems held = new HeldItems().comment("301", "300", aged(Duration.ofHours(1)));
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                    200,
                    """
                    {"errors":[{"value":"301",
                     "detail":"Sorry, you are not authorized to see the Tweet with ids: [301].",
                     "title":"Authorization Error",
                     "resource_type":"tweet","parameter":"ids","resource_id":"301",
                     "type":"https://api.twitter.com/2/problems/not-authorized-for-resource"}]}
                    """)));

    ReadResult.Page page = poll(held, null);

    assertThat(askedIds()).containsExactly("301");
    assertThat(page.partFailed()).isNull();
    assertThat(page.items()).isEmpty();
  }

  @Test
  void eachPostIsLookedUpOnceAnHourOnceADayAndOnceSixDaysAfterItWasWritten() {
    HeldItems held = new HeldItems().comment("401", "400", NOW.minus(Duration.ofMinutes(50)));
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));
    List<Duration> looks = new ArrayList<>();
    for (int minutes = 0; minutes <= 60; minutes += 5) {
      looks.add(Duration.ofMinutes(minutes));
    }
    // Polls every minute in between: a look only once in five minutes.
    looks.add(Duration.ofMinutes(61));
    looks.add(Duration.ofMinutes(62));
    looks.add(Duration.ofHours(23).plusMinutes(50));
    looks.add(Duration.ofHours(23).plusMinutes(55));
    looks.add(Duration.ofDays(1));
    looks.add(Duration.ofDays(1).plusMinutes(5));
    looks.add(Duration.ofDays(5).plusHours(23).plusMinutes(50));
    looks.add(Duration.ofDays(5).plusHours(23).plusMinutes(55));
    looks.add(Duration.ofDays(6));
    looks.add(Duration.ofDays(6).plusMinutes(5));
    looks.add(Duration.ofDays(7));

    String cursor = null;
    for (Duration after : looks) {
      clock.now = NOW.plus(after);
      cursor = poll(held, cursor).nextCursor();
    }

    assertThat(timesAsked("401")).isEqualTo(3);
    assertThat(askedIds()).hasSize(3);
  }

  @Test
  void afterAWeekStoppedALookGoesBackOneDayOnly() {
    HeldItems held =
        new HeldItems()
            .comment("501", "500", NOW.minus(Duration.ofDays(3)))
            .comment("502", "500", NOW.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)));
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));

    String cursor = poll(held, null).nextCursor();
    clock.now = NOW.plus(Duration.ofDays(7));
    poll(held, cursor);

    assertThat(askedIds()).containsExactly("502");
  }

  @Test
  void aLookAsksAHundredIdsARequestAndAtMostFiveHundred() {
    HeldItems held = new HeldItems();
    for (int i = 0; i < 600; i++) {
      held.comment(Integer.toString(10_000 + i), "900", aged(Duration.ofDays(1)).plusMillis(i));
    }
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));

    poll(held, null);

    List<String> asked = askedIds();
    assertThat(asked).hasSize(5);
    assertThat(asked).allSatisfy(ids -> assertThat(ids.split(",")).hasSize(100));
    assertThat(asked.getFirst()).startsWith("10000,");
  }

  @Test
  void aRefusedLookLeavesThePollsMentionsStoredSaysSoUntilALookWorksAndIsTriedAgainLater() {
    HeldItems held = new HeldItems().comment("601", "600", aged(Duration.ofHours(1)));
    server.stubFor(
        get(urlPathEqualTo(MENTIONS))
            .willReturn(
                json(
                    200,
                    "{\"data\":["
                        + XConversationsTest.tweet("602", "77", "@library open today?", "602", null)
                        + "],\"meta\":{\"result_count\":1,\"newest_id\":\"602\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/2/tweets/search/recent"))
            .willReturn(json(200, "{\"meta\":{\"result_count\":0}}")));
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                        429,
                        "{\"title\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429,"
                            + "\"detail\":\"Too Many Requests\"}")
                    .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 600))));

    ReadResult.Page page = poll(held, null);

    assertThat(page.done()).isTrue();
    assertThat(page.items()).extracting(IncomingItem::platformId).containsExactly("602");
    assertThat(page.partFailed()).startsWith("deletions not looked for: ");
    assertThat(page.nextCursor()).contains("\"since_id\":\"602\"");

    // A minute later: not asked again, and still said.
    clock.now = NOW.plus(Duration.ofMinutes(1));
    ReadResult.Page later = poll(held, page.nextCursor());
    assertThat(askedIds()).hasSize(1);
    assertThat(later.partFailed()).startsWith("deletions not looked for: ");

    // Five minutes on, X answers again: the look goes back to where the last one that worked
    // ended (none had: five minutes before the first try), so the post is asked about.
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));
    clock.now = NOW.plus(Duration.ofMinutes(5));
    ReadResult.Page mended = poll(held, later.nextCursor());
    assertThat(askedIds()).hasSize(2).last().isEqualTo("601");
    assertThat(mended.partFailed()).isNull();
  }

  @Test
  void aCursorFromBeforeTheLookOrWithATimeAheadOfNowDoesNotHoldTheLookOff() {
    HeldItems held = new HeldItems().comment("701", "700", aged(Duration.ofHours(1)));
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));

    poll(held, "{\"since_id\":\"5\"}");
    poll(
        held,
        "{\"since_id\":\"5\",\"looked_at\":" + NOW.plus(Duration.ofHours(1)).toEpochMilli() + "}");

    assertThat(askedIds()).containsExactly("701", "701");
  }

  @Test
  void aReaderToldNothingOfTheArchiveLooksNothingUp() {
    ReadResult result = reader.fetch("x-main", TOKEN, null);

    assertThat(result).isInstanceOf(ReadResult.Page.class);
    assertThat(askedIds()).isEmpty();
  }
}
