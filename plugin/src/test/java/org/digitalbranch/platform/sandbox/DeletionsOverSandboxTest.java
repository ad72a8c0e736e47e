package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.facebook.FacebookReader;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.instagram.InstagramReader;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.platform.x.XReader;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer deletes a comment on Facebook, Instagram or X after the archive stored it: none of the
 * three says so when polled, and the next poll against the demo's sandbox still records the
 * deletion in the store, beside the words the library saw.
 */
class DeletionsOverSandboxTest {

  @TempDir Path folder;
  private Sandbox sandbox;
  private ArchiveStore store;
  private final Moving clock = new Moving();

  /** The readers' clock: X looks a post up at set ages. */
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
    store = new ArchiveStore(Transactor.over(TestStores.migrated(folder)), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  private PlatformSettings settings(SandboxPlatform platform) {
    return PlatformSettings.defaults(URI.create(sandbox.baseUrl(platform))).withClock(clock);
  }

  /** One poll to its end, stored as the ingestion stores it; returns the cursor to go on from. */
  private String poll(
      ConversationReader reader, String account, Credentials credentials, String cursor) {
    List<IncomingItem> items = new ArrayList<>();
    for (int page = 0; page < 20; page++) {
      ReadResult result = reader.fetch(account, credentials, cursor, store.archivedItems());
      assertThat(result).isInstanceOf(ReadResult.Page.class);
      ReadResult.Page read = (ReadResult.Page) result;
      assertThat(read.partFailed()).isNull();
      items.addAll(read.items());
      cursor = read.nextCursor();
      if (read.done()) {
        assertThat(store.ingest(items).skipped()).isEmpty();
        return cursor;
      }
    }
    throw new AssertionError("the reader never said done");
  }

  private ConversationThread.Message stored(String text) {
    String conversation =
        store
            .allArchived()
            .filter(c -> c.messages().stream().anyMatch(m -> text.equals(m.text())))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing stored says " + text))
            .id();
    return store.conversation(conversation).orElseThrow().messages().stream()
        .filter(m -> text.equals(m.versions().getFirst().text()))
        .findFirst()
        .orElseThrow();
  }

  private void deletedAfterTheNextPoll(
      SandboxPlatform platform, ConversationReader reader, Credentials credentials) {
    String text = "Is the " + platform + " branch open late on Thursdays?";
    String kept = "Does the " + platform + " branch lend telescopes?";
    PublishedPost written = sandbox.customerWrites(platform, "Ana Ruiz", text);
    sandbox.customerWrites(platform, "Bo Lind", kept);
    String cursor = poll(reader, platform + "-main", credentials, null);
    assertThat(stored(text).deleted()).isFalse();

    sandbox.customerDeletes(written);
    // An hour on: X looks a post up an hour after it was written.
    clock.now = clock.now.plus(Duration.ofMinutes(62));
    poll(reader, platform + "-main", credentials, cursor);

    ConversationThread.Message message = stored(text);
    assertThat(message.deleted()).isTrue();
    assertThat(message.versions())
        .extracting(ConversationThread.Version::text)
        .containsExactly(text, null);
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
}
