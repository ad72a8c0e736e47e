package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * Bluesky's chat service as the library's PDS passes calls on to it ({@code chat.bsky.convo.*} with
 * the {@code atproto-proxy} header): one convo per patron, most recent activity first, its messages
 * newest first, both paged by opaque cursors; accepting a request, and sending a message. Chat
 * messages are {@link Item#direct} items of the Bluesky store, each following the one before, never
 * posts.
 *
 * <p>A message's id is its item's TID; its rev is a TID of the same instant counted from {@link
 * #REV_ORIGIN}, so that revs sort in time order as ids do and look like the chat service's ({@code
 * 222...}), yet a client that takes one for the other is caught. A convo's rev is that of its
 * newest message or of its accepting, whichever came later.
 *
 * <p>The seeded history decides each convo's status from what happened in it: the library accepted
 * every convo it wrote in, just before it first did, and about half of the others a minute after
 * they began; the rest are still requests. A convo that starts while the demo runs is a request, as
 * a message from someone the library does not follow is. About one generated patron in 20 has since
 * turned off incoming messages, so the library's message is refused; the customers a demo user
 * names never have.
 */
final class BlueskyChat {
  /** The header a PDS needs to pass a call on to another service. */
  static final String PROXY_HEADER = "atproto-proxy";

  /** Bluesky's chat service, as the header names it. */
  static final String CHAT_SERVICE = "did:web:api.bsky.chat#bsky_chat";

  /** The lexicon's limits on a message's text. */
  static final int MAX_GRAPHEMES = 1000;

  static final int MAX_BYTES = 10_000;

  static final String CONVO_NOT_FOUND = "Convo not found";
  static final String MESSAGES_DISABLED = "recipient has disabled incoming messages";

  /**
   * The sandbox's answer to a message sent in a request: whether the real service accepts the convo
   * on the way is not documented, so a client must accept it first, as Bluesky's app does.
   */
  static final String NOT_ACCEPTED = "convo is not accepted";

  private static final String MESSAGE_VIEW = "chat.bsky.convo.defs#messageView";
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 100;

  /** Revs count from here: small numbers, as the chat service's are. */
  private static final long REV_ORIGIN =
      ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T00:00:00Z")) << 10;

  /**
   * How long after a seeded convo began the library accepted it, when it accepted it unanswered.
   */
  private static final Duration ACCEPTED_AFTER = Duration.ofMinutes(1);

  /** One patron's chat with the library. */
  private static final class Convo {
    final String id;
    final Person patron;
    final boolean refusesMessages;
    final ConcurrentSkipListMap<Long, Item> messages = new ConcurrentSkipListMap<>();

    /** The key of the library's accepting in the store's order, or 0 while it is a request. */
    volatile long acceptedKey;

    Convo(String id, Person patron, boolean refusesMessages) {
      this.id = id;
      this.patron = patron;
      this.refusesMessages = refusesMessages;
    }

    boolean accepted() {
      return acceptedKey != 0;
    }

    /** The key whose rev is the convo's: its newest message's or its accepting's. */
    long revKey() {
      return Math.max(messages.lastKey(), acceptedKey);
    }

    Item newest() {
      return messages.lastEntry().getValue();
    }
  }

  /**
   * A place in the list of convos, newest activity first: a convo's rev (as its key) when it was
   * listed, so that sorting sees one value throughout, and its id, as a tie-break and for cursors.
   */
  private record Position(long revKey, String convoId) implements Comparable<Position> {
    static Position of(Convo convo) {
      return new Position(convo.revKey(), convo.id);
    }

    @Override
    public int compareTo(Position other) {
      int byRev = Long.compare(other.revKey, revKey);
      return byRev != 0 ? byRev : other.convoId.compareTo(convoId);
    }
  }

  private final BlueskyApi api;
  private final Map<String, Convo> byPatron = new ConcurrentHashMap<>();
  private final Map<String, Convo> byId = new ConcurrentHashMap<>();

  BlueskyChat(BlueskyApi api) {
    this.api = api;
  }

  SandboxResponse handle(String method, SandboxRequest request) {
    SandboxResponse unproxied = checkProxy(request.header(PROXY_HEADER));
    if (unproxied != null) {
      return unproxied;
    }
    return switch (method) {
      case "chat.bsky.convo.listConvos" -> query(request, this::listConvos);
      case "chat.bsky.convo.getConvo" -> query(request, this::getConvo);
      case "chat.bsky.convo.getMessages" -> query(request, this::getMessages);
      case "chat.bsky.convo.acceptConvo" -> procedure(request, this::acceptConvo);
      case "chat.bsky.convo.sendMessage" -> procedure(request, this::sendMessage);
      default -> error(501, "MethodNotImplemented", "Method Not Implemented");
    };
  }

  /**
   * Without the header a PDS would answer the call itself, and it has no chat; a header naming no
   * service, or another one, is refused as the PDS words it.
   */
  private static SandboxResponse checkProxy(String proxy) {
    if (proxy == null || proxy.isBlank()) {
      return invalid(
          "Missing atproto-proxy header: chat.bsky calls reach the chat service only with"
              + " atproto-proxy: "
              + CHAT_SERVICE);
    }
    if (!proxy.contains("#")) {
      return invalid("no service id specified in proxy header");
    }
    if (!proxy.strip().equals(CHAT_SERVICE)) {
      return invalid("could not resolve proxy did service url");
    }
    return null;
  }

  private static SandboxResponse query(
      SandboxRequest request, Function<SandboxRequest, SandboxResponse> handler) {
    return request.method().equals("GET")
        ? handler.apply(request)
        : invalid("Incorrect HTTP method (" + request.method() + ") expected GET");
  }

  private static SandboxResponse procedure(
      SandboxRequest request, Function<SandboxRequest, SandboxResponse> handler) {
    return request.method().equals("POST")
        ? handler.apply(request)
        : invalid("Incorrect HTTP method (" + request.method() + ") expected POST");
  }

  // ---------------------------------------------------------------- reading

  /**
   * Most recent activity (highest rev) first; {@code status} and {@code readState=unread} narrow
   * the list as the lexicon describes them.
   */
  private SandboxResponse listConvos(SandboxRequest request) {
    String badLimit = badLimit(request.parameter("limit"));
    if (badLimit != null) {
      return invalid(badLimit);
    }
    int limit = limit(request.parameter("limit"));
    String status = request.parameter("status");
    boolean unreadOnly = "unread".equals(request.parameter("readState"));
    String cursor = request.parameter("cursor");
    Position after = null;
    if (cursor != null && !cursor.isEmpty()) {
      after = positionAt(cursor);
      if (after == null) {
        return invalid("Malformed cursor");
      }
    }
    Position from = after;
    List<Position> page =
        byId.values().stream()
            .filter(convo -> status == null || status.equals(status(convo)))
            .filter(convo -> !unreadOnly || unread(convo) > 0)
            .map(Position::of)
            .filter(position -> from == null || position.compareTo(from) > 0)
            .sorted()
            .limit(limit + 1L)
            .toList();
    List<Object> convos = new ArrayList<>();
    for (Position position : page.subList(0, Math.min(limit, page.size()))) {
      convos.add(convoView(byId.get(position.convoId())));
    }
    Map<String, Object> body = Json.object();
    if (page.size() > limit) {
      Position last = page.get(limit - 1);
      body.put("cursor", encode(last.revKey() + ":" + last.convoId()));
    }
    body.put("convos", convos);
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse getConvo(SandboxRequest request) {
    String convoId = request.parameter("convoId");
    if (convoId == null) {
      return invalid("Error: Params must have the property \"convoId\"");
    }
    Convo convo = byId.get(convoId);
    return convo == null
        ? error(400, "InvalidConvo", CONVO_NOT_FOUND)
        : SandboxResponse.json(200, Json.object("convo", convoView(convo)));
  }

  /** Newest first; the cursor leads to older messages, and is absent once the first is given. */
  private SandboxResponse getMessages(SandboxRequest request) {
    String convoId = request.parameter("convoId");
    if (convoId == null) {
      return invalid("Error: Params must have the property \"convoId\"");
    }
    String badLimit = badLimit(request.parameter("limit"));
    if (badLimit != null) {
      return invalid(badLimit);
    }
    int limit = limit(request.parameter("limit"));
    Convo convo = byId.get(convoId);
    if (convo == null) {
      return error(400, "InvalidConvo", CONVO_NOT_FOUND);
    }
    NavigableMap<Long, Item> older = convo.messages.descendingMap();
    String cursor = request.parameter("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      Long before = keyAt(cursor);
      if (before == null) {
        return invalid("Malformed cursor");
      }
      older = convo.messages.headMap(before, false).descendingMap();
    }
    List<Item> page = older.values().stream().limit(limit + 1L).toList();
    List<Object> messages = new ArrayList<>();
    for (Item message : page.subList(0, Math.min(limit, page.size()))) {
      messages.add(messageView(message));
    }
    Map<String, Object> body = Json.object();
    if (page.size() > limit) {
      body.put("cursor", encode(Long.toString(page.get(limit - 1).key)));
    }
    body.put("messages", messages);
    return SandboxResponse.json(200, body);
  }

  // ---------------------------------------------------------------- writing

  /** The rev of the accepting the first time; nothing when the convo was accepted already. */
  private SandboxResponse acceptConvo(SandboxRequest request) {
    JsonNode convoId = request.json().path("convoId");
    if (!convoId.isTextual()) {
      return invalid("Input must have the property \"convoId\"");
    }
    Convo convo = byId.get(convoId.asText());
    if (convo == null) {
      return error(400, "InvalidConvo", CONVO_NOT_FOUND);
    }
    synchronized (convo) {
      if (convo.accepted()) {
        return SandboxResponse.json(200, Json.object());
      }
      convo.acceptedKey = api.store.newKey(Instant.now());
      return SandboxResponse.json(200, Json.object("rev", rev(convo.acceptedKey)));
    }
  }

  /**
   * The library's message at the end of the convo, checked as the lexicon says (1,000 graphemes,
   * 10,000 UTF-8 bytes), refused in a request and by a patron who turned incoming messages off, and
   * meeting the failure switched on, as a publish does.
   */
  private SandboxResponse sendMessage(SandboxRequest request) {
    JsonNode body = request.json();
    JsonNode convoId = body.path("convoId");
    JsonNode message = body.path("message");
    if (!convoId.isTextual()) {
      return invalid("Input must have the property \"convoId\"");
    }
    if (!message.isObject()) {
      return invalid("Input must have the property \"message\"");
    }
    if (!message.path("text").isTextual()) {
      return invalid("Input/message must have the property \"text\"");
    }
    String text = message.get("text").asText();
    if (BlueskyApi.graphemes(text) > MAX_GRAPHEMES) {
      return invalid("Input/message/text must not be longer than " + MAX_GRAPHEMES + " graphemes");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return invalid("Input/message/text must not be longer than " + MAX_BYTES + " characters");
    }
    Convo convo = byId.get(convoId.asText());
    if (convo == null) {
      return error(400, "InvalidConvo", CONVO_NOT_FOUND);
    }
    if (!convo.accepted()) {
      return invalid(NOT_ACCEPTED);
    }
    if (convo.refusesMessages) {
      return invalid(MESSAGES_DISABLED);
    }
    SandboxResponse failure = failure();
    if (failure != null) {
      return failure;
    }
    Person library = new Person(api.displayName(), api.handle(), true);
    Item sent = add(convo, library, text, Instant.now());
    return api.published(SandboxResponse.json(200, messageView(sent)));
  }

  /**
   * The "-once" failure switched on, as the PDS passes it on: the chat service's 429 with its
   * {@code retry-after}, beside the PDS's own rate-limit headers, which still show room (as seen of
   * the real one); and an upstream 500 turned into 502.
   */
  private SandboxResponse failure() {
    return switch (api.takeOnceFailure()) {
      case RATE_LIMIT_ONCE -> {
        long wait = SandboxApi.RATE_LIMIT_WAIT.toSeconds();
        yield error(429, "RateLimitExceeded", "Too Many Requests")
            .withHeader("Retry-After", Long.toString(wait))
            .withHeader("RateLimit-Limit", "3000")
            .withHeader("RateLimit-Remaining", "2911")
            .withHeader("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 300))
            .withHeader("RateLimit-Policy", "3000;w=300");
      }
      case SERVER_ERROR_ONCE -> error(502, "UpstreamFailure", "Upstream Failure");
      default -> null;
    };
  }

  // ---------------------------------------------------------------- the sandbox's side

  /**
   * Takes in a seeded chat message: a patron's first starts their convo; the library's first
   * accepts the convo just before it, if it was a request.
   */
  void seeded(Item item) {
    Item first = item.threadRoot();
    Convo convo = byPatron.get(BlueskyApi.didOf(first.author));
    if (convo == null) {
      convo = open(first.author, true);
      if (!staysRequest(convo)) {
        Instant accepted = first.createdAt.plus(ACCEPTED_AFTER);
        convo.acceptedKey =
            api.store.newKey(accepted.isAfter(Instant.now()) ? Instant.now() : accepted);
      }
    }
    convo.messages.put(item.key, item);
    if (item.ours && !convo.accepted()) {
      convo.acceptedKey = item.key - 1;
    }
  }

  /** The last message of the patron's convo, where more of their chat goes; null if none. */
  Item lastMessageWith(Person patron) {
    Convo convo = byPatron.get(BlueskyApi.didOf(patron));
    return convo == null ? null : convo.newest();
  }

  /**
   * A patron's message to the library, now or at {@code at}: in their convo, or in a new one, a
   * request. A {@code generated} patron (the trickle's) may have turned incoming messages off.
   */
  Item messageFrom(Person patron, String text, Instant at, boolean generated) {
    Convo convo = byPatron.get(BlueskyApi.didOf(patron));
    if (convo != null) {
      return add(convo, patron, text, at);
    }
    Item first =
        api.store.add(null, patron, MessageKind.DIRECT_MESSAGE, true, at, text, null, List.of());
    open(patron, generated).messages.put(first.key, first);
    return first;
  }

  /** The patrons of the {@code count} convos with the most recent activity, most recent first. */
  List<Person> recentCorrespondents(int count) {
    return byId.values().stream()
        .map(Position::of)
        .sorted()
        .limit(count)
        .map(position -> byId.get(position.convoId()).patron)
        .toList();
  }

  /** The id of the convo a chat message belongs to. */
  String convoIdOf(Item message) {
    return byPatron.get(BlueskyApi.didOf(message.threadRoot().author)).id;
  }

  /** A convo's newest message, for the sandbox's page at its link; null for no such convo. */
  Item newestIn(String convoId) {
    Convo convo = byId.get(convoId);
    return convo == null ? null : convo.newest();
  }

  private Convo open(Person patron, boolean generated) {
    String did = BlueskyApi.didOf(patron);
    String id = BlueskyApi.hash(("convo " + did).getBytes(StandardCharsets.UTF_8)).substring(0, 13);
    Convo convo = new Convo(id, patron, generated && Math.floorMod(did.hashCode(), 20) == 0);
    byPatron.put(did, convo);
    byId.put(id, convo);
    return convo;
  }

  /** Half the seeded convos the library never writes in stay requests: decided by the patron. */
  private static boolean staysRequest(Convo convo) {
    return Math.floorMod((convo.id + " request").hashCode(), 2) == 0;
  }

  /** Whether a patron turned incoming messages off: for tests, which must find one. */
  boolean refusesMessages(String convoId) {
    Convo convo = byId.get(convoId);
    return convo != null && convo.refusesMessages;
  }

  private Item add(Convo convo, Person author, String text, Instant at) {
    Item item =
        api.store.add(
            convo.newest(), author, MessageKind.DIRECT_MESSAGE, true, at, text, null, List.of());
    convo.messages.put(item.key, item);
    return item;
  }

  // ---------------------------------------------------------------- views

  /** Both members, sorted by DID: the order is not documented, so a client must not rely on it. */
  private Map<String, Object> convoView(Convo convo) {
    List<Map<String, Object>> members =
        new ArrayList<>(
            List.of(
                Json.object(
                    "did",
                    BlueskyApi.DID,
                    "handle",
                    BlueskyApi.IDENTIFIER,
                    "displayName",
                    api.displayName()),
                Json.object(
                    "did",
                    BlueskyApi.didOf(convo.patron),
                    "handle",
                    BlueskyApi.handleOf(convo.patron),
                    "displayName",
                    convo.patron.name())));
    members.sort(Comparator.comparing(member -> (String) member.get("did")));
    return Json.object(
        "id",
        convo.id,
        "rev",
        rev(convo.revKey()),
        "members",
        members,
        "lastMessage",
        messageView(convo.newest()),
        "muted",
        false,
        "status",
        status(convo),
        "unreadCount",
        unread(convo));
  }

  private static Map<String, Object> messageView(Item message) {
    return Json.object(
        "$type",
        MESSAGE_VIEW,
        "id",
        message.id,
        "rev",
        rev(message.key),
        "text",
        message.text(),
        "sender",
        Json.object("did", BlueskyApi.didOf(message.author)),
        "sentAt",
        MastodonApi.iso(message.createdAt));
  }

  private static String status(Convo convo) {
    return convo.accepted() ? "accepted" : "request";
  }

  /** The patron's messages since the library last wrote: the sandbox's library reads nothing. */
  private static int unread(Convo convo) {
    int unread = 0;
    for (Item message : convo.messages.descendingMap().values()) {
      if (message.ours) {
        break;
      }
      unread++;
    }
    return unread;
  }

  static String rev(long key) {
    return BlueskyApi.tid(Math.max(0, key - REV_ORIGIN));
  }

  // ---------------------------------------------------------------- parameters and errors

  private static String badLimit(String raw) {
    if (raw == null) {
      return null;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.strip());
    } catch (NumberFormatException notANumber) {
      return "Error: Params/limit must be an integer";
    }
    if (limit < 1) {
      return "Error: Params/limit can not be less than 1";
    }
    return limit > MAX_LIMIT ? "Error: Params/limit can not be greater than " + MAX_LIMIT : null;
  }

  private static int limit(String raw) {
    return raw == null ? DEFAULT_LIMIT : Integer.parseInt(raw.strip());
  }

  private static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  private static Long keyAt(String cursor) {
    String position = decode(cursor);
    try {
      return position == null ? null : Long.parseLong(position);
    } catch (NumberFormatException malformed) {
      return null;
    }
  }

  /** Where a listConvos cursor points: a rev's key and a convo id. */
  private static Position positionAt(String cursor) {
    String position = decode(cursor);
    int colon = position == null ? -1 : position.indexOf(':');
    if (colon < 0) {
      return null;
    }
    try {
      return new Position(
          Long.parseLong(position.substring(0, colon)), position.substring(colon + 1));
    } catch (NumberFormatException malformed) {
      return null;
    }
  }

  private static SandboxResponse invalid(String message) {
    return error(400, "InvalidRequest", message);
  }

  private static SandboxResponse error(int status, String error, String message) {
    return SandboxResponse.json(status, Json.object("error", error, "message", message));
  }
}
