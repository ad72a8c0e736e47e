package org.digitalbranch.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.RateLimitSignals;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.Stage;

/**
 * An account's Bluesky chat (its direct messages): read with {@code chat.bsky.convo.listConvos} and
 * {@code getMessages}, answered with {@code acceptConvo} and {@code sendMessage}. Every call goes
 * to the account's own server with the header {@code atproto-proxy:
 * did:web:api.bsky.chat#bsky_chat}, which forwards it to Bluesky's chat service; the app password
 * must have been made with "Allow access to your direct messages", or the server refuses the call
 * (400 {@code InvalidToken} "Bad token method", which is not an expired session).
 *
 * <p>A chat is a thread rooted at its convo id, each message filed as answering the one before it,
 * as a Facebook Page's Messenger conversations are. Chat message ids are the chat service's own, so
 * the archive names a message {@code <convo id>/<message id>}: unique per account, and an answer
 * knows its chat from the message it answers.
 *
 * <p>Reading follows the {@code rev}s, which the chat service orders as plain strings: a convo's
 * rev moves with every message in it. A read takes the chats whose rev is past the mark, and in
 * each the messages past it, and stops a page after one where nothing is newer (the list comes most
 * recent first; seen in Bluesky's own app, not documented). A failed read leaves the mark where it
 * was, keeps what it read, and the next one goes on from there. The alternative, {@code getLog},
 * starts at "now" and keeps no history, so it could never bring a library's earlier chats into the
 * archive.
 */
final class BlueskyChat {

  /** Where the account's server sends a chat call (Bluesky's chat service). */
  static final String PROXY = "did:web:api.bsky.chat#bsky_chat";

  static final int PAGE_SIZE = 50;

  /**
   * The most chats an unfinished read remembers as read whole: the cursor is rewritten at every
   * page, and a chat beyond it is only read again, never lost.
   */
  static final int MAX_DONE = 1_000;

  private static final String NAME = "Bluesky";

  private final BlueskyPlatform platform;
  private final PlatformHttp http;

  BlueskyChat(BlueskyPlatform platform) {
    this.platform = platform;
    this.http = platform.http;
  }

  /**
   * What a read brought: the messages, oldest first within each chat, and the newest rev seen; or,
   * when a call failed ({@code failure} not null), what was read before it, the mark unmoved, and
   * in {@code done} the chats read whole meanwhile (id to rev), for the next read to pass over.
   */
  record Read(
      List<IncomingItem> items, String newest, PublishOutcome failure, Map<String, String> done) {}

  /**
   * The messages of every chat with news since {@code since} (a rev; null: all of them, the first
   * read), and the newest rev seen. The accepted chats and the requests (patrons the library has
   * not answered yet) are listed apart, each most recent first with its own end: whether a list
   * without {@code status} holds both is not documented, and a request is where a patron's first
   * message waits.
   *
   * <p>A chat in {@code done} at the rev it has now was read whole by an earlier read that failed
   * later on, and is passed over: a library's first read of years of chats that meets a rate limit
   * half way goes on from there next time, rather than read the same first half again and again.
   */
  Read read(
      String account,
      Credentials.BlueskyAppPassword login,
      String since,
      Map<String, String> done) {
    List<IncomingItem> items = new ArrayList<>();
    Map<String, String> readWhole = new java.util.TreeMap<>(done);
    String newest = since;
    String[] ours = new String[1];
    try {
      for (String status : List.of("request", "accepted")) {
        String cursor = null;
        do {
          JsonNode page =
              get(
                  login,
                  "/xrpc/chat.bsky.convo.listConvos?status="
                      + status
                      + "&limit="
                      + PAGE_SIZE
                      + after(cursor),
                  ours,
                  "reading the account's chats");
          JsonNode convos = page.path("convos");
          if (!convos.isArray()) {
            throw new PlatformFailure(
                new PublishOutcome.Transient("Bluesky's answer listing the chats had no list"));
          }
          boolean anyNewer = false;
          for (JsonNode convo : convos) {
            String rev = Json.text(convo, "/rev");
            if (!newer(rev, since)) {
              continue;
            }
            anyNewer = true;
            if (!oneToOne(convo)) {
              // A group chat's answer would go to every member: not a patron's private message.
              continue;
            }
            String id = Json.text(convo, "/id");
            if (rev.isEmpty() || !rev.equals(done.get(id))) {
              items.addAll(messages(account, login, convo, since, ours));
              if (readWhole.size() < MAX_DONE) {
                readWhole.put(id, rev);
              }
            }
            if (newest == null || rev.compareTo(newest) > 0) {
              newest = rev;
            }
          }
          String next = Json.text(page, "/cursor");
          // Most recent first: a page with nothing newer ends the list, one page later than
          // needed.
          cursor = anyNewer && !next.isEmpty() && !next.equals(cursor) ? next : null;
        } while (cursor != null);
      }
      return new Read(items, newest, null, Map.of());
    } catch (PlatformFailure failure) {
      // What was read is kept (the store drops it when it comes again); the mark is not moved,
      // so the next read takes the rest from the same place, passing over what it read whole.
      return new Read(items, since, failure.outcome(), readWhole);
    }
  }

  /** A chat between the library and one person; a group chat is more members or says so. */
  private static boolean oneToOne(JsonNode convo) {
    return convo.path("members").size() <= 2
        && !Json.text(convo, "/kind/$type").endsWith("#groupConvo");
  }

  private static boolean newer(String rev, String since) {
    return since == null || rev.isEmpty() || rev.compareTo(since) > 0;
  }

  /** One chat's messages past {@code since}, oldest first, each answering the one before it. */
  private List<IncomingItem> messages(
      String account,
      Credentials.BlueskyAppPassword login,
      JsonNode convo,
      String since,
      String[] ours)
      throws PlatformFailure {
    String convoId = Json.text(convo, "/id");
    Map<String, JsonNode> members = new HashMap<>();
    for (JsonNode member : convo.path("members")) {
      members.put(Json.text(member, "/did"), member);
    }
    List<JsonNode> newestFirst = new ArrayList<>();
    String cursor = null;
    boolean reached = false;
    do {
      JsonNode page;
      try {
        page =
            get(
                login,
                "/xrpc/chat.bsky.convo.getMessages?convoId="
                    + PlatformHttp.encode(convoId)
                    + "&limit="
                    + PAGE_SIZE
                    + after(cursor),
                ours,
                "reading a chat's messages");
      } catch (ChatGone gone) {
        // Left or deleted between the list and its messages: nothing more to read there, and it
        // must not stop the other chats from being read at every poll.
        break;
      }
      for (JsonNode message : page.path("messages")) {
        if (!newer(Json.text(message, "/rev"), since)) {
          reached = true;
          continue;
        }
        newestFirst.add(message);
      }
      String next = Json.text(page, "/cursor");
      cursor = !reached && !next.isEmpty() && !next.equals(cursor) ? next : null;
    } while (cursor != null);
    List<IncomingItem> items = new ArrayList<>();
    String previous = null;
    for (JsonNode message : newestFirst.reversed()) {
      IncomingItem item =
          item(http.settings(), account, convoId, message, previous, members, ours[0]);
      if (item != null) {
        items.add(item);
        previous = item.platformId().isEmpty() ? previous : item.platformId();
      }
    }
    return items;
  }

  /**
   * A message, or one the viewer deleted for itself (its words gone, the archive's copy kept); null
   * for anything else the chat may hold (a group's system messages, a type not known yet).
   */
  private static IncomingItem item(
      PlatformSettings settings,
      String account,
      String convoId,
      JsonNode message,
      String previous,
      Map<String, JsonNode> members,
      String ourDid) {
    String type = Json.text(message, "/$type");
    boolean deleted = type.endsWith("#deletedMessageView");
    if (!deleted && !type.isEmpty() && !type.endsWith("#messageView")) {
      return null;
    }
    String did = Json.text(message, "/sender/did");
    JsonNode member = members.get(did);
    String handle = member == null ? "" : Json.text(member, "/handle");
    String id = Json.text(message, "/id");
    return new IncomingItem(
        account,
        "bluesky",
        id.isEmpty() ? "" : messageId(convoId, id),
        previous,
        convoId.isEmpty() ? null : convoId,
        MessageKind.DIRECT_MESSAGE,
        handle.isEmpty() ? (did.isEmpty() ? null : did) : handle,
        member == null ? null : Json.text(member, "/displayName"),
        deleted ? null : text(settings, message),
        Json.instant(message, "/sentAt").orElse(null),
        null,
        deleted,
        !did.isEmpty() && did.equals(ourDid),
        null,
        null,
        message.toString());
  }

  /**
   * A message's words, with the post it shares where it shares one: such a message often has no
   * words at all, and the archive says what came instead of showing nothing.
   */
  private static String text(PlatformSettings settings, JsonNode message) {
    JsonNode text = message.path("text");
    if (!text.isTextual()) {
      return null;
    }
    String words = text.asText();
    JsonNode embed = message.path("embed");
    if (!embed.isObject()) {
      return words;
    }
    JsonNode shared = embed.path("record");
    String uri = Json.text(shared, "/uri");
    String handle = Json.text(shared, "/author/handle");
    String what =
        uri.startsWith("at://") && uri.contains("/app.bsky.feed.post/") && !handle.isEmpty()
            ? "[shared a post: "
                + settings.webLink(
                    BlueskyPlatform.SITE,
                    "/profile/"
                        + PlatformHttp.encode(handle)
                        + "/post/"
                        + PlatformHttp.encode(uri.substring(uri.lastIndexOf('/') + 1)))
                + "]"
            : "[shared a post]";
    return words.isBlank() ? what : words + " " + what;
  }

  /** The archive's name for a chat message: its convo and its own id. */
  static String messageId(String convoId, String id) {
    return convoId + "/" + id;
  }

  // ------------------------------------------------------------------------------ answering

  /**
   * Answers in the chat of the message answered: {@code acceptConvo} first (a patron's first
   * message is a request until the library accepts it, and the chat service takes no answer to a
   * request), then {@code sendMessage}.
   */
  PublishOutcome send(ReplyRequest request) {
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(request.credentials());
    Optional<String> convoId = convoOf(request.inReplyTo());
    if (convoId.isEmpty()) {
      return new PublishOutcome.Rejected(
          "a private answer on Bluesky goes into the chat of the message answered, and "
              + request.inReplyTo()
              + " names no chat");
    }
    try {
      ObjectNode accept = Json.object();
      accept.put("convoId", convoId.get());
      post(login, "acceptConvo", accept, Stage.PREPARE, "accepting the chat");
      ObjectNode body = Json.object();
      body.put("convoId", convoId.get());
      ObjectNode message = body.putObject("message");
      message.put("text", request.text());
      ArrayNode facets = BlueskyPlatform.linkFacets(request.text());
      if (!facets.isEmpty()) {
        message.set("facets", facets);
      }
      JsonNode sent =
          post(login, "sendMessage", body, Stage.PUBLISH, "sending the private answer")
              .json(Stage.PUBLISH, NAME);
      String id = Json.text(sent, "/id");
      if (id.isEmpty()) {
        return new PublishOutcome.Unknown(
            "Bluesky accepted the private answer but did not say its id; it may have been"
                + " delivered",
            false);
      }
      // A chat message has no public address.
      return new PublishOutcome.Published(messageId(convoId.get(), id), null);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  /**
   * Looks among the chat's latest messages for one of the account's with the answer's words,
   * written since the try began: a chat repeats "Thank you!" from day to day.
   */
  Optional<PublishOutcome.Published> find(ReplyRequest request) throws PlatformFailure {
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(request.credentials());
    Optional<String> convoId = convoOf(request.inReplyTo());
    if (convoId.isEmpty()) {
      return Optional.empty();
    }
    String fingerprint = ContentFingerprint.of(request.text());
    String[] ours = new String[1];
    JsonNode page =
        get(
            login,
            "/xrpc/chat.bsky.convo.getMessages?convoId="
                + PlatformHttp.encode(convoId.get())
                + "&limit="
                + PAGE_SIZE,
            ours,
            "looking for the private answer");
    for (JsonNode message : page.path("messages")) {
      if (Json.text(message, "/sender/did").equals(ours[0])
          && ContentFingerprint.of(Json.text(message, "/text")).equals(fingerprint)
          && request.couldBeThisTry(Json.instant(message, "/sentAt"))) {
        return Optional.of(
            new PublishOutcome.Published(
                messageId(convoId.get(), Json.text(message, "/id")), null));
      }
    }
    return Optional.empty();
  }

  /**
   * The convo a chat message's archive id names, or the chat's own id (the thread's root, answered
   * when no message of the person's is left to answer); empty for a post's {@code at://} URI.
   */
  static Optional<String> convoOf(String platformId) {
    int slash = platformId.indexOf('/');
    if (platformId.startsWith("at:") || platformId.isBlank() || slash == 0) {
      return Optional.empty();
    }
    return Optional.of(slash < 0 ? platformId : platformId.substring(0, slash));
  }

  // ------------------------------------------------------------------------------ the calls

  private JsonNode get(
      Credentials.BlueskyAppPassword login, String path, String[] ours, String doing)
      throws PlatformFailure {
    HttpReply reply =
        platform.authenticated(
            login,
            session -> {
              ours[0] = session.did();
              return http.request(path)
                  .header("Authorization", "Bearer " + session.accessJwt())
                  .header("atproto-proxy", PROXY)
                  .GET()
                  .build();
            },
            Stage.PREPARE,
            true);
    if (!reply.isSuccess()) {
      throw refusal(reply, doing);
    }
    return reply.json(Stage.PREPARE, NAME);
  }

  private HttpReply post(
      Credentials.BlueskyAppPassword login,
      String method,
      ObjectNode body,
      Stage stage,
      String doing)
      throws PlatformFailure {
    HttpReply reply =
        platform.authenticated(
            login,
            session ->
                http.request("/xrpc/chat.bsky.convo." + method)
                    .header("Authorization", "Bearer " + session.accessJwt())
                    .header("atproto-proxy", PROXY)
                    .header("Content-Type", PlatformHttp.JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                    .build(),
            stage,
            true);
    if (!reply.isSuccess()) {
      throw refusal(reply, doing);
    }
    return reply;
  }

  /**
   * A chat call's failure, in words a librarian can act on where the chat service's own are terse;
   * the service's words follow in brackets. Rate limits and server errors as any Bluesky call.
   */
  private PlatformFailure refusal(HttpReply reply, String doing) {
    if (reply.status() == 429) {
      return new PlatformFailure(rateLimited(reply, doing));
    }
    if (lacksChatAccess(reply)) {
      return new PlatformFailure(
          new PublishOutcome.Rejected(
              "Bluesky refused "
                  + doing
                  + ": the account's app password does not allow direct messages; make one with"
                  + " \"Allow access to your direct messages\" and put it in the settings ("
                  + BlueskyPlatform.errorText(reply)
                  + ")"));
    }
    String said = BlueskyPlatform.errorText(reply);
    String words =
        switch (said) {
          case "recipient has disabled incoming messages" ->
              "the person does not take direct messages";
          case "recipient requires incoming messages to come from someone they follow" ->
              "the person takes direct messages only from accounts they follow";
          case "block between recipient and sender" -> "one of the two accounts blocks the other";
          case "recipient does not exist", "Account does not exist", "Account is disabled" ->
              "the person's account is gone or disabled";
          default -> null;
        };
    if (reply.status() < 500
        && ("InvalidConvo".equals(Json.text(reply.errorJson(), "/error"))
            || said.equals("Convo not found"))) {
      return new ChatGone(
          new PublishOutcome.Rejected(
              "Bluesky refused "
                  + doing
                  + ": the chat is gone from Bluesky (left or deleted) ("
                  + said
                  + ")"));
    }
    if (words != null && reply.status() < 500) {
      return new PlatformFailure(
          new PublishOutcome.Rejected(
              "Bluesky refused " + doing + ": " + words + " (" + said + ")"));
    }
    return platform.failure(reply, doing);
  }

  /** A chat that is no longer there for the account. */
  private static final class ChatGone extends PlatformFailure {
    ChatGone(PublishOutcome outcome) {
      super(outcome);
    }
  }

  /**
   * The chat service's own wait, which its {@code Retry-After} says (the account's server passes it
   * on). The {@code RateLimit-*} headers beside it are the server's own budget, which may have room
   * while the chat service refuses for hours: its reset is taken only when that budget is spent.
   * Without either, a minute.
   */
  private PublishOutcome rateLimited(HttpReply reply, String doing) {
    String reason = "Bluesky's chat rate limit was reached while " + doing;
    java.time.Clock clock = http.settings().clock();
    Optional<Instant> until = RateLimitSignals.retryAfter(reply.header("Retry-After"), clock);
    if (until.isEmpty() && reply.header("RateLimit-Remaining").map("0"::equals).orElse(false)) {
      until = RateLimitSignals.epochSeconds(reply.header("RateLimit-Reset"));
    }
    return new PublishOutcome.RateLimited(
        until.orElseGet(() -> clock.instant().plus(Duration.ofMinutes(1))), reason);
  }

  /**
   * The account's server refused a chat call for the app password's scope: {@code InvalidToken}
   * "Bad token method" (or "Bad token scope"), or, from newer servers, a method "not allowed" or
   * "forbidden" against the chat service. The session itself is good; signing in again cannot help.
   */
  static boolean lacksChatAccess(HttpReply reply) {
    if (reply.status() != 400 && reply.status() != 401 && reply.status() != 403) {
      return false;
    }
    String message = Json.text(reply.errorJson(), "/message");
    return message.startsWith("Bad token method")
        || message.startsWith("Bad token scope")
        || message.contains("against \"did:web:api.bsky.chat");
  }

  private static String after(String cursor) {
    return cursor == null ? "" : "&cursor=" + PlatformHttp.encode(cursor);
  }
}
