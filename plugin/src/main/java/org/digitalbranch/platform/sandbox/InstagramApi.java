package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Instagram professional account through the Graph API: container, status, {@code media_publish}
 * within the 50-per-24-hours limit, the account's media, comments and replies.
 */
final class InstagramApi extends GraphApi {
  static final String IG_USER_ID = "17841400000000001";
  static final String TOKEN = "sandbox-instagram-token";
  static final int QUOTA = 50;

  private record Container(
      String id, String imageUrl, String caption, String altText, Instant at, String mediaId) {}

  private final Map<String, Container> containers = new ConcurrentHashMap<>();

  InstagramApi() {
    super(SandboxPlatform.INSTAGRAM, TOKEN);
  }

  @Override
  String ownerId() {
    return IG_USER_ID;
  }

  @Override
  String handle() {
    return "riversidelibrary";
  }

  @Override
  SandboxAccount account() {
    return new SandboxAccount(
        "instagram-sandbox",
        platform,
        "@" + handle(),
        baseUrl,
        Map.of("accessToken", TOKEN, "igUserId", IG_USER_ID));
  }

  @Override
  String permalink(Item item) {
    return item.parent == null
        ? baseUrl + "/web/p/" + item.id + "/"
        : baseUrl + "/web/comments/" + item.id;
  }

  @Override
  SandboxResponse web(String[] parts) {
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        return page(store.get(parts[i]));
      }
    }
    return page(null);
  }

  @Override
  SandboxResponse graph(SandboxRequest request, String[] parts) {
    String method = request.method();
    String node = parts[0].equals("me") ? IG_USER_ID : parts[0];
    if (node.equals(IG_USER_ID)) {
      if (parts.length == 1) {
        return SandboxResponse.json(
            200,
            Json.object(
                "id",
                IG_USER_ID,
                "username",
                handle(),
                "name",
                displayName(),
                "media_count",
                store.oldestFirst(i -> i.ours && i.parent == null).count()));
      }
      return switch (parts[1]) {
        case "media" -> method.equals("POST") ? createContainer(request) : media(request);
        case "media_publish" -> method.equals("POST") ? publish(request) : missing("media_publish");
        case "content_publishing_limit" ->
            SandboxResponse.json(
                200,
                Json.object(
                    "data",
                    List.of(
                        Json.object(
                            "quota_usage",
                            publishedToday(),
                            "config",
                            Json.object("quota_total", QUOTA, "quota_duration", 86400)))));
        default -> missing(parts[1]);
      };
    }
    Container container = containers.get(parts[0]);
    if (container != null && parts.length == 1) {
      return SandboxResponse.json(
          200,
          container.mediaId() == null
              ? Json.object(
                  "status_code",
                  "FINISHED",
                  "status",
                  "Finished: Media has been uploaded and it is complete.",
                  "id",
                  container.id())
              : Json.object(
                  "status_code",
                  "PUBLISHED",
                  "status",
                  "Published: Media has been published.",
                  "id",
                  container.id()));
    }
    Item item = find(parts[0]);
    if (item == null) {
      return missing(parts[0]);
    }
    if (parts.length == 1) {
      return switch (method) {
        case "GET" ->
            SandboxResponse.json(
                200, item.parent == null ? mediaObject(item, request) : comment(item, request));
        case "DELETE" -> {
          item.deleted = true;
          yield success();
        }
        case "POST" -> {
          if (request.field("hide") != null) {
            item.hidden = Boolean.parseBoolean(request.field("hide"));
          }
          yield success();
        }
        default -> missing(parts[0]);
      };
    }
    if (parts.length == 2 && parts[1].equals("comments") && item.parent == null) {
      return method.equals("POST")
          ? reply(item, request)
          : page(request, item.visibleChildren(), c -> comment(c, request));
    }
    if (parts.length == 2 && parts[1].equals("replies") && item.parent != null) {
      return method.equals("POST")
          ? reply(item, request)
          : page(request, item.visibleChildren(), c -> comment(c, request));
    }
    return missing(parts[0] + "/" + parts[1]);
  }

  private SandboxResponse createContainer(SandboxRequest request) {
    String imageUrl = request.field("image_url");
    if (imageUrl == null || imageUrl.isBlank()) {
      return error(
          400, "(#100) The parameter image_url is required.", "OAuthException", 100, null, false);
    }
    String id = store.newId(Instant.now());
    containers.put(
        id,
        new Container(
            id,
            imageUrl,
            request.field("caption"),
            request.field("alt_text"),
            Instant.now(),
            null));
    return SandboxResponse.json(200, Json.object("id", id));
  }

  private SandboxResponse publish(SandboxRequest request) {
    String creationId = request.field("creation_id");
    Container container = creationId == null ? null : containers.get(creationId);
    if (container == null) {
      return missing(String.valueOf(creationId));
    }
    if (container.mediaId() != null) {
      return SandboxResponse.json(200, Json.object("id", container.mediaId()));
    }
    if (publishedToday() >= QUOTA) {
      SandboxResponse limit =
          error(400, "Application request limit reached", "OAuthException", 9, 2207042, false);
      return limit;
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    Media image =
        new Media(container.id(), container.imageUrl(), container.altText(), "image/jpeg", 0);
    Item item =
        publishOurs(
            null,
            container.caption() == null ? "" : container.caption(),
            null,
            List.of(image),
            false);
    containers.put(
        container.id(),
        new Container(
            container.id(),
            container.imageUrl(),
            container.caption(),
            container.altText(),
            container.at(),
            item.id));
    return published(SandboxResponse.json(200, Json.object("id", item.id)));
  }

  private long publishedToday() {
    Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
    return store
        .newestFirst(
            item ->
                item.ours
                    && item.parent == null
                    && item.createdAt.isAfter(dayAgo)
                    && !item.media.isEmpty())
        .count();
  }

  private SandboxResponse media(SandboxRequest request) {
    return page(
        request,
        store.newestFirst(item -> item.ours && item.parent == null && !item.deleted).toList(),
        item -> mediaObject(item, request));
  }

  private SandboxResponse reply(Item item, SandboxRequest request) {
    String message = request.field("message");
    if (message == null || message.isBlank()) {
      return error(
          400, "(#100) The parameter message is required.", "OAuthException", 100, null, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    // Instagram nests two levels: a reply to a reply lands under the top-level comment.
    Item parent = item.parent != null && item.parent.parent != null ? item.parent : item;
    Item reply = publishOurs(parent, message, null, List.of(), false);
    return published(SandboxResponse.json(200, Json.object("id", reply.id)));
  }

  private Map<String, Object> mediaObject(Item item, SandboxRequest request) {
    Map<String, Object> media = Json.object("id", item.id);
    if (request.parameter("fields") == null || asked(request, "caption")) {
      media.put("caption", item.text());
    }
    media.put("media_type", "IMAGE");
    media.put(
        "media_url",
        item.media.isEmpty()
            ? baseUrl + "/web/media/" + item.id + ".jpg"
            : item.media.get(0).url());
    media.put("permalink", permalink(item));
    media.put("timestamp", time(item.createdAt));
    media.put("username", handle());
    media.put("comments_count", item.visibleChildren().size());
    if (!item.media.isEmpty() && item.media.get(0).altText() != null) {
      media.put("alt_text", item.media.get(0).altText());
    }
    return media;
  }

  private Map<String, Object> comment(Item item, SandboxRequest request) {
    // Parsed once per comment: a page renders a hundred of them, each asking up to eight fields.
    Map<String, String> asked = fields(request.parameter("fields"));
    Map<String, Object> comment =
        Json.object("timestamp", time(item.createdAt), "text", item.text(), "id", item.id);
    String username = item.ours ? handle() : item.author.handle();
    if (asked.containsKey("from")) {
      comment.put(
          "from",
          Json.object("id", item.ours ? IG_USER_ID : personId(item.author), "username", username));
    }
    if (asked.containsKey("username")) {
      comment.put("username", username);
    }
    if (asked.containsKey("parent_id") && item.parent != null && item.parent.parent != null) {
      comment.put("parent_id", item.parent.id);
    }
    if (asked.containsKey("like_count")) {
      comment.put("like_count", 0);
    }
    if (asked.containsKey("hidden")) {
      comment.put("hidden", item.hidden);
    }
    if (asked.containsKey("media")) {
      comment.put("media", Json.object("id", item.threadRoot().id, "media_product_type", "FEED"));
    }
    String replies = asked.get("replies");
    List<Item> children =
        item.parent != null && replies != null ? item.visibleChildren() : List.of();
    if (!children.isEmpty()) {
      // Field expansion: the first page of the replies edge inside the comment, with its own paging
      // (next leads to /{comment-id}/replies). Graph leaves an empty edge out.
      SandboxRequest edge = request.nested("/" + item.id + "/replies", replies);
      comment.put("replies", pageBody(edge, children, c -> comment(c, edge)));
    }
    return comment;
  }

  private static String personId(Person person) {
    return Long.toString(
        17_841_000_000_000_000L + Math.floorMod(person.handle().hashCode(), 1_000_000_000L));
  }
}
