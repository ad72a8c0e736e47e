package org.digitalbranch.platform.instagram;

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
 * Answers as the account ({@code POST /{ig-comment-id}/replies} with {@code message}), hides
 * ({@code POST /{ig-comment-id}} with {@code hide=true}) and deletes ({@code DELETE
 * /{ig-comment-id}}). A direct message is answered through the Send API of the Page the account is
 * linked to ({@link GraphMessaging}), to the person's Instagram-scoped id.
 */
public final class InstagramResponder implements ConversationResponder {

  /** Instagram takes a direct message's text of "1000 bytes or less" (Send API reference). */
  public static final int DIRECT_LIMIT = 1_000;

  private static final String NAME = "Instagram";

  private final GraphResponder graph;
  private final GraphMessaging direct;

  public InstagramResponder(InstagramPlatform platform) {
    this(platform, GraphMessaging.HumanAgent.NOT_SAID);
  }

  /**
   * @param humanAgent whether Meta granted the app its Human Agent feature, as the settings say
   */
  public InstagramResponder(InstagramPlatform platform, GraphMessaging.HumanAgent humanAgent) {
    this.graph = GraphResponder.instagram(platform.http);
    this.direct = new GraphMessaging(platform.http, GraphMessaging.Inbox.INSTAGRAM, humanAgent);
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    if (!request.direct()) {
      return graph.reply(request);
    }
    Credentials.GraphToken account = GraphApi.token(request.credentials(), NAME);
    if (account.pageId() == null) {
      return new PublishOutcome.NeedsReconnect(NO_PAGE);
    }
    return direct.send(account, account.pageId(), request);
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    if (!request.direct()) {
      return graph.findReply(request);
    }
    Credentials.GraphToken account = GraphApi.token(request.credentials(), NAME);
    if (account.pageId() == null) {
      return new LookupResult.Failed(new PublishOutcome.NeedsReconnect(NO_PAGE));
    }
    return direct.find(account, account.pageId(), account.objectId(), request);
  }

  /**
   * Said where a direct message is to be answered on an account configured without its Page (its
   * settings changed since the message was read).
   */
  static final String NO_PAGE =
      "Instagram's direct messages are answered through the Facebook Page the account is linked"
          + " to, and the settings give no pageId for this account";

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    return graph.moderate(credentials, platformId, action);
  }
}
