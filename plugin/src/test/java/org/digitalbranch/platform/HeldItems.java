package org.digitalbranch.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.digitalbranch.archive.MessageKind;

/** An archive's holdings written by hand, for readers' tests: one account's live messages. */
public final class HeldItems implements ArchivedItems {

  private final List<Known> held = new ArrayList<>();

  /**
   * A customer's message {@code id} in the thread rooted at {@code root}, written at {@code at}.
   */
  public HeldItems comment(String id, String root, Instant at) {
    held.add(new Known(id, root, root, MessageKind.COMMENT, "patron", at, false));
    return this;
  }

  @Override
  public List<Known> liveInThread(String account, String rootPlatformId) {
    return held.stream()
        .filter(known -> rootPlatformId.equals(known.rootPlatformId()))
        .filter(known -> !known.platformId().equals(rootPlatformId))
        .toList();
  }

  @Override
  public List<Known> liveBetween(String account, Instant from, Instant until, int limit) {
    return held.stream()
        .filter(known -> !known.createdAt().isBefore(from) && known.createdAt().isBefore(until))
        .sorted(Comparator.comparing(Known::createdAt).thenComparing(Known::platformId))
        .limit(limit)
        .toList();
  }
}
