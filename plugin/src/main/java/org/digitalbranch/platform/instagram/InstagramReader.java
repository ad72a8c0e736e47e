package org.digitalbranch.platform.instagram;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Polls an Instagram professional account: its media ({@code GET /{ig-user-id}/media}), each
 * medium's comments ({@code GET /{ig-media-id}/comments}) and each comment's replies ({@code GET
 * /{ig-comment-id}/replies}), every edge followed through {@code paging.next}. Comments from the
 * account itself are ours. Instagram keeps no edit history and the API has no edit webhook here, so
 * the archive keeps what each poll sees.
 */
public final class InstagramReader extends GraphConversationReader {

  static final String MEDIA_FIELDS = "id,caption,timestamp,permalink,username";
  static final String COMMENT_FIELDS =
      "id,text,timestamp,from{id,username},username,parent_id,hidden";

  public InstagramReader(InstagramPlatform platform) {
    super(platform.http, "Instagram");
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
      String account, Credentials.GraphToken user, String mediaId, List<IncomingItem> into)
      throws PlatformFailure {
    for (JsonNode comment : edge(user, mediaId, "comments", "reading a post's comments")) {
      String commentId = Json.text(comment, "/id");
      into.add(comment(account, user.objectId(), mediaId, null, comment));
      if (commentId.isEmpty()) {
        continue;
      }
      try {
        for (JsonNode reply : edge(user, commentId, "replies", "reading a comment's replies")) {
          into.add(comment(account, user.objectId(), mediaId, commentId, reply));
        }
      } catch (GraphPages.MissingObject deletedMeanwhile) {
        // The comment went between the two reads; the next poll no longer lists it.
      }
    }
  }

  private List<JsonNode> edge(Credentials.GraphToken user, String id, String edge, String doing)
      throws PlatformFailure {
    return GraphPages.readAll(
        http,
        user,
        "/"
            + PlatformHttp.encode(id)
            + "/"
            + edge
            + "?fields="
            + PlatformHttp.encode(COMMENT_FIELDS),
        name,
        doing);
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
