package org.digitalbranch.web;

import java.util.Set;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.ConversationThread.ModerationKind;

/** What the conversation page tells of each account's platform before anyone acts. */
interface ConversationPlatforms {

  /**
   * What the platform lets the library do to a customer's message in this conversation; none for an
   * unknown account.
   */
  Set<ModerationKind> moderation(ConversationThread thread);

  /**
   * The reply's limit as the platform counts it, and what the plugin adds to it (Mastodon's mention
   * of the patron), for the reply form; null when the account is not configured.
   */
  String replyLimit(ConversationThread thread);

  /**
   * Whether Meta has granted the library's app its Human Agent feature, as the settings say: how
   * long Messenger and Instagram take an answer.
   */
  org.digitalbranch.platform.graph.GraphMessaging.HumanAgent humanAgent();

  /** The conversation's latest reply tried from here, when it failed. */
  java.util.Optional<org.digitalbranch.archive.Replies.LastFailure> lastFailure(
      ConversationThread thread);
}
