package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.instagram.InstagramReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Instagram reader against the sandbox the demo runs on: the replies it takes nested in each
 * comment are all the seeded replies, so the demo's archive is whole with one request per medium.
 */
class InstagramReaderOverSandboxTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @Test
  void aFirstPollReadsEverySeededMediumCommentAndReply() {
    // Direct messages are no media or comments: they are read through the Page's conversations.
    List<GeneratedConversation> seeded =
        Seeded.conversations(SandboxPlatform.INSTAGRAM).stream()
            .filter(GeneratedConversation::startsWithOurPost)
            .toList();
    long replies =
        seeded.stream()
            .flatMap(c -> c.messages().stream().filter(m -> m.parent() > 0 && reachable(c, m)))
            .count();
    long comments =
        seeded.stream()
            .flatMap(c -> c.messages().stream().filter(m -> m.parent() == 0 && reachable(c, m)))
            .count();
    InstagramReader reader =
        new InstagramReader(
            new InstagramPlatform(
                PlatformSettings.defaults(URI.create(sandbox.baseUrl(SandboxPlatform.INSTAGRAM)))));

    ReadDrain.Poll poll =
        ReadDrain.poll(
            reader,
            "instagram-sandbox",
            new Credentials.GraphToken(InstagramApi.IG_USER_ID, InstagramApi.TOKEN),
            null);

    List<IncomingItem> media =
        poll.items().stream().filter(i -> i.parentPlatformId() == null).toList();
    assertThat(media).hasSize(seeded.size());
    assertThat(poll.items().stream().filter(i -> i.kind() == MessageKind.REPLY).count())
        .isEqualTo(replies)
        .isPositive();
    assertThat(poll.items()).hasSize((int) (seeded.size() + comments + replies));
  }

  private static boolean reachable(GeneratedConversation conversation, GeneratedMessage message) {
    return Seeded.reachable(conversation, message);
  }
}
