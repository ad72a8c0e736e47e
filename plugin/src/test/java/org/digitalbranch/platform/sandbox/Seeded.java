package org.digitalbranch.platform.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a test sandbox holds, worked out from the generator alone, so paging tests compare the
 * platforms' answers with the generator and not with the sandbox's own store.
 */
final class Seeded {
  static final Instant UNTIL = Instant.parse("2026-11-20T12:00:00Z");
  static final SandboxBehaviour BEHAVIOUR = SandboxBehaviour.empty().withSeededConversations(400);

  private Seeded() {}

  static Sandbox start() {
    return Sandbox.start(BEHAVIOUR, UNTIL);
  }

  static List<GeneratedConversation> conversations(SandboxPlatform platform) {
    return Sandbox.seededConversations(BEHAVIOUR, UNTIL)
        .filter(conversation -> conversation.platform() == platform)
        .toList();
  }

  static long count(SandboxPlatform platform, Predicate<GeneratedMessage> which) {
    return conversations(platform).stream()
        .flatMap(conversation -> conversation.messages().stream())
        .filter(which)
        .count();
  }

  /** A message's parent chain is intact: neither it nor an ancestor was deleted. */
  static boolean reachable(GeneratedConversation conversation, GeneratedMessage message) {
    for (GeneratedMessage at = message; ; at = conversation.messages().get(at.parent())) {
      if (at.deleted()) {
        return false;
      }
      if (at.parent() < 0) {
        return true;
      }
    }
  }
}
