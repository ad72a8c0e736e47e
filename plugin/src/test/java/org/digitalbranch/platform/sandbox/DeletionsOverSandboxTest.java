package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.ArchiveOnDisk;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.Ingestion;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.bluesky.BlueskyReader;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.facebook.FacebookReader;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.instagram.InstagramReader;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.mastodon.MastodonReader;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.platform.x.XReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer deletes a comment or mention after the archive stored it: no platform says so when
 * polled, and the ingestion against the demo's sandbox still records the deletion in the store,
 * beside the words the library saw: at the next poll on Facebook and Instagram, at the next look on
 * X, Bluesky and Mastodon.
 */
class DeletionsOverSandboxTest {

  @TempDir Path folder;
  private Sandbox sandbox;
  private ArchiveOnDisk archive;
  private ArchiveStore store;
  private final Moving clock = new Moving();

  /** The readers' and the ingestion's clock: a post is looked up at set ages. */
  private static final class Moving extends Clock {
    private volatile Instant now = Instant.now();

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
    sandbox = Sandbox.start(SandboxBehaviour.empty());
    archive = new ArchiveOnDisk(folder, Clock.systemUTC());
    store = archive.store;
  }

  @AfterEach
  void stop() throws Exception {
    archive.close();
    sandbox.stop();
  }

  private PlatformSettings settings(SandboxPlatform platform) {
    return PlatformSettings.defaults(URI.create(sandbox.baseUrl(platform))).withClock(clock);
  }

  private ConversationThread.Message stored(String text) {
    String conversation =
        store
            .allArchived()
            .filter(
                c ->
                    c.messages().stream()
                        .anyMatch(m -> m.text() != null && m.text().contains(text)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing stored says " + text))
            .id();
    return store.conversation(conversation).orElseThrow().messages().stream()
        .filter(m -> m.versions().getFirst().text().contains(text))
        .findFirst()
        .orElseThrow();
  }

  private void deletedAfterTheNextPoll(
      SandboxPlatform platform, ConversationReader reader, Credentials credentials) {
    String text = "Is the " + platform + " branch open late on Thursdays?";
    String kept = "Does the " + platform + " branch lend telescopes?";
    PublishedPost written = sandbox.customerWrites(platform, "Ana Ruiz", text);
    sandbox.customerWrites(platform, "Bo Lind", kept);
    try (Ingestion ingestion =
        new Ingestion(
            store,
            archive.sync,
            List.of(Ingestion.Source.of(platform + "-main", reader, credentials)),
            clock)) {
      ingestion.runOnce(clock.now);
      assertThat(stored(text).deleted()).isFalse();

      sandbox.customerDeletes(written);
      // An hour on: X, Bluesky and Mastodon look a post up an hour after it was written.
      clock.now = clock.now.plus(Duration.ofMinutes(62));
      ingestion.runOnce(clock.now);

      Ingestion.AccountStatus status = ingestion.status(platform + "-main");
      assertThat(status.failureReason()).isNull();
      assertThat(status.partFailed()).isNull();
    }

    ConversationThread.Message message = stored(text);
    assertThat(message.deleted()).isTrue();
    // Mastodon's and Bluesky's mentions begin with the library's handle.
    assertThat(message.versions()).hasSize(2);
    assertThat(message.versions().getFirst().text()).endsWith(text);
    assertThat(message.versions().getLast().deleted()).isTrue();
    assertThat(message.versions().getLast().text()).isNull();
    assertThat(message.versions().getLast().rawJson()).isNotBlank();
    // Nothing else was taken for deleted: the other patron's message, and every post of ours.
    assertThat(stored(kept).deleted()).isFalse();
    assertThat(
            store
                .allArchived()
                .flatMap(c -> c.messages().stream())
                .filter(m -> m.staff() && m.deleted()))
        .isEmpty();
  }

  @Test
  void aCommentDeletedOnInstagramIsRecordedDeletedAtTheNextPoll() {
    deletedAfterTheNextPoll(
        SandboxPlatform.INSTAGRAM,
        new InstagramReader(new InstagramPlatform(settings(SandboxPlatform.INSTAGRAM))),
        new Credentials.GraphToken(InstagramApi.IG_USER_ID, InstagramApi.TOKEN));
  }

  @Test
  void aCommentDeletedOnFacebookIsRecordedDeletedAtTheNextPollWithoutTheWebhook() {
    deletedAfterTheNextPoll(
        SandboxPlatform.FACEBOOK,
        new FacebookReader(new FacebookPlatform(settings(SandboxPlatform.FACEBOOK))),
        new Credentials.GraphToken(FacebookApi.PAGE_ID, FacebookApi.TOKEN));
  }

  @Test
  void aMentionDeletedOnXIsRecordedDeletedAtTheNextLook() {
    deletedAfterTheNextPoll(
        SandboxPlatform.X,
        new XReader(new XPlatform(settings(SandboxPlatform.X), CredentialsListener.IGNORE)),
        new Credentials.XOAuth2(
            XApi.FIRST_ACCESS_TOKEN, XApi.FIRST_REFRESH_TOKEN, XApi.CLIENT_ID, Optional.empty()));
  }

  @Test
  void aMentionDeletedOnBlueskyIsRecordedDeletedAtTheNextLook() {
    deletedAfterTheNextPoll(
        SandboxPlatform.BLUESKY,
        new BlueskyReader(new BlueskyPlatform(settings(SandboxPlatform.BLUESKY))),
        new Credentials.BlueskyAppPassword(BlueskyApi.IDENTIFIER, BlueskyApi.APP_PASSWORD));
  }

  @Test
  void aMentionDeletedOnMastodonIsRecordedDeletedAtTheNextLook() {
    deletedAfterTheNextPoll(
        SandboxPlatform.MASTODON,
        new MastodonReader(new MastodonPlatform(settings(SandboxPlatform.MASTODON))),
        new Credentials.MastodonToken(MastodonApi.TOKEN));
  }
}
