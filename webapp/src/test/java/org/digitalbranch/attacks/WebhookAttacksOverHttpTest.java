package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's Page webhook on the real host, with a settings file that gives the Facebook account an app
 * secret: only a delivery signed with that secret over exactly its bytes is taken, once. Forged,
 * truncated, garbled or missing signatures and bodies altered by one byte are refused 403 and leave
 * the inbox as it was; a replay of a valid delivery is answered 200 (so Meta would stop retrying)
 * but not processed. The plugin's own tests cover the same at its level
 * (FacebookWebhookOverHttpTest, FacebookWebhookReplayTest); here the host's filters and chrome
 * stand in front.
 */
class WebhookAttacksOverHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/digital-branch/api/webhooks/facebook";
  private static final String APP_SECRET = "5f2b9a7c31d84e6fa0b1c2d3e4f50617";
  private static final String VERIFY_TOKEN = "branch-verify-7Qm2";

  @TempDir static Path data;
  static HostUnderAttack host;
  static Attacker staff;

  @BeforeAll
  static void start() throws Exception {
    host =
        HostUnderAttack.start(
            ConfiguredIntranet.withFacebookWebhook(data, APP_SECRET, VERIFY_TOKEN));
    staff = host.signedIn("staff", ConfiguredIntranet.STAFF_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  @Test
  void theHandshakeAnswersOnlyOurVerifyToken() throws Exception {
    Attacker meta = new Attacker(host.base());
    String good =
        PATH + "?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444";

    assertThat(meta.get(good).body()).isEqualTo("1158201444");
    for (String bad :
        List.of(
            PATH + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1",
            PATH
                + "?hub.mode=subscribe&hub.verify_token="
                + VERIFY_TOKEN.substring(1)
                + "&hub.challenge=1",
            PATH + "?hub.mode=unsubscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1",
            PATH
                + "?hub.mode=subscribe&hub.verify_token="
                + VERIFY_TOKEN
                + "&hub.challenge=%3Cscript%3E",
            PATH)) {
      HttpResponse<String> answer = meta.get(bad);
      assertThat(answer.statusCode()).as(bad).isEqualTo(403);
      assertThat(answer.body()).as(bad).doesNotContain(VERIFY_TOKEN).doesNotContain("<script>");
    }
  }

  @Test
  void everyForgedTruncatedGarbledOrMissingSignatureIsRefusedAndNothingIsIngested()
      throws Exception {
    byte[] body = delivery("c-forged", "add", "Forged question about overdue fines");
    byte[] other = delivery("c-other", "add", "Another question");
    byte[] altered = Arrays.copyOf(body, body.length);
    altered[altered.length - 40] ^= 0x01;
    String valid = sign(body, APP_SECRET);
    String hex = valid.substring("sha256=".length());

    Map<String, String> forgeries = new LinkedHashMap<>();
    forgeries.put("all zeros", "sha256=" + "0".repeat(64));
    forgeries.put("another body's signature", sign(other, APP_SECRET));
    forgeries.put("another secret's signature", sign(body, "not-the-app-secret"));
    forgeries.put("truncated by one character", valid.substring(0, valid.length() - 1));
    forgeries.put("truncated to half", "sha256=" + hex.substring(0, 32));
    forgeries.put("the prefix alone", "sha256=");
    forgeries.put("no prefix", hex);
    forgeries.put("sha1 prefix", "sha1=" + hex);
    forgeries.put("not hexadecimal", "sha256=" + "zz".repeat(32));
    forgeries.put("one character changed", "sha256=" + flip(hex));
    forgeries.put("twice as long", valid + hex);
    forgeries.put("blank", " ");
    int before = conversations().size();

    for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
      HttpResponse<String> answer = deliver(body, forgery.getValue());
      assertThat(answer.statusCode()).as(forgery.getKey()).isEqualTo(403);
    }
    assertThat(deliver(body, null).statusCode()).as("no header").isEqualTo(403);
    assertThat(deliver(altered, valid).statusCode()).as("body altered by one bit").isEqualTo(403);
    assertThat(deliver(concat(body, " ".getBytes()), valid).statusCode())
        .as("one byte added to the body")
        .isEqualTo(403);
    HttpResponse<String> legacyHeader =
        send(
            new Attacker(host.base())
                .request(PATH)
                .header("X-Hub-Signature", valid)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(legacyHeader.statusCode()).as("the signature under another header").isEqualTo(403);

    assertThat(conversations()).hasSize(before);
    assertThat(texts()).doesNotContain("Forged question about overdue fines");
  }

  @Test
  void aValidDeliveryIsTakenOnceAndAReplayedEditCannotBringBackARemovedComment() throws Exception {
    byte[] asked = delivery("c-77", "add", "Can I renew a laptop loan?");
    byte[] edited = delivery("c-77", "edited", "Can I renew a laptop loan twice?");
    byte[] removed = delivery("c-77", "remove", "");

    HttpResponse<String> first = deliver(asked, sign(asked, APP_SECRET));
    String conversation = conversationWith("Can I renew a laptop loan?");
    HttpResponse<String> edit = deliver(edited, sign(edited, APP_SECRET));
    HttpResponse<String> removal = deliver(removed, sign(removed, APP_SECRET));
    int after = conversations().size();
    HttpResponse<String> replay = deliver(edited, sign(edited, APP_SECRET));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).get("received").asInt()).isEqualTo(1);
    assertThat(edit.statusCode()).isEqualTo(200);
    assertThat(removal.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(replay.body()).get("replay").asBoolean()).isTrue();
    assertThat(conversations()).hasSize(after);
    JsonNode thread =
        JSON.readTree(staff.get("/digital-branch/api/conversations/" + conversation).body());
    assertThat(thread.get("messages")).hasSize(1);
    assertThat(thread.get("messages").get(0).get("deleted").asBoolean())
        .as("the removed comment stays removed")
        .isTrue();
  }

  @Test
  void aDeliveryOverTheBodyLimitIsRefused413DeclaredOrChunkedBeforeItsSignatureIsChecked()
      throws Exception {
    // Only a little over the limit, so the unread rest fits the socket buffers (see the input
    // test).
    byte[] big = new byte[1024 * 1024 + 16 * 1024];
    Arrays.fill(big, (byte) ' ');
    String signature = sign(big, APP_SECRET);
    Attacker meta = new Attacker(host.base());

    HttpResponse<String> declared =
        meta.sendAlone(
            meta.request(PATH)
                .header("X-Hub-Signature-256", signature)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
    HttpResponse<String> chunked =
        meta.sendAlone(
            meta.request(PATH)
                .header("X-Hub-Signature-256", signature)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big))));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  // ------------------------------------------------------------------ helpers

  private static List<JsonNode> conversations() throws Exception {
    HttpResponse<String> inbox = staff.get("/digital-branch/api/conversations?limit=200");
    assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
    List<JsonNode> all = new ArrayList<>();
    JSON.readTree(inbox.body()).get("conversations").forEach(all::add);
    return all;
  }

  private static String conversationWith(String text) throws Exception {
    for (JsonNode conversation : conversations()) {
      if (text.equals(conversation.path("latestCustomerText").asText())) {
        return conversation.get("id").asText();
      }
    }
    throw new AssertionError("no conversation shows " + text);
  }

  private static List<String> texts() throws Exception {
    List<String> texts = new ArrayList<>();
    for (JsonNode conversation : conversations()) {
      texts.add(conversation.path("latestCustomerText").asText());
    }
    return texts;
  }

  private static HttpResponse<String> deliver(byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        new Attacker(host.base())
            .request(PATH)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return new Attacker(host.base()).send(request);
  }

  static byte[] delivery(String commentId, String verb, String message) {
    String json =
        "{\"object\":\"page\",\"entry\":[{\"id\":\"4242\",\"time\":1764151200,\"changes\":[{"
            + "\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\""
            + verb
            + "\",\"comment_id\":\""
            + commentId
            + "\",\"post_id\":\"4242_1\",\"parent_id\":\"4242_1\","
            + "\"from\":{\"id\":\"9001\",\"name\":\"Ren\\u00e9e\"},"
            + "\"message\":\""
            + message
            + "\",\"created_time\":1764151100}}]}]}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  static String sign(byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static String flip(String hex) {
    char last = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
