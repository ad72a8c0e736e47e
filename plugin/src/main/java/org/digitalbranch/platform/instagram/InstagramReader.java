package org.digitalbranch.platform.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphPages;

/**
 * Polls an Instagram professional account: its media ({@code GET /{ig-user-id}/media}), each
 * medium's comments ({@code GET /{ig-media-id}/comments}) and each comment's replies ({@code GET
 * /{ig-comment-id}/replies}), every edge followed through {@code paging.next}. Comments from the
 * account itself are ours. Instagram keeps no edit history and the API has no edit webhook here, so
 * the archive keeps what each poll sees. Like {@link
 * org.digitalbranch.platform.facebook.FacebookReader}, the cursor is the last poll's time.
 */
public final class InstagramReader implements ConversationReader {

  static final Duration LOOKBACK = Duration.ofDays(7);

  static final String MEDIA_FIELDS = "id,caption,timestamp,permalink,username";
  static final String COMMENT_FIELDS =
      "id,text,timestamp,from{id,username},username,parent_id,hidden";

  private static final String NAME = "Instagram";

  private final PlatformHttp http;

  public InstagramReader(InstagramPlatform platform) {
    this.http = platform.http;
  }

  @Override
  public String platformId() {
    return "instagram";
  }

  @Override
  public ReadResult fetch(String account, Credentials credentials, String cursor) {
    Credentials.GraphToken user = GraphApi.token(credentials, NAME);
    Instant now = http.settings().clock().instant();
    String mediaPath =
        "/"
            + PlatformHttp.encode(user.objectId())
            + "/media?fields="
            + PlatformHttp.encode(MEDIA_FIELDS)
            + "&limit=25";
    Instant lastPoll = lastPoll(cursor);
    if (lastPoll != null) {
      mediaPath += "&since=" + lastPoll.minus(LOOKBACK).getEpochSecond();
    }
    try {
      List<IncomingItem> items = new ArrayList<>();
      for (JsonNode medium :
          GraphPages.readAll(http, user, mediaPath, NAME, "reading the account's media")) {
        String mediaId = Json.text(medium, "/id");
        if (mediaId.isEmpty()) {
          items.add(medium(account, user, medium, false));
          continue;
        }
        try {
          List<JsonNode> comments =
              GraphPages.readAll(
                  http,
                  user,
                  "/"
                      + PlatformHttp.encode(mediaId)
                      + "/comments?fields="
                      + PlatformHttp.encode(COMMENT_FIELDS),
                  NAME,
                  "reading a post's comments");
          items.add(medium(account, user, medium, false));
          for (JsonNode comment : comments) {
            String commentId = Json.text(comment, "/id");
            items.add(comment(account, user.objectId(), mediaId, null, comment));
            if (commentId.isEmpty()) {
              continue;
            }
            try {
              for (JsonNode reply :
                  GraphPages.readAll(
                      http,
                      user,
                      "/"
                          + PlatformHttp.encode(commentId)
                          + "/replies?fields="
                          + PlatformHttp.encode(COMMENT_FIELDS),
                      NAME,
                      "reading a comment's replies")) {
                items.add(comment(account, user.objectId(), mediaId, commentId, reply));
              }
            } catch (GraphPages.MissingObject deletedMeanwhile) {
              // The comment went between the two reads; the next poll no longer lists it.
            }
          }
        } catch (GraphPages.MissingObject gone) {
          items.add(medium(account, user, medium, true));
        }
      }
      return new ReadResult.Page(items, Long.toString(now.getEpochSecond()), true);
    } catch (PlatformFailure failure) {
      return new ReadResult.Failed(failure.outcome());
    }
  }

  private static Instant lastPoll(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(cursor.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static IncomingItem medium(
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
