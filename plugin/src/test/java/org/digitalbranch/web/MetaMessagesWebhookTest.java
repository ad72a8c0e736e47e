package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.FacebookWebhookOverHttpTest.sign;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's webhook for private messages, over real HTTP: a Page's Messenger and an Instagram
 * account's direct messages, filed into the conversation the poll read before, since Meta's event
 * names the person and not the conversation; an Instagram edit kept as a version and an unsent
 * message as a deletion marker.
 */
class MetaMessagesWebhookTest {

  static final String PATH = "digital-branch/api/webhooks/facebook";

  @TempDir static Path dataDir;
  static TestIntranet intranet;
  static DigitalBranchPlugin plugin;

  @BeforeAll
  static void start() throws Exception {
    intranet =
        TestIntranet.start(
            dataDir,
            "{'pollSeconds': 3600, 'publicBaseUrl': 'https://intranet.example.org', 'accounts': ["
                + "{'id': 'fb-main', 'platform': 'facebook', 'handle': 'Library',"
                + " 'baseUrl': 'http://127.0.0.1:9', 'directMessages': true,"
                + " 'credentials': {'accessToken': 'fb-token', 'pageId': '4242', 'appSecret': '"
                + FacebookWebhookOverHttpTest.SECRET
                + "', 'verifyToken': 'verify-me'}, 'team': ['jlee']},"
                + "{'id': 'fb-quiet', 'platform': 'facebook', 'handle': 'Branch',"
                + " 'baseUrl': 'http://127.0.0.1:9',"
                + " 'credentials': {'accessToken': 'fb-token-2', 'pageId': '5353'},"
                + " 'team': ['jlee']},"
                + "{'id': 'ig-main', 'platform': 'instagram', 'handle': 'library',"
                + " 'baseUrl': 'http://127.0.0.1:9', 'directMessages': true,"
                + " 'credentials': {'accessToken': 'page-token', 'igUserId': '178',"
                + " 'pageId': '4242'}, 'team': ['jlee']}]}");
    plugin = (DigitalBranchPlugin) intranet.plugin();
    // What the poll read before on the Page whose private messages are not read.
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                chatMessage(
                    "fb-quiet", "facebook", "t_quiet", "m_quiet", "psid-quiet", "Lee", "Hi")));
  }

  private static final AtomicInteger serial = new AtomicInteger();

  /** A chat the poll read before, of one message from a person of its own: its number. */
  private static int seedChat(String account, String platform, String name, String text) {
    int n = serial.incrementAndGet();
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                chatMessage(
                    account, platform, "t_" + n, "m_" + n + "_1", "person-" + n, name, text)));
    return n;
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static IncomingItem chatMessage(
      String account,
      String platform,
      String thread,
      String id,
      String person,
      String name,
      String text) {
    return new IncomingItem(
        account,
        platform,
        id,
        null,
        thread,
        MessageKind.DIRECT_MESSAGE,
        person,
        name,
        text,
        Instant.parse("2026-11-28T10:00:00Z"),
        null,
        false,
        false,
        null,
        null,
        "{}");
  }

  /** One messaging event in Meta's envelope, ASCII as Meta sends it. */
  private static byte[] event(String object, String entryId, String messaging) {
    return ("{\"object\":\""
            + object
            + "\",\"entry\":[{\"id\":\""
            + entryId
            + "\",\"time\":1795862000000,\"messaging\":["
            + messaging
            + "]}]}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static final AtomicInteger clock = new AtomicInteger();

  /** One message event, each a second after the one before. */
  private static String message(String from, String to, String body) {
    return "{\"sender\":{\"id\":\""
        + from
        + "\"},\"recipient\":{\"id\":\""
        + to
        + "\"},\"timestamp\":"
        + (1795862000000L + 1000L * clock.incrementAndGet())
        + ",\"message\":"
        + body
        + "}";
  }

  private static HttpResponse<String> deliver(byte[] body) throws Exception {
    HttpRequest.Builder request =
        intranet
            .request(PATH)
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", sign(body))
            .POST(BodyPublishers.ofByteArray(body));
    return intranet.send(request);
  }

  private static ConversationThread chat(String account, String root) {
    for (InboxEntry entry :
        plugin
            .archive()
            .store()
            .inbox(InboxFilter.visibleTo(Set.of("fb-main", "fb-quiet", "ig-main")).page(200, 0))) {
      ConversationThread thread =
          plugin.archive().store().conversation(entry.conversationId()).orElseThrow();
      if (thread.account().equals(account) && thread.rootPlatformId().equals(root)) {
        return thread;
      }
    }
    throw new AssertionError("no conversation " + root + " on " + account);
  }

  private static ConversationThread.Message message(ConversationThread thread, String id) {
    return thread.messages().stream()
        .filter(m -> m.platformId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not in the conversation"));
  }

  @Test
  void aPersonsNewMessageJoinsTheConversationThePollFiledTheirsIn() throws Exception {
    int n = seedChat("fb-main", "facebook", "Kim Reader", "Hello!");

    HttpResponse<String> answer =
        deliver(
            event(
                "page",
                "4242",
                message(
                    "person-" + n, "4242", "{\"mid\":\"m_new\",\"text\":\"Are you open late?\"}")));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"received\":1");
    ConversationThread thread = chat("fb-main", "t_" + n);
    ConversationThread.Message added = message(thread, "m_new");
    assertThat(added.text()).isEqualTo("Are you open late?");
    assertThat(added.authorName())
        .as("the webhook names no one: the name is the one the poll read")
        .isEqualTo("Kim Reader");
    assertThat(added.parentPlatformId()).isEqualTo("m_" + n + "_1");
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
  }

  @Test
  void anAnswerWrittenInMetasInboxComesAsAnEchoAndAnswersTheConversation() throws Exception {
    int n = seedChat("fb-main", "facebook", "Ana", "Is the cafe open?");

    // Where another app holds the conversation, Meta sends the echo under standby.
    byte[] echo =
        ("{\"object\":\"page\",\"entry\":[{\"id\":\"4242\",\"time\":1795862000000,"
                + "\"standby\":["
                + message(
                    "4242",
                    "person-" + n,
                    "{\"mid\":\"m_echo_"
                        + n
                        + "\",\"is_echo\":true,\"app_id\":263902037430900,"
                        + "\"text\":\"Yes, until 8.\"}")
                + "]}]}")
            .getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> answer = deliver(echo);

    assertThat(answer.body()).contains("\"received\":1");
    ConversationThread thread = chat("fb-main", "t_" + n);
    assertThat(message(thread, "m_echo_" + n).ours()).isTrue();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
  }

  @Test
  void theEchoOfAnAnswerSentFromHereChangesNothingSinceThePollBringsItsCopy() throws Exception {
    int n = seedChat("fb-main", "facebook", "Sam", "Lost my card");
    // The answer from the intranet, recorded under the Send API's message id.
    plugin
        .archive()
        .sync()
        .ingest(
            List.of(
                new IncomingItem(
                    "fb-main",
                    "facebook",
                    "m_sent_" + n,
                    null,
                    "t_" + n,
                    MessageKind.DIRECT_MESSAGE,
                    "4242",
                    "Riverside Library",
                    "We can replace it.",
                    Instant.parse("2026-11-28T10:05:00Z"),
                    null,
                    false,
                    true,
                    "jlee",
                    null,
                    "{}")));
    long before = plugin.archive().store().lastSequence();

    HttpResponse<String> echo =
        deliver(
            event(
                "page",
                "4242",
                message(
                    "4242",
                    "person-" + n,
                    "{\"mid\":\"m_sent_"
                        + n
                        + "\",\"is_echo\":true,\"text\":\"We can replace it.\"}")));

    assertThat(echo.body()).contains("\"received\":0");
    assertThat(plugin.archive().store().lastSequence()).isEqualTo(before);
  }

  @Test
  void whatTheArchiveCannotFileIsLeftForThePoll() throws Exception {
    int n = seedChat("fb-main", "facebook", "Mo", "Hello");
    long before = plugin.archive().store().lastSequence();

    // Someone who never wrote before: the conversation's id is the poll's to learn.
    assertThat(
            deliver(
                    event(
                        "page",
                        "4242",
                        message("psid-new", "4242", "{\"mid\":\"m_20\",\"text\":\"Hello?\"}")))
                .body())
        .contains("\"received\":0");
    // A photo alone: the poll describes it as the API gives it.
    assertThat(
            deliver(
                    event(
                        "page",
                        "4242",
                        message(
                            "person-" + n,
                            "4242",
                            "{\"mid\":\"m_21\",\"attachments\":[{\"type\":\"image\","
                                + "\"payload\":{\"url\":\"https://cdn.example/1.jpg\"}}]}")))
                .body())
        .contains("\"received\":0");
    // An edit of a message the archive does not hold: there is nothing to add a version to.
    assertThat(
            deliver(
                    event(
                        "page",
                        "4242",
                        "{\"sender\":{\"id\":\"person-"
                            + n
                            + "\"},\"recipient\":{\"id\":\"4242\"},\"timestamp\":1795862100000,"
                            + "\"message_edit\":{\"mid\":\"m_unknown\",\"text\":\"x\",\"num_edit\":1}}"))
                .body())
        .contains("\"received\":0");
    // A Page whose private messages are not read.
    assertThat(
            deliver(
                    event(
                        "page",
                        "5353",
                        message("psid-quiet", "5353", "{\"mid\":\"m_22\",\"text\":\"Anyone?\"}")))
                .body())
        .contains("\"received\":0");

    assertThat(plugin.archive().store().lastSequence()).isEqualTo(before);
  }

  @Test
  void aMessengerEditIsANewVersionAndALateOlderEditDoesNotOvertakeIt() throws Exception {
    int n = seedChat("fb-main", "facebook", "Jo", "v1");
    String edit =
        "{\"sender\":{\"id\":\"person-"
            + n
            + "\"},\"recipient\":{\"id\":\"4242\"},\"timestamp\":%d,"
            + "\"message_edit\":{\"mid\":\"m_"
            + n
            + "_1\",\"text\":\"%s\",\"num_edit\":%d}}";

    deliver(event("page", "4242", edit.formatted(1795862300000L, "v3", 2)));
    deliver(event("page", "4242", edit.formatted(1795862200000L, "v2", 1)));

    ConversationThread.Message edited = message(chat("fb-main", "t_" + n), "m_" + n + "_1");
    assertThat(edited.text()).isEqualTo("v3");
    assertThat(edited.versions())
        .extracting(ConversationThread.Version::text)
        .containsExactly("v1", "v3");
  }

  @Test
  void anInstagramMessageAnsweringTheLibrarysStorySaysSoAsThePollWould() throws Exception {
    int n = seedChat("ig-main", "instagram", "kim.reads", "Hi there");

    deliver(
        event(
            "instagram",
            "178",
            message(
                "person-" + n,
                "178",
                "{\"mid\":\"ig_story_"
                    + n
                    + "\",\"text\":\"Is this on Saturday?\",\"reply_to\":{\"story\":"
                    + "{\"url\":\"https://lookaside.example/s/1\",\"id\":\"st1\"}}}")));

    ConversationThread.Message added = message(chat("ig-main", "t_" + n), "ig_story_" + n);
    assertThat(added.text()).isEqualTo("Is this on Saturday? [an answer to the library's story]");
    assertThat(added.authorName()).isEqualTo("kim.reads");
  }

  @Test
  void anInstagramEditIsANewVersionAndAnUnsentMessageKeepsWhatTheLibrarySaw() throws Exception {
    int n = seedChat("ig-main", "instagram", "kim.reads", "Hi there");
    String mid = "m_" + n + "_1";

    deliver(
        event(
            "instagram",
            "178",
            "{\"sender\":{\"id\":\"person-"
                + n
                + "\"},\"recipient\":{\"id\":\"178\"},"
                + "\"timestamp\":1795862100000,\"message_edit\":{\"mid\":\""
                + mid
                + "\",\"text\":\"Hi there, are you open?\",\"num_edit\":1}}"));

    ConversationThread.Message edited = message(chat("ig-main", "t_" + n), mid);
    assertThat(edited.versions())
        .extracting(ConversationThread.Version::text)
        .containsExactly("Hi there", "Hi there, are you open?");

    byte[] unsend =
        event(
            "instagram",
            "178",
            message("person-" + n, "178", "{\"mid\":\"" + mid + "\",\"is_deleted\":true}"));
    deliver(unsend);
    HttpResponse<String> again = deliver(unsend);

    ConversationThread.Message unsent = message(chat("ig-main", "t_" + n), mid);
    assertThat(unsent.deleted()).isTrue();
    assertThat(unsent.text()).isEqualTo("Hi there, are you open?");
    assertThat(again.body()).as("Meta's retry of the same delivery").contains("\"replay\":true");
  }
}
