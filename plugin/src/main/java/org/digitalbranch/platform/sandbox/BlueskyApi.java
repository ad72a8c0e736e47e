package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.BreakIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bluesky's XRPC as documented: app-password sessions with refresh, blobs, post records,
 * notifications and author feeds paged by an opaque cursor, threads with {@code notFoundPost}; and
 * the library's chats through the PDS's proxy ({@link BlueskyChat}), which no post call ever shows.
 */
final class BlueskyApi extends SandboxApi {
  static final String IDENTIFIER = "riversidelibrary.sandbox.social";
  static final String APP_PASSWORD = "sand-box1-demo-pass";
  static final String DID = "did:plc:riversidelibrarysandboxx";
  private static final String POST = "app.bsky.feed.post";
  private static final String BASE32 = "234567abcdefghijklmnopqrstuvwxyz";

  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sessions = new AtomicInteger();
  final BlueskyChat chat = new BlueskyChat(this);

  BlueskyApi() {
    super(SandboxPlatform.BLUESKY, new ItemStore(BlueskyApi::tid));
  }

  /** A timestamp id: the key is already microseconds shifted by ten bits, as a TID is. */
  static String tid(long key) {
    char[] out = new char[13];
    long value = key & Long.MAX_VALUE;
    for (int i = 12; i >= 0; i--) {
      out[i] = BASE32.charAt((int) (value & 31));
      value >>>= 5;
    }
    return new String(out);
  }

  @Override
  String handle() {
    return IDENTIFIER;
  }

  @Override
  SandboxAccount account() {
    return new SandboxAccount(
        "bluesky-sandbox",
        platform,
        "@" + IDENTIFIER,
        baseUrl,
        Map.of("identifier", IDENTIFIER, "password", APP_PASSWORD));
  }

  @Override
  String wireId(Item item) {
    return uri(item);
  }

  @Override
  String permalink(Item item) {
    if (item.direct) {
      // Where bsky.app opens a chat; the sandbox's page there shows its newest message.
      return baseUrl + "/messages/" + chat.convoIdOf(item);
    }
    return baseUrl + "/profile/" + handleOf(item.author) + "/post/" + item.id;
  }

  @Override
  Item rootParent(GeneratedConversation conversation) {
    return conversation.direct() ? chat.lastMessageWith(conversation.root().author()) : null;
  }

  @Override
  void seeded(Item item) {
    if (item.direct) {
      chat.seeded(item);
    }
  }

  @Override
  SandboxResponse handle(SandboxRequest request) {
    String path = request.path();
    Matcher page = Pattern.compile("/profile/([^/]+)/post/([^/]+)").matcher(path);
    if (request.method().equals("GET") && page.matches()) {
      return page(post(page.group(2)));
    }
    if (request.method().equals("GET") && path.startsWith("/messages/")) {
      return page(chat.newestIn(path.substring("/messages/".length())));
    }
    if (!path.startsWith("/xrpc/")) {
      return error(404, "XRPCNotSupported", "XRPC method not found");
    }
    String method = path.substring("/xrpc/".length());
    switch (method) {
      case "com.atproto.server.createSession":
        return createSession(request);
      case "com.atproto.server.refreshSession":
        return refreshSession(request);
      default:
        break;
    }
    SandboxResponse refused = checkAccess(request.bearer());
    if (refused != null) {
      return refused;
    }
    if (method.startsWith("chat.bsky.")) {
      return chat.handle(method, request);
    }
    return switch (method) {
      case "com.atproto.server.getSession" ->
          SandboxResponse.json(
              200,
              Json.object(
                  "handle",
                  IDENTIFIER,
                  "did",
                  DID,
                  "email",
                  "digital@riverside.example",
                  "emailConfirmed",
                  true,
                  "active",
                  true));
      case "com.atproto.repo.uploadBlob" -> uploadBlob(request);
      case "com.atproto.repo.createRecord" -> createRecord(request);
      case "com.atproto.repo.deleteRecord" -> deleteRecord(request);
      case "app.bsky.feed.getAuthorFeed" -> authorFeed(request);
      case "app.bsky.notification.listNotifications" -> notifications(request);
      case "app.bsky.feed.getPostThread" -> thread(request);
      case "app.bsky.feed.getPosts" -> posts(request);
      default -> error(501, "MethodNotImplemented", "Method Not Implemented");
    };
  }

  private SandboxResponse createSession(SandboxRequest request) {
    JsonNode body = request.json();
    String identifier = body.path("identifier").asText("");
    boolean matches =
        (identifier.equalsIgnoreCase(IDENTIFIER) || identifier.equalsIgnoreCase(DID))
            && APP_PASSWORD.equals(body.path("password").asText(""));
    if (!matches || failure() == FailureMode.REVOKED_TOKEN) {
      return error(401, "AuthenticationRequired", "Invalid identifier or password");
    }
    return SandboxResponse.json(200, newSession(true));
  }

  private SandboxResponse refreshSession(SandboxRequest request) {
    String token = request.bearer();
    if (token == null) {
      return error(401, "AuthMissing", "Authentication Required");
    }
    if (accessTokens.contains(token)) {
      return error(400, "InvalidToken", "Invalid token type");
    }
    if (!refreshTokens.contains(token)) {
      return error(400, "InvalidToken", "Token could not be verified");
    }
    if (failure() == FailureMode.REVOKED_TOKEN) {
      return error(400, "ExpiredToken", "Token has been revoked");
    }
    return SandboxResponse.json(200, newSession(false));
  }

  private Map<String, Object> newSession(boolean withEmail) {
    // The demo's app password may read direct messages, as the library's must for its chats.
    String access = jwt("com.atproto.appPassPrivileged", 7200);
    String refresh = jwt("com.atproto.refresh", 90L * 24 * 3600);
    accessTokens.add(access);
    refreshTokens.add(refresh);
    Map<String, Object> session =
        Json.object("accessJwt", access, "refreshJwt", refresh, "handle", IDENTIFIER, "did", DID);
    if (withEmail) {
      session.put("email", "digital@riverside.example");
      session.put("emailConfirmed", true);
    }
    session.put("active", true);
    return session;
  }

  private String jwt(String scope, long lifetimeSeconds) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header =
        base64.encodeToString(
            "{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        base64.encodeToString(
            Json.write(
                    Json.object(
                        "scope",
                        scope,
                        "sub",
                        DID,
                        "aud",
                        "did:web:sandbox.social",
                        "iat",
                        now,
                        "exp",
                        now + lifetimeSeconds,
                        "jti",
                        sessions.incrementAndGet() + "-" + UUID.randomUUID()))
                .getBytes(StandardCharsets.UTF_8));
    return header
        + "."
        + payload
        + "."
        + base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
  }

  private SandboxResponse checkAccess(String token) {
    if (token == null) {
      return error(401, "AuthMissing", "Authentication Required");
    }
    return switch (authenticate(token, accessTokens.contains(token))) {
      case OK -> null;
      case WRONG ->
          refreshTokens.contains(token)
              ? error(400, "InvalidToken", "Invalid token type")
              : error(400, "InvalidToken", "Token could not be verified");
      case EXPIRED, REVOKED -> error(400, "ExpiredToken", "Token has expired");
    };
  }

  private SandboxResponse uploadBlob(SandboxRequest request) {
    if (request.body().length == 0) {
      return error(400, "InvalidRequest", "Request body is empty");
    }
    String mimeType =
        request.header("content-type") == null
            ? "application/octet-stream"
            : request.header("content-type");
    return SandboxResponse.json(
        200,
        Json.object(
            "blob",
            Json.object(
                "$type",
                "blob",
                "ref",
                Json.object("$link", "bafkrei" + hash(request.body()).substring(0, 52)),
                "mimeType",
                mimeType,
                "size",
                request.body().length)));
  }

  private SandboxResponse createRecord(SandboxRequest request) {
    JsonNode body = request.json();
    String repo = body.path("repo").asText("");
    if (!repo.equals(DID) && !repo.equalsIgnoreCase(IDENTIFIER)) {
      return error(400, "InvalidRequest", "Input/repo must be the authenticated account");
    }
    if (!POST.equals(body.path("collection").asText())) {
      return error(
          400, "InvalidRequest", "Input/collection must be app.bsky.feed.post in the sandbox");
    }
    JsonNode record = body.path("record");
    if (!record.isObject()) {
      return error(400, "InvalidRequest", "Input must have the property \"record\"");
    }
    if (!record.hasNonNull("text")) {
      return invalidRecord("Record must have the property \"text\"");
    }
    if (!record.hasNonNull("createdAt")) {
      return invalidRecord("Record must have the property \"createdAt\"");
    }
    String text = record.get("text").asText();
    if (graphemes(text) > 300) {
      return invalidRecord("Record/text must not be longer than 300 graphemes");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > 3000) {
      return invalidRecord("Record/text must not be longer than 3000 characters");
    }
    JsonNode images = record.path("embed").path("images");
    for (int i = 0; i < images.size(); i++) {
      if (!images.get(i).has("alt")) {
        return invalidRecord("Record/embed/images/" + i + " must have the property \"alt\"");
      }
      JsonNode aspectRatio = images.get(i).path("aspectRatio");
      if (!aspectRatio.isMissingNode()) {
        for (String side : List.of("width", "height")) {
          JsonNode value = aspectRatio.path(side);
          String at = "Record/embed/images/" + i + "/aspectRatio/" + side;
          if (!value.isIntegralNumber()) {
            return invalidRecord(at + " must be an integer");
          }
          if (value.asLong() < 1) {
            return invalidRecord(at + " can not be less than 1");
          }
        }
      }
    }
    Item parent = null;
    JsonNode parentRef = record.path("reply").path("parent").path("uri");
    if (parentRef.isTextual()) {
      parent = post(rkey(parentRef.asText()));
      if (parent == null) {
        return error(400, "InvalidRequest", "Could not locate record: " + parentRef.asText());
      }
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    List<Media> media = new ArrayList<>();
    for (JsonNode image : images) {
      media.add(
          new Media(
              image.path("image").path("ref").path("$link").asText(),
              null,
              image.path("alt").asText(),
              image.path("image").path("mimeType").asText(),
              image.path("image").path("size").asInt()));
    }
    Item item = publishOurs(parent, text, null, media, false);
    item.extra.put("record", record.toString());
    return published(
        SandboxResponse.json(
            200,
            Json.object(
                "uri", uri(item),
                "cid", cid(item),
                "commit",
                    Json.object(
                        "cid",
                        "bafyreic"
                            + hash(item.id.getBytes(StandardCharsets.UTF_8)).substring(0, 51),
                        "rev",
                        item.id),
                "validationStatus", "valid")));
  }

  private SandboxResponse deleteRecord(SandboxRequest request) {
    Item item = post(request.json().path("rkey").asText(""));
    if (item != null && item.ours) {
      item.deleted = true;
    }
    return SandboxResponse.json(
        200,
        Json.object(
            "commit", Json.object("cid", "bafyreidelete", "rev", store.newId(Instant.now()))));
  }

  private SandboxResponse authorFeed(SandboxRequest request) {
    String actor = request.parameter("actor");
    if (actor == null) {
      return error(400, "InvalidRequest", "Error: Params must have the property \"actor\"");
    }
    boolean ours = actor.equals(DID) || actor.equalsIgnoreCase(IDENTIFIER);
    int limit = MastodonApi.clamp(request.parameter("limit"), 50, 100);
    List<Item> page =
        page(
            request.parameter("cursor"),
            limit,
            item ->
                !item.deleted
                    && !item.direct
                    && (ours
                        ? item.ours
                        : !item.ours
                            && (handleOf(item.author).equals(actor)
                                || didOf(item.author).equals(actor))));
    List<Object> feed = new ArrayList<>();
    for (Item item : page.subList(0, Math.min(limit, page.size()))) {
      feed.add(Json.object("post", postView(item)));
    }
    return withCursor(Json.object("feed", feed), page, limit);
  }

  private SandboxResponse notifications(SandboxRequest request) {
    int limit = MastodonApi.clamp(request.parameter("limit"), 50, 100);
    List<String> reasons = new ArrayList<>();
    for (String value : request.parameters("reasons")) {
      for (String reason : value.split(",")) {
        if (!reason.isBlank()) {
          reasons.add(reason.trim());
        }
      }
    }
    List<Item> page =
        page(
            request.parameter("cursor"),
            limit,
            item ->
                !item.ours
                    && !item.direct
                    && !item.deleted
                    && (reasons.isEmpty() || reasons.contains(reason(item))));
    List<Object> notifications = new ArrayList<>();
    for (Item item : page.subList(0, Math.min(limit, page.size()))) {
      Map<String, Object> notification =
          Json.object(
              "uri",
              uri(item),
              "cid",
              cid(item),
              "author",
              profile(item.author),
              "reason",
              reason(item));
      if (item.parent != null) {
        notification.put("reasonSubject", uri(item.parent));
      }
      notification.put("record", record(item));
      notification.put("isRead", false);
      notification.put("indexedAt", MastodonApi.iso(item.createdAt));
      notification.put("labels", List.of());
      notifications.add(notification);
    }
    Map<String, Object> body = Json.object("notifications", notifications);
    body.put("priority", false);
    return withCursor(body, page, limit);
  }

  /** Newest first, one more than asked so the answer knows whether a cursor is due. */
  private List<Item> page(String cursor, int limit, java.util.function.Predicate<Item> filter) {
    Long before = null;
    if (cursor != null && !cursor.isBlank()) {
      try {
        before =
            Long.parseLong(
                new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        before = Long.MIN_VALUE;
      }
    }
    var items = before == null ? store.newestFirst(filter) : store.olderThan(before, filter);
    return items.limit(limit + 1L).toList();
  }

  private static SandboxResponse withCursor(Map<String, Object> body, List<Item> page, int limit) {
    if (page.size() > limit) {
      String last = Long.toString(page.get(limit - 1).key);
      body.put(
          "cursor",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse thread(SandboxRequest request) {
    String uri = request.parameter("uri");
    if (uri == null) {
      return error(400, "InvalidRequest", "Error: Params must have the property \"uri\"");
    }
    int depth = MastodonApi.clamp(request.parameter("depth"), 6, 1000);
    int parentHeight = MastodonApi.clamp(request.parameter("parentHeight"), 80, 1000);
    Item item = post(rkey(uri));
    if (item == null || item.deleted) {
      return SandboxResponse.json(200, Json.object("thread", notFound(uri)));
    }
    return SandboxResponse.json(
        200, Json.object("thread", threadView(item, depth, parentHeight, true)));
  }

  private Map<String, Object> threadView(
      Item item, int depth, int parentHeight, boolean withParent) {
    Map<String, Object> view =
        Json.object("$type", "app.bsky.feed.defs#threadViewPost", "post", postView(item));
    if (withParent && item.parent != null && parentHeight > 0) {
      view.put(
          "parent",
          item.parent.deleted
              ? notFound(uri(item.parent))
              : threadView(item.parent, 0, parentHeight - 1, true));
    }
    if (depth > 0) {
      List<Object> replies = new ArrayList<>();
      for (Item child : item.visibleChildren()) {
        replies.add(threadView(child, depth - 1, 0, false));
      }
      view.put("replies", replies);
    }
    return view;
  }

  private static Map<String, Object> notFound(String uri) {
    return Json.object("$type", "app.bsky.feed.defs#notFoundPost", "uri", uri, "notFound", true);
  }

  private SandboxResponse posts(SandboxRequest request) {
    List<Object> posts = new ArrayList<>();
    for (String uri : request.parameters("uris")) {
      Item item = post(rkey(uri));
      if (item != null && !item.deleted) {
        posts.add(postView(item));
      }
    }
    return SandboxResponse.json(200, Json.object("posts", posts));
  }

  private Map<String, Object> postView(Item item) {
    Map<String, Object> view =
        Json.object(
            "uri",
            uri(item),
            "cid",
            cid(item),
            "author",
            profile(item.author),
            "record",
            record(item));
    if (!item.media.isEmpty()) {
      List<Object> images = new ArrayList<>();
      for (Media m : item.media) {
        String url = baseUrl + "/img/feed_fullsize/plain/" + DID + "/" + m.id() + "@jpeg";
        images.add(Json.object("thumb", url, "fullsize", url, "alt", m.altText()));
      }
      view.put("embed", Json.object("$type", "app.bsky.embed.images#view", "images", images));
    }
    view.put("replyCount", item.visibleChildren().size());
    view.put("repostCount", 0);
    view.put("likeCount", 0);
    view.put("quoteCount", 0);
    view.put("indexedAt", MastodonApi.iso(item.createdAt));
    view.put("viewer", Json.object());
    view.put("labels", List.of());
    return view;
  }

  private Object record(Item item) {
    String raw = item.extra.get("record");
    if (raw != null) {
      ObjectNode record = (ObjectNode) Json.read(raw);
      record.put("$type", POST);
      return record;
    }
    Map<String, Object> record =
        Json.object(
            "$type",
            POST,
            "text",
            item.text(),
            "createdAt",
            MastodonApi.iso(item.createdAt),
            "langs",
            List.of("en"));
    if (item.parent != null) {
      Item root = item.threadRoot();
      record.put(
          "reply",
          Json.object(
              "root", Json.object("uri", uri(root), "cid", cid(root)),
              "parent", Json.object("uri", uri(item.parent), "cid", cid(item.parent))));
    }
    return record;
  }

  private Map<String, Object> profile(Person person) {
    return Json.object(
        "did",
        didOf(person),
        "handle",
        handleOf(person),
        "displayName",
        person.staff() ? displayName() : person.name(),
        "avatar",
        baseUrl + "/img/avatar/plain/" + didOf(person) + "/avatar@jpeg",
        "labels",
        List.of(),
        "createdAt",
        "2023-04-01T00:00:00.000Z");
  }

  private String reason(Item item) {
    return item.parent == null ? "mention" : "reply";
  }

  private String uri(Item item) {
    return "at://" + didOf(item.author) + "/" + POST + "/" + item.id;
  }

  /** The content id changes when the text does, as a rewritten record's cid does. */
  private String cid(Item item) {
    return "bafyrei"
        + hash((item.id + "\n" + item.text()).getBytes(StandardCharsets.UTF_8)).substring(0, 52);
  }

  /** The post or reply with that record key; a chat message is none, having no record. */
  private Item post(String rkey) {
    Item item = store.get(rkey);
    return item == null || item.direct ? null : item;
  }

  private static String rkey(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  static String handleOf(Person person) {
    return person.staff()
        ? IDENTIFIER
        : person.handle().replace('_', '-').replace('.', '-') + ".bsky.social";
  }

  static String didOf(Person person) {
    if (person.staff()) {
      return DID;
    }
    return "did:plc:" + hash(person.handle().getBytes(StandardCharsets.UTF_8)).substring(0, 24);
  }

  static int graphemes(String text) {
    BreakIterator iterator = BreakIterator.getCharacterInstance();
    iterator.setText(text);
    int count = 0;
    while (iterator.next() != BreakIterator.DONE) {
      count++;
    }
    return count;
  }

  /** SHA-256 in the lowercase base32 that atproto's CIDs and DIDs use. */
  static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder out = new StringBuilder();
      int buffer = 0;
      int bits = 0;
      for (byte b : digest) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      // 256 bits give 51 characters; repeating them is enough for the 52 a CID body shows.
      return out.append(out).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SandboxResponse invalidRecord(String detail) {
    return error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: " + detail);
  }

  private static SandboxResponse error(int status, String error, String message) {
    return SandboxResponse.json(status, Json.object("error", error, "message", message));
  }

  @Override
  SandboxResponse rateLimited() {
    long reset = Instant.now().plus(RATE_LIMIT_WAIT).getEpochSecond();
    return error(429, "RateLimitExceeded", "Rate Limit Exceeded")
        .withHeader("RateLimit-Limit", "5000")
        .withHeader("RateLimit-Remaining", "0")
        .withHeader("RateLimit-Reset", Long.toString(reset))
        .withHeader("RateLimit-Policy", "5000;w=3600");
  }

  @Override
  SandboxResponse serverError() {
    return error(503, "InternalServerError", "Service Unavailable");
  }
}
