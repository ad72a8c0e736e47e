package org.digitalbranch.platform.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Instagram professional account through the Graph API: container, status, {@code media_publish}
 * within the 50-per-24-hours limit, the account's media, comments and replies; and its direct
 * messages, which Meta serves through the Facebook Page the account is linked to: {@code
 * /{page-id}/conversations?platform=instagram} with each conversation's 20 newest messages, and the
 * Send API ({@code /{page-id}/messages}) with its 24-hour window, 7 days tagged {@code HUMAN_AGENT}
 * and 1,000 bytes of text. Direct messages are {@link Item#direct} items, never media or comments.
 */
final class InstagramApi extends GraphApi {
  static final String IG_USER_ID = "17841400000000001";
  static final String TOKEN = "sandbox-instagram-token";
  static final int QUOTA = 50;

  /**
   * The Page the account is linked to: the library's Facebook Page, as a library links its own. The
   * Facebook sandbox lists no Instagram conversations for it; this one serves them.
   */
  static final String PAGE_ID = FacebookApi.PAGE_ID;

  /** Instagram's Send API takes "1,000 bytes or less" of UTF-8 text. */
  static final int MAX_TEXT_BYTES = 1000;

  static final String OUTSIDE_WINDOW = "This message is sent outside of allowed window.";

  /** The account's direct messages, one conversation per patron, by Instagram-scoped id. */
  final MetaInbox inbox = new MetaInbox(store, InstagramApi::personId);

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
        Map.of("accessToken", TOKEN, "igUserId", IG_USER_ID, "pageId", PAGE_ID));
  }

  @Override
  String permalink(Item item) {
    if (item.direct) {
      // A direct message is no public post: its address is in the account's inbox.
      return baseUrl + "/web/direct/t/" + threadId(item.threadRoot()) + "/" + item.id;
    }
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
    if (node.equals(PAGE_ID)) {
      return linkedPage(request, parts);
    }
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
    // A direct message is no medium or comment: it is read only through the Page's conversations.
    if (item == null || item.direct) {
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

  // ---------------------------------------------------------------- Direct messages

  @Override
  Item rootParent(GeneratedConversation conversation) {
    return inbox.rootParent(conversation);
  }

  @Override
  void seeded(Item item) {
    inbox.seeded(item);
  }

  /**
   * A direct message's id: Meta's are long base64 texts beginning {@code aWdf} ("ig_"), which name
   * no object the Graph API would fetch on its own.
   */
  static String messageId(Item item) {
    return base64("ig_message_item:" + item.id);
  }

  /** A conversation's id, after its first message. */
  static String threadId(Item root) {
    return base64("ig_thread:" + root.id);
  }

  private static String base64(String text) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  String wireId(Item item) {
    return item.direct ? messageId(item) : item.id;
  }

  /** The linked Page as this account's token reaches it: its conversations and Send API. */
  private SandboxResponse linkedPage(SandboxRequest request, String[] parts) {
    String method = request.method();
    if (parts.length == 1 && method.equals("GET")) {
      return SandboxResponse.json(
          200,
          Json.object(
              "name",
              displayName(),
              "instagram_business_account",
              Json.object("id", IG_USER_ID),
              "id",
              PAGE_ID));
    }
    if (parts.length == 2 && parts[1].equals("conversations") && method.equals("GET")) {
      return conversations(request);
    }
    if (parts.length == 2 && parts[1].equals("messages") && method.equals("POST")) {
      return send(request);
    }
    return missing(PAGE_ID + (parts.length > 1 ? "/" + parts[1] : ""));
  }

  private SandboxResponse conversations(SandboxRequest request) {
    String platform = request.parameter("platform");
    if (platform == null || platform.equalsIgnoreCase("messenger")) {
      // Without platform=instagram Meta lists the Page's Messenger conversations, which are the
      // Facebook sandbox's: a reader that forgets the parameter sees no Instagram thread here
      // either.
      return SandboxResponse.json(200, Json.object("data", List.of()));
    }
    if (!platform.equalsIgnoreCase("instagram")) {
      return error(
          400,
          "(#100) param platform must be one of {INSTAGRAM, MESSENGER} - got \"" + platform + "\"",
          "OAuthException",
          100,
          null,
          false);
    }
    Map<Item, List<Item>> listed = inbox.conversations(request.parameter("user_id"));
    boolean participants = request.parameter("fields") == null || asked(request, "participants");
    return page(
        request,
        List.copyOf(listed.keySet()),
        root -> conversation(root, listed.get(root), participants));
  }

  private Map<String, Object> conversation(
      Item root, List<Item> messages, boolean withParticipants) {
    Map<String, Object> patron =
        Json.object("username", root.author.handle(), "id", personId(root.author));
    Map<String, Object> account = Json.object("username", handle(), "id", IG_USER_ID);
    List<Item> shown = MetaInbox.shown(messages);
    List<Object> data = new ArrayList<>();
    for (Item message : shown) {
      Map<String, Object> rendered =
          Json.object(
              "id",
              messageId(message),
              "created_time",
              time(message.createdAt),
              "from",
              message.ours ? account : patron,
              "to",
              Json.object("data", List.of(message.ours ? patron : account)),
              "message",
              message.text());
      attachment(message, rendered);
      data.add(rendered);
    }
    Map<String, Object> conversation =
        Json.object("id", threadId(root), "updated_time", time(messages.getLast().createdAt));
    if (withParticipants) {
      conversation.put("participants", Json.object("data", List.of(patron, account)));
    }
    conversation.put(
        "messages",
        Json.object(
            "data",
            data,
            "paging",
            Json.object(
                "cursors",
                Json.object(
                    "before", cursor(shown.getFirst()), "after", cursor(shown.getLast())))));
    return conversation;
  }

  /**
   * What a patron's message carries besides its words, in Instagram's shapes: the library's story
   * it answers (the address is Meta's short-lived copy, which Meta forbids keeping the media of),
   * or one of the library's posts shared, by its public link. Both are addresses outside the
   * sandbox's own ports, so an archived message reads the same after the demo restarts.
   */
  private void attachment(Item message, Map<String, Object> rendered) {
    String attached = message.extra.get(SandboxApi.ATTACHMENT);
    if (GeneratedMessage.Attachment.STORY_ANSWER.name().equals(attached)) {
      rendered.put(
          "story",
          Json.object(
              "reply_to",
              Json.object(
                  "link",
                  "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id="
                      + message.id
                      + "&signature=sandbox",
                  "id",
                  Long.toString(17_900_000_000_000_000L + message.key % 1_000_000_000L))));
    } else if (GeneratedMessage.Attachment.SHARED_POST.name().equals(attached)) {
      rendered.put(
          "shares", Json.object("data", List.of(Json.object("link", sharedPostLink(message)))));
    }
  }

  /** The library's newest post before the message, as instagram.com links it. */
  private String sharedPostLink(Item message) {
    Item post =
        store
            .olderThan(message.key, item -> item.ours && item.parent == null && !item.direct)
            .findFirst()
            .orElse(message);
    return "https://www.instagram.com/p/" + base64(post.id) + "/";
  }

  /**
   * The Send API: a reply lands at the end of the patron's conversation, from the account, when the
   * patron wrote within 24 hours (7 days with the {@code HUMAN_AGENT} tag, the only tag Instagram
   * takes), with at most 1,000 bytes of text. The refusals Meta documents for Instagram are in its
   * shapes (the closed window's body as captured on graph.instagram.com, whose type and HTTP 403
   * the Page's route may not share: the connector reads only code and subcode; an unknown
   * person's); wordings Meta does not publish (a missing recipient or text, an unknown type or tag,
   * a text too long) are the sandbox's, in Graph's style.
   */
  private SandboxResponse send(SandboxRequest request) {
    Send send = sendRequest(request);
    if (send.refusal() != null) {
      return send.refusal();
    }
    String igsid = send.recipient();
    boolean humanAgent = send.humanAgent();
    String words = send.text();
    if (words.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
      // Meta documents the limit, not its refusal: subcode 2534015 is its "Invalid message data".
      return error(
          400,
          "Message text must be UTF-8 and be 1,000 bytes or less.",
          "IGApiException",
          100,
          2534015,
          false);
    }
    Item root = inbox.with(igsid);
    if (root == null) {
      return error(
          400, "The requested user cannot be found.", "IGApiException", 100, 2534014, false);
    }
    if (!inbox.withinWindow(root, humanAgent)) {
      return error(403, OUTSIDE_WINDOW, "IGApiException", 10, 2534022, false);
    }
    SandboxResponse failure = publishFailure();
    if (failure != null) {
      return failure;
    }
    Item sent = inbox.answer(root, new Person(displayName(), handle(), true), words);
    return published(
        SandboxResponse.json(
            200, Json.object("recipient_id", igsid, "message_id", messageId(sent))));
  }

  /**
   * A patron's Instagram-scoped id: the same in a comment's {@code from} and as the Send API's
   * recipient, as Meta gives both for the account's app.
   */
  private static String personId(Person person) {
    return Long.toString(
        17_841_000_000_000_000L + Math.floorMod(person.handle().hashCode(), 1_000_000_000L));
  }
}
