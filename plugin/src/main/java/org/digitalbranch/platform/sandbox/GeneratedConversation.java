package org.digitalbranch.platform.sandbox;

import java.util.List;

/**
 * One generated conversation on one platform: message 0 is its root, either the library's post
 * ({@link MessageKind#POST}) or a patron's mention or direct message.
 */
public record GeneratedConversation(
    long number, SandboxPlatform platform, String topic, List<GeneratedMessage> messages) {

  public GeneratedConversation {
    messages = List.copyOf(messages);
  }

  public GeneratedMessage root() {
    return messages.get(0);
  }

  public boolean startsWithOurPost() {
    return root().kind() == MessageKind.POST;
  }

  public boolean direct() {
    return root().kind() == MessageKind.DIRECT_MESSAGE;
  }

  /** Answered when a staff member wrote after the last patron message that is still there. */
  public boolean answered() {
    boolean answered = false;
    for (GeneratedMessage message : messages) {
      if (message.index() == 0 && message.kind() == MessageKind.POST) {
        continue;
      }
      if (message.author().staff()) {
        answered = true;
      } else if (!message.deleted()) {
        answered = false;
      }
    }
    return answered;
  }
}
