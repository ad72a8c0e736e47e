package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
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
 * Replies, hides, unhides and deletes through the Graph API, which Facebook and Instagram share
 * apart from three names: the edge a reply goes to (Facebook {@code POST /{comment-id}/comments},
 * Instagram {@code POST /{ig-comment-id}/replies}, both with {@code message}), the hide field
 * (Facebook {@code is_hidden}, Instagram {@code hide}, {@code true} or {@code false} on {@code POST
 * /{comment-id}}) and the text field when reading replies back ({@code message}, {@code text}).
 * Delete is {@code DELETE /{comment-id}} on both. The Graph API has no idempotency key, so a lost
 * answer is settled by {@link #findReply}.
 */
public final class GraphResponder implements ConversationResponder {

  private final PlatformHttp http;
  private final String platformName;
  private final String replyEdge;
  private final String hideField;
  private final String textField;

  private GraphResponder(
      PlatformHttp http,
      String platformName,
      String replyEdge,
      String hideField,
      String textField) {
    this.http = http;
    this.platformName = platformName;
    this.replyEdge = replyEdge;
    this.hideField = hideField;
    this.textField = textField;
  }

  public static GraphResponder facebook(PlatformHttp http) {
    return new GraphResponder(http, "Facebook", "comments", "is_hidden", "message");
  }

  public static GraphResponder instagram(PlatformHttp http) {
    return new GraphResponder(http, "Instagram", "replies", "hide", "text");
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    Credentials.GraphToken token = GraphApi.token(request.credentials(), platformName);
    HttpRequest send =
        GraphApi.authorized(
                http.request("/" + PlatformHttp.encode(request.inReplyTo()) + "/" + replyEdge),
                token)
            .header("Content-Type", PlatformHttp.FORM)
            .POST(PlatformHttp.form(List.of(Map.entry("message", request.text()))))
            .build();
    try {
      HttpReply reply = http.send(send, Stage.PUBLISH);
      if (!reply.isSuccess()) {
        throw GraphApi.failure(reply, http.settings().clock(), platformName, "sending the reply");
      }
      String id = Json.text(reply.json(Stage.PUBLISH, platformName), "/id");
      if (id.isEmpty()) {
        return new PublishOutcome.Unknown(
            platformName + " accepted the reply but did not say its id; it may be live", false);
      }
      return published(id);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    Credentials.GraphToken token = GraphApi.token(request.credentials(), platformName);
    String fingerprint = ContentFingerprint.of(request.text());
    try {
      for (JsonNode reply :
          GraphPages.readAll(
              http,
              token,
              "/"
                  + PlatformHttp.encode(request.inReplyTo())
                  + "/"
                  + replyEdge
                  + "?fields=id,"
                  + textField
                  + ",from&limit=100",
              platformName,
              "looking for the reply")) {
        if (Json.text(reply, "/from/id").equals(token.objectId())
            && ContentFingerprint.of(Json.text(reply, "/" + textField)).equals(fingerprint)) {
          return new LookupResult.Found(published(Json.text(reply, "/id")));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    Credentials.GraphToken token = GraphApi.token(credentials, platformName);
    HttpRequest.Builder builder =
        GraphApi.authorized(http.request("/" + PlatformHttp.encode(platformId)), token);
    HttpRequest request =
        action == ModerationKind.DELETE
            ? builder.DELETE().build()
            : builder
                .header("Content-Type", PlatformHttp.FORM)
                .POST(
                    PlatformHttp.form(
                        List.of(
                            Map.entry(hideField, String.valueOf(action == ModerationKind.HIDE)))))
                .build();
    String doing =
        switch (action) {
          case HIDE -> "hiding the comment";
          case UNHIDE -> "unhiding the comment";
          case DELETE -> "deleting the comment";
        };
    try {
      HttpReply reply = http.send(request, Stage.PREPARE);
      if (reply.isSuccess()) {
        return new ModerationResult.Done();
      }
      if (action == ModerationKind.DELETE && GraphPages.isMissingObject(reply)) {
        // Already gone: deleted by its author, or by an earlier attempt whose answer was lost.
        return new ModerationResult.Done();
      }
      throw GraphApi.failure(reply, http.settings().clock(), platformName, doing);
    } catch (PlatformFailure failure) {
      return new ModerationResult.Failed(failure.outcome());
    }
  }

  private PublishOutcome.Published published(String id) {
    return new PublishOutcome.Published(
        id,
        "Facebook".equals(platformName)
            ? http.settings().webLink(GraphApi.FACEBOOK_SITE, "/" + PlatformHttp.encode(id))
            : null);
  }
}
