package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's Page webhook over real HTTP: no session and no CSRF token, the handshake with the verify
 * token, and deliveries accepted only with the app secret's signature over the raw bytes.
 */
class FacebookWebhookOverHttpTest {

  static final String PATH = "digital-branch/api/webhooks/facebook";
  static final String SECRET = "app-secret-for-tests";

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
                + SECRET
                + "', 'verifyToken': 'verify-me'}, 'team': ['jlee']}]}");
    plugin = (DigitalBranchPlugin) intranet.plugin();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  @Test
  void theHandshakeEchoesTheChallengeForOurVerifyTokenOnly() throws Exception {
    HttpResponse<String> good =
        intranet.send(
            intranet.request(
                PATH + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"));
    HttpResponse<String> bad =
        intranet.send(
            intranet.request(
                PATH + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444"));

    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(good.body()).isEqualTo("1158201444");
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).doesNotContain("1158201444");
  }

  @Test
  void aSignedDeliveryIsIngestedOnceAndARepeatChangesNothing() throws Exception {
    byte[] body = delivery("c-1", "add", "When do you open on Monday?");

    HttpResponse<String> first = deliver(body, sign(body));
    long afterFirst = plugin.archive().store().lastSequence();
    HttpResponse<String> second = deliver(body, sign(body));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(plugin.archive().store().lastSequence()).isEqualTo(afterFirst);
    ConversationThread thread = threadWith("When do you open on Monday?");
    assertThat(thread.account()).isEqualTo("fb-main");
    assertThat(thread.messages()).hasSize(1);
    assertThat(thread.messages().get(0).platformId()).isEqualTo("c-1");
  }

  @Test
  void aWrongAbsentOrOneByteAlteredSignatureIsRefusedAndNothingIsStored() throws Exception {
    byte[] body = delivery("c-2", "add", "Is the makerspace open?");
    byte[] altered = Arrays.copyOf(body, body.length);
    altered[altered.length - 3] ^= 1;
    long before = plugin.archive().store().lastSequence();

    assertThat(deliver(body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(403);
    assertThat(deliver(body, null).statusCode()).isEqualTo(403);
    assertThat(deliver(altered, sign(body)).statusCode()).isEqualTo(403);
    assertThat(deliver(body, sign(body, "another-secret")).statusCode()).isEqualTo(403);

    assertThat(plugin.archive().store().lastSequence()).isEqualTo(before);
  }

  @Test
  void unicodeEscapedAsMetaSendsItIsVerifiedOverTheRawBytes() throws Exception {
    // Meta escapes non-ASCII; re-serialising the parsed JSON would give other bytes.
    byte[] body = delivery("c-3", "add", "Caf\\u00e9 hours, Ren\\u00e9e asks?");

    assertThat(deliver(body, sign(body)).statusCode()).isEqualTo(200);
    assertThat(threadWith("Café hours, Renée asks?").messages().get(0).platformId())
        .isEqualTo("c-3");
  }

  @Test
  void aBodyThatStopsShortOfItsLengthIsAnsweredRequestTimeoutAndTheConnectionClosed()
      throws Exception {
    java.net.URI target = intranet.request("/").build().uri();
    try (java.net.Socket socket = new java.net.Socket(target.getHost(), target.getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST /"
              + PATH
              + " HTTP/1.1\r\nHost: "
              + target.getHost()
              + "\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256="
              + "0".repeat(64)
              + "\r\nContent-Length: 100\r\n\r\n{\"object\":";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      // The sender stops: the server's read of the body meets the end of the stream.
      socket.shutdownOutput();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("Connection: close");
    }
  }

  @Test
  void aSignedBodyThatIsNotJsonIsABadRequest() throws Exception {
    byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> refused = deliver(body, sign(body));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(refused).get("field").asText()).isEqualTo("body");
  }

  @Test
  void onlyTheWebhookPathGoesWithoutASession() throws Exception {
    HttpResponse<String> other =
        intranet.send(
            intranet.request("digital-branch/api/webhooks/other").POST(BodyPublishers.noBody()));

    assertThat(other.statusCode()).isEqualTo(401);
  }

  @Test
  void withoutAnAppSecretTheWebhookIsRefusedNotBroken(@TempDir Path otherData) throws Exception {
    try (TestIntranet bare =
        TestIntranet.start(
            otherData,
            "{'pollSeconds': 3600, 'accounts': [{'id': 'fb-main', 'platform': 'facebook',"
                + " 'handle': 'Library', 'baseUrl': 'http://127.0.0.1:9',"
                + " 'credentials': {'accessToken': 'fb-token', 'pageId': '4242'},"
                + " 'team': []}]}")) {
      byte[] body = delivery("c-4", "add", "Hello");
      HttpResponse<String> refused =
          bare.send(
              bare.request(PATH)
                  .header("X-Hub-Signature-256", sign(body))
                  .POST(BodyPublishers.ofByteArray(body)));
      HttpResponse<String> handshake =
          bare.send(
              bare.request(
                  PATH + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1"));

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(TestIntranet.json(refused).get("detail").asText()).contains("appSecret");
      assertThat(handshake.statusCode()).isEqualTo(403);
    }
  }

  // ---------------------------------------------------------------- helpers

  static byte[] delivery(String commentId, String verb, String escapedMessage) {
    String json =
        "{\"object\":\"page\",\"entry\":[{\"id\":\"4242\",\"time\":1764151200,\"changes\":[{"
            + "\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\""
            + verb
            + "\",\"comment_id\":\""
            + commentId
            + "\",\"post_id\":\"4242_"
            + commentId
            + "\",\"parent_id\":\"4242_"
            + commentId
            + "\","
            + "\"from\":{\"id\":\"9001\",\"name\":\"Ren\\u00e9e\"},"
            + "\"message\":\""
            + escapedMessage
            + "\",\"created_time\":1764151100}}]}]}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  static String sign(byte[] body) throws Exception {
    return sign(body, SECRET);
  }

  static String sign(byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  static HttpResponse<String> deliver(byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        intranet
            .request(PATH)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return intranet.send(request);
  }

  static ConversationThread threadWith(String text) {
    for (InboxEntry entry :
        plugin.archive().store().inbox(InboxFilter.visibleTo(Set.of("fb-main")).page(200, 0))) {
      ConversationThread thread =
          plugin.archive().store().conversation(entry.conversationId()).orElseThrow();
      if (thread.messages().stream().anyMatch(m -> m.text().equals(text))) {
        return thread;
      }
    }
    throw new AssertionError("no conversation holds " + text);
  }
}
