package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.bluesky.BlueskyReader;
import org.digitalbranch.platform.bluesky.BlueskyResponder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Bluesky reader and responder against the sandbox the demo runs on: the seeded chats are read,
 * a patron's new chat (a request) is answered, and the answer read back is the one sent, so the
 * archive holds it once; a patron who takes no messages is a refusal in words.
 */
class BlueskyChatOverSandboxTest {
  private static final Credentials LOGIN =
      new Credentials.BlueskyAppPassword(BlueskyApi.IDENTIFIER, BlueskyApi.APP_PASSWORD);

  private static Sandbox sandbox;
  private static BlueskyPlatform bluesky;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    bluesky =
        new BlueskyPlatform(
            PlatformSettings.defaults(URI.create(sandbox.baseUrl(SandboxPlatform.BLUESKY))));
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  private static ReadDrain.Poll poll(String cursor) {
    return ReadDrain.poll(new BlueskyReader(bluesky, true), "bluesky-main", LOGIN, cursor);
  }

  private static List<IncomingItem> chats(ReadDrain.Poll poll) {
    return poll.items().stream().filter(item -> item.kind() == MessageKind.DIRECT_MESSAGE).toList();
  }

  private static PublishOutcome answer(IncomingItem question, String text) {
    return new BlueskyResponder(bluesky)
        .reply(
            new ReplyRequest(
                "reply-" + question.platformId(),
                question.platformId(),
                text,
                LOGIN,
                true,
                question.authorHandle()));
  }

  @Test
  void aPatronsNewChatIsReadAnsweredAndTheAnswerReadBackOnceUnderTheIdItWasSentWith() {
    ReadDrain.Poll first = poll(null);
    assertThat(chats(first)).as("the seeded history's chats").isNotEmpty();
    sandbox.customerChatsOnBluesky("Ana Ruiz", "Can I renew my books by chat?");

    ReadDrain.Poll second = poll(first.lastCursor());
    IncomingItem question =
        chats(second).stream()
            .filter(item -> item.text().equals("Can I renew my books by chat?"))
            .findFirst()
            .orElseThrow();
    assertThat(chats(second)).as("only what is new since the first read").hasSize(1);
    assertThat(question.ours()).isFalse();
    assertThat(question.platformId()).startsWith(question.rootPlatformId() + "/");

    PublishOutcome sent = answer(question, "Yes: tell us your card number and we renew them.");

    assertThat(sent).isInstanceOf(PublishOutcome.Published.class);
    String sentId = ((PublishOutcome.Published) sent).platformId();
    // Read from the mark before the last: the question again (the store keeps it once).
    List<IncomingItem> third = chats(poll(second.lastCursor()));
    assertThat(third)
        .extracting(IncomingItem::platformId)
        .containsExactly(question.platformId(), sentId);
    IncomingItem answer = third.getLast();
    assertThat(answer.ours()).isTrue();
    assertThat(answer.rootPlatformId()).isEqualTo(question.rootPlatformId());
    assertThat(answer.parentPlatformId()).isEqualTo(question.platformId());
    assertThat(answer.text()).isEqualTo("Yes: tell us your card number and we renew them.");
  }

  @Test
  void aPatronWhoTakesNoMessagesIsARefusalInWords() {
    // One made-up patron in 20 has turned incoming messages off: whether the seeded history holds
    // one depends on the seed, so a hundred more made-up patrons write (a handful of them such).
    for (int i = 0; i < 100; i++) {
      sandbox.trickleChat();
    }
    IncomingItem closed =
        chats(poll(null)).stream()
            .filter(item -> !item.ours())
            .filter(
                item ->
                    sandbox.api(SandboxPlatform.BLUESKY) instanceof BlueskyApi api
                        && api.chat.refusesMessages(item.rootPlatformId()))
            .findFirst()
            .orElseThrow();

    PublishOutcome refused = answer(closed, "Sorry for the wait!");

    assertThat(refused)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason()).contains("the person does not take direct messages"));
  }
}
