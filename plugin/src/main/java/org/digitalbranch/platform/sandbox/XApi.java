package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X API v2 as documented: OAuth 2.0 user tokens with refresh, media upload and alt text, posts with
 * the 403 for duplicate content, the mentions and user timelines and recent search by {@code
 * conversation_id}, paged by tokens, with edit chains and {@code resource-not-found} errors.
 */
final class XApi extends SandboxApi {
  static final String USER_ID = "1600000000000000001";
  static final String USERNAME = "riversidelib";
  static final String CLIENT_ID = "sandbox-x-client-id";
  static final String FIRST_ACCESS_TOKEN = "sandbox-x-access-token";
  static final String FIRST_REFRESH_TOKEN = "sandbox-x-refresh-token";
  static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final String PROBLEMS = "https://api.x.com/2/problems/";

  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, Media> media = new ConcurrentHashMap<>();

  /** Every version id of an edited post, to its item and version number. */
  private final Map<String, Map.Entry<Item, Integer>> versions = new ConcurrentHashMap<>();

  XApi() {
    super(SandboxPlatform.X, new ItemStore(Long::toString));
    accessTokens.add(FIRST_ACCESS_TOKEN);
    refreshTokens.add(FIRST_REFRESH_TOKEN);
  }

  @Override
  String handle() {
    return USERNAME;
  }

  @Override
  SandboxAccount account() {
    return new SandboxAccount(
        "x-sandbox",
        platform,
        "@" + USERNAME,
        baseUrl,
        Map.of(
            "accessToken",
            FIRST_ACCESS_TOKEN,
            "refreshToken",
            FIRST_REFRESH_TOKEN,
            "clientId",
            CLIENT_ID));
  }

  @Override
  String permalink(Item item) {
    return baseUrl + "/" + usernameOf(item.author) + "/status/" + versionIds(item).getLast();
  }

  @Override
  void seeded(Item item) {
    for (int i = 1; i < item.versions.size(); i++) {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, item.versions.get(i).at());
      String id = Long.toString((micros << 10) | ((item.key + i) & 1023));
      versions.put(id, Map.entry(item, i));
      item.extra.put("x.version." + i, id);
    }
  }

  private List<String> versionIds(Item item) {
    List<String> ids = new ArrayList<>();
    ids.add(item.id);
    for (int i = 1; i < item.versions.size(); i++) {
      ids.add(item.extra.getOrDefault("x.version." + i, item.id));
    }
    return ids;
  }

  @Override
  SandboxResponse handle(SandboxRequest request) {
    String path = request.path();
    String method = request.method();
    // The real site serves a post at /<username>/status/<id> and at /i/web/status/<id>.
    Matcher page = Pattern.compile("/(i/web|[A-Za-z0-9_]+)/status/(\\d+)").matcher(path);
    if (method.equals("GET") && page.matches() && !page.group(1).equals("2")) {
      return page(find(page.group(2)) == null ? null : find(page.group(2)).getKey());
    }
    if (method.equals("POST") && path.equals("/2/oauth2/token")) {
      return token(request);
    }
    if (!path.startsWith("/2/")) {
      return problem(404, "Not Found", "Not Found", "about:blank");
    }
    String token = request.bearer();
    if (authenticate(token, token != null && accessTokens.contains(token)) != Auth.OK) {
      return problem(401, "Unauthorized", "Unauthorized", "about:blank");
    }
    String[] parts = path.substring(1).split("/");
    if (method.equals("GET") && path.equals("/2/users/me")) {
      return SandboxResponse.json(
          200, Json.object("data", user(new Person(displayName(), USERNAME, true))));
    }
    if (method.equals("POST") && path.equals("/2/media/upload")) {
      return upload(request);
    }
    if (method.equals("POST") && path.equals("/2/media/metadata")) {
      return metadata(request);
    }
    if (method.equals("POST") && path.equals("/2/tweets")) {
      return createPost(request);
    }
    if (method.equals("GET") && path.equals("/2/tweets/search/recent")) {
      return search(request);
    }
    if (method.equals("GET") && path.equals("/2/tweets")) {
      List<Object> data = new ArrayList<>();
      List<Object> errors = new ArrayList<>();
      for (String id : String.valueOf(request.parameter("ids")).split(",")) {
        Map.Entry<Item, Integer> found = find(id);
        if (found == null) {
          errors.add(notFoundError(id));
        } else {
          data.add(post(found.getKey(), found.getValue(), request));
        }
      }
      return lookup(data, errors, request);
    }
    if (parts.length == 3 && parts[1].equals("tweets")) {
      Map.Entry<Item, Integer> found = find(parts[2]);
      if (method.equals("DELETE")) {
        if (found == null || !found.getKey().ours) {
          return problem(
              404,
              "Not Found Error",
              "Could not find tweet with id: [" + parts[2] + "].",
              PROBLEMS + "resource-not-found");
        }
        found.getKey().deleted = true;
        return SandboxResponse.json(200, Json.object("data", Json.object("deleted", true)));
      }
      if (found == null) {
        return lookup(List.of(), List.of(notFoundError(parts[2])), request);
      }
      return lookup(List.of(post(found.getKey(), found.getValue(), request)), List.of(), request);
    }
    if (parts.length == 4
        && parts[1].equals("tweets")
        && parts[3].equals("hidden")
        && method.equals("PUT")) {
      return hideReply(request, parts[2]);
    }
    if (parts.length == 4 && parts[1].equals("users") && method.equals("GET")) {
      boolean us = parts[2].equals(USER_ID);
      if (parts[3].equals("mentions")) {
        return timeline(request, item -> us && !item.ours, 5);
      }
      if (parts[3].equals("tweets")) {
        return timeline(
            request,
            item -> us ? item.ours : !item.ours && userId(item.author).equals(parts[2]),
            5);
      }
    }
    return problem(404, "Not Found", "Not Found", "about:blank");
  }

  /**
   * Hide replies: {@code {"hidden": true|false}}, only for a reply in a conversation the account
   * started; asking for the state a reply is already in succeeds, as on X.
   */
  private SandboxResponse hideReply(SandboxRequest request, String id) {
    Map.Entry<Item, Integer> found = find(id);
    if (found == null) {
      return problem(
          404,
          "Not Found Error",
          "Could not find tweet with id: [" + id + "].",
          PROBLEMS + "resource-not-found");
    }
    Item item = found.getKey();
    if (item.parent == null || !item.threadRoot().ours || item.ours) {
      return problem(
          403,
          "Forbidden",
          "You can only hide or unhide replies to conversations you started.",
          "about:blank");
    }
    JsonNode hidden = request.json().path("hidden");
    if (!hidden.isBoolean()) {
      return invalidRequest("hidden", "The `hidden` field is required and must be a boolean.");
    }
    item.hidden = hidden.booleanValue();
    return SandboxResponse.json(200, Json.object("data", Json.object("hidden", item.hidden)));
  }

  private SandboxResponse token(SandboxRequest request) {
    String refresh = request.parameter("refresh_token");
    if (!"refresh_token".equals(request.parameter("grant_type"))
        || !CLIENT_ID.equals(request.parameter("client_id"))
        || refresh == null
        || !refreshTokens.contains(refresh)
        || failure() == FailureMode.REVOKED_TOKEN) {
      return SandboxResponse.json(
          400,
          Json.object(
              "error",
              "invalid_request",
              "error_description",
              "Value passed for the token was invalid."));
    }
    int n = issued.incrementAndGet();
    String access = FIRST_ACCESS_TOKEN + "-" + n;
    String nextRefresh = FIRST_REFRESH_TOKEN + "-" + n;
    accessTokens.add(access);
    refreshTokens.add(nextRefresh);
    return SandboxResponse.json(
        200,
        Json.object(
            "token_type",
            "bearer",
            "expires_in",
            7200,
            "access_token",
            access,
            "scope",
            "tweet.read tweet.write users.read media.write offline.access",
            "refresh_token",
            nextRefresh));
  }

  private SandboxResponse upload(SandboxRequest request) {
    byte[] bytes = request.files().get("media");
    if (bytes == null && request.isJson() && request.json().hasNonNull("media")) {
      try {
        bytes = Base64.getDecoder().decode(request.json().get("media").asText());
      } catch (IllegalArgumentException notBase64) {
        bytes = null;
      }
    }
    if (bytes == null || bytes.length == 0) {
      return invalidRequest("media", "The media field is required.");
    }
    String id = store.newId(Instant.now());
    media.put(id, new Media(id, null, null, "image/png", bytes.length));
    return SandboxResponse.json(
        200,
        Json.object(
            "data",
            Json.object(
                "id",
                id,
                "media_key",
                "3_" + id,
                "size",
                bytes.length,
                "expires_after_secs",
                86400,
                "image",
                Json.object("image_type", "image/png", "w", 1200, "h", 800))));
  }

  private SandboxResponse metadata(SandboxRequest request) {
    JsonNode body = request.json();
    String id = body.path("id").asText("");
    String alt = body.path("metadata").path("alt_text").path("text").asText(null);
    Media found = media.get(id);
    if (found == null) {
      return invalidRequest("id", "The media id " + id + " is not known.");
    }
    if (alt == null || alt.length() > 1000) {
      return invalidRequest(
          "metadata.alt_text.text", "Alt text must be between 1 and 1000 characters.");
    }
    media.put(id, new Media(id, null, alt, found.mimeType(), found.size()));
    return SandboxResponse.json(
        200,
        Json.object(
            "data",
            Json.object(
                "id",
                id,
                "associated_metadata",
                Json.object("alt_text", Json.object("text", alt)))));
  }

  private SandboxResponse createPost(SandboxRequest request) {
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    JsonNode body = request.json();
    String text = body.path("text").asText("");
    List<Media> attached = new ArrayList<>();
    for (JsonNode id : body.path("media").path("media_ids")) {
      Media found = media.get(id.asText());
      if (found == null) {
        return invalidRequest("media.media_ids", "Your media IDs are invalid.");
      }
      attached.add(found);
    }
    if (text.isBlank() && attached.isEmpty()) {
      return invalidRequest("text", "You must provide text or media to create a Tweet.");
    }
    if (weightedLength(text) > 280) {
      return problem(
          403,
          "Forbidden",
          "Your Tweet text is too long. For more information on how X counts characters, see https://docs.x.com/fundamentals/counting-characters.",
          "about:blank");
    }
    boolean duplicate =
        store
            .newestFirst(item -> item.ours && !item.deleted)
            .anyMatch(item -> item.text().equals(text));
    if (duplicate) {
      return problem(
          403,
          "Forbidden",
          "You are not allowed to create a Tweet with duplicate content.",
          "about:blank");
    }
    Item parent = null;
    String replyTo = body.path("reply").path("in_reply_to_tweet_id").asText(null);
    if (replyTo != null) {
      Map.Entry<Item, Integer> found = find(replyTo);
      if (found == null) {
        return invalidRequest(
            "reply.in_reply_to_tweet_id",
            "The Tweet you are replying to does not exist or is not visible.");
      }
      parent = found.getKey();
    }
    Item item = publishOurs(parent, text, null, attached, false);
    return published(
            SandboxResponse.json(
                201,
                Json.object(
                    "data",
                    Json.object(
                        "id", item.id, "text", text, "edit_history_tweet_ids", List.of(item.id)))))
        .withHeader("x-rate-limit-limit", "100")
        .withHeader("x-rate-limit-remaining", "99")
        .withHeader(
            "x-rate-limit-reset", Long.toString(Instant.now().plusSeconds(900).getEpochSecond()))
        .withHeader("x-user-limit-24hour-limit", "100")
        .withHeader("x-user-limit-24hour-remaining", "99")
        .withHeader(
            "x-user-limit-24hour-reset",
            Long.toString(Instant.now().plusSeconds(86400).getEpochSecond()));
  }

  private SandboxResponse timeline(SandboxRequest request, Predicate<Item> which, int minResults) {
    int max;
    try {
      max =
          request.parameter("max_results") == null
              ? 10
              : Integer.parseInt(request.parameter("max_results"));
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < minResults || max > 100) {
      return invalidRequest(
          "max_results",
          "The `max_results` query parameter value ["
              + request.parameter("max_results")
              + "] is not between "
              + minResults
              + " and 100");
    }
    Long sinceId = number(request.parameter("since_id"));
    Long untilId = number(request.parameter("until_id"));
    String token =
        request.parameter("pagination_token") != null
            ? request.parameter("pagination_token")
            : request.parameter("next_token");
    Long before = untilId;
    if (token != null) {
      before = decodeToken(token);
      if (before == null) {
        return invalidRequest(
            "pagination_token",
            "The `pagination_token` query parameter value [" + token + "] is not valid");
      }
    }
    Instant start = time(request.parameter("start_time"));
    Instant end = time(request.parameter("end_time"));
    Predicate<Item> filter =
        which
            .and(item -> !item.deleted)
            .and(item -> sinceId == null || item.key > sinceId)
            .and(item -> start == null || !item.createdAt.isBefore(start))
            .and(item -> end == null || item.createdAt.isBefore(end));
    List<Item> page =
        (before == null ? store.newestFirst(filter) : store.olderThan(before, filter))
            .limit(max + 1L)
            .toList();
    List<Item> shown = page.subList(0, Math.min(max, page.size()));
    List<Object> data = new ArrayList<>();
    for (Item item : shown) {
      data.add(post(item, item.versions.size() - 1, request));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("result_count", shown.size());
    if (!shown.isEmpty()) {
      meta.put("newest_id", shown.get(0).id);
      meta.put("oldest_id", shown.get(shown.size() - 1).id);
    }
    if (page.size() > max) {
      meta.put("next_token", encodeToken(shown.get(shown.size() - 1).key));
    }
    if (token != null && !shown.isEmpty()) {
      meta.put("previous_token", encodeToken(-shown.get(0).key));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!data.isEmpty()) {
      body.put("data", data);
      includes(body, shown, request);
    }
    body.put("meta", meta);
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse search(SandboxRequest request) {
    String query = request.parameter("query");
    if (query == null || query.isBlank()) {
      return invalidRequest("query", "The `query` query parameter can not be empty");
    }
    Matcher conversation = Pattern.compile("conversation_id:(\\d+)").matcher(query);
    String rest = conversation.replaceAll("").trim().toLowerCase(java.util.Locale.ROOT);
    String conversationId = conversation.reset().find() ? conversation.group(1) : null;
    Predicate<Item> matches =
        item ->
            (conversationId == null || item.threadRoot().id.equals(conversationId))
                && (rest.isEmpty()
                    || item.text().toLowerCase(java.util.Locale.ROOT).contains(rest));
    return timeline(request, matches, 10);
  }

  private void includes(Map<String, Object> body, List<Item> items, SandboxRequest request) {
    if (!String.valueOf(request.parameter("expansions")).contains("author_id")) {
      return;
    }
    Map<String, Object> users = new LinkedHashMap<>();
    for (Item item : items) {
      users.putIfAbsent(userId(item.author), user(item.author));
    }
    body.put("includes", Json.object("users", new ArrayList<>(users.values())));
  }

  private SandboxResponse lookup(List<Object> data, List<Object> errors, SandboxRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (!data.isEmpty()) {
      body.put("data", data.size() == 1 && request.parameter("ids") == null ? data.get(0) : data);
    }
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    return SandboxResponse.json(200, body);
  }

  private static Map<String, Object> notFoundError(String id) {
    return Json.object(
        "value",
        id,
        "detail",
        "Could not find tweet with id: [" + id + "].",
        "title",
        "Not Found Error",
        "resource_type",
        "tweet",
        "parameter",
        "id",
        "resource_id",
        id,
        "type",
        PROBLEMS + "resource-not-found");
  }

  private Map.Entry<Item, Integer> find(String id) {
    Map.Entry<Item, Integer> version = versions.get(id);
    Item item = version != null ? version.getKey() : store.get(id);
    if (item == null || item.deleted) {
      return null;
    }
    return version != null ? version : Map.entry(item, 0);
  }

  /** A post in the fields asked for: {@code tweet.fields} (docs) or {@code post.fields} (2026). */
  private Map<String, Object> post(Item item, int version, SandboxRequest request) {
    String fields =
        request.parameter("tweet.fields") != null
            ? request.parameter("tweet.fields")
            : String.valueOf(request.parameter("post.fields"));
    List<String> ids = versionIds(item);
    Map<String, Object> post =
        Json.object(
            "id",
            ids.get(version),
            "text",
            item.versions.get(version).text(),
            "edit_history_tweet_ids",
            ids);
    Set<String> asked = Set.of(fields.split(","));
    if (asked.contains("author_id")) {
      post.put("author_id", userId(item.author));
    }
    if (asked.contains("created_at")) {
      post.put("created_at", MastodonApi.iso(item.versions.get(version).at()));
    }
    if (asked.contains("conversation_id")) {
      post.put("conversation_id", item.threadRoot().id);
    }
    if (asked.contains("in_reply_to_user_id") && item.parent != null) {
      post.put("in_reply_to_user_id", userId(item.parent.author));
    }
    if (asked.contains("referenced_tweets") && item.parent != null) {
      post.put(
          "referenced_tweets", List.of(Json.object("type", "replied_to", "id", item.parent.id)));
    }
    if (asked.contains("edit_controls")) {
      post.put(
          "edit_controls",
          Json.object(
              "edits_remaining",
              5 - (item.versions.size() - 1),
              "is_edit_eligible",
              item.ours,
              "editable_until",
              MastodonApi.iso(item.createdAt.plusSeconds(1800))));
    }
    if (asked.contains("attachments") && !item.media.isEmpty()) {
      post.put(
          "attachments",
          Json.object("media_keys", item.media.stream().map(m -> "3_" + m.id()).toList()));
    }
    return post;
  }

  private Map<String, Object> user(Person person) {
    return Json.object(
        "id",
        userId(person),
        "name",
        person.staff() ? displayName() : person.name(),
        "username",
        usernameOf(person));
  }

  private static String userId(Person person) {
    return person.staff()
        ? USER_ID
        : Long.toString(1_000_000_000L + Math.floorMod(person.handle().hashCode(), 1_000_000_000L));
  }

  private static String usernameOf(Person person) {
    return person.staff() ? USERNAME : person.handle().replace('.', '_').replace('-', '_');
  }

  static int weightedLength(String text) {
    String counted = URL.matcher(text).replaceAll("x".repeat(23));
    return counted.codePointCount(0, counted.length());
  }

  private static String encodeToken(long key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("k" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      long key = Long.parseLong(text.substring(1));
      return key < 0 ? null : key;
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static Long number(String value) {
    try {
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant time(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static SandboxResponse problem(int status, String title, String detail, String type) {
    return SandboxResponse.problem(
        status, Json.object("title", title, "type", type, "status", status, "detail", detail));
  }

  private static SandboxResponse invalidRequest(String parameter, String message) {
    return SandboxResponse.problem(
        400,
        Json.object(
            "errors",
            List.of(
                Json.object("parameters", Json.object(parameter, List.of()), "message", message)),
            "title",
            "Invalid Request",
            "detail",
            "One or more parameters to your request was invalid.",
            "type",
            PROBLEMS + "invalid-request"));
  }

  @Override
  SandboxResponse rateLimited() {
    String reset = Long.toString(Instant.now().plus(RATE_LIMIT_WAIT).getEpochSecond());
    return problem(429, "Too Many Requests", "Too Many Requests", "about:blank")
        .withHeader("x-rate-limit-limit", "100")
        .withHeader("x-rate-limit-remaining", "0")
        .withHeader("x-rate-limit-reset", reset);
  }

  @Override
  SandboxResponse serverError() {
    return problem(503, "Service Unavailable", "Service Unavailable", "about:blank");
  }
}
