package org.digitalbranch.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphConversationReader;
import org.digitalbranch.platform.graph.GraphMessaging;
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
 * <p>With {@code directMessages}, the Page's private conversations too, through {@link
 * GraphMessaging}.
 */
public final class FacebookReader extends GraphConversationReader {

  static final Duration LOOKBACK = GraphConversationReader.LOOKBACK;

  static final String POST_FIELDS = "id,message,created_time,from,permalink_url";
  static final String COMMENT_FIELDS = "id,message,created_time,from,parent{id},is_hidden";

  static final String CONVERSATION_FIELDS = GraphMessaging.Inbox.MESSENGER.conversationFields();

  private final boolean directMessages;
  private final GraphMessaging messenger;

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
    this.messenger = new GraphMessaging(platform.http, GraphMessaging.Inbox.MESSENGER);
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
    messenger.read(account, page, page.objectId(), page.objectId(), since, into, usage);
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
