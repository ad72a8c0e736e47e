package org.digitalbranch.platform;

import java.util.EnumSet;
import java.util.Set;
import org.digitalbranch.archive.ConversationThread.ModerationKind;

/**
 * Answers and moderates customers' messages on one platform, with the publishing rules: transient
 * failures may be retried, an {@link PublishOutcome.Unknown} reply is never sent again blindly but
 * first looked for with {@link #findReply}, unless the platform deduplicates it ({@code
 * safeToRetry}).
 */
public interface ConversationResponder {

  /** Sends the reply once. */
  PublishOutcome reply(ReplyRequest request);

  /**
   * The text the platform will be sent for {@code text} answering {@code addressee} (a handle, or
   * null), so that its length is checked as sent: the staff member's words unless the platform
   * needs more around them.
   */
  default String textAsSent(String text, String addressee, boolean direct) {
    return text;
  }

  /**
   * The text as the platform will show it once sent, for the archive's record, so that the poll
   * that fetches the answer back finds the same words rather than an edit.
   */
  default String textAsShown(String text, String addressee, boolean direct) {
    return textAsSent(text, addressee, direct);
  }

  /**
   * Looks under the message replied to for a reply of ours with the request's text, to settle an
   * unknown outcome without posting twice.
   */
  LookupResult findReply(ReplyRequest request);

  /** Hides or deletes a customer's message where the platform allows it. */
  ModerationResult moderate(Credentials credentials, String platformId, ModerationKind action);

  /**
   * What {@link #moderate} can do to a customer's message on this platform, so that the pages offer
   * no action the platform always refuses (Mastodon and Bluesky let an account neither hide nor
   * delete someone else's post; X hides replies but does not delete them).
   */
  default Set<ModerationKind> moderation() {
    return EnumSet.allOf(ModerationKind.class);
  }

  /**
   * As {@link #moderation()}, in a conversation started by the account's own post ({@code
   * underOurPost}) or by someone else's (a mention): X hides only replies in conversations the
   * account started.
   */
  default Set<ModerationKind> moderation(boolean underOurPost) {
    return moderation();
  }
}
