package org.digitalbranch.platform.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;
import org.digitalbranch.platform.Stage;

/**
 * Reads an X account's mentions timeline ({@code GET /2/users/:id/mentions}) incrementally with
 * {@code since_id}, paging with {@code pagination_token} until there is no {@code next_token}, and
 * each mention's conversation through recent search ({@code query=conversation_id:<root>}, the last
 * seven days only). Posts by the account's own user id are ours.
 *
 * <p>The field-selection parameter is {@code tweet.fields} in the docs and older specs and {@code
 * post.fields} in the 2026 spec, so it is a constructor argument.
 *
 * <p>X never says that a post was deleted: the mentions and a thread's search simply leave it out.
 * So it is asked ({@link #gone}): {@code GET /2/tweets?ids=...}, 100 ids a request, and each post
 * the answer names in a {@code resource-not-found} error is gone, that error its evidence. Other
 * errors (a protected author: {@code not-authorized-for-resource}) say nothing of a deletion.
 */
public final class XReader implements ConversationReader, DeletionLookup {

  static final String FIELDS =
      "author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets";

  /** A long conversation stops here for one poll; the next poll reads it again. */
  static final int MAX_SEARCH_PAGES = 10;

  private static final String NAME = "X";

  private final XPlatform platform;
  private final PlatformHttp http;
  private final String fieldsParameter;
  private final Map<String, String> ownUserIds = new ConcurrentHashMap<>();

  public XReader(XPlatform platform) {
    this(platform, "tweet.fields");
  }

  public XReader(XPlatform platform, String fieldsParameter) {
    this.platform = platform;
    this.http = platform.http;
    if (!"tweet.fields".equals(fieldsParameter) && !"post.fields".equals(fieldsParameter)) {
      throw new IllegalArgumentException("fieldsParameter: tweet.fields or post.fields");
    }
    this.fieldsParameter = fieldsParameter;
  }

  @Override
  public String platformId() {
    return "x";
  }

  /** {@code since_id} of the poll, the paging token within it, and the newest id it has seen. */
  private record Position(String sinceId, String token, String newest) {
    static Position parse(String text) {
      if (text == null) {
        return new Position(null, null, null);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text);
        return new Position(
            blankToNull(Json.text(node, "/since_id")),
            blankToNull(Json.text(node, "/pagination_token")),
            blankToNull(Json.text(node, "/newest_id")));
      } catch (IOException e) {
        return new Position(null, null, null);
      }
    }

    String format() {
      ObjectNode node = Json.object();
      if (sinceId != null) {
        node.put("since_id", sinceId);
      }
      if (token != null) {
        node.put("pagination_token", token);
      }
      if (newest != null) {
        node.put("newest_id", newest);
      }
      return node.toString();
    }
  }

  @Override
  public ReadResult fetch(String account, Credentials credentials, String cursor) {
    XPlatform.Token token = new XPlatform.Token(XPlatform.oauth(credentials));
    Position position = Position.parse(cursor);
    try {
      String me = ownUserId(account, token);
      String path =
          "/2/users/"
              + PlatformHttp.encode(me)
              + "/mentions?max_results=100&"
              + fields()
              + (position.sinceId() == null
                  ? ""
                  : "&since_id=" + PlatformHttp.encode(position.sinceId()))
              + (position.token() == null
                  ? ""
                  : "&pagination_token=" + PlatformHttp.encode(position.token()));
      JsonNode body = get(token, path, "reading mentions");
      List<IncomingItem> items = new ArrayList<>();
      Map<String, JsonNode> users = users(body);
      Set<String> conversations = new LinkedHashSet<>();
      for (JsonNode post : body.path("data")) {
        if (superseded(post)) {
          continue;
        }
        items.add(item(account, me, post, users));
        String conversation = Json.text(post, "/conversation_id");
        if (!conversation.isEmpty()) {
          conversations.add(conversation);
        }
      }
      for (String conversation : conversations) {
        conversation(account, token, me, conversation, items);
      }
      String newest = position.newest();
      if (position.token() == null) {
        newest = blankToNull(Json.text(body, "/meta/newest_id"));
      }
      String next = blankToNull(Json.text(body, "/meta/next_token"));
      if (next != null && !next.equals(position.token())) {
        return new ReadResult.Page(
            items, new Position(position.sinceId(), next, newest).format(), false);
      }
      String since = newest != null ? newest : position.sinceId();
      return new ReadResult.Page(items, new Position(since, null, null).format(), true);
    } catch (PlatformFailure failure) {
      return new ReadResult.Failed(failure.outcome());
    }
  }

  /** The most ids one request takes ({@code GET /2/tweets}). */
  static final int LOOKUP_SIZE = 100;

  /**
   * Five requests a look. X counts every post a lookup returns against the project's monthly read
   * cap, which the mentions and threads need too; the look asks about each post three times in its
   * life, not at every poll.
   */
  @Override
  public int mostPerLook() {
    return 500;
  }

  @Override
  public Answer gone(String account, Credentials credentials, List<ArchivedItems.Known> asked)
      throws PlatformFailure {
    XPlatform.Token token = new XPlatform.Token(XPlatform.oauth(credentials));
    Map<String, String> gone = new LinkedHashMap<>();
    for (List<String> batch : DeletionLookup.idsInBatches(asked, LOOKUP_SIZE)) {
      JsonNode body =
          get(
              token,
              "/2/tweets?ids="
                  + PlatformHttp.encode(String.join(",", batch))
                  + "&"
                  + fieldsParameter
                  + "=id",
              "looking for deleted posts");
      for (JsonNode error : body.path("errors")) {
        if (!Json.text(error, "/type").endsWith("/problems/resource-not-found")) {
          continue;
        }
        String id = Json.text(error, "/resource_id");
        if (id.isEmpty()) {
          id = Json.text(error, "/value");
        }
        if (batch.contains(id)) {
          gone.put(id, error.toString());
        }
      }
    }
    return Answer.all(gone, asked);
  }

  private void conversation(
      String account,
      XPlatform.Token token,
      String me,
      String conversation,
      List<IncomingItem> items)
      throws PlatformFailure {
    String next = null;
    for (int page = 0; page < MAX_SEARCH_PAGES; page++) {
      String path =
          "/2/tweets/search/recent?query="
              + PlatformHttp.encode("conversation_id:" + conversation)
              + "&max_results=100&"
              + fields()
              + (next == null ? "" : "&next_token=" + PlatformHttp.encode(next));
      JsonNode body = get(token, path, "reading a conversation");
      Map<String, JsonNode> users = users(body);
      for (JsonNode post : body.path("data")) {
        if (!superseded(post)) {
          items.add(item(account, me, post, users));
        }
      }
      String following = blankToNull(Json.text(body, "/meta/next_token"));
      if (following == null || following.equals(next)) {
        return;
      }
      next = following;
    }
  }

  private String fields() {
    return fieldsParameter
        + "="
        + PlatformHttp.encode(FIELDS)
        + "&expansions=author_id&user.fields=username,name";
  }

  private JsonNode get(XPlatform.Token token, String path, String doing) throws PlatformFailure {
    HttpReply reply =
        platform.call(
            token,
            credentials -> XPlatform.authorized(http.request(path), credentials).GET().build(),
            Stage.PREPARE,
            doing);
    JsonNode body = reply.json(Stage.PREPARE, NAME);
    if (!body.isObject() || (body.has("data") && !body.path("data").isArray())) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("X's answer while " + doing + " had no post list"));
    }
    return body;
  }

  private String ownUserId(String account, XPlatform.Token token) throws PlatformFailure {
    String known = ownUserIds.get(account);
    if (known != null) {
      return known;
    }
    String id = Json.text(platform.me(token), "/data/id");
    if (id.isEmpty()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("X did not say the account's user id"));
    }
    ownUserIds.put(account, id);
    return id;
  }

  private static Map<String, JsonNode> users(JsonNode body) {
    Map<String, JsonNode> users = new HashMap<>();
    for (JsonNode user : body.path("includes").path("users")) {
      users.put(Json.text(user, "/id"), user);
    }
    return users;
  }

  /**
   * An edit on X is a new post whose {@code edit_history_tweet_ids} lists the whole chain, oldest
   * first. The message is the original post (its id is the chain's first), and each edit is a new
   * version of it. A post that is not the chain's newest is an older version: its text would come
   * back as a "change" after the newer one, so it is left out (the newest carries the current
   * text).
   */
  private static boolean superseded(JsonNode post) {
    JsonNode chain = post.path("edit_history_tweet_ids");
    return chain.isArray()
        && !chain.isEmpty()
        && !chain.get(chain.size() - 1).asText().equals(Json.text(post, "/id"));
  }

  /** The chain's first id for an edited post, else the post's own. */
  private static String originalId(JsonNode post) {
    JsonNode chain = post.path("edit_history_tweet_ids");
    String first = chain.isArray() && !chain.isEmpty() ? chain.get(0).asText("") : "";
    return first.isEmpty() ? Json.text(post, "/id") : first;
  }

  private static IncomingItem item(
      String account, String me, JsonNode post, Map<String, JsonNode> users) {
    String id = originalId(post);
    boolean edited = !id.equals(Json.text(post, "/id"));
    String parent = null;
    for (JsonNode reference : post.path("referenced_tweets")) {
      if ("replied_to".equals(Json.text(reference, "/type"))) {
        parent = blankToNull(Json.text(reference, "/id"));
      }
    }
    String conversation = blankToNull(Json.text(post, "/conversation_id"));
    String authorId = Json.text(post, "/author_id");
    JsonNode user = users.get(authorId);
    String username = user == null ? "" : Json.text(user, "/username");
    JsonNode text = post.path("text");
    Instant created = Json.instant(post, "/created_at").orElse(null);
    return new IncomingItem(
        account,
        "x",
        id,
        parent,
        conversation == null || conversation.equals(id) ? null : conversation,
        parent == null ? MessageKind.MENTION : MessageKind.REPLY,
        username.isEmpty() ? blankToNull(authorId) : username,
        user == null ? null : Json.text(user, "/name"),
        text.isTextual() ? text.asText() : null,
        // An edit's created_at is when the edit was made; the original's time is kept by the
        // store when it saw the original, else this is the earliest time known.
        created,
        edited ? created : null,
        false,
        !authorId.isEmpty() && authorId.equals(me),
        null,
        null,
        post.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
