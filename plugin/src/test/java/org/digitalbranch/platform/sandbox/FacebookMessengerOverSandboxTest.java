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
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.facebook.FacebookReader;
import org.digitalbranch.platform.facebook.FacebookResponder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Facebook reader and responder against the sandbox the demo runs on: a patron's private
 * message is read, answered within Messenger's window, and the answer read back is the one sent, so
 * the archive holds it once; an old conversation's answer is refused in words.
 */
class FacebookMessengerOverSandboxTest {
  private static final Credentials PAGE =
      new Credentials.GraphToken(FacebookApi.PAGE_ID, FacebookApi.TOKEN);

  private static Sandbox sandbox;
  private static FacebookPlatform facebook;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    facebook =
        new FacebookPlatform(
            PlatformSettings.defaults(URI.create(sandbox.baseUrl(SandboxPlatform.FACEBOOK))));
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  private static List<IncomingItem> privateMessages() {
    return ReadDrain.poll(new FacebookReader(facebook, true), "facebook-main", PAGE, null)
        .items()
        .stream()
        .filter(item -> item.kind() == MessageKind.DIRECT_MESSAGE)
        .toList();
  }

  @Test
  void aPatronsMessageIsReadAnsweredAndTheAnswerReadBackUnderTheIdItWasSentWith() {
    sandbox.customerMessagesThePage("Ana Ruiz", "Is the library open on Sunday?");
    IncomingItem question =
        privateMessages().stream()
            .filter(item -> item.text().equals("Is the library open on Sunday?"))
            .findFirst()
            .orElseThrow();
    assertThat(question.rootPlatformId()).startsWith("t_");
    assertThat(question.ours()).isFalse();

    PublishOutcome sent =
        new FacebookResponder(facebook)
            .reply(
                new ReplyRequest(
                    "reply-1",
                    question.platformId(),
                    "Yes, from noon to five.",
                    PAGE,
                    true,
                    question.authorHandle()));

    assertThat(sent).isInstanceOf(PublishOutcome.Published.class);
    String sentId = ((PublishOutcome.Published) sent).platformId();
    IncomingItem answer =
        privateMessages().stream()
            .filter(item -> item.platformId().equals(sentId))
            .findFirst()
            .orElseThrow();
    assertThat(answer.ours()).isTrue();
    assertThat(answer.rootPlatformId()).isEqualTo(question.rootPlatformId());
    assertThat(answer.parentPlatformId()).isEqualTo(question.platformId());
    assertThat(answer.text()).isEqualTo("Yes, from noon to five.");
  }

  @Test
  void theSeededHistorysPrivateMessagesAreReadAndAnAnswerToAnOldOneIsRefusedInWords() {
    List<IncomingItem> messages = privateMessages();
    assertThat(messages).isNotEmpty();
    IncomingItem old =
        messages.stream()
            .filter(item -> !item.ours() && !item.authorHandle().equals(FacebookApi.PAGE_ID))
            .filter(item -> item.createdAt().isBefore(Seeded.UNTIL.minusSeconds(2 * 86_400)))
            .findFirst()
            .orElseThrow();

    PublishOutcome refused =
        new FacebookResponder(facebook)
            .reply(
                new ReplyRequest(
                    "reply-2",
                    old.platformId(),
                    "Sorry for the wait!",
                    PAGE,
                    true,
                    old.authorHandle()));

    assertThat(refused)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected -> assertThat(rejected.reason()).contains("within 24 hours"));
  }
}
