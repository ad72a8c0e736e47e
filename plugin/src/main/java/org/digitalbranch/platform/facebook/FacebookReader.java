package org.digitalbranch.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphConversationReader;
import org.digitalbranch.platform.graph.GraphPages;
import org.digitalbranch.platform.graph.GraphUsage;

/**
 * Polls a Facebook Page: its posts ({@code GET /{page-id}/posts}) and every post's comments and
 * replies ({@code GET /{post-id}/comments?filter=stream}, replies flattened with their {@code
 * parent}), each edge followed through {@code paging.next} to its end. The Page's own comments
 * (from the Page id) are recognised as ours. A post that answers code 100/33 was deleted.
 *
 * <p>Edits and deletions of older comments come through the webhook ({@link FacebookWebhook}),
 * since the Graph API keeps no edit history.
 *
 * <p>With {@code directMessages}, the Page's private conversations too ({@code GET
 * /{page-id}/conversations?platform=messenger}, newest-updated first as seen, each with its 20
 * latest messages, which is all the API gives in detail). A conversation is a thread whose root is
 * its {@code t_} id. A chat has no replies to particular messages, so each message is filed as
 * answering the one before it: a reply of ours then answers the patron's messages since our last
 * one, as a librarian reading the chat would take it.
 */
public final class FacebookReader extends GraphConversationReader {

  static final Duration LOOKBACK = GraphConversationReader.LOOKBACK;

  static final String POST_FIELDS = "id,message,created_time,from,permalink_url";
  static final String COMMENT_FIELDS = "id,message,created_time,from,parent{id},is_hidden";

  /** The messages' fields; the API details only a conversation's 20 latest. */
  static final String MESSAGE_FIELDS =
      "id,created_time,from,to,message,attachments{mime_type},sticker,shares{link}";

  static final String CONVERSATION_FIELDS =
      "id,updated_time,messages.limit(20){" + MESSAGE_FIELDS + "}";

  private final boolean directMessages;

  public FacebookReader(FacebookPlatform platform) {
    this(platform, false);
  }

  /**
   * @param directMessages read the Page's private conversations too (needs the token's {@code
   *     pages_messaging} permission)
   */
  public FacebookReader(FacebookPlatform platform, boolean directMessages) {
    super(platform.http, "Facebook");
    this.directMessages = directMessages;
  }

  @Override
  public String platformId() {
    return "facebook";
  }

  @Override
  protected String rootsPath(String pageId) {
    return "/" + pageId + "/posts?fields=" + PlatformHttp.encode(POST_FIELDS) + "&limit=25";
  }

  @Override
  protected String readingRoots() {
    return "reading the Page's posts";
  }

  @Override
  protected void readComments(
      String account,
      Credentials.GraphToken page,
      String postId,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {
    for (JsonNode comment :
        GraphPages.readAll(
            http,
            page,
            "/"
                + PlatformHttp.encode(postId)
                + "/comments?filter=stream&order=chronological&fields="
                + PlatformHttp.encode(COMMENT_FIELDS)
                + "&limit=100",
            name,
            "reading a post's comments",
            usage)) {
      into.add(comment(account, page.objectId(), postId, comment));
    }
  }

  @Override
  protected void readPrivate(
      String account,
      Credentials.GraphToken page,
      Instant since,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {
    if (!directMessages) {
      return;
    }
    List<JsonNode> conversations =
        GraphPages.readUntil(
            http,
            page,
            "/"
                + PlatformHttp.encode(page.objectId())
                + "/conversations?platform=messenger&fields="
                + PlatformHttp.encode(CONVERSATION_FIELDS)
                + "&limit=25",
            name,
            "reading the Page's private conversations",
            usage,
            // Meta lists them newest-updated first (seen, not documented): a page of nothing but
            // conversations older than the window ends the read, one page later than needed.
            conversation -> since != null && updatedBefore(conversation, since));
    for (JsonNode conversation : conversations) {
      if (since == null || !updatedBefore(conversation, since)) {
        into.addAll(messages(account, page.objectId(), conversation));
      }
    }
  }

  private static boolean updatedBefore(JsonNode conversation, Instant since) {
    return GraphApi.time(Json.text(conversation, "/updated_time"))
        .map(updated -> updated.isBefore(since))
        .orElse(false);
  }

  /** A private conversation's messages, oldest first, each answering the one before it. */
  static List<IncomingItem> messages(String account, String pageId, JsonNode conversation) {
    String thread = Json.text(conversation, "/id");
    List<JsonNode> newestFirst = new ArrayList<>();
    conversation.path("messages").path("data").forEach(newestFirst::add);
    List<IncomingItem> items = new ArrayList<>();
    String previous = null;
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonNode message = newestFirst.get(i);
      String id = Json.text(message, "/id");
      String author = Json.text(message, "/from/id");
      items.add(
          new IncomingItem(
              account,
              "facebook",
              id,
              previous,
              thread.isEmpty() ? null : thread,
              MessageKind.DIRECT_MESSAGE,
              author.isEmpty() ? null : author,
              Json.text(message, "/from/name"),
              text(message),
              GraphApi.time(Json.text(message, "/created_time")).orElse(null),
              null,
              false,
              author.equals(pageId),
              null,
              null,
              message.toString()));
      previous = id.isEmpty() ? previous : id;
    }
    return items;
  }

  /**
   * A message's words; one with only an attachment (a photo, a sticker) has an empty {@code
   * message}, so the archive says what came instead of showing nothing.
   */
  private static String text(JsonNode message) {
    String words = Json.text(message, "/message");
    if (!words.isBlank()) {
      return words;
    }
    List<String> kinds = new ArrayList<>();
    for (JsonNode attachment : message.path("attachments").path("data")) {
      String type = Json.text(attachment, "/mime_type");
      kinds.add(type.isEmpty() ? "a file" : type);
    }
    if (message.hasNonNull("sticker")) {
      kinds.add("a sticker");
    }
    for (JsonNode share : message.path("shares").path("data")) {
      String link = Json.text(share, "/link");
      kinds.add(link.isEmpty() ? "a shared post" : "a link: " + link);
    }
    return kinds.isEmpty() ? words : "[sent " + String.join(", ", kinds) + "]";
  }

  /** The Page's post is the root of its thread, and ours. */
  @Override
  protected IncomingItem root(
      String account, Credentials.GraphToken page, JsonNode post, boolean deleted) {
    String author = Json.text(post, "/from/id");
    return new IncomingItem(
        account,
        "facebook",
        Json.text(post, "/id"),
        null,
        null,
        MessageKind.COMMENT,
        author.isEmpty() ? page.objectId() : author,
        Json.text(post, "/from/name"),
        deleted ? null : Json.text(post, "/message"),
        GraphApi.time(Json.text(post, "/created_time")).orElse(null),
        null,
        deleted,
        true,
        null,
        null,
        post.toString());
  }

  /** A comment on a post, or a reply to a comment ({@code parent} set), from a Graph edge. */
  static IncomingItem comment(String account, String pageId, String postId, JsonNode comment) {
    String parent = Json.text(comment, "/parent/id");
    String author = Json.text(comment, "/from/id");
    JsonNode message = comment.path("message");
    return new IncomingItem(
        account,
        "facebook",
        Json.text(comment, "/id"),
        parent.isEmpty() ? postId : parent,
        postId,
        parent.isEmpty() ? MessageKind.COMMENT : MessageKind.REPLY,
        author.isEmpty() ? null : author,
        Json.text(comment, "/from/name"),
        message.isTextual() ? message.asText() : null,
        GraphApi.time(Json.text(comment, "/created_time")).orElse(null),
        null,
        false,
        author.equals(pageId),
        null,
        null,
        comment.toString());
  }
}
