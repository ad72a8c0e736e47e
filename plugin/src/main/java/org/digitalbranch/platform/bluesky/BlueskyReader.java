package org.digitalbranch.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.Stage;

/**
 * Reads what Bluesky tells an account: {@code app.bsky.notification.listNotifications} for
 * mentions, replies and quotes, and for each the thread through {@code app.bsky.feed.getPostThread}
 * (parents up to the root, replies below). A {@code notFoundPost} in the thread, or a thread that
 * is not found at all, records a deletion. Posts by the account's own DID are ours.
 *
 * <p>Notifications come newest first and the opaque {@code cursor} pages to older ones; there is no
 * "since". So a poll pages back until it meets a notification indexed at or before the newest one
 * the previous poll saw (or the cursor ends), and the saved cursor holds both the paging cursor and
 * that watermark.
 *
 * <p>With {@code directMessages}, the account's chats too ({@link BlueskyChat}), first in each poll
 * (a patron waits for an answer there as at a desk). Their failure leaves the notifications to be
 * read and is told apart ({@link ReadResult.Page#partFailed}); the cursor keeps the chats' own mark
 * where it was, so the next poll reads them from there.
 *
 * <p>A reply deleted from a thread is simply no longer among its replies, so deletions are also
 * asked about ({@link #gone}): {@code app.bsky.feed.getPosts}, 25 posts a request, leaves out the
 * posts that are gone.
 */
public final class BlueskyReader implements ConversationReader, DeletionLookup {

  static final int PAGE_SIZE = 50;
  static final Set<String> REASONS = Set.of("mention", "reply", "quote");

  private static final String NAME = "Bluesky";

  private final BlueskyPlatform platform;
  private final PlatformHttp http;
  private final BlueskyChat chat;
  private final boolean directMessages;

  public BlueskyReader(BlueskyPlatform platform) {
    this(platform, false);
  }

  /**
   * @param directMessages read the account's chats too (needs an app password made with "Allow
   *     access to your direct messages")
   */
  public BlueskyReader(BlueskyPlatform platform, boolean directMessages) {
    this.platform = platform;
    this.http = platform.http;
    this.chat = new BlueskyChat(platform);
    this.directMessages = directMessages;
  }

  @Override
  public String platformId() {
    return "bluesky";
  }

  /**
   * The paging cursor within a poll, the previous poll's watermark and this poll's newest; and the
   * chats' marks: the newest rev of the last complete read of them ({@code chat}; null: never read
   * whole) and of the one before ({@code chatBefore}), from which the next read starts, so that a
   * message the chat service shows a moment after its rev was passed is still read; and until when
   * the chat service asked to wait, with why.
   */
  private record Position(
      String cursor,
      Instant seen,
      Instant newest,
      String chat,
      String chatBefore,
      Instant chatUntil,
      String chatWait,
      Map<String, String> chatDone) {
    static Position parse(String text) {
      if (text == null) {
        return new Position(null, null, null, null, null, null, null, Map.of());
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text);
        return new Position(
            blankToNull(Json.text(node, "/cursor")),
            Json.instant(node, "/seen").orElse(null),
            Json.instant(node, "/newest").orElse(null),
            blankToNull(Json.text(node, "/chat")),
            blankToNull(Json.text(node, "/chatBefore")),
            Json.instant(node, "/chatUntil").orElse(null),
            blankToNull(Json.text(node, "/chatWait")),
            done(node.path("chatDone")));
      } catch (IOException e) {
        return new Position(null, null, null, null, null, null, null, Map.of());
      }
    }

    private static Map<String, String> done(JsonNode node) {
      Map<String, String> done = new TreeMap<>();
      node.fields().forEachRemaining(entry -> done.put(entry.getKey(), entry.getValue().asText()));
      return done;
    }

    /** Where the chats' next read starts. */
    String chatFrom() {
      return chatBefore != null ? chatBefore : chat;
    }

    Position paging(String nextCursor, Instant pagingNewest) {
      return new Position(
          nextCursor, seen, pagingNewest, chat, chatBefore, chatUntil, chatWait, chatDone);
    }

    Position polled(Instant newSeen) {
      return new Position(null, newSeen, null, chat, chatBefore, chatUntil, chatWait, chatDone);
    }

    /** The chats read whole up to {@code newest}; the mark they were read from is kept behind. */
    Position chatsRead(String newestRev) {
      return new Position(
          cursor, seen, newest, newestRev, chat == null ? newestRev : chat, null, null, Map.of());
    }

    /** A read of the chats that failed part way, having read {@code done} whole. */
    Position chatsPartly(Map<String, String> done) {
      return new Position(cursor, seen, newest, chat, chatBefore, chatUntil, chatWait, done);
    }

    Position chatsWait(Instant until, String why) {
      return new Position(cursor, seen, newest, chat, chatBefore, until, why, chatDone);
    }

    String format() {
      ObjectNode node = Json.object();
      if (cursor != null) {
        node.put("cursor", cursor);
      }
      if (seen != null) {
        node.put("seen", seen.toString());
      }
      if (newest != null) {
        node.put("newest", newest.toString());
      }
      if (chat != null) {
        node.put("chat", chat);
      }
      if (chatBefore != null) {
        node.put("chatBefore", chatBefore);
      }
      if (chatUntil != null) {
        node.put("chatUntil", chatUntil.toString());
        node.put("chatWait", chatWait == null ? "" : chatWait);
      }
      if (!chatDone.isEmpty()) {
        ObjectNode done = node.putObject("chatDone");
        chatDone.forEach(done::put);
      }
      return node.toString();
    }
  }

  @Override
  public ReadResult fetch(String account, Credentials credentials, String cursor) {
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(credentials);
    Position position = Position.parse(cursor);
    List<IncomingItem> items = new ArrayList<>();
    String partFailed = null;
    Position before = position;
    if (directMessages && position.cursor() == null) {
      Instant now = http.settings().clock().instant();
      if (position.chatUntil() != null && now.isBefore(position.chatUntil())) {
        // The chat service's limit is its own: the notifications are read meanwhile.
        partFailed = "private messages not read: " + position.chatWait();
      } else {
        BlueskyChat.Read read = chat.read(account, login, position.chatFrom(), position.chatDone());
        items.addAll(read.items());
        if (read.failure() != null) {
          position = position.chatsPartly(read.done());
        }
        switch (read.failure()) {
          case null -> position = position.chatsRead(read.newest());
          // No session at all: the notifications cannot be read either.
          case PublishOutcome.NeedsReconnect signedOut -> {
            return new ReadResult.Failed(signedOut);
          }
          case PublishOutcome.RateLimited limited -> {
            String wait =
                limited.reason() + " (Bluesky asked to wait until " + limited.until() + ")";
            partFailed = "private messages not read: " + wait;
            position = position.chatsWait(limited.until(), wait);
          }
          // What was read is stored; the marks stay, so the next poll reads the rest.
          default ->
              partFailed =
                  "private messages not read: "
                      + PublishOutcome.reasonOf(read.failure(), "unexpected answer");
        }
      }
    }
    // What the chats brought, kept even when the notifications then fail.
    boolean chatsMoved = !items.isEmpty() || !position.equals(before);
    String path =
        "/xrpc/app.bsky.notification.listNotifications?limit="
            + PAGE_SIZE
            + "&reasons=mention&reasons=reply&reasons=quote"
            + (position.cursor() == null
                ? ""
                : "&cursor=" + PlatformHttp.encode(position.cursor()));
    try {
      String[] did = new String[1];
      HttpReply reply =
          platform.call(
              login,
              session -> {
                did[0] = session.did();
                return http.request(path)
                    .header("Authorization", "Bearer " + session.accessJwt())
                    .GET()
                    .build();
              },
              Stage.PREPARE,
              "reading notifications");
      JsonNode body = reply.json(Stage.PREPARE, NAME);
      JsonNode notifications = body.path("notifications");
      if (!notifications.isArray()) {
        throw new PlatformFailure(
            new PublishOutcome.Transient("Bluesky's notifications answer had no list"));
      }
      Instant newest = position.newest();
      boolean reachedSeen = false;
      for (JsonNode notification : notifications) {
        Instant indexed = Json.instant(notification, "/indexedAt").orElse(null);
        if (indexed != null && position.seen() != null && !indexed.isAfter(position.seen())) {
          reachedSeen = true;
          continue;
        }
        if (indexed != null && (newest == null || indexed.isAfter(newest))) {
          newest = indexed;
        }
        if (REASONS.contains(Json.text(notification, "/reason"))) {
          thread(account, login, did[0], notification, items);
        }
      }
      String next = blankToNull(Json.text(body, "/cursor"));
      boolean done = reachedSeen || next == null || next.equals(position.cursor());
      if (done) {
        Instant seen = position.seen();
        if (newest != null && (seen == null || newest.isAfter(seen))) {
          seen = newest;
        }
        return new ReadResult.Page(items, position.polled(seen).format(), true, null, partFailed);
      }
      return new ReadResult.Page(
          items, position.paging(next, newest).format(), false, null, partFailed);
    } catch (PlatformFailure failure) {
      if (!chatsMoved || failure.outcome() instanceof PublishOutcome.NeedsReconnect) {
        return new ReadResult.Failed(failure.outcome());
      }
      // The chats were read (whole or in part) and the notifications were not: what the chats
      // brought and where they stand are kept, the notifications' marks stay for the next poll.
      String notifications =
          "mentions and replies not read: "
              + PublishOutcome.reasonOf(failure.outcome(), "unexpected answer");
      return new ReadResult.Page(
          items,
          position.format(),
          true,
          failure.outcome() instanceof PublishOutcome.RateLimited limited
              ? new ReadResult.Pause(limited.until(), limited.reason())
              : null,
          partFailed == null ? notifications : partFailed + "; " + notifications);
    }
  }

  /** The most posts {@code app.bsky.feed.getPosts} takes in one request. */
  static final int LOOKUP_SIZE = 25;

  /** Ten requests a look, well within the PDS's 3,000 requests in five minutes. */
  @Override
  public int mostPerLook() {
    return 250;
  }

  /**
   * The posts {@code app.bsky.feed.getPosts} leaves out, each confirmed by its thread: getPosts
   * also leaves out a post hidden by a block either way (the library's moderators block abusive
   * accounts), so only a thread that answers {@code notFoundPost}, or {@code NotFound}, as a read
   * does for a deleted post, is gone; a {@code blockedPost} or a post that is there is not.
   */
  @Override
  public Answer gone(String account, Credentials credentials, List<ArchivedItems.Known> asked)
      throws PlatformFailure {
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(credentials);
    Map<String, String> gone = new java.util.LinkedHashMap<>();
    List<ArchivedItems.Known> uris =
        asked.stream().filter(known -> known.platformId().startsWith("at://")).toList();
    for (List<String> batch : DeletionLookup.idsInBatches(uris, LOOKUP_SIZE)) {
      StringBuilder query = new StringBuilder();
      for (String uri : batch) {
        query.append(query.isEmpty() ? "?" : "&").append("uris=").append(PlatformHttp.encode(uri));
      }
      HttpReply reply = get(login, "/xrpc/app.bsky.feed.getPosts" + query);
      if (!reply.isSuccess()) {
        throw platform.failure(reply, "looking for deleted posts");
      }
      JsonNode posts = reply.json(Stage.PREPARE, NAME).path("posts");
      if (!posts.isArray()) {
        throw new PlatformFailure(
            new PublishOutcome.Transient(
                "Bluesky's answer while looking for deleted posts had no post list"));
      }
      Set<String> found = new java.util.HashSet<>();
      for (JsonNode post : posts) {
        found.add(Json.text(post, "/uri"));
      }
      for (String uri : batch) {
        if (!found.contains(uri)) {
          String evidence = notFound(login, uri);
          if (evidence != null) {
            gone.put(uri, evidence);
          }
        }
      }
    }
    return Answer.all(gone, asked);
  }

  /** The thread's answer when it says the post is not found; null when the post is there. */
  private String notFound(Credentials.BlueskyAppPassword login, String uri) throws PlatformFailure {
    HttpReply reply =
        get(
            login,
            "/xrpc/app.bsky.feed.getPostThread?uri="
                + PlatformHttp.encode(uri)
                + "&depth=0&parentHeight=0");
    if (reply.status() == 400 && "NotFound".equals(Json.text(reply.errorJson(), "/error"))) {
      return reply.errorJson().toString();
    }
    if (!reply.isSuccess()) {
      throw platform.failure(reply, "looking for deleted posts");
    }
    JsonNode thread = reply.json(Stage.PREPARE, NAME).path("thread");
    return isNotFound(thread) ? thread.toString() : null;
  }

  private HttpReply get(Credentials.BlueskyAppPassword login, String path) throws PlatformFailure {
    return platform.authenticated(
        login,
        session ->
            http.request(path)
                .header("Authorization", "Bearer " + session.accessJwt())
                .GET()
                .build(),
        Stage.PREPARE);
  }

  private void thread(
      String account,
      Credentials.BlueskyAppPassword login,
      String ourDid,
      JsonNode notification,
      List<IncomingItem> items)
      throws PlatformFailure {
    String uri = Json.text(notification, "/uri");
    if (uri.isEmpty()) {
      items.add(post(account, ourDid, notification, false));
      return;
    }
    HttpReply reply =
        get(
            login,
            "/xrpc/app.bsky.feed.getPostThread?uri="
                + PlatformHttp.encode(uri)
                + "&depth=6&parentHeight=80");
    if (reply.status() == 400 && "NotFound".equals(Json.text(reply.errorJson(), "/error"))) {
      items.add(post(account, ourDid, notification, true));
      return;
    }
    if (!reply.isSuccess()) {
      throw platform.failure(reply, "reading a thread");
    }
    JsonNode thread = reply.json(Stage.PREPARE, NAME).path("thread");
    if (isNotFound(thread)) {
      items.add(post(account, ourDid, notification, true));
      return;
    }
    if (!thread.path("post").isObject()) {
      // A blocked thread: keep what the notification itself showed.
      items.add(post(account, ourDid, notification, false));
      return;
    }
    List<JsonNode> parents = new ArrayList<>();
    for (JsonNode parent = thread.path("parent");
        parent.isObject();
        parent = parent.path("parent")) {
      parents.addFirst(parent);
    }
    Instant earliest = Json.instant(thread, "/post/record/createdAt").orElse(null);
    for (JsonNode parent : parents) {
      if (isNotFound(parent)) {
        items.add(missing(account, Json.text(parent, "/uri"), earliest));
      } else if (parent.path("post").isObject()) {
        items.add(post(account, ourDid, parent.path("post"), false));
      }
    }
    items.add(post(account, ourDid, thread.path("post"), false));
    replies(account, ourDid, thread, items);
  }

  private static void replies(
      String account, String ourDid, JsonNode node, List<IncomingItem> items) {
    for (JsonNode reply : node.path("replies")) {
      if (reply.path("post").isObject()) {
        items.add(post(account, ourDid, reply.path("post"), false));
        replies(account, ourDid, reply, items);
      }
    }
  }

  private static boolean isNotFound(JsonNode node) {
    return node.path("notFound").asBoolean(false)
        || Json.text(node, "/$type").endsWith("#notFoundPost");
  }

  /**
   * A notification or a post view: both carry {@code uri}, {@code author} and the raw {@code
   * record} with its reply references.
   */
  private static IncomingItem post(String account, String ourDid, JsonNode post, boolean deleted) {
    String uri = Json.text(post, "/uri");
    String parent = blankToNull(Json.text(post, "/record/reply/parent/uri"));
    String root = blankToNull(Json.text(post, "/record/reply/root/uri"));
    String handle = Json.text(post, "/author/handle");
    JsonNode text = post.path("record").path("text");
    String did = Json.text(post, "/author/did");
    return new IncomingItem(
        account,
        "bluesky",
        uri,
        parent,
        root,
        parent == null ? MessageKind.MENTION : MessageKind.REPLY,
        handle.isEmpty() ? blankToNull(did) : handle,
        Json.text(post, "/author/displayName"),
        deleted || !text.isTextual() ? null : text.asText(),
        Json.instant(post, "/record/createdAt").orElse(null),
        null,
        deleted,
        !did.isEmpty() && did.equals(ourDid),
        null,
        null,
        post.toString());
  }

  /**
   * A parent the thread shows as {@code notFoundPost}: only its URI is left, whose authority is the
   * author's DID; it was written no later than the reply below it.
   */
  private static IncomingItem missing(String account, String uri, Instant notLaterThan) {
    String rest = uri.startsWith("at://") ? uri.substring("at://".length()) : uri;
    int slash = rest.indexOf('/');
    String did = slash > 0 ? rest.substring(0, slash) : null;
    ObjectNode raw = Json.object();
    raw.put("$type", "app.bsky.feed.defs#notFoundPost");
    raw.put("uri", uri);
    raw.put("notFound", true);
    return new IncomingItem(
        account,
        "bluesky",
        uri,
        null,
        null,
        MessageKind.MENTION,
        did,
        null,
        null,
        notLaterThan,
        null,
        true,
        false,
        null,
        null,
        raw.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
