package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Facebook Page through the Graph API: feed and photo posts (code 506 on a duplicate), the Page's
 * posts, comments and replies paged by cursors, replies, hiding and deleting; and the Page's
 * Messenger inbox: conversations with their 20 newest messages, and the Send API with its 24-hour
 * window. Private messages are {@link Item#direct} items, never posts or comments.
 */
final class FacebookApi extends GraphApi {
  static final String PAGE_ID = "104857600000001";
  static final String TOKEN = "sandbox-facebook-page-token";

  /** The Send API takes text "less than 2000 characters". */
  static final int MAX_TEXT = 2000;

  static final String OUTSIDE_WINDOW =
      "(#10) This message is sent outside of allowed window. Learn more about the new policy"
          + " here: https://developers.facebook.com/docs/messenger-platform/policy-overview";

  /** The Page's Messenger conversations, one per patron, by PSID. */
  final MetaInbox inbox = new MetaInbox(store, FacebookApi::personId);

  FacebookApi() {
    super(SandboxPlatform.FACEBOOK, TOKEN);
  }

  @Override
  String ownerId() {
    return PAGE_ID;
  }

  @Override
  SandboxAccount account() {
    return new SandboxAccount(
        "facebook-sandbox",
        platform,
        displayName(),
        baseUrl,
        Map.of("accessToken", TOKEN, "pageId", PAGE_ID));
  }

  /**
   * Graph ids: a post is {@code pageId_postId}, a comment {@code postId_commentId}, a private
   * message {@code m_id}.
   */
  String graphId(Item item) {
    if (item.direct) {
      return "m_" + item.id;
    }
    return item.parent == null ? PAGE_ID + "_" + item.id : item.threadRoot().id + "_" + item.id;
  }

  @Override
  String wireId(Item item) {
    return graphId(item);
  }

  @Override
  String permalink(Item item) {
    if (item.direct) {
      // Facebook has no public page for a private message; the sandbox's stands for the inbox.
      return baseUrl + "/web/" + PAGE_ID + "/inbox/" + graphId(item);
    }
    return item.parent == null
        ? baseUrl + "/web/" + PAGE_ID + "/posts/" + item.id
        : baseUrl + "/web/comments/" + graphId(item);
  }

  @Override
  SandboxResponse web(String[] parts) {
    String id = parts[parts.length - 1];
    return page(store.get(id.substring(id.lastIndexOf('_') + 1)));
  }

  @Override
  SandboxResponse graph(SandboxRequest request, String[] parts) {
    String method = request.method();
    String node = parts[0].equals("me") ? PAGE_ID : parts[0];
    if (parts.length == 1 && node.equals(PAGE_ID) && method.equals("GET")) {
      return SandboxResponse.json(200, Json.object("name", displayName(), "id", PAGE_ID));
    }
    if (parts.length == 2 && parts[0].equals("me") && parts[1].equals("accounts")) {
      return SandboxResponse.json(
          200,
          Json.object(
              "data",
              List.of(
                  Json.object(
                      "access_token",
                      TOKEN,
                      "category",
                      "Library",
                      "category_list",
                      List.of(Json.object("id", "2239", "name", "Library")),
                      "name",
                      displayName(),
                      "id",
                      PAGE_ID,
                      "tasks",
                      List.of(
                          "ADVERTISE",
                          "ANALYZE",
                          "CREATE_CONTENT",
                          "MESSAGING",
                          "MODERATE",
                          "MANAGE"))),
              "paging",
              Json.object("cursors", Json.object("before", "QVFIUk", "after", "QVFIUk"))));
    }
    if (parts.length == 2 && node.equals(PAGE_ID)) {
      return switch (parts[1]) {
        case "feed", "posts", "published_posts" ->
            method.equals("POST") && parts[1].equals("feed")
                ? createPost(request)
                : pagePosts(request);
        case "photos" ->
            method.equals("POST") ? createPhoto(request) : missing(PAGE_ID + "/photos");
        case "conversations" ->
            method.equals("GET") ? conversations(request) : missing(PAGE_ID + "/conversations");
        case "messages" -> method.equals("POST") ? send(request) : missing(PAGE_ID + "/messages");
        default -> missing(parts[1]);
      };
    }
    Item item = find(parts[0]);
    // A private message is no post or comment: it is read only through the conversations edge.
    if (item == null || item.direct) {
      return missing(parts[0]);
    }
    if (parts.length == 1) {
      return switch (method) {
        case "GET" ->
            SandboxResponse.json(
                200, item.parent == null ? post(item, request) : comment(item, request));
        case "DELETE" -> {
          item.deleted = true;
          yield success();
        }
        case "POST" -> update(item, request);
        default -> missing(parts[0]);
      };
    }
    if (parts.length == 2 && parts[1].equals("comments")) {
      return method.equals("POST") ? reply(item, request) : comments(item, request);
    }
    return missing(parts[0] + "/" + parts[1]);
  }

  private SandboxResponse createPost(SandboxRequest request) {
    String message = request.field("message");
    String link = request.field("link");
    if ((message == null || message.isBlank()) && (link == null || link.isBlank())) {
      return error(400, "(#100) Missing message or attachment", "OAuthException", 100, null, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    String text = message == null ? "" : message;
    Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
    boolean duplicate =
        store
            .newestFirst(
                other ->
                    other.ours
                        && other.parent == null
                        && !other.deleted
                        && other.createdAt.isAfter(dayAgo))
            .anyMatch(
                other -> other.text().equals(text) && java.util.Objects.equals(other.link, link));
    if (duplicate) {
      return error(400, "(#506) Duplicate status message", "OAuthException", 506, null, false);
    }
    Item item = publishOurs(null, text, link, List.of(), false);
    return published(SandboxResponse.json(200, Json.object("id", graphId(item))));
  }

  private SandboxResponse createPhoto(SandboxRequest request) {
    String url = request.field("url");
    byte[] source = request.files().get("source");
    if ((url == null || url.isBlank()) && source == null) {
      return error(400, "(#324) Requires upload file", "OAuthException", 324, null, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    String caption =
        request.field("message") != null ? request.field("message") : request.field("caption");
    String photoId = store.newId(Instant.now());
    Media photo =
        new Media(
            photoId,
            url != null ? url : baseUrl + "/web/photos/" + photoId,
            request.field("alt_text_custom"),
            "image/jpeg",
            source == null ? 0 : source.length);
    Item item = publishOurs(null, caption == null ? "" : caption, null, List.of(photo), false);
    return published(
        SandboxResponse.json(200, Json.object("id", photoId, "post_id", graphId(item))));
  }

  private SandboxResponse pagePosts(SandboxRequest request) {
    List<Item> posts =
        store
            .newestFirst(item -> item.parent == null && item.ours && !item.direct && !item.deleted)
            .toList();
    return page(request, posts, item -> post(item, request));
  }

  private SandboxResponse comments(Item item, SandboxRequest request) {
    boolean stream = "stream".equals(request.parameter("filter"));
    List<Item> comments = new ArrayList<>();
    if (stream && item.parent == null) {
      for (Item top : item.visibleChildren()) {
        comments.add(top);
        comments.addAll(top.visibleChildren());
      }
      comments.sort(Comparator.comparingLong(c -> c.key));
    } else {
      comments.addAll(item.visibleChildren());
    }
    if ("reverse_chronological".equals(request.parameter("order"))) {
      comments = comments.reversed();
    }
    return page(request, comments, comment -> comment(comment, request));
  }

  private SandboxResponse reply(Item item, SandboxRequest request) {
    String message = request.field("message");
    if (message == null || message.isBlank()) {
      return error(400, "(#100) Missing message or attachment", "OAuthException", 100, null, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    // Facebook nests two levels: a reply to a reply lands under the top-level comment.
    Item parent = item.parent != null && item.parent.parent != null ? item.parent : item;
    Item reply = publishOurs(parent, message, null, List.of(), false);
    return published(SandboxResponse.json(200, Json.object("id", graphId(reply))));
  }

  private SandboxResponse update(Item item, SandboxRequest request) {
    String hidden = request.field("is_hidden");
    if (hidden != null) {
      item.hidden = Boolean.parseBoolean(hidden);
    }
    String message = request.field("message");
    if (message != null && item.ours) {
      item.edit(message, Instant.now());
    }
    return success();
  }

  private Map<String, Object> post(Item item, SandboxRequest request) {
    Map<String, Object> post =
        Json.object(
            "created_time", time(item.createdAt), "message", item.text(), "id", graphId(item));
    if (asked(request, "permalink_url")) {
      post.put("permalink_url", permalink(item));
    }
    if (asked(request, "from")) {
      post.put("from", Json.object("name", displayName(), "id", PAGE_ID));
    }
    if (asked(request, "updated_time")) {
      post.put("updated_time", time(item.edited() ? item.editedAt() : item.createdAt));
    }
    return post;
  }

  private Map<String, Object> comment(Item item, SandboxRequest request) {
    Map<String, Object> comment =
        Json.object(
            "created_time", time(item.createdAt),
            "from",
                item.ours
                    ? Json.object("name", displayName(), "id", PAGE_ID)
                    : Json.object("name", item.author.name(), "id", personId(item.author)),
            "message", item.text(),
            "id", graphId(item));
    if (asked(request, "parent") && item.parent != null && item.parent.parent != null) {
      comment.put(
          "parent",
          Json.object(
              "created_time",
              time(item.parent.createdAt),
              "from",
              Json.object("name", item.parent.author.name(), "id", personId(item.parent.author)),
              "message",
              item.parent.text(),
              "id",
              graphId(item.parent)));
    }
    if (asked(request, "comment_count")) {
      comment.put("comment_count", item.visibleChildren().size());
    }
    if (asked(request, "like_count")) {
      comment.put("like_count", 0);
    }
    if (asked(request, "is_hidden")) {
      comment.put("is_hidden", item.hidden);
    }
    if (asked(request, "permalink_url")) {
      comment.put("permalink_url", permalink(item));
    }
    if (asked(request, "object")) {
      Item root = item.threadRoot();
      comment.put(
          "object",
          Json.object(
              "created_time", time(root.createdAt), "message", root.text(), "id", graphId(root)));
    }
    return comment;
  }

  // ---------------------------------------------------------------- Messenger

  @Override
  Item rootParent(GeneratedConversation conversation) {
    return inbox.rootParent(conversation);
  }

  @Override
  void seeded(Item item) {
    inbox.seeded(item);
  }

  private SandboxResponse conversations(SandboxRequest request) {
    String platform = request.parameter("platform");
    if (platform != null && platform.equalsIgnoreCase("instagram")) {
      // The Page's Instagram inbox is the Instagram sandbox's, where the demo's Instagram account
      // reads it through this Page's id.
      return SandboxResponse.json(200, Json.object("data", List.of()));
    }
    if (platform != null && !platform.equalsIgnoreCase("messenger")) {
      return error(
          400,
          "(#100) param platform must be one of {INSTAGRAM, MESSENGER} - got \"" + platform + "\"",
          "OAuthException",
          100,
          null,
          false);
    }
    Map<Item, List<Item>> listed = inbox.conversations(request.parameter("user_id"));
    return page(
        request, List.copyOf(listed.keySet()), root -> conversation(root, listed.get(root)));
  }

  private Map<String, Object> conversation(Item root, List<Item> messages) {
    Map<String, Object> patron = participant(root.author.name(), personId(root.author));
    Map<String, Object> page = participant(displayName(), PAGE_ID);
    List<Item> shown = MetaInbox.shown(messages);
    List<Object> data = new ArrayList<>();
    for (Item message : shown) {
      data.add(
          Json.object(
              "id",
              graphId(message),
              "created_time",
              time(message.createdAt),
              "from",
              message.ours ? page : patron,
              "to",
              Json.object("data", List.of(message.ours ? patron : page)),
              "message",
              message.text()));
    }
    return Json.object(
        "id",
        "t_" + root.id,
        "updated_time",
        time(messages.getLast().createdAt),
        "participants",
        Json.object("data", List.of(patron, page)),
        "messages",
        Json.object(
            "data",
            data,
            "paging",
            Json.object(
                "cursors",
                Json.object(
                    "before", cursor(shown.getFirst()), "after", cursor(shown.getLast())))));
  }

  private static Map<String, Object> participant(String name, String id) {
    return Json.object("name", name, "email", id + "@facebook.com", "id", id);
  }

  /**
   * The Send API: a reply lands at the end of the person's conversation, from the Page, when the
   * person wrote within 24 hours (7 days with the {@code HUMAN_AGENT} tag), as Meta documents it.
   * Error wordings Meta does not publish (a missing recipient or text, an unknown type or tag) are
   * the sandbox's, in Graph's style.
   */
  private SandboxResponse send(SandboxRequest request) {
    Send send = sendRequest(request);
    if (send.refusal() != null) {
      return send.refusal();
    }
    String psid = send.recipient();
    boolean humanAgent = send.humanAgent();
    String words = send.text();
    if (words.codePointCount(0, words.length()) >= MAX_TEXT) {
      return invalidParameter(
          "(#100) Length of param message[text] must be less than " + MAX_TEXT + " characters");
    }
    Item root = inbox.with(psid);
    if (root == null) {
      return error(400, "(#100) No matching user found", "OAuthException", 100, 2018001, false);
    }
    if (!inbox.withinWindow(root, humanAgent)) {
      return error(400, OUTSIDE_WINDOW, "OAuthException", 10, 2018278, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    Item sent = inbox.answer(root, new Person(displayName(), handle(), true), words);
    return published(
        SandboxResponse.json(200, Json.object("recipient_id", psid, "message_id", graphId(sent))));
  }

  /**
   * The id of a person on this Page: the Page's own for staff, else a stable number from the
   * person's handle, the same in comments and as the Messenger PSID.
   */
  private static String personId(Person person) {
    return person.staff()
        ? PAGE_ID
        : Long.toString(
            7_000_000_000_000_000L + Math.floorMod(person.handle().hashCode(), 1_000_000_000L));
  }
}
