package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.digitalbranch.archive.ConversationThread;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A captured, validly signed delivery replayed later: Meta's signature has no timestamp, so only
 * the plugin's memory of what it accepted stops an old "edited" change from bringing back a comment
 * the customer has since removed (the store takes an edit after a deletion as new).
 */
class FacebookWebhookReplayTest {

  @TempDir static Path dataDir;
  static TestIntranet intranet;
  static DigitalBranchPlugin plugin;

  @BeforeAll
  static void start() throws Exception {
    intranet =
        TestIntranet.start(
            dataDir,
            "{'pollSeconds': 3600, 'accounts': [{'id': 'fb-main', 'platform': 'facebook',"
                + " 'handle': 'Library', 'baseUrl': 'http://127.0.0.1:9',"
                + " 'credentials': {'accessToken': 'fb-token', 'pageId': '4242',"
                + " 'appSecret': '"
                + FacebookWebhookOverHttpTest.SECRET
                + "', 'verifyToken': 'verify-me'}, 'team': ['jlee']}]}");
    plugin = (DigitalBranchPlugin) intranet.plugin();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  @Test
  void aReplayedEditCannotBringBackACommentTheCustomerRemoved() throws Exception {
    byte[] asked = FacebookWebhookOverHttpTest.delivery("c-10", "add", "Do you lend telescopes?");
    byte[] edited =
        FacebookWebhookOverHttpTest.delivery("c-10", "edited", "Do you lend telescopes to kids?");
    byte[] removed = FacebookWebhookOverHttpTest.delivery("c-10", "remove", "");
    for (byte[] delivery : new byte[][] {asked, edited, removed}) {
      assertThat(deliver(delivery).statusCode()).isEqualTo(200);
    }
    long before = plugin.archive().store().lastSequence();

    // Still validly signed: without the memory of it, the store would take it as a newer edit.
    HttpResponse<String> replay = deliver(edited);

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(replay))
        .isEqualTo(TestIntranet.parse("{'received': 0, 'replay': true}"));
    assertThat(plugin.archive().store().lastSequence()).isEqualTo(before);
    ConversationThread thread = threadWith("Do you lend telescopes to kids?");
    assertThat(thread.messages()).hasSize(1);
    assertThat(thread.messages().get(0).deleted()).isTrue();
  }

  @Test
  void aRefusedDeliveryIsNotRememberedSoItsGenuineResendIsTaken() throws Exception {
    byte[] body = FacebookWebhookOverHttpTest.delivery("c-11", "add", "Is parking free?");
    HttpResponse<String> forged =
        intranet.send(
            intranet
                .request(FacebookWebhookOverHttpTest.PATH)
                .header("X-Hub-Signature-256", "sha256=" + "ab".repeat(32))
                .POST(BodyPublishers.ofByteArray(body)));

    HttpResponse<String> genuine = deliver(body);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(genuine.statusCode()).isEqualTo(200);
    assertThat(TestIntranet.json(genuine).get("received").asInt()).isEqualTo(1);
  }

  private static HttpResponse<String> deliver(byte[] body) throws Exception {
    return intranet.send(
        intranet
            .request(FacebookWebhookOverHttpTest.PATH)
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", FacebookWebhookOverHttpTest.sign(body))
            .POST(BodyPublishers.ofByteArray(body)));
  }

  private static ConversationThread threadWith(String text) {
    for (var entry :
        plugin
            .archive()
            .store()
            .inbox(
                org.digitalbranch.archive.InboxFilter.visibleTo(java.util.Set.of("fb-main"))
                    .page(200, 0))) {
      ConversationThread thread =
          plugin.archive().store().conversation(entry.conversationId()).orElseThrow();
      if (thread.messages().stream()
          .anyMatch(m -> m.versions().stream().anyMatch(v -> text.equals(v.text())))) {
        return thread;
      }
    }
    throw new AssertionError("no conversation holds " + text);
  }
}
