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
 * Meta's webhook as plain domain code: a Facebook Page's {@code feed} (its comments), and where
 * private messages are read, the Page's Messenger and an Instagram account's direct messages
 * ({@code messaging}); the servlet only hands over the query parameters, the raw body and the
 * signature header.
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
  private final Map<String, String> directByPageId;
  private final Map<String, String> directByInstagramId;
  private final Held held;

  /**
   * What the archive holds, for a private message's event: Meta's names the person and the account,
   * never the conversation, which the poll files its messages under.
   */
  public interface Held {
    /** Whether the archive holds the account's item {@code platformId}. */
    boolean holds(String account, String platformId);

    /** The account's private conversation in which the person last wrote, if it holds one. */
    Optional<Chat> chatWith(String account, String person);

    /** Holds nothing: private messages' events are then left to the poll. */
    Held NOTHING =
        new Held() {
          @Override
          public boolean holds(String account, String platformId) {
            return false;
          }

          @Override
          public Optional<Chat> chatWith(String account, String person) {
            return Optional.empty();
          }
        };
  }

  /**
   * A private conversation as the archive holds it: its root on the platform, and the names the
   * platform gave the person and the account there (the webhook gives none).
   */
  public record Chat(String rootPlatformId, String personName, String ownName) {}

  /**
   * A webhook for the Pages' comments only.
   *
   * @param verifyToken the token typed into the app's webhook settings
   * @param appSecret the Meta app's secret, which keys the signature
   * @param accountsByPageId the intranet account id for each subscribed Page id
   */
  public FacebookWebhook(
      String verifyToken, String appSecret, Map<String, String> accountsByPageId) {
    this(verifyToken, appSecret, accountsByPageId, Map.of(), Map.of(), Held.NOTHING);
  }

  /**
   * @param directByPageId the accounts whose Page's private messages are read, by Page id
   * @param directByInstagramId the Instagram accounts whose direct messages are read, by their
   *     Instagram user id
   * @param held what the archive holds, to file a private message's event
   */
  public FacebookWebhook(
      String verifyToken,
      String appSecret,
      Map<String, String> accountsByPageId,
      Map<String, String> directByPageId,
      Map<String, String> directByInstagramId,
      Held held) {
    if (verifyToken == null || verifyToken.isBlank()) {
      throw new IllegalArgumentException("verifyToken: must not be blank");
    }
    if (appSecret == null || appSecret.isBlank()) {
      throw new IllegalArgumentException("appSecret: must not be blank");
    }
    this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    this.appSecret = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.accountsByPageId = Map.copyOf(Objects.requireNonNull(accountsByPageId, "accounts"));
    this.directByPageId = Map.copyOf(directByPageId);
    this.directByInstagramId = Map.copyOf(directByInstagramId);
    this.held = Objects.requireNonNull(held, "held");
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
    String object = Json.text(body, "/object");
    if ("instagram".equals(object)) {
      for (JsonNode entry : body.path("entry")) {
        String userId = Json.text(entry, "/id");
        String account = directByInstagramId.get(userId);
        if (account != null) {
          messaging(account, "instagram", userId, entry, items);
        }
      }
      return new Delivery.Accepted(items);
    }
    if (!"page".equals(object)) {
      return new Delivery.Accepted(items);
    }
    for (JsonNode entry : body.path("entry")) {
      String pageId = Json.text(entry, "/id");
      String direct = directByPageId.get(pageId);
      if (direct != null) {
        messaging(direct, "facebook", pageId, entry, items);
      }
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

  /**
   * An entry's private-message events ({@code messaging}, and {@code standby} where another app
   * holds the conversation), as items the store files like polled ones:
   *
   * <ul>
   *   <li>a message with words, the person's or the account's ({@code is_echo}: written in Meta's
   *       inbox, say), into the conversation in which the person last wrote. One the archive holds
   *       already (an answer sent from here) is left for the poll, whose copy is the API's; one in
   *       a conversation the archive does not hold yet, or with no words (a photo, a shared post,
   *       which the API describes), is left for the poll too, which reads it with its conversation;
   *   <li>an edit ({@code message_edit}) of a message the archive holds, as a new version;
   *   <li>a message its sender unsent (Instagram's {@code is_deleted}), as a deletion marker: the
   *       archive keeps what the library saw, as with every deletion.
   * </ul>
   */
  private void messaging(
      String account, String platform, String ownId, JsonNode entry, List<IncomingItem> into) {
    List<JsonNode> events = new ArrayList<>();
    entry.path("messaging").forEach(events::add);
    entry.path("standby").forEach(events::add);
    for (JsonNode event : events) {
      String sender = Json.text(event, "/sender/id");
      String recipient = Json.text(event, "/recipient/id");
      long timestamp = event.path("timestamp").asLong(entry.path("time").asLong(0));
      if (timestamp <= 0) {
        continue;
      }
      Instant at = Instant.ofEpochMilli(timestamp);
      // An edit or an unsend may name no sender; the store keeps the author it holds.
      String editor = sender.isEmpty() ? "unknown" : sender;
      JsonNode edit = event.path("message_edit");
      if (edit.isObject()) {
        String mid = Json.text(edit, "/mid");
        JsonNode text = edit.path("text");
        if (!mid.isEmpty() && text.isTextual() && held.holds(account, mid)) {
          into.add(
              direct(
                  account,
                  platform,
                  mid,
                  null,
                  editor,
                  null,
                  text.asText(),
                  at,
                  at,
                  false,
                  false,
                  event));
        }
        continue;
      }
      JsonNode message = event.path("message");
      String mid = Json.text(message, "/mid");
      if (!message.isObject() || mid.isEmpty()) {
        continue;
      }
      if (message.path("is_deleted").asBoolean(false)) {
        if (held.holds(account, mid)) {
          into.add(
              direct(
                  account, platform, mid, null, editor, null, null, at, null, true, false, event));
        }
        continue;
      }
      boolean ours = message.path("is_echo").asBoolean(false) || sender.equals(ownId);
      String person = ours ? recipient : sender;
      String words = Json.text(message, "/text");
      if (person.isEmpty() || words.isBlank() || held.holds(account, mid)) {
        continue;
      }
      Optional<Chat> chat = held.chatWith(account, person);
      if (chat.isEmpty()) {
        continue;
      }
      // As the poll words it (GraphMessaging): an answer to a story says so after its words.
      String text =
          message.path("reply_to").path("story").isObject()
              ? words + " [an answer to the library's story]"
              : words;
      into.add(
          direct(
              account,
              platform,
              mid,
              chat.get().rootPlatformId(),
              ours ? ownId : person,
              ours ? chat.get().ownName() : chat.get().personName(),
              text,
              at,
              null,
              false,
              ours,
              event));
    }
  }

  /**
   * A private message as an item. With no parent given, the store files it after the latest message
   * its conversation holds, as it does a polled chat's.
   */
  private static IncomingItem direct(
      String account,
      String platform,
      String mid,
      String root,
      String author,
      String name,
      String text,
      Instant at,
      Instant editedAt,
      boolean deleted,
      boolean ours,
      JsonNode event) {
    return new IncomingItem(
        account,
        platform,
        mid,
        null,
        root,
        MessageKind.DIRECT_MESSAGE,
        blankToNull(author),
        name,
        text,
        at,
        editedAt,
        deleted,
        ours,
        null,
        null,
        event.toString());
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
