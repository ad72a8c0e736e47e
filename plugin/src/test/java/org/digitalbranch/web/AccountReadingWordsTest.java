package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.digitalbranch.archive.IngestReport;
import org.digitalbranch.archive.Ingestion;
import org.junit.jupiter.api.Test;

class AccountReadingWordsTest {

  private static final Instant READ = Instant.parse("2026-11-27T14:00:00Z");
  private static final Instant FAILED = Instant.parse("2026-11-27T14:10:00Z");
  private static final Instant NOW = Instant.parse("2026-11-27T14:12:00Z");

  private static List<String> words(Ingestion.AccountStatus status) {
    return AccountsPage.readingWords(status, NOW, Instant::toString);
  }

  private static IngestReport report(int added, int edited, int deleted, int skipped) {
    List<IngestReport.Skipped> left =
        java.util.stream.IntStream.range(0, skipped)
            .mapToObj(i -> new IngestReport.Skipped(i, "17", "created_at: missing"))
            .toList();
    return new IngestReport(added, edited, deleted, 40, 0, left);
  }

  @Test
  void anAccountNotPolledYetSaysSo() {
    assertThat(words(new Ingestion.AccountStatus("masto", null, null, null, null, null)))
        .containsExactly("not read yet");
  }

  @Test
  void aReadSaysWhenAndWhatItBrought() {
    assertThat(
            words(new Ingestion.AccountStatus("masto", READ, null, null, null, report(3, 1, 0, 0))))
        .containsExactly("Last read 2026-11-27T14:00:00Z: 3 new, 1 edited, 0 deleted");
    assertThat(
            words(new Ingestion.AccountStatus("masto", READ, null, null, null, report(0, 0, 0, 0))))
        .containsExactly("Last read 2026-11-27T14:00:00Z: nothing new");
  }

  @Test
  void aReadOfWhichAPartFailedSaysWhichPart() {
    assertThat(
            words(
                new Ingestion.AccountStatus(
                    "facebook",
                    READ,
                    null,
                    null,
                    null,
                    report(2, 0, 0, 0),
                    null,
                    0,
                    null,
                    "private messages not read: the token lacks pages_messaging")))
        .containsExactly(
            "Last read 2026-11-27T14:00:00Z: 2 new, 0 edited, 0 deleted",
            "Part of that read failed, private messages not read: the token lacks"
                + " pages_messaging; it is tried again");
  }

  @Test
  void aReadThatLeftNoReportSaysOnlyWhen() {
    assertThat(words(new Ingestion.AccountStatus("masto", READ, null, null, null, null)))
        .containsExactly("Last read 2026-11-27T14:00:00Z");
  }

  @Test
  void failuresInARowSayWhenTheAccountIsReadAgainAndWhyItWaits() {
    Instant next = NOW.plusSeconds(480);
    assertThat(
            words(
                new Ingestion.AccountStatus(
                    "bsky",
                    READ,
                    FAILED,
                    "Bluesky refused the account's app password (HTTP 401)",
                    null,
                    null,
                    null,
                    5,
                    next)))
        .containsExactly(
            "Last read 2026-11-27T14:00:00Z",
            "Failed 2026-11-27T14:10:00Z: Bluesky refused the account's app password (HTTP 401)",
            "Not read again before 2026-11-27T14:20:00Z: 5 failed reads in a row, and the wait"
                + " doubles up to an hour, so that a wrong password or a platform that is down is"
                + " not asked every minute");
  }

  @Test
  void malformedItemsAreCountedWithTheFirstReason() {
    assertThat(
            words(new Ingestion.AccountStatus("masto", READ, null, null, null, report(5, 0, 0, 2))))
        .containsExactly(
            "Last read 2026-11-27T14:00:00Z: 5 new, 0 edited, 0 deleted",
            "2 malformed items left out, the rest stored (first: created_at: missing)");
  }

  @Test
  void aFailureSinceTheLastReadShowsWithItsReasonAndARateLimitsPause() {
    Instant until = NOW.plusSeconds(600);
    assertThat(
            words(
                new Ingestion.AccountStatus(
                    "masto", READ, FAILED, "429 Too Many Requests", until, report(1, 0, 0, 0))))
        .containsExactly(
            "Last read 2026-11-27T14:00:00Z: 1 new, 0 edited, 0 deleted",
            "Failed 2026-11-27T14:10:00Z: 429 Too Many Requests",
            "Paused by the platform's rate limit until 2026-11-27T14:22:00Z; reading resumes by"
                + " itself");
  }

  @Test
  void aPauseToSpareTheQuotaSaysWhyAndUntilWhen() {
    assertThat(
            words(
                new Ingestion.AccountStatus(
                    "fb",
                    READ,
                    null,
                    null,
                    NOW.plusSeconds(900),
                    report(2, 0, 0, 0),
                    "Facebook reports 80 % of a quota used")))
        .containsExactly(
            "Last read 2026-11-27T14:00:00Z: 2 new, 0 edited, 0 deleted",
            "Reading paused until 2026-11-27T14:27:00Z: Facebook reports 80 % of a quota used; it"
                + " resumes by itself");
  }

  @Test
  void aFailureBeforeTheLastReadAndAPassedLimitAreNotShown() {
    assertThat(
            words(
                new Ingestion.AccountStatus(
                    "masto", FAILED, READ, null, NOW.minusSeconds(1), report(0, 0, 1, 0))))
        .containsExactly("Last read 2026-11-27T14:10:00Z: 0 new, 0 edited, 1 deleted");
  }
}
