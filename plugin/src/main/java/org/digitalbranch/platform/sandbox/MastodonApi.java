package org.digitalbranch.platform.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mastodon's REST API as documented: statuses with {@code Idempotency-Key}, media v2, mention
 * notifications paged by the {@code Link} header, context, history, and 404 for deleted statuses.
 */
final class MastodonApi extends SandboxApi {
  static final String TOKEN = "sandbox-mastodon-token";
  static final String ACCOUNT_ID = "109348017530000001";
  static final int MAX_CHARACTERS = 500;
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private record Remembered(String statusId, Instant at) {}

  private final Map<String, Remembered> idempotencyKeys = new ConcurrentHashMap<>();
  private final Map<String, Media> media = new ConcurrentHashMap<>();

  MastodonApi() {
    super(SandboxPlatform.MASTODON, new ItemStore(Long::toString));
  }

  @Override
  SandboxAccount account() {
    return new SandboxAccount(
        "mastodon-sandbox",
        platform,
        "@" + handle() + "@sandbox.social",
        baseUrl,
        Map.of("accessToken", TOKEN));
  }

  @Override
  String permalink(Item item) {
    return baseUrl + "/@" + item.author.handle() + "/" + item.id;
  }

  @Override
  SandboxResponse handle(SandboxRequest request) {
    String path = request.path();
    String method = request.method();
    Matcher page = Pattern.compile("/@([^/]+)/([^/]+)").matcher(path);
    if (method.equals("GET") && page.matches()) {
      return page(store.get(page.group(2)));
    }
    if (!path.startsWith("/api/")) {
      return notFound();
    }
    Auth auth = authenticate(request.bearer(), TOKEN.equals(request.bearer()));
    if (auth != Auth.OK) {
      String message =
          switch (auth) {
            case EXPIRED -> "The access token expired";
            case REVOKED -> "The access token was revoked";
            default -> "The access token is invalid";
          };
      return SandboxResponse.json(401, Json.object("error", message));
    }
    String[] parts = path.substring(1).split("/");
    if (method.equals("GET") && path.equals("/api/v1/accounts/verify_credentials")) {
      return SandboxResponse.json(200, ourAccount());
    }
    if (method.equals("GET") && path.equals("/api/v2/instance")) {
      return SandboxResponse.json(200, instance());
    }
    if (method.equals("POST") && path.equals("/api/v2/media")) {
      return uploadMedia(request);
    }
    if (parts.length == 4 && parts[2].equals("media")) {
      Media found = media.get(parts[3]);
      if (found == null) {
        return notFound();
      }
      if (method.equals("PUT") && request.field("description") != null) {
        found =
            new Media(
                found.id(),
                found.url(),
                request.field("description"),
                found.mimeType(),
                found.size());
        media.put(found.id(), found);
      }
      return SandboxResponse.json(200, attachment(found));
    }
    if (method.equals("POST") && path.equals("/api/v1/statuses")) {
      return createStatus(request);
    }
    if (method.equals("GET") && path.equals("/api/v1/notifications")) {
      return notifications(request);
    }
    if (parts.length >= 4 && parts[1].equals("v1") && parts[2].equals("statuses")) {
      Item item = store.get(parts[3]);
      if (item == null || item.deleted) {
        return notFound();
      }
      if (parts.length == 4 && method.equals("GET")) {
        return SandboxResponse.json(200, status(item));
      }
      if (parts.length == 4 && method.equals("DELETE")) {
        if (!item.ours) {
          return notFound();
        }
        item.deleted = true;
        Map<String, Object> deleted = status(item);
        deleted.put("text", item.text());
        return SandboxResponse.json(200, deleted);
      }
      if (parts.length == 5 && method.equals("GET")) {
        return switch (parts[4]) {
          case "context" -> SandboxResponse.json(200, context(item));
          case "history" -> SandboxResponse.json(200, history(item));
          case "source" ->
              SandboxResponse.json(
                  200, Json.object("id", item.id, "text", item.text(), "spoiler_text", ""));
          default -> notFound();
        };
      }
    }
    return notFound();
  }

  private SandboxResponse createStatus(SandboxRequest request) {
    String key = request.header("idempotency-key");
    Instant now = Instant.now();
    if (key != null) {
      Remembered earlier = idempotencyKeys.get(key);
      if (earlier != null && earlier.at().isAfter(now.minus(Duration.ofHours(1)))) {
        Item same = store.get(earlier.statusId());
        if (same != null) {
          return published(SandboxResponse.json(200, status(same)));
        }
      }
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    String text = request.field("status");
    List<String> mediaIds = new ArrayList<>(request.parameters("media_ids[]"));
    if (request.isJson() && request.json().has("media_ids")) {
      request.json().get("media_ids").forEach(id -> mediaIds.add(id.asText()));
    }
    List<Media> attached = new ArrayList<>();
    for (String id : mediaIds) {
      Media found = media.get(id);
      if (found == null) {
        return SandboxResponse.json(
            422, Json.object("error", "Validation failed: Media attachments are invalid"));
      }
      attached.add(found);
    }
    if ((text == null || text.isBlank()) && attached.isEmpty()) {
      return SandboxResponse.json(
          422, Json.object("error", "Validation failed: Text can't be blank"));
    }
    text = text == null ? "" : text;
    if (statusLength(text) > MAX_CHARACTERS) {
      return SandboxResponse.json(
          422, Json.object("error", "Validation failed: Text character limit of 500 exceeded"));
    }
    Item parent = null;
    String inReplyTo = request.field("in_reply_to_id");
    if (inReplyTo != null && !inReplyTo.isBlank()) {
      parent = store.get(inReplyTo);
      if (parent == null || parent.deleted) {
        return SandboxResponse.json(
            404,
            Json.object("error", "The post you are trying to reply to does not appear to exist."));
      }
    }
    boolean direct = "direct".equals(request.field("visibility"));
    Item item = publishOurs(parent, text, null, attached, direct);
    if (key != null) {
      idempotencyKeys.put(key, new Remembered(item.id, now));
    }
    return published(SandboxResponse.json(200, status(item)));
  }

  private SandboxResponse uploadMedia(SandboxRequest request) {
    byte[] file = request.files().get("file");
    if (file == null || file.length == 0) {
      return SandboxResponse.json(
          422, Json.object("error", "Validation failed: File can't be blank"));
    }
    String description = request.field("description");
    if (description != null && description.codePointCount(0, description.length()) > 1500) {
      // As a stock server answers beyond the description_limit the instance announces.
      return SandboxResponse.json(
          422,
          Json.object(
              "error", "Validation failed: Description is too long (maximum is 1500 characters)"));
    }
    String id = store.newId(Instant.now());
    Media uploaded =
        new Media(
            id,
            baseUrl + "/system/media_attachments/" + id + ".png",
            request.field("description"),
            "image/png",
            file.length);
    media.put(id, uploaded);
    // Larger files are processed asynchronously on a real server: 202 with url null, then poll.
    Map<String, Object> body = attachment(uploaded);
    body.put("url", null);
    return SandboxResponse.json(202, body);
  }

  private SandboxResponse notifications(SandboxRequest request) {
    List<String> types = request.parameters("types[]");
    List<String> excluded = request.parameters("exclude_types[]");
    int limit = clamp(request.parameter("limit"), 40, 80);
    List<Item> page = new ArrayList<>();
    if ((types.isEmpty() || types.contains("mention")) && !excluded.contains("mention")) {
      Long maxId = key(request.parameter("max_id"));
      Long sinceId = key(request.parameter("since_id"));
      Long minId = key(request.parameter("min_id"));
      if (minId != null) {
        store.newerThan(minId, this::isMention).limit(limit).forEach(page::add);
        Collections.reverse(page);
      } else {
        var items =
            maxId == null
                ? store.newestFirst(this::isMention)
                : store.olderThan(maxId, this::isMention);
        items
            .takeWhile(item -> sinceId == null || item.key > sinceId)
            .limit(limit)
            .forEach(page::add);
      }
    }
    List<Map<String, Object>> body = new ArrayList<>();
    for (Item item : page) {
      body.add(
          Json.object(
              "id",
              item.id,
              "type",
              "mention",
              "created_at",
              iso(item.createdAt),
              "group_key",
              "ungrouped-" + item.id,
              "account",
              account(item.author),
              "status",
              status(item)));
    }
    SandboxResponse response = SandboxResponse.json(200, body);
    if (!page.isEmpty()) {
      StringBuilder kept = new StringBuilder();
      for (String type : types) {
        kept.append("&types%5B%5D=").append(URLEncoder.encode(type, StandardCharsets.UTF_8));
      }
      for (String type : excluded) {
        kept.append("&exclude_types%5B%5D=")
            .append(URLEncoder.encode(type, StandardCharsets.UTF_8));
      }
      if (request.parameter("limit") != null) {
        kept.append("&limit=").append(limit);
      }
      String base = baseUrl + "/api/v1/notifications?";
      response =
          response.withHeader(
              "Link",
              "<"
                  + base
                  + "max_id="
                  + page.get(page.size() - 1).id
                  + kept
                  + ">; rel=\"next\", <"
                  + base
                  + "min_id="
                  + page.get(0).id
                  + kept
                  + ">; rel=\"prev\"");
    }
    return response;
  }

  private boolean isMention(Item item) {
    return !item.ours && !item.deleted;
  }

  private static Long key(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException opaque) {
      return null;
    }
  }

  static int clamp(String value, int defaultValue, int max) {
    if (value == null) {
      return defaultValue;
    }
    try {
      return Math.max(1, Math.min(max, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  private Map<String, Object> context(Item item) {
    List<Map<String, Object>> ancestors = new ArrayList<>();
    for (Item up = item.parent; up != null && !up.deleted; up = up.parent) {
      ancestors.add(0, status(up));
    }
    List<Map<String, Object>> descendants = new ArrayList<>();
    addDescendants(item, descendants);
    return Json.object("ancestors", ancestors, "descendants", descendants);
  }

  private void addDescendants(Item item, List<Map<String, Object>> into) {
    for (Item child : item.visibleChildren()) {
      into.add(status(child));
      addDescendants(child, into);
    }
  }

  private List<Map<String, Object>> history(Item item) {
    List<Map<String, Object>> versions = new ArrayList<>();
    for (Item.Version version : item.versions) {
      versions.add(
          Json.object(
              "content", content(item, version.text()),
              "spoiler_text", "",
              "sensitive", false,
              "created_at", iso(version.at()),
              "account", account(item.author),
              "poll", null,
              "media_attachments", List.of(),
              "emojis", List.of()));
    }
    return versions;
  }

  Map<String, Object> status(Item item) {
    Item parent = item.parent;
    List<Object> mentions = new ArrayList<>();
    if (!item.ours) {
      mentions.add(
          Json.object(
              "id",
              ACCOUNT_ID,
              "username",
              handle(),
              "url",
              baseUrl + "/@" + handle(),
              "acct",
              handle()));
    } else if (parent != null && !parent.ours) {
      mentions.add(
          Json.object(
              "id", accountId(parent.author),
              "username", parent.author.handle(),
              "url", baseUrl + "/@" + parent.author.handle(),
              "acct", acct(parent.author)));
    }
    List<Object> attachments = new ArrayList<>();
    item.media.forEach(m -> attachments.add(attachment(m)));
    return Json.object(
        "id",
        item.id,
        "created_at",
        iso(item.createdAt),
        "in_reply_to_id",
        parent == null ? null : parent.id,
        "in_reply_to_account_id",
        parent == null ? null : accountId(parent.author),
        "sensitive",
        false,
        "spoiler_text",
        "",
        "visibility",
        item.direct ? "direct" : "public",
        "language",
        "en",
        "uri",
        baseUrl + "/users/" + item.author.handle() + "/statuses/" + item.id,
        "url",
        permalink(item),
        "replies_count",
        item.visibleChildren().size(),
        "reblogs_count",
        0,
        "favourites_count",
        0,
        "edited_at",
        item.edited() ? iso(item.editedAt()) : null,
        "content",
        content(item, item.text()),
        "reblog",
        null,
        "account",
        account(item.author),
        "media_attachments",
        attachments,
        "mentions",
        mentions,
        "tags",
        List.of(),
        "emojis",
        List.of(),
        "card",
        null,
        "poll",
        null);
  }

  /**
   * As Mastodon renders a status: each {@code @user} or {@code @user@domain} in the text becomes a
   * link showing {@code @user}. A seeded library answer, written without the mention, gets the
   * patron's in front, as the web client would have typed it; one posted through the API (the
   * intranet's answers name the patron themselves) is shown as sent.
   */
  private String content(Item item, String text) {
    String mention = "";
    if (!item.ours) {
      mention = mentionLink(handle()) + " ";
    } else if (item.parent != null
        && !item.parent.ours
        && !text.contains("@" + item.parent.author.handle())) {
      mention = mentionLink(item.parent.author.handle()) + " ";
    }
    Matcher mentions = MENTION.matcher(Html.escape(text));
    StringBuilder body = new StringBuilder();
    while (mentions.find()) {
      mentions.appendReplacement(body, Matcher.quoteReplacement(mentionLink(mentions.group(1))));
    }
    mentions.appendTail(body);
    return "<p>" + mention + body + "</p>";
  }

  /** A mention in a status's text: {@code @user}, or {@code @user@domain} for another server. */
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\w@])@(\\w+)(?:@[\\w.-]+\\w)?", Pattern.UNICODE_CHARACTER_CLASS);

  private String mentionLink(String username) {
    return "<span class=\"h-card\"><a href=\""
        + baseUrl
        + "/@"
        + username
        + "\" class=\"u-url mention\">@<span>"
        + username
        + "</span></a></span>";
  }

  private Map<String, Object> account(Person person) {
    boolean library = person.staff();
    String username = library ? handle() : person.handle();
    return Json.object(
        "id",
        accountId(person),
        "username",
        username,
        "acct",
        acct(person),
        "display_name",
        library ? displayName() : person.name(),
        "locked",
        false,
        "bot",
        false,
        "created_at",
        "2022-11-10T00:00:00.000Z",
        "note",
        "",
        "url",
        baseUrl + "/@" + username,
        "avatar",
        baseUrl + "/avatars/original/missing.png",
        "followers_count",
        library ? 2400 : 80,
        "following_count",
        library ? 310 : 120,
        "statuses_count",
        library ? 900 : 40,
        "emojis",
        List.of(),
        "fields",
        List.of());
  }

  private Map<String, Object> ourAccount() {
    Map<String, Object> account = account(new Person(displayName(), handle(), true));
    account.put(
        "source",
        Json.object(
            "privacy",
            "public",
            "sensitive",
            false,
            "language",
            "en",
            "note",
            "",
            "fields",
            List.of()));
    return account;
  }

  private String accountId(Person person) {
    return person.staff()
        ? ACCOUNT_ID
        : Long.toString(
            109_000_000_000_000_000L + Math.floorMod(person.handle().hashCode(), 1_000_000_000L));
  }

  private String acct(Person person) {
    return person.staff() ? handle() : person.handle() + "@example.social";
  }

  private Map<String, Object> attachment(Media m) {
    return Json.object(
        "id", m.id(),
        "type", "image",
        "url", m.url(),
        "preview_url", m.url(),
        "remote_url", null,
        "meta", Json.object(),
        "description", m.altText(),
        "blurhash", "UFBWY:8_0Jxv-pIU9Fof00%M%Mxu~qIUM{ay");
  }

  private Map<String, Object> instance() {
    return Json.object(
        "domain",
        "sandbox.social",
        "title",
        "Sandbox Mastodon",
        "version",
        "4.3.0",
        "configuration",
        Json.object(
            "statuses",
            Json.object(
                "max_characters",
                MAX_CHARACTERS,
                "max_media_attachments",
                4,
                "characters_reserved_per_url",
                23),
            "media_attachments",
            Json.object("description_limit", 1500, "image_size_limit", 16777216)));
  }

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Times as Mastodon and Bluesky write them: UTC with milliseconds. */
  static String iso(Instant at) {
    return ISO_MILLIS.format(at);
  }

  private static SandboxResponse notFound() {
    return SandboxResponse.json(404, Json.object("error", "Record not found"));
  }

  @Override
  SandboxResponse rateLimited() {
    return SandboxResponse.json(429, Json.object("error", "Too many requests"))
        .withHeader("X-RateLimit-Limit", "300")
        .withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", RESET.format(Instant.now().plus(RATE_LIMIT_WAIT)));
  }

  @Override
  SandboxResponse serverError() {
    return SandboxResponse.json(503, Json.object("error", "Service Unavailable"));
  }

  /**
   * A status's length as Mastodon's StatusLengthValidator counts it: each URL as 23 characters, a
   * remote mention as its local part, then grapheme clusters.
   */
  static int statusLength(String text) {
    String counted =
        REMOTE_MENTION_FOR_LENGTH
            .matcher(XApi.URL.matcher(text).replaceAll("x".repeat(23)))
            .replaceAll("$1");
    return BlueskyApi.graphemes(counted);
  }

  private static final java.util.regex.Pattern REMOTE_MENTION_FOR_LENGTH =
      java.util.regex.Pattern.compile(
          "(?<![\\w@])(@\\w+(?:[\\w.-]*\\w)?)@[\\w.-]+\\w",
          java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
}
