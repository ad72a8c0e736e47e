package org.digitalbranch.platform.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
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
 * Replies on X with {@code POST /2/tweets} and {@code reply.in_reply_to_tweet_id}; hides a reply,
 * or shows it again, with {@code PUT /2/tweets/:id/hidden}. X has no idempotency key: a lost
 * answer, or a 403 "duplicate content", is settled by looking for the reply with recent search
 * ({@code in_reply_to_tweet_id:}). An account can delete only its own posts, so deleting a
 * customer's reply is refused with what to do instead.
 */
public final class XResponder implements ConversationResponder {

  static final String NO_DELETE =
      "not supported by X: an account can delete only its own posts; hide the reply instead";

  private static final String NAME = "X";

  private final XPlatform platform;
  private final PlatformHttp http;

  public XResponder(XPlatform platform) {
    this.platform = platform;
    this.http = platform.http;
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    XPlatform.Token token = new XPlatform.Token(XPlatform.oauth(request.credentials()));
    ObjectNode body = Json.object();
    body.put("text", request.text());
    body.putObject("reply").put("in_reply_to_tweet_id", request.inReplyTo());
    try {
      HttpReply reply =
          platform.call(
              token,
              credentials ->
                  XPlatform.authorized(http.request("/2/tweets"), credentials)
                      .header("Content-Type", PlatformHttp.JSON)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                      .build(),
              Stage.PUBLISH,
              "sending the reply");
      String id = Json.text(reply.json(Stage.PUBLISH, NAME), "/data/id");
      if (id.isEmpty()) {
        return new PublishOutcome.Unknown(
            "X accepted the reply but did not say its id; it may be live", false);
      }
      return XPlatform.published(http.settings(), id);
    } catch (XPlatform.DuplicateContent duplicate) {
      // Our own lost try only when this is a resend; otherwise another reply of the account's
      // (a colleague's same words to the same tweet), which is not this one's to claim.
      LookupResult earlier = findReply(request);
      if (request.resent()) {
        switch (earlier) {
          case LookupResult.Found found -> {
            return found.post();
          }
          case LookupResult.Failed failed -> {
            return failed.problem();
          }
          case LookupResult.NotFound notFound -> {
            // X says the text is already there, yet does not list it: most likely our lost try,
            // not listed yet. Saying "not sent" could make the librarian answer twice.
            return new PublishOutcome.Unknown(
                "X refused the resend as a duplicate but does not list the earlier try yet", false);
          }
        }
      }
      return new PublishOutcome.Rejected(
          "X refused the reply as duplicate content: the account already posted this text"
              + (earlier instanceof LookupResult.Found found && found.post().url() != null
                  ? " (" + found.post().url() + ")"
                  : ""));
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    XPlatform.Token token = new XPlatform.Token(XPlatform.oauth(request.credentials()));
    String fingerprint = ContentFingerprint.of(request.text());
    try {
      String me = Json.text(platform.me(token), "/data/id");
      String path =
          "/2/tweets/search/recent?query="
              + PlatformHttp.encode("in_reply_to_tweet_id:" + request.inReplyTo())
              + "&max_results=100&tweet.fields=author_id,created_at,referenced_tweets";
      HttpReply reply =
          platform.call(
              token,
              credentials -> XPlatform.authorized(http.request(path), credentials).GET().build(),
              Stage.PREPARE,
              "looking for the reply");
      for (JsonNode post : reply.json(Stage.PREPARE, NAME).path("data")) {
        if (Json.text(post, "/author_id").equals(me)
            && ContentFingerprint.of(Json.text(post, "/text")).equals(fingerprint)) {
          return new LookupResult.Found(
              XPlatform.published(http.settings(), Json.text(post, "/id")));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Set<ModerationKind> moderation() {
    return Set.of(ModerationKind.HIDE, ModerationKind.UNHIDE);
  }

  /** X hides a reply only in a conversation the account started; under a mention, nothing. */
  @Override
  public Set<ModerationKind> moderation(boolean underOurPost) {
    return underOurPost ? moderation() : Set.of();
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    XPlatform.Token token = new XPlatform.Token(XPlatform.oauth(credentials));
    if (action == ModerationKind.DELETE) {
      return new ModerationResult.Failed(new PublishOutcome.Rejected(NO_DELETE));
    }
    // The same call both ways; X answers success for a reply already in the state asked for.
    boolean hide = action == ModerationKind.HIDE;
    ObjectNode body = Json.object().put("hidden", hide);
    try {
      platform.call(
          token,
          oauth ->
              XPlatform.authorized(
                      http.request("/2/tweets/" + PlatformHttp.encode(platformId) + "/hidden"),
                      oauth)
                  .header("Content-Type", PlatformHttp.JSON)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                  .build(),
          Stage.PREPARE,
          hide ? "hiding the reply" : "unhiding the reply");
      return new ModerationResult.Done();
    } catch (PlatformFailure failure) {
      return new ModerationResult.Failed(failure.outcome());
    }
  }
}
