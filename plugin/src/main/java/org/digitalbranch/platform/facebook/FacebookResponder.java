package org.digitalbranch.platform.facebook;

import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.graph.GraphApi;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.digitalbranch.platform.graph.GraphResponder;

/**
 * Answers as the Page ({@code POST /{comment-id}/comments} with {@code message}), hides ({@code
 * POST /{comment-id}} with {@code is_hidden=true}) and deletes ({@code DELETE /{comment-id}}). A
 * private message is answered through Messenger's Send API instead ({@link GraphMessaging}).
 */
public final class FacebookResponder implements ConversationResponder {

  /** Messenger takes a text "less than 2000 characters" (Send API reference). */
  public static final int MESSENGER_LIMIT = 1_999;

  private static final String NAME = "Facebook";

  private final GraphResponder graph;
  private final GraphMessaging messenger;

  public FacebookResponder(FacebookPlatform platform) {
    this(platform, GraphMessaging.HumanAgent.NOT_SAID);
  }

  /**
   * @param humanAgent whether Meta granted the app its Human Agent feature, as the settings say
   */
  public FacebookResponder(FacebookPlatform platform, GraphMessaging.HumanAgent humanAgent) {
    this.graph = GraphResponder.facebook(platform.http);
    this.messenger = new GraphMessaging(platform.http, GraphMessaging.Inbox.MESSENGER, humanAgent);
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    if (!request.direct()) {
      return graph.reply(request);
    }
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    return messenger.send(page, page.objectId(), request);
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    if (!request.direct()) {
      return graph.findReply(request);
    }
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    return messenger.find(page, page.objectId(), page.objectId(), request);
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    return graph.moderate(credentials, platformId, action);
  }
}
