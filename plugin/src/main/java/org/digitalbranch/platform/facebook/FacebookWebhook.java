package org.digitalbranch.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Json;

/**
 * The Facebook Page webhook ({@code feed} field) as plain domain code; the servlet only hands over
 * the query parameters, the raw body and the signature header.
 *
 * <p>Meta signs the body exactly as sent, with non-ASCII escaped as {@code \u00e9}, so the HMAC is
 * computed over the raw bytes and never over parsed and re-serialised JSON; the comparison is
 * constant-time so that the signature cannot be guessed byte by byte. Duplicate deliveries are
 * harmless: the archive upserts by (account, comment id).
 */
public final class FacebookWebhook {

  static final String SIGNATURE_PREFIX = "sha256=";

  /** {@code hub.challenge} is an integer; anything else is not echoed into a response. */
  private static final Pattern CHALLENGE = Pattern.compile("[0-9A-Za-z_-]{1,128}");

  private final byte[] verifyToken;
  private final SecretKeySpec appSecret;
  private final Map<String, String> accountsByPageId;

  /**
   * @param verifyToken the token typed into the app's webhook settings
   * @param appSecret the Meta app's secret, which keys the signature
   * @param accountsByPageId the intranet account id for each subscribed Page id
   */
  public FacebookWebhook(
      String verifyToken, String appSecret, Map<String, String> accountsByPageId) {
    if (verifyToken == null || verifyToken.isBlank()) {
      throw new IllegalArgumentException("verifyToken: must not be blank");
    }
    if (appSecret == null || appSecret.isBlank()) {
      throw new IllegalArgumentException("appSecret: must not be blank");
    }
    this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    this.appSecret = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.accountsByPageId = Map.copyOf(Objects.requireNonNull(accountsByPageId, "accounts"));
  }

  /**
   * The {@code GET} handshake: with {@code hub.mode=subscribe} and our {@code hub.verify_token},
   * the {@code hub.challenge} to answer with (200, bare value); otherwise empty (answer 403).
   */
  public Optional<String> verify(String mode, String token, String challenge) {
    if (!"subscribe".equals(mode) || token == null || challenge == null) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    return CHALLENGE.matcher(challenge).matches() ? Optional.of(challenge) : Optional.empty();
  }

  /** What a delivery amounted to. */
  public sealed interface Delivery {
    /** Signed by Meta; the comment changes it carried (possibly none). */
    record Accepted(List<IncomingItem> items) implements Delivery {
      public Accepted {
        items = List.copyOf(items);
      }
    }

    /** Not signed by Meta, or unreadable; the reason names the header or the body. */
    record Refused(String reason) implements Delivery {}
  }

  /** Checks {@code X-Hub-Signature-256} over the raw body, then reads the comment changes. */
  public Delivery accept(byte[] rawBody, String signatureHeader) {
    if (rawBody == null) {
      return new Delivery.Refused("body: missing");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return new Delivery.Refused("X-Hub-Signature-256: missing");
    }
    String header = signatureHeader.trim();
    if (!header.startsWith(SIGNATURE_PREFIX)) {
      return new Delivery.Refused("X-Hub-Signature-256: must start with sha256=");
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(header.substring(SIGNATURE_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return new Delivery.Refused("X-Hub-Signature-256: not a hexadecimal HMAC");
    }
    if (!MessageDigest.isEqual(hmac(rawBody), claimed)) {
      return new Delivery.Refused("X-Hub-Signature-256: does not match the body");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(rawBody);
    } catch (IOException e) {
      return new Delivery.Refused("body: not JSON");
    }
    if (body == null || !body.isObject()) {
      return new Delivery.Refused("body: not a JSON object");
    }
    List<IncomingItem> items = new ArrayList<>();
    if (!"page".equals(Json.text(body, "/object"))) {
      return new Delivery.Accepted(items);
    }
    for (JsonNode entry : body.path("entry")) {
      String pageId = Json.text(entry, "/id");
      String account = accountsByPageId.get(pageId);
      if (account == null) {
        continue;
      }
      long entryTime = entry.path("time").asLong(0);
      for (JsonNode change : entry.path("changes")) {
        JsonNode value = change.path("value");
        if ("feed".equals(Json.text(change, "/field"))
            && "comment".equals(Json.text(value, "/item"))) {
          comment(account, pageId, entryTime, value).ifPresent(items::add);
        }
      }
    }
    return new Delivery.Accepted(items);
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(appSecret);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /**
   * A {@code feed} comment change: {@code verb} add, edited or remove; {@code parent_id} equals
   * {@code post_id} for a top-level comment. A removal carries ids only, so its author and time
   * fall back to what the delivery says; the store keeps the earlier versions it holds.
   */
  private static Optional<IncomingItem> comment(
      String account, String pageId, long entryTime, JsonNode value) {
    String verb = Json.text(value, "/verb");
    boolean removed = "remove".equals(verb);
    if (!removed && !"add".equals(verb) && !"edited".equals(verb)) {
      return Optional.empty();
    }
    String postId = Json.text(value, "/post_id");
    String parentId = Json.text(value, "/parent_id");
    String author = Json.text(value, "/from/id");
    long created = value.path("created_time").asLong(entryTime);
    JsonNode message = value.path("message");
    Instant changedAt = entryTime > 0 ? Instant.ofEpochSecond(entryTime) : null;
    return Optional.of(
        new IncomingItem(
            account,
            "facebook",
            Json.text(value, "/comment_id"),
            parentId.isEmpty() ? blankToNull(postId) : parentId,
            blankToNull(postId),
            parentId.isEmpty() || parentId.equals(postId) ? MessageKind.COMMENT : MessageKind.REPLY,
            author.isEmpty() ? (removed ? "unknown" : null) : author,
            Json.text(value, "/from/name"),
            removed ? null : message.isTextual() ? message.asText() : null,
            created > 0 ? Instant.ofEpochSecond(created) : null,
            "edited".equals(verb) ? changedAt : null,
            removed,
            author.equals(pageId),
            null,
            null,
            value.toString()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
