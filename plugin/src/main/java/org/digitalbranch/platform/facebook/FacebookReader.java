package org.digitalbranch.platform.facebook;

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
 * Polls a Facebook Page: its posts ({@code GET /{page-id}/posts}) and every post's comments and
 * replies ({@code GET /{post-id}/comments?filter=stream}, replies flattened with their {@code
 * parent}), each edge followed through {@code paging.next} to its end. The Page's own comments
 * (from the Page id) are recognised as ours. A post that answers code 100/33 was deleted.
 *
 * <p>Graph cursors die with their item, so the stored cursor is only the time of the last poll;
 * each poll reads the posts of the {@link #LOOKBACK} before it again and the store drops what it
 * already holds. Edits and deletions of older comments come through the webhook ({@link
 * FacebookWebhook}), since the Graph API keeps no edit history.
 */
public final class FacebookReader implements ConversationReader {

  /** How far back before the last poll posts are read again for new comments. */
  static final Duration LOOKBACK = Duration.ofDays(7);

  static final String POST_FIELDS = "id,message,created_time,from,permalink_url";
  static final String COMMENT_FIELDS = "id,message,created_time,from,parent{id},is_hidden";

  private static final String NAME = "Facebook";

  private final PlatformHttp http;

  public FacebookReader(FacebookPlatform platform) {
    this.http = platform.http;
  }

  @Override
  public String platformId() {
    return "facebook";
  }

  @Override
  public ReadResult fetch(String account, Credentials credentials, String cursor) {
    Credentials.GraphToken page = GraphApi.token(credentials, NAME);
    Instant now = http.settings().clock().instant();
    String posts =
        "/"
            + PlatformHttp.encode(page.objectId())
            + "/posts?fields="
            + PlatformHttp.encode(POST_FIELDS)
            + "&limit=25";
    Instant lastPoll = lastPoll(cursor);
    if (lastPoll != null) {
      posts += "&since=" + lastPoll.minus(LOOKBACK).getEpochSecond();
    }
    try {
      List<IncomingItem> items = new ArrayList<>();
      for (JsonNode post :
          GraphPages.readAll(http, page, posts, NAME, "reading the Page's posts")) {
        String postId = Json.text(post, "/id");
        if (postId.isEmpty()) {
          items.add(post(account, page, post, false));
          continue;
        }
        try {
          List<JsonNode> comments =
              GraphPages.readAll(
                  http,
                  page,
                  "/"
                      + PlatformHttp.encode(postId)
                      + "/comments?filter=stream&order=chronological&fields="
                      + PlatformHttp.encode(COMMENT_FIELDS)
                      + "&limit=100",
                  NAME,
                  "reading a post's comments");
          items.add(post(account, page, post, false));
          for (JsonNode comment : comments) {
            items.add(comment(account, page.objectId(), postId, comment));
          }
        } catch (GraphPages.MissingObject gone) {
          items.add(post(account, page, post, true));
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

  /** The Page's post is the root of its thread, and ours. */
  private static IncomingItem post(
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
