package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the archive asks a platform that never reports deletions about what it holds: each post
 * three times in its life, at most once in five minutes, a failure said until a look works.
 */
class DeletionLookTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Credentials TOKEN = new Credentials.MastodonToken("token");

  @TempDir Path folder;
  private ArchiveOnDisk archive;
  private ArchiveStore store;
  private DeletionLook look;
  private final Platform platform = new Platform();

  /** A platform that records what it is asked and says gone what the test says. */
  private static final class Platform implements ConversationReader, DeletionLookup {
    final List<List<String>> asked = new ArrayList<>();
    final Map<String, String> gone = new HashMap<>();
    PlatformFailure failure;
    RuntimeException broken;
    int answersOnly = Integer.MAX_VALUE;
    ReadResult.Pause pause;

    @Override
    public String platformId() {
      return "mastodon";
    }

    @Override
    public ReadResult fetch(String account, Credentials credentials, String cursor) {
      return new ReadResult.Page(List.of(), "read", true, pause);
    }

    @Override
    public int mostPerLook() {
      return 3;
    }

    @Override
    public Answer gone(String account, Credentials credentials, List<ArchivedItems.Known> posts)
        throws PlatformFailure {
      asked.add(posts.stream().map(ArchivedItems.Known::platformId).toList());
      if (failure != null) {
        throw failure;
      }
      if (broken != null) {
        throw broken;
      }
      int answered = Math.min(answersOnly, posts.size());
      Map<String, String> found = new HashMap<>();
      for (ArchivedItems.Known post : posts.subList(0, answered)) {
        if (gone.containsKey(post.platformId())) {
          found.put(post.platformId(), gone.get(post.platformId()));
        }
      }
      return new Answer(
          found,
          answered,
          answered < posts.size() ? "12 of the account's 300 requests are left" : null);
    }

    long timesAsked(String id) {
      return asked.stream().flatMap(List::stream).filter(id::equals).count();
    }
  }

  @BeforeEach
  void start() {
    archive = new ArchiveOnDisk(folder, Clock.fixed(NOW, ZoneOffset.UTC));
    store = archive.store;
    look = new DeletionLook(store, archive.sync);
  }

  @AfterEach
  void stop() throws Exception {
    archive.close();
  }

  private void written(String id, Instant at) {
    store.ingest(
        List.of(
            new IncomingItem(
                "masto-main",
                "mastodon",
                id,
                null,
                null,
                MessageKind.MENTION,
                "reader@town.example",
                "A Reader",
                "@library is the wifi down? (" + id + ")",
                at,
                null,
                false,
                false,
                null,
                null,
                "{}")));
  }

  private String lookAt(Instant when) {
    return look.lookIfDue("masto-main", "mastodon", platform, TOKEN, when);
  }

  private ConversationThread.Message stored(String id) {
    return store
        .allArchived()
        .map(c -> store.conversation(c.id()).orElseThrow())
        .flatMap(thread -> thread.messages().stream())
        .filter(message -> message.platformId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void eachPostIsAskedAboutAnHourADayAndSixDaysAfterItWasWrittenAndNotInBetween() {
    written("401", NOW.minus(Duration.ofMinutes(50)));
    List<Duration> looks = new ArrayList<>();
    for (int minutes = 0; minutes <= 60; minutes++) {
      looks.add(Duration.ofMinutes(minutes));
    }
    looks.add(Duration.ofHours(23).plusMinutes(50));
    looks.add(Duration.ofHours(23).plusMinutes(55));
    looks.add(Duration.ofDays(1));
    looks.add(Duration.ofDays(1).plusMinutes(5));
    looks.add(Duration.ofDays(5).plusHours(23).plusMinutes(50));
    looks.add(Duration.ofDays(5).plusHours(23).plusMinutes(55));
    looks.add(Duration.ofDays(6));
    looks.add(Duration.ofDays(6).plusMinutes(5));
    looks.add(Duration.ofDays(7));

    for (Duration after : looks) {
      assertThat(lookAt(NOW.plus(after))).isNull();
    }

    assertThat(platform.timesAsked("401")).isEqualTo(3);
    assertThat(platform.asked).hasSize(3);
  }

  @Test
  void aPostFoundGoneIsStoredDeletedWithTheEvidenceAndTheLooksTime() {
    written("501", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    written("502", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(2)));
    platform.gone.put("501", "{\"error\":\"Record not found\"}");

    assertThat(lookAt(NOW)).isNull();

    assertThat(platform.asked).containsExactly(List.of("502", "501"));
    ConversationThread.Message gone = stored("501");
    assertThat(gone.deleted()).isTrue();
    assertThat(gone.versions().getLast().rawJson()).isEqualTo("{\"error\":\"Record not found\"}");
    assertThat(stored("502").deleted()).isFalse();
    assertThat(store.cursor("masto-main", DeletionLook.STREAM).orElseThrow())
        .isEqualTo("{\"lookedAt\":" + NOW.toEpochMilli() + "}");
  }

  @Test
  void aLookAsksAtMostWhatThePlatformTakesInTheOrderThePostsCameDueAndTheNextAsksTheRest() {
    for (int i = 0; i < 5; i++) {
      written("60" + i, NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(1)).plusSeconds(i));
    }
    written("610", NOW.minus(Duration.ofHours(1)).minus(Duration.ofSeconds(30)));

    lookAt(NOW);
    // More were due than it asked: still no look before five minutes are up.
    lookAt(NOW.plus(Duration.ofMinutes(1)));
    lookAt(NOW.plus(Duration.ofMinutes(5)));

    // 600 came due a minute ago, 610 half a minute ago, 601 to 604 a second apart after 600.
    assertThat(platform.asked)
        .containsExactly(List.of("600", "601", "602"), List.of("603", "604", "610"));
  }

  @Test
  void aPostDueInTheSameMillisecondAsTheLastOneAskedIsAskedAtTheNextLook() {
    Instant second = NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1));
    written("a", second.minusMillis(1));
    for (String id : List.of("b", "c", "d")) {
      written(id, second);
    }

    lookAt(NOW);
    lookAt(NOW.plus(Duration.ofMinutes(5)));

    assertThat(platform.asked).containsExactly(List.of("a", "b", "c"), List.of("b", "c", "d"));
  }

  @Test
  void moreThanALookTakesInOneMillisecondDoesNotHoldTheLooksForever() {
    Instant second = NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1));
    for (String id : List.of("a", "b", "c", "d")) {
      written(id, second);
    }
    written("e", second.plusMillis(1));

    lookAt(NOW);
    lookAt(NOW.plus(Duration.ofMinutes(5)));
    lookAt(NOW.plus(Duration.ofMinutes(10)));

    assertThat(platform.timesAsked("e")).isEqualTo(1);
  }

  @Test
  void aPlatformThatStopsEarlyIsAskedTheRestAtTheNextLookAndSaysWhyWhenItAnsweredNothing() {
    written("651", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(2)));
    written("652", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    platform.gone.put("651", "{\"error\":\"Record not found\"}");
    platform.answersOnly = 1;

    assertThat(lookAt(NOW)).isNull();
    platform.answersOnly = 0;
    String stopped = lookAt(NOW.plus(Duration.ofMinutes(5)));
    platform.answersOnly = Integer.MAX_VALUE;
    assertThat(lookAt(NOW.plus(Duration.ofMinutes(10)))).isNull();

    assertThat(stopped)
        .isEqualTo("deletions not looked for: 12 of the account's 300 requests are left");
    assertThat(platform.asked)
        .containsExactly(List.of("651", "652"), List.of("652"), List.of("652"));
    assertThat(stored("651").deleted()).isTrue();
  }

  @Test
  void aFailedLookIsSaidUntilOneWorksAndTheNextStartsWhereTheLastThatWorkedEnded() {
    lookAt(NOW);
    platform.failure =
        new PlatformFailure(new PublishOutcome.Transient("Mastodon is not answering (502)"));
    written("701", NOW.minus(Duration.ofMinutes(57)));

    String failed = lookAt(NOW.plus(Duration.ofMinutes(5)));
    String stillSaid = lookAt(NOW.plus(Duration.ofMinutes(7)));
    platform.failure = null;
    String mended = lookAt(NOW.plus(Duration.ofMinutes(10)));

    assertThat(failed).isEqualTo("deletions not looked for: Mastodon is not answering (502)");
    assertThat(stillSaid).isEqualTo(failed);
    assertThat(mended).isNull();
    // Asked by the failed look and again by the one that worked; not by the one in between.
    assertThat(platform.asked).containsExactly(List.of("701"), List.of("701"));
  }

  @Test
  void theIntranetsOwnFailureIsAFailedLookThatKeepsItsDetailsForTheLog() {
    written("751", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    platform.broken = new IllegalStateException("jdbc:sqlite:/secret/path is locked");

    String failed = lookAt(NOW);
    platform.broken = null;
    String mended = lookAt(NOW.plus(Duration.ofMinutes(5)));

    assertThat(failed)
        .isEqualTo("deletions not looked for: the intranet failed (its log says why)");
    assertThat(mended).isNull();
    assertThat(platform.asked).containsExactly(List.of("751"), List.of("751"));
  }

  @Test
  void afterAWeekStoppedALookGoesBackOneDayOnly() {
    written("801", NOW.minus(Duration.ofDays(3)));
    written("802", NOW.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)));

    lookAt(NOW);
    lookAt(NOW.plus(Duration.ofDays(7)));

    assertThat(platform.asked).containsExactly(List.of("802"));
  }

  @Test
  void aLooksTimeAheadOfNowDoesNotHoldTheNextOff() {
    written("901", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    lookAt(NOW.plus(Duration.ofDays(2)));
    platform.asked.clear();

    lookAt(NOW);

    assertThat(platform.asked).containsExactly(List.of("901"));
  }

  @Test
  void anIngestionPollOfAReaderThatCanSayWhatIsGoneEndsWithTheLookAndSaysItsFailure() {
    written("951", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    platform.failure =
        new PlatformFailure(new PublishOutcome.NeedsReconnect("the token was revoked"));

    try (Ingestion ingestion =
        new Ingestion(
            store,
            archive.sync,
            List.of(Ingestion.Source.of("masto-main", platform, TOKEN)),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      ingestion.runOnce(NOW);

      assertThat(platform.asked).containsExactly(List.of("951"));
      Ingestion.AccountStatus status = ingestion.status("masto-main");
      assertThat(status.lastSuccess()).isEqualTo(NOW);
      assertThat(status.partFailed()).startsWith("deletions not looked for: ");
    }
  }

  @Test
  void aPollThatPausesForThePlatformsQuotaDoesNotLook() {
    written("971", NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
    platform.pause =
        new ReadResult.Pause(NOW.plus(Duration.ofMinutes(15)), "the quota is 80 % used");

    try (Ingestion ingestion =
        new Ingestion(
            store,
            archive.sync,
            List.of(Ingestion.Source.of("masto-main", platform, TOKEN)),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      ingestion.runOnce(NOW);
    }

    assertThat(platform.asked).isEmpty();
    assertThat(store.cursor("masto-main", DeletionLook.STREAM)).isEmpty();
  }
}
