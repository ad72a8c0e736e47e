package org.digitalbranch.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.Stage;

/**
 * Replies on Bluesky with {@code com.atproto.repo.createRecord}: an {@code app.bsky.feed.post}
 * whose {@code reply} holds strong references ({@code uri} and {@code cid}) to the thread's root
 * and to the post answered. Both are read first with {@code app.bsky.feed.getPosts}: the parent's
 * own record names its root, and a parent without one is the root. Bluesky has no idempotency key,
 * so a lost answer is settled by {@link #findReply} over the parent's thread.
 *
 * <p>A direct message is answered in its chat instead ({@link BlueskyChat}), up to {@link
 * #CHAT_LIMIT} graphemes.
 */
public final class BlueskyResponder implements ConversationResponder {

  static final String NO_MODERATION =
      "not supported by Bluesky: use a report, block or mute (an account cannot hide or delete"
          + " another account's post)";

  /** A chat message takes at most 1,000 graphemes (and 10,000 bytes), by the lexicon. */
  public static final int CHAT_LIMIT = 1_000;

  private static final String NAME = "Bluesky";
  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final BlueskyPlatform platform;
  private final PlatformHttp http;
  private final BlueskyChat chat;

  public BlueskyResponder(BlueskyPlatform platform) {
    this.platform = platform;
    this.http = platform.http;
    this.chat = new BlueskyChat(platform);
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    if (request.direct()) {
      return chat.send(request);
    }
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(request.credentials());
    try {
      HttpReply found =
          platform.call(
              login,
              session ->
                  http.request(
                          "/xrpc/app.bsky.feed.getPosts?uris="
                              + PlatformHttp.encode(request.inReplyTo()))
                      .header("Authorization", "Bearer " + session.accessJwt())
                      .GET()
                      .build(),
              Stage.PREPARE,
              "reading the post replied to");
      JsonNode parent = found.json(Stage.PREPARE, NAME).path("posts").path(0);
      String parentCid = Json.text(parent, "/cid");
      if (parentCid.isEmpty()) {
        return new PublishOutcome.Rejected(
            "Bluesky no longer has the post replied to; it was deleted or hidden");
      }
      ObjectNode parentRef = Json.object();
      parentRef.put("uri", Json.text(parent, "/uri"));
      parentRef.put("cid", parentCid);
      JsonNode root = parent.path("record").path("reply").path("root");
      ObjectNode rootRef = Json.object();
      if (!Json.text(root, "/uri").isEmpty() && !Json.text(root, "/cid").isEmpty()) {
        rootRef.put("uri", Json.text(root, "/uri"));
        rootRef.put("cid", Json.text(root, "/cid"));
      } else {
        rootRef.setAll(parentRef);
      }
      ObjectNode record = Json.object();
      record.put("$type", "app.bsky.feed.post");
      record.put("text", request.text());
      record.put("createdAt", CREATED_AT.format(http.settings().clock().instant()));
      ArrayNode facets = BlueskyPlatform.linkFacets(request.text());
      if (!facets.isEmpty()) {
        record.set("facets", facets);
      }
      ObjectNode reply = record.putObject("reply");
      reply.set("root", rootRef);
      reply.set("parent", parentRef);
      String[] handle = new String[1];
      HttpReply created =
          platform.call(
              login,
              session -> {
                handle[0] = session.handle();
                ObjectNode body = Json.object();
                body.put("repo", session.did());
                body.put("collection", "app.bsky.feed.post");
                body.set("record", record);
                return http.request("/xrpc/com.atproto.repo.createRecord")
                    .header("Authorization", "Bearer " + session.accessJwt())
                    .header("Content-Type", PlatformHttp.JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                    .build();
              },
              Stage.PUBLISH,
              "sending the reply");
      String uri = Json.text(created.json(Stage.PUBLISH, NAME), "/uri");
      if (uri.isEmpty()) {
        return new PublishOutcome.Unknown(
            "Bluesky accepted the reply but did not say where it is; it may be live", false);
      }
      return BlueskyPlatform.published(http.settings(), uri, handle[0]);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    if (request.direct()) {
      try {
        return chat.find(request)
            .<LookupResult>map(LookupResult.Found::new)
            .orElseGet(LookupResult.NotFound::new);
      } catch (PlatformFailure failure) {
        return new LookupResult.Failed(failure.outcome());
      }
    }
    Credentials.BlueskyAppPassword login = BlueskyPlatform.appPassword(request.credentials());
    String fingerprint = ContentFingerprint.of(request.text());
    try {
      String[] session = new String[2];
      HttpReply reply =
          platform.call(
              login,
              current -> {
                session[0] = current.did();
                session[1] = current.handle();
                return http.request(
                        "/xrpc/app.bsky.feed.getPostThread?uri="
                            + PlatformHttp.encode(request.inReplyTo())
                            + "&depth=1&parentHeight=0")
                    .header("Authorization", "Bearer " + current.accessJwt())
                    .GET()
                    .build();
              },
              Stage.PREPARE,
              "looking for the reply");
      for (JsonNode child : reply.json(Stage.PREPARE, NAME).path("thread").path("replies")) {
        JsonNode post = child.path("post");
        if (Json.text(post, "/author/did").equals(session[0])
            && ContentFingerprint.of(Json.text(post, "/record/text")).equals(fingerprint)) {
          return new LookupResult.Found(
              BlueskyPlatform.published(http.settings(), Json.text(post, "/uri"), session[1]));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Set<ModerationKind> moderation() {
    return Set.of();
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    BlueskyPlatform.appPassword(credentials);
    return new ModerationResult.Failed(new PublishOutcome.Rejected(NO_MODERATION));
  }
}
