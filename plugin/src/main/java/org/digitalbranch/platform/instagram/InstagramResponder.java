package org.digitalbranch.platform.instagram;

import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.graph.GraphResponder;

/**
 * Answers as the account ({@code POST /{ig-comment-id}/replies} with {@code message}), hides
 * ({@code POST /{ig-comment-id}} with {@code hide=true}) and deletes ({@code DELETE
 * /{ig-comment-id}}).
 */
public final class InstagramResponder implements ConversationResponder {

  private final GraphResponder graph;

  public InstagramResponder(InstagramPlatform platform) {
    this.graph = GraphResponder.instagram(platform.http);
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
