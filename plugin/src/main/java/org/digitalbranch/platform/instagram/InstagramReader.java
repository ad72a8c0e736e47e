package org.digitalbranch.platform.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphConversationReader;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.digitalbranch.platform.graph.GraphPages;
import org.digitalbranch.platform.graph.GraphUsage;

/**
 * Polls an Instagram professional account: its media ({@code GET /{ig-user-id}/media}), each
 * medium's comments ({@code GET /{ig-media-id}/comments}) with each comment's replies nested in the
 * same answer (Graph's field expansion, {@code replies{...}}), every edge followed through {@code
 * paging.next}. Comments from the account itself are ours. Instagram keeps no edit history and the
 * API has no edit webhook here, so the archive keeps what each poll sees.
 *
 * <p>Each poll rereads the look-back window, so reading every comment's replies with a request of
 * its own cost one request per comment per poll: a library's busy week meant hundreds of calls
 * every few minutes, all counted against the account's rate limit, nearly all answering nothing
 * new. Nested, a medium's comments and their replies come in one request; only a comment with more
 * replies than the nested first page holds has its {@code replies} edge read on its own.
 *
 * <p>With {@code directMessages}, the account's direct messages too, which Meta serves through the
 * Facebook Page the account is linked to ({@link GraphMessaging}, {@code platform=instagram}): the
 * account's token must then be that Page's, with {@code instagram_manage_messages}.
 */
public final class InstagramReader extends GraphConversationReader {

  static final String MEDIA_FIELDS = "id,caption,timestamp,permalink,username";
  static final String COMMENT_FIELDS =
      "id,text,timestamp,from{id,username},username,parent_id,hidden";

  /** A top-level comment's fields with the first page of its replies nested. */
  static final String COMMENT_WITH_REPLIES_FIELDS =
      COMMENT_FIELDS + ",replies{" + COMMENT_FIELDS + "}";

  private final boolean directMessages;
  private final GraphMessaging direct;

  public InstagramReader(InstagramPlatform platform) {
    this(platform, false);
  }

  /**
   * @param directMessages read the account's direct messages too, through its linked Page
   */
  public InstagramReader(InstagramPlatform platform, boolean directMessages) {
    super(platform.http, "Instagram");
    this.directMessages = directMessages;
    this.direct = new GraphMessaging(platform.http, GraphMessaging.Inbox.INSTAGRAM);
  }

  @Override
  protected void readPrivate(
      String account,
      Credentials.GraphToken user,
      Instant since,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {
    if (!directMessages) {
      return;
    }
    if (user.pageId() == null) {
      // The settings refuse directMessages without a pageId; this is an account whose stand-in
      // credentials never call out.
      throw new PlatformFailure(new PublishOutcome.NeedsReconnect(InstagramResponder.NO_PAGE));
    }
    direct.read(account, user, user.pageId(), user.objectId(), since, into, usage);
  }

  @Override
  public String platformId() {
    return "instagram";
  }

  @Override
  protected String rootsPath(String userId) {
    return "/" + userId + "/media?fields=" + PlatformHttp.encode(MEDIA_FIELDS) + "&limit=25";
  }

  @Override
  protected String readingRoots() {
    return "reading the account's media";
  }

  @Override
  protected void readComments(
      String account,
      Credentials.GraphToken user,
      String mediaId,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {
    for (JsonNode comment :
        edge(
            user,
            mediaId,
            "comments",
            COMMENT_WITH_REPLIES_FIELDS,
            "reading a post's comments",
            usage)) {
      // The replies are kept as items of their own, not inside the comment's raw JSON.
      JsonNode replies = comment instanceof ObjectNode object ? object.remove("replies") : null;
      String commentId = Json.text(comment, "/id");
      into.add(comment(account, user.objectId(), mediaId, null, comment));
      if (commentId.isEmpty() || replies == null || replies.isNull()) {
        // Graph leaves an edge with nothing in it out of the answer.
        continue;
      }
      if (replies.path("data").isArray() && Json.text(replies, "/paging/next").isEmpty()) {
        for (JsonNode reply : replies.path("data")) {
          into.add(comment(account, user.objectId(), mediaId, commentId, reply));
        }
        continue;
      }
      // More replies than the nested page holds: the whole edge, from its start, on its own;
      // unless the quota is already over the ceiling (the next poll reads them).
      if (usage.overCeiling()) {
        continue;
      }
      try {
        for (JsonNode reply :
            edge(
                user, commentId, "replies", COMMENT_FIELDS, "reading a comment's replies", usage)) {
          into.add(comment(account, user.objectId(), mediaId, commentId, reply));
        }
      } catch (GraphPages.MissingObject deletedMeanwhile) {
        // The comment went between the two reads; the next poll no longer lists it.
      }
    }
  }

  private List<JsonNode> edge(
      Credentials.GraphToken user,
      String id,
      String edge,
      String fields,
      String doing,
      GraphUsage usage)
      throws PlatformFailure {
    return GraphPages.readAll(
        http,
        user,
        "/" + PlatformHttp.encode(id) + "/" + edge + "?fields=" + PlatformHttp.encode(fields),
        name,
        doing,
        usage);
  }

  @Override
  protected IncomingItem root(
      String account, Credentials.GraphToken user, JsonNode medium, boolean deleted) {
    String username = Json.text(medium, "/username");
    return new IncomingItem(
        account,
        "instagram",
        Json.text(medium, "/id"),
        null,
        null,
        MessageKind.COMMENT,
        username.isEmpty() ? user.objectId() : username,
        username,
        deleted ? null : Json.text(medium, "/caption"),
        GraphApi.time(Json.text(medium, "/timestamp")).orElse(null),
        null,
        deleted,
        true,
        null,
        null,
        medium.toString());
  }

  private static IncomingItem comment(
      String account, String userId, String mediaId, String commentId, JsonNode comment) {
    String parent = Json.text(comment, "/parent_id");
    if (parent.isEmpty()) {
      parent = commentId == null ? mediaId : commentId;
    }
    String username = Json.text(comment, "/from/username");
    if (username.isEmpty()) {
      username = Json.text(comment, "/username");
    }
    JsonNode text = comment.path("text");
    return new IncomingItem(
        account,
        "instagram",
        Json.text(comment, "/id"),
        parent,
        mediaId,
        parent.equals(mediaId) ? MessageKind.COMMENT : MessageKind.REPLY,
        username.isEmpty() ? null : username,
        username,
        text.isTextual() ? text.asText() : null,
        GraphApi.time(Json.text(comment, "/timestamp")).orElse(null),
        null,
        false,
        Json.text(comment, "/from/id").equals(userId),
        null,
        null,
        comment.toString());
  }
}
