package org.digitalbranch.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.digitalbranch.platform.RateLimitSignals;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.Stage;

/**
 * Reads the mentions of a Mastodon account: {@code GET /api/v1/notifications?types[]=mention},
 * paged through the {@code Link} header, and for every mentioned status its thread ({@code GET
 * /api/v1/statuses/:id/context}) and, when {@code edited_at} is set, every earlier version ({@code
 * GET /api/v1/statuses/:id/history}, oldest first, each stored as a version). A 404 on a status the
 * notifications named records its deletion.
 *
 * <p>IDs are opaque: the cursor is read from the {@code Link} header's {@code max_id} / {@code
 * min_id} values and sent back unchanged, never compared or computed. The first poll walks back
 * through older pages ({@code rel="next"}, {@code max_id}) to the end; later polls move forward
 * from the newest notification seen ({@code min_id}) until a page comes back empty.
 *
 * <p>A reply deleted from a thread is simply no longer among its descendants, so deletions are also
 * asked about ({@link #gone}): {@code GET /api/v1/statuses/:id}, one request a status, 404 for one
 * that is gone.
 */
public final class MastodonReader implements ConversationReader, DeletionLookup {

  static final int PAGE_SIZE = 40;

  private static final String NAME = "Mastodon";
  private static final Pattern LINK =
      Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([a-z]+)\"?", Pattern.CASE_INSENSITIVE);

  /**
   * Reading stops once a reply says less than this share of the account's requests is left. Every
   * request counts against one budget per account (300 in 5 minutes by default), reading and
   * publishing alike, and a poll asks for each mention's thread: one busy page could spend what the
   * library's next post and replies need, which would then wait for the window's reset.
   */
  static final double READING_FLOOR = 0.25;

  /** The most descendants a status's context lists for a signed-in reader (Mastodon 4.x). */
  static final int CONTEXT_DESCENDANTS_CAP = 4_096;

  /** How far below the cap a context still counts as cut: statuses hidden after the cap. */
  static final int CONTEXT_CAP_MARGIN = 96;

  /** Mastodon's default window, for a reply that says how much is left but not until when. */
  private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private final MastodonPlatform platform;
  private final PlatformHttp http;
  private final Map<String, String> ownAccountIds = new ConcurrentHashMap<>();

  public MastodonReader(MastodonPlatform platform) {
    this.platform = platform;
    this.http = platform.http;
  }

  @Override
  public String platformId() {
    return "mastodon";
  }

  /** Where a poll stands: going back through older pages, or forward from the newest seen. */
  private record Position(String olderThan, String newest) {
    static Position parse(String cursor) {
      if (cursor == null) {
        return new Position(null, null);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(cursor);
        return new Position(
            blankToNull(Json.text(node, "/max_id")), blankToNull(Json.text(node, "/min_id")));
      } catch (IOException e) {
        return new Position(null, null);
      }
    }

    String format() {
      ObjectNode node = Json.object();
      if (olderThan != null) {
        node.put("max_id", olderThan);
      }
      if (newest != null) {
        node.put("min_id", newest);
      }
      return node.toString();
    }
  }

  @Override
  public ReadResult fetch(String account, Credentials credentials, String cursor) {
    Credentials.MastodonToken token = MastodonPlatform.token(credentials);
    Position position = Position.parse(cursor);
    String path = "/api/v1/notifications?types%5B%5D=mention&limit=" + PAGE_SIZE;
    boolean forward = position.olderThan() == null && position.newest() != null;
    if (position.olderThan() != null) {
      path += "&max_id=" + PlatformHttp.encode(position.olderThan());
    } else if (forward) {
      path += "&min_id=" + PlatformHttp.encode(position.newest());
    }
    Budget budget = new Budget();
    Read read = new Read();
    try {
      String ourId = ownAccountId(account, token);
      HttpReply reply = get(token, path, "reading mentions", budget);
      JsonNode notifications = reply.json(Stage.PREPARE, NAME);
      if (!notifications.isArray()) {
        throw new PlatformFailure(
            new PublishOutcome.Transient("Mastodon's notifications answer was not a list"));
      }
      Map<String, String> links = links(reply.header("Link").orElse(""));
      String newestHere = newestOn(notifications, links);
      // A page comes newest first. Going forward it is read oldest first, and going back newest
      // first, so that a pause part-way can move the cursor past what was read: min_id to the
      // last notification read going forward, max_id to it going back. (Reading a part again
      // from the page's start could never finish a page that costs more than the budget allows.)
      List<JsonNode> inOrder = new ArrayList<>();
      notifications.forEach(inOrder::add);
      if (forward) {
        java.util.Collections.reverse(inOrder);
      }
      List<IncomingItem> items = new ArrayList<>();
      String lastRead = null;
      for (JsonNode notification : inOrder) {
        if (budget.pause != null) {
          Position reached =
              lastRead == null
                  ? position
                  : forward
                      ? new Position(null, lastRead)
                      : new Position(
                          lastRead, position.newest() != null ? position.newest() : newestHere);
          return new ReadResult.Page(items, reached.format(), true, budget.pause);
        }
        JsonNode status = notification.path("status");
        if ("mention".equals(Json.text(notification, "/type")) && status.isObject()) {
          thread(account, token, ourId, status, items, budget, read);
        }
        String id = blankToNull(Json.text(notification, "/id"));
        lastRead = id != null ? id : lastRead;
      }
      ReadResult.Page page = page(items, position, links, newestHere, notifications, forward);
      return budget.pause == null
          ? page
          : new ReadResult.Page(page.items(), page.nextCursor(), true, budget.pause);
    } catch (PlatformFailure failure) {
      return new ReadResult.Failed(failure.outcome());
    }
  }

  /**
   * The newest notification id on a page: its prev link holds it; on the first page of a poll that
   * is where the next poll resumes.
   */
  private static String newestOn(JsonNode notifications, Map<String, String> links) {
    String newestHere = param(links.get("prev"), "min_id");
    if (newestHere == null && !notifications.isEmpty()) {
      newestHere = blankToNull(Json.text(notifications.get(0), "/id"));
    }
    return newestHere;
  }

  /** Where the poll goes after a whole page: on, or done until the next poll. */
  private static ReadResult.Page page(
      List<IncomingItem> items,
      Position position,
      Map<String, String> links,
      String newestHere,
      JsonNode notifications,
      boolean forward) {
    if (forward) {
      // An empty page is the end; so is a page that does not move the cursor, which a
      // misbehaving server could otherwise repeat for ever.
      if (notifications.isEmpty() || newestHere == null || newestHere.equals(position.newest())) {
        return new ReadResult.Page(items, position.format(), true);
      }
      return new ReadResult.Page(items, new Position(null, newestHere).format(), false);
    }
    String newest = position.newest() != null ? position.newest() : newestHere;
    String older = param(links.get("next"), "max_id");
    boolean more = older != null && !older.equals(position.olderThan());
    if (more) {
      return new ReadResult.Page(items, new Position(older, newest).format(), false);
    }
    return new ReadResult.Page(items, new Position(null, newest).format(), true);
  }

  /**
   * What the replies of one fetch say of the account's request budget: the pause to take, once
   * fewer than {@link #READING_FLOOR} of its requests are left, until the window resets ({@code
   * X-RateLimit-Reset}, an ISO-8601 instant).
   */
  private final class Budget {
    ReadResult.Pause pause;

    void saw(HttpReply reply) {
      OptionalLong remaining = number(reply.header("X-RateLimit-Remaining"));
      OptionalLong limit = number(reply.header("X-RateLimit-Limit"));
      if (pause != null
          || remaining.isEmpty()
          || limit.isEmpty()
          || limit.getAsLong() <= 0
          || remaining.getAsLong() >= limit.getAsLong() * READING_FLOOR) {
        return;
      }
      Instant now = http.settings().clock().instant();
      Instant reset =
          RateLimitSignals.isoInstant(reply.header("X-RateLimit-Reset"))
              .filter(now::isBefore)
              .orElse(now.plus(DEFAULT_WINDOW));
      pause =
          new ReadResult.Pause(
              reset,
              NAME
                  + " says "
                  + remaining.getAsLong()
                  + " of the account's "
                  + limit.getAsLong()
                  + " requests are left until it resets; reading waits so that publishing and"
                  + " replies keep them");
    }

    private static OptionalLong number(Optional<String> header) {
      try {
        return header.isPresent()
            ? OptionalLong.of(Long.parseLong(header.get().trim()))
            : OptionalLong.empty();
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  /**
   * What one fetch has read already. Two mentions in one thread are common (a patron writes again
   * under their own question): once a status's context has been read, its own context holds nothing
   * new (its ancestors and descendants were in the first), and a status is read, with its edits,
   * once. Each request counts against the account's budget, publishing's too.
   */
  private static final class Read {
    /** Statuses whose whole subthread a context read this fetch included. */
    final Set<String> subthreads = new HashSet<>();

    /** Statuses whose items (and edit history) this fetch added. */
    final Set<String> statuses = new HashSet<>();
  }

  /**
   * Twenty requests a look: each status is a request from the account's budget (300 in five minutes
   * by default), which publishing and replies share.
   */
  @Override
  public int mostPerLook() {
    return 20;
  }

  /**
   * Each status asked on its own; 404 {@code Record not found} is gone, that answer its evidence,
   * as a read of the thread takes it. The look stops once fewer than {@link #READING_FLOOR} of the
   * account's requests are left, as reading does, and the rest wait for the next look.
   */
  @Override
  public Answer gone(String account, Credentials credentials, List<ArchivedItems.Known> asked)
      throws PlatformFailure {
    Credentials.MastodonToken token = MastodonPlatform.token(credentials);
    Budget budget = new Budget();
    Map<String, String> gone = new java.util.LinkedHashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      if (budget.pause != null) {
        return new Answer(gone, i, budget.pause.reason());
      }
      String id = asked.get(i).platformId();
      HttpReply reply = send(token, "/api/v1/statuses/" + PlatformHttp.encode(id), budget);
      if (reply.status() == 404) {
        gone.put(id, new String(reply.body(), StandardCharsets.UTF_8));
      } else if (!reply.isSuccess()) {
        throw platform.failure(reply, "looking for deleted posts");
      }
    }
    return Answer.all(gone, asked);
  }

  /** The mentioned status, its ancestors and descendants, with every version of edited ones. */
  private void thread(
      String account,
      Credentials.MastodonToken token,
      String ourId,
      JsonNode status,
      List<IncomingItem> items,
      Budget budget,
      Read read)
      throws PlatformFailure {
    String id = Json.text(status, "/id");
    if (id.isEmpty()) {
      items.add(item(account, ourId, null, status, MessageKind.MENTION, false));
      return;
    }
    if (read.subthreads.contains(id)) {
      return;
    }
    HttpReply reply =
        send(token, "/api/v1/statuses/" + PlatformHttp.encode(id) + "/context", budget);
    if (reply.status() == 404) {
      items.add(item(account, ourId, null, status, MessageKind.MENTION, true));
      return;
    }
    if (!reply.isSuccess()) {
      throw platform.failure(reply, "reading a thread");
    }
    JsonNode context = reply.json(Stage.PREPARE, NAME);
    JsonNode ancestors = context.path("ancestors");
    String root =
        ancestors.isArray() && !ancestors.isEmpty() ? Json.text(ancestors.get(0), "/id") : id;
    for (JsonNode ancestor : ancestors) {
      versions(account, token, ourId, root, ancestor, items, budget, read);
    }
    versions(account, token, ourId, root, status, items, budget, read);
    JsonNode descendants = context.path("descendants");
    // Mastodon stops listing descendants at a cap, and then drops those the reader may not see
    // (muted, blocked): a list near the cap may hold replies below a listed one that only that
    // one's own context shows.
    boolean whole = descendants.size() < CONTEXT_DESCENDANTS_CAP - CONTEXT_CAP_MARGIN;
    if (whole) {
      read.subthreads.add(id);
    }
    for (JsonNode descendant : descendants) {
      versions(account, token, ourId, root, descendant, items, budget, read);
      String below = Json.text(descendant, "/id");
      if (whole && !below.isEmpty()) {
        read.subthreads.add(below);
      }
    }
  }

  private void versions(
      String account,
      Credentials.MastodonToken token,
      String ourId,
      String root,
      JsonNode status,
      List<IncomingItem> items,
      Budget budget,
      Read read)
      throws PlatformFailure {
    String id = Json.text(status, "/id");
    if (!id.isEmpty() && !read.statuses.add(id)) {
      return;
    }
    MessageKind kind =
        Json.text(status, "/in_reply_to_id").isEmpty() ? MessageKind.MENTION : MessageKind.REPLY;
    if (!id.isEmpty() && !Json.text(status, "/edited_at").isEmpty()) {
      HttpReply reply =
          get(
              token,
              "/api/v1/statuses/" + PlatformHttp.encode(id) + "/history",
              "reading a status's edits",
              budget);
      JsonNode history = reply.json(Stage.PREPARE, NAME);
      for (int i = 0; i < history.size() - 1; i++) {
        JsonNode version = history.get(i);
        ObjectNode earlier = status.deepCopy();
        earlier.put("content", Json.text(version, "/content"));
        earlier.put("edited_at", i == 0 ? null : Json.text(version, "/created_at"));
        IncomingItem item = item(account, ourId, root, earlier, kind, false);
        items.add(withRaw(item, version.toString()));
      }
    }
    items.add(item(account, ourId, root, status, kind, false));
  }

  /**
   * A status only its addressees can see ({@code "visibility": "direct"}) is a direct message,
   * however it sits in its thread: the archive shows direct messages to the account's team alone.
   */
  private static MessageKind kindOf(JsonNode status, MessageKind inThread) {
    return "direct".equals(Json.text(status, "/visibility"))
        ? MessageKind.DIRECT_MESSAGE
        : inThread;
  }

  private static IncomingItem withRaw(IncomingItem item, String raw) {
    return new IncomingItem(
        item.account(),
        item.platform(),
        item.platformId(),
        item.parentPlatformId(),
        item.rootPlatformId(),
        item.kind(),
        item.authorHandle(),
        item.authorName(),
        item.text(),
        item.createdAt(),
        item.editedAt(),
        item.deleted(),
        item.ours(),
        item.staffUser(),
        item.ourPostId(),
        raw);
  }

  /**
   * One status as an archive item. Package-visible so the archive benchmark parses a million
   * statuses exactly as polling does, without the HTTP round trips.
   */
  static IncomingItem item(
      String account,
      String ourId,
      String root,
      JsonNode status,
      MessageKind kind,
      boolean deleted) {
    String id = Json.text(status, "/id");
    String parent = blankToNull(Json.text(status, "/in_reply_to_id"));
    JsonNode content = status.path("content");
    String acct = Json.text(status, "/account/acct");
    return new IncomingItem(
        account,
        "mastodon",
        id,
        parent,
        root == null || root.equals(id) ? null : root,
        kindOf(status, parent == null ? MessageKind.MENTION : kind),
        acct.isEmpty() ? null : acct,
        Json.text(status, "/account/display_name"),
        deleted || !content.isTextual()
            ? null
            : MastodonPlatform.plainText(content.asText()).strip(),
        Json.instant(status, "/created_at").orElse(null),
        Json.instant(status, "/edited_at").orElse(null),
        deleted,
        !Json.text(status, "/account/id").isEmpty()
            && Json.text(status, "/account/id").equals(ourId),
        null,
        null,
        status.toString());
  }

  private String ownAccountId(String account, Credentials.MastodonToken token)
      throws PlatformFailure {
    String key = account + "\n" + Integer.toHexString(token.accessToken().hashCode());
    String known = ownAccountIds.get(key);
    if (known != null) {
      return known;
    }
    String id =
        Json.text(
            get(token, "/api/v1/accounts/verify_credentials", "checking the account")
                .json(Stage.PREPARE, NAME),
            "/id");
    ownAccountIds.put(key, id);
    return id;
  }

  private HttpReply get(Credentials.MastodonToken token, String path, String doing)
      throws PlatformFailure {
    return get(token, path, doing, new Budget());
  }

  private HttpReply get(Credentials.MastodonToken token, String path, String doing, Budget budget)
      throws PlatformFailure {
    HttpReply reply = send(token, path, budget);
    if (!reply.isSuccess()) {
      throw platform.failure(reply, doing);
    }
    return reply;
  }

  /** A GET whatever its answer, noted in the fetch's {@code budget}; a 404 is the caller's. */
  private HttpReply send(Credentials.MastodonToken token, String path, Budget budget)
      throws PlatformFailure {
    HttpReply reply =
        http.send(
            MastodonPlatform.authorized(http.request(path), token).GET().build(), Stage.PREPARE);
    budget.saw(reply);
    return reply;
  }

  /** {@code <https://…?max_id=1>; rel="next", <https://…?min_id=9>; rel="prev"} by rel. */
  static Map<String, String> links(String header) {
    Map<String, String> links = new java.util.HashMap<>();
    Matcher matcher = LINK.matcher(header);
    while (matcher.find()) {
      links.putIfAbsent(matcher.group(2).toLowerCase(java.util.Locale.ROOT), matcher.group(1));
    }
    return links;
  }

  /** One query parameter of a link, decoded; null when absent or unreadable. */
  static String param(String link, String name) {
    if (link == null) {
      return null;
    }
    String query;
    try {
      query = URI.create(link.trim()).getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        String value =
            java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
