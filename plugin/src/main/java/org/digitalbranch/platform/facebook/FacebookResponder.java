package org.digitalbranch.platform.facebook;

import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.graph.GraphResponder;

/**
 * Answers as the Page ({@code POST /{comment-id}/comments} with {@code message}), hides ({@code
 * POST /{comment-id}} with {@code is_hidden=true}) and deletes ({@code DELETE /{comment-id}}).
 */
public final class FacebookResponder implements ConversationResponder {

  private final GraphResponder graph;

  public FacebookResponder(FacebookPlatform platform) {
    this.graph = GraphResponder.facebook(platform.http);
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    return graph.reply(request);
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    return graph.findReply(request);
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    return graph.moderate(credentials, platformId, action);
  }
}
