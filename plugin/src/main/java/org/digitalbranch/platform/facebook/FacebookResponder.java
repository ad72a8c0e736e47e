package org.digitalbranch.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
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
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphPages;
import org.digitalbranch.platform.graph.GraphResponder;

/**
 * Answers as the Page ({@code POST /{comment-id}/comments} with {@code message}), hides ({@code
 * POST /{comment-id}} with {@code is_hidden=true}) and deletes ({@code DELETE /{comment-id}}).
 *
 * <p>A private message is answered through Messenger's Send API instead: {@code POST
 * /{page-id}/messages} with {@code {"recipient": {"id": <the person's page-scoped id>},
 * "messaging_type": "RESPONSE", "message": {"text": ...}}}, answered {@code {"recipient_id",
 * "message_id"}}. Messenger allows such an answer within 24 hours of the person's last message (a
 * later one is refused: code 10, subcode 2018278); a refused answer is sent once more tagged {@code
 * HUMAN_AGENT}, which a human's answer may carry for 7 days where Meta granted the app that
 * feature, and a refusal of that too is said in words.
 */
public final class FacebookResponder implements ConversationResponder {

  /** How long after the person's last message Messenger takes a Page's answer. */
  public static final Duration STANDARD_WINDOW = Duration.ofHours(24);

  /** How long for an answer tagged {@code HUMAN_AGENT}, where Meta allows the app that. */
  public static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  /** Messenger takes a text "less than 2000 characters" (Send API reference). */
  public static final int MESSENGER_LIMIT = 1_999;

  private static final String NAME = "Facebook";

  private static final String HUMAN_AGENT_REFUSED =
      "Facebook refused the private answer: Messenger takes a Page's answer within 24 hours of"
          + " the person's last message, or within 7 days where Meta has granted the Page's app"
          + " its Human Agent feature, and this one is past that; it can go out once they write"
          + " again ";

  private final GraphResponder graph;
  private final PlatformHttp http;

  public FacebookResponder(FacebookPlatform platform) {
    this.graph = GraphResponder.facebook(platform.http);
    this.http = platform.http;
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    return request.direct() ? sendPrivately(request) : graph.reply(request);
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    return request.direct() ? findPrivateReply(request) : graph.findReply(request);
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    return graph.moderate(credentials, platformId, action);
  }

  private PublishOutcome sendPrivately(ReplyRequest request) {
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    if (request.addressee() == null || request.addressee().isBlank()) {
      // Messenger sends to a person, not to a message: answering the Page's own message has no one
      // to go to.
      return new PublishOutcome.Rejected(
          "a private answer goes to the person who wrote: answer one of their messages");
    }
    try {
      HttpReply reply = http.send(messengerRequest(page, request, false), Stage.PUBLISH);
      if (!reply.isSuccess() && GraphApi.outsideMessengerWindow(reply)) {
        // Refused, so nothing went out. Past the standard 24 hours, a person answering a person
        // may still do so for 7 days with the HUMAN_AGENT tag, which Meta allows an app it has
        // granted its Human Agent feature; without it, this is refused as well.
        reply = http.send(messengerRequest(page, request, true), Stage.PUBLISH);
        if (GraphApi.outsideMessengerWindow(reply) || GraphApi.notApprovedForMessenger(reply)) {
          return new PublishOutcome.Rejected(HUMAN_AGENT_REFUSED + GraphApi.codeOf(reply));
        }
        // Refused for another reason (the person cannot receive messages, a chatbot holds the
        // thread): that reason, below, as it is.
      }
      if (!reply.isSuccess()) {
        throw GraphApi.failure(reply, http.settings().clock(), NAME, "sending the private answer");
      }
      String id = Json.text(reply.json(Stage.PUBLISH, NAME), "/message_id");
      if (id.isEmpty()) {
        return new PublishOutcome.Unknown(
            "Facebook accepted the private answer but did not say its id; it may have been"
                + " delivered",
            false);
      }
      // A private message has no public address.
      return new PublishOutcome.Published(id, null);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  /**
   * The Send API request: {@code RESPONSE} within the standard window, else {@code MESSAGE_TAG}
   * with {@code HUMAN_AGENT}.
   */
  private HttpRequest messengerRequest(
      Credentials.GraphToken page, ReplyRequest request, boolean humanAgent) {
    ObjectNode body = Json.object();
    body.putObject("recipient").put("id", request.addressee());
    body.put("messaging_type", humanAgent ? "MESSAGE_TAG" : "RESPONSE");
    if (humanAgent) {
      body.put("tag", "HUMAN_AGENT");
    }
    body.putObject("message").put("text", request.text());
    return GraphApi.authorized(
            http.request("/" + PlatformHttp.encode(page.objectId()) + "/messages"), page)
        .header("Content-Type", PlatformHttp.JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
        .build();
  }

  /**
   * Looks among the latest messages of the Page's conversation with the person ({@code GET
   * /{page-id}/conversations?platform=messenger&user_id=...}) for one from the Page with the
   * answer's text, written since the try began.
   */
  private LookupResult findPrivateReply(ReplyRequest request) {
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    if (request.addressee() == null || request.addressee().isBlank()) {
      return new LookupResult.NotFound();
    }
    String fingerprint = ContentFingerprint.of(request.text());
    try {
      for (JsonNode conversation :
          GraphPages.readAll(
              http,
              page,
              "/"
                  + PlatformHttp.encode(page.objectId())
                  + "/conversations?platform=messenger&user_id="
                  + PlatformHttp.encode(request.addressee())
                  + "&fields="
                  + PlatformHttp.encode(FacebookReader.CONVERSATION_FIELDS),
              NAME,
              "looking for the private answer")) {
        for (JsonNode message : conversation.path("messages").path("data")) {
          if (Json.text(message, "/from/id").equals(page.objectId())
              && ContentFingerprint.of(Json.text(message, "/message")).equals(fingerprint)
              && request.couldBeThisTry(GraphApi.time(Json.text(message, "/created_time")))) {
            return new LookupResult.Found(
                new PublishOutcome.Published(Json.text(message, "/id"), null));
          }
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }
}
