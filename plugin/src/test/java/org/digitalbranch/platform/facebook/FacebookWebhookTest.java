package org.digitalbranch.platform.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.junit.jupiter.api.Test;

class FacebookWebhookTest {

  private static final String SECRET = "app-secret-1";
  private final FacebookWebhook webhook =
      new FacebookWebhook("meatyhamhock", SECRET, Map.of("1001", "facebook-page"));

  /** Exactly as Meta sends it: non-ASCII escaped, so the signature covers the escapes. */
  private static final String ADD =
      "{\"object\":\"page\",\"entry\":[{\"id\":\"1001\",\"time\":1795690000,\"changes\":[{\"field\":\"feed\","
          + "\"value\":{\"from\":{\"id\":\"31\",\"name\":\"Ren\\u00e9e Dubois\"},\"item\":\"comment\","
          + "\"comment_id\":\"1001_1_c1\",\"post_id\":\"1001_1\",\"parent_id\":\"1001_1\",\"verb\":\"add\","
          + "\"created_time\":1795689990,\"message\":\"Caf\\u00e9 hours?\"}}]}]}";

  static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedCommentWithEscapedUnicodeIsAcceptedAndDecoded() throws Exception {
    byte[] raw = bytes(ADD);

    FacebookWebhook.Delivery delivery = webhook.accept(raw, sign(raw));

    assertThat(delivery).isInstanceOf(FacebookWebhook.Delivery.Accepted.class);
    IncomingItem item = ((FacebookWebhook.Delivery.Accepted) delivery).items().getFirst();
    assertThat(item.account()).isEqualTo("facebook-page");
    assertThat(item.platformId()).isEqualTo("1001_1_c1");
    assertThat(item.text()).isEqualTo("Café hours?");
    assertThat(item.authorName()).isEqualTo("Renée Dubois");
    assertThat(item.kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(item.parentPlatformId()).isEqualTo("1001_1");
    assertThat(item.createdAt()).isEqualTo(Instant.ofEpochSecond(1795689990));
    assertThat(item.ours()).isFalse();
    assertThat(item.problem()).isEmpty();
  }

  @Test
  void aSignatureOverTheReSerialisedUnicodeDoesNotMatch() throws Exception {
    byte[] raw = bytes(ADD);
    byte[] reserialised = bytes(ADD.replace("\\u00e9", "é"));

    assertThat(webhook.accept(raw, sign(reserialised)))
        .isEqualTo(
            new FacebookWebhook.Delivery.Refused("X-Hub-Signature-256: does not match the body"));
  }

  @Test
  void aWrongMissingOrMalformedSignatureIsRefused() throws Exception {
    byte[] raw = bytes(ADD);
    String good = sign(raw);
    String wrong = good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0");

    assertThat(webhook.accept(raw, wrong))
        .isEqualTo(
            new FacebookWebhook.Delivery.Refused("X-Hub-Signature-256: does not match the body"));
    assertThat(webhook.accept(raw, null))
        .isEqualTo(new FacebookWebhook.Delivery.Refused("X-Hub-Signature-256: missing"));
    assertThat(webhook.accept(raw, "sha1=" + good.substring(7)))
        .isEqualTo(
            new FacebookWebhook.Delivery.Refused("X-Hub-Signature-256: must start with sha256="));
    assertThat(webhook.accept(raw, "sha256=zz"))
        .isEqualTo(
            new FacebookWebhook.Delivery.Refused("X-Hub-Signature-256: not a hexadecimal HMAC"));
  }

  @Test
  void aBodyAlteredByOneByteIsRefused() throws Exception {
    byte[] raw = bytes(ADD);
    String signature = sign(raw);
    byte[] altered = raw.clone();
    altered[altered.length - 10] ^= 1;

    assertThat(webhook.accept(altered, signature))
        .isInstanceOf(FacebookWebhook.Delivery.Refused.class);
  }

  @Test
  void editsRemovalsRepliesAndThePagesOwnCommentsBecomeItems() throws Exception {
    String body =
        "{\"object\":\"page\",\"entry\":[{\"id\":\"1001\",\"time\":1795690100,\"changes\":["
            + "{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"31\",\"name\":\"Kim\"},\"item\":\"comment\",\"comment_id\":\"1001_1_c1\",\"post_id\":\"1001_1\",\"parent_id\":\"1001_1\",\"verb\":\"edited\",\"created_time\":1795689990,\"message\":\"Caf\\u00e9 hours today?\"}},"
            + "{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"comment_id\":\"1001_1_c3\",\"post_id\":\"1001_1\",\"parent_id\":\"1001_1\",\"verb\":\"remove\",\"created_time\":1795690050}},"
            + "{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"1001\",\"name\":\"Riverside Library\"},\"item\":\"comment\",\"comment_id\":\"1001_1_c2\",\"post_id\":\"1001_1\",\"parent_id\":\"1001_1_c1\",\"verb\":\"add\",\"created_time\":1795690000,\"message\":\"9 to 5!\"}},"
            + "{\"field\":\"feed\",\"value\":{\"item\":\"reaction\",\"post_id\":\"1001_1\",\"verb\":\"add\",\"reaction_type\":\"like\"}}"
            + "]},{\"id\":\"9999\",\"time\":1795690100,\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"comment_id\":\"x\",\"verb\":\"add\",\"message\":\"other page\"}}]}]}";
    byte[] raw = bytes(body);

    var items = ((FacebookWebhook.Delivery.Accepted) webhook.accept(raw, sign(raw))).items();

    assertThat(items)
        .extracting(IncomingItem::platformId)
        .containsExactly("1001_1_c1", "1001_1_c3", "1001_1_c2");
    assertThat(items.get(0).text()).isEqualTo("Café hours today?");
    assertThat(items.get(0).editedAt()).isEqualTo(Instant.ofEpochSecond(1795690100));
    assertThat(items.get(1).deleted()).isTrue();
    assertThat(items.get(1).problem()).isEmpty();
    assertThat(items.get(2).ours()).isTrue();
    assertThat(items.get(2).kind()).isEqualTo(MessageKind.REPLY);
    assertThat(items.get(2).parentPlatformId()).isEqualTo("1001_1_c1");
  }

  @Test
  void theHandshakeEchoesTheChallengeOnlyForOurVerifyToken() {
    assertThat(webhook.verify("subscribe", "meatyhamhock", "1158201444")).contains("1158201444");
    assertThat(webhook.verify("subscribe", "wrong", "1158201444")).isEmpty();
    assertThat(webhook.verify("unsubscribe", "meatyhamhock", "1158201444")).isEmpty();
    assertThat(webhook.verify("subscribe", null, "1158201444")).isEmpty();
    assertThat(webhook.verify("subscribe", "meatyhamhock", "<script>")).isEmpty();
  }
}
