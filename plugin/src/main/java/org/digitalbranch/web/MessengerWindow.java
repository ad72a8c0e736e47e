package org.digitalbranch.web;

import java.time.Instant;
import java.util.function.Function;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.platform.graph.GraphMessaging;

/**
 * Until when Messenger takes the Page's answer in one private conversation, or Instagram the
 * account's, said before anyone writes it: 24 hours after the person's last message, or 7 days for
 * an app Meta granted its Human Agent feature. Staff used to learn it only from the refusal, after
 * writing the answer.
 */
final class MessengerWindow {

  private MessengerWindow() {}

  /**
   * The sentence for the reply box; null when the person has written nothing the thread holds.
   *
   * @param agent whether Meta granted the library's app its Human Agent feature, as the settings
   *     say
   * @param local how a time is shown on the page
   */
  static String sentence(
      ConversationThread thread,
      GraphMessaging.Inbox inbox,
      GraphMessaging.HumanAgent agent,
      Instant now,
      Function<Instant, String> local) {
    ConversationThread.Message last = null;
    for (ConversationThread.Message message : thread.messages()) {
      if (!message.ours() && (last == null || message.createdAt().isAfter(last.createdAt()))) {
        last = message;
      }
    }
    if (last == null) {
      return null;
    }
    return sentence(inbox, agent, last.createdAt(), last.authorName(), now, local);
  }

  /** As above, for the person's last message written at {@code lastFromThem} by {@code name}. */
  static String sentence(
      GraphMessaging.Inbox inbox,
      GraphMessaging.HumanAgent agent,
      Instant lastFromThem,
      String name,
      Instant now,
      Function<Instant, String> local) {
    String who = name == null || name.isBlank() ? "the person" : name;
    Instant standard = lastFromThem.plus(GraphMessaging.STANDARD_WINDOW);
    Instant humanAgent = lastFromThem.plus(GraphMessaging.HUMAN_AGENT_WINDOW);
    if (now.isBefore(standard)) {
      return inbox.product()
          + " takes an answer until "
          + local.apply(standard)
          + (agent == GraphMessaging.HumanAgent.GRANTED
              ? ", and with Meta's Human Agent tag, which the library's app has, until "
                  + local.apply(humanAgent)
              : "")
          + ".";
    }
    Instant ended = agent == GraphMessaging.HumanAgent.NOT_GRANTED ? standard : humanAgent;
    if (now.isBefore(ended)) {
      String granted =
          agent == GraphMessaging.HumanAgent.GRANTED
              ? ": an answer now goes out with Meta's Human Agent tag, which the library's app"
                  + " has, until "
              : ": an answer now goes out only if Meta has granted the "
                  + inbox.sender()
                  + "'s app its Human Agent feature, and until ";
      return inbox.product()
          + "'s 24 hours since "
          + who
          + "'s last message ended "
          + local.apply(standard)
          + granted
          + local.apply(humanAgent)
          + ".";
    }
    return inbox.product()
        + "'s time to answer "
        + who
        + "'s last message ended "
        + local.apply(ended)
        + ": an answer will be refused until they write again.";
  }
}
