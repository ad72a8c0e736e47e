package org.digitalbranch.queue;

import java.time.LocalDateTime;

/**
 * A moderation action as the web layer receives it. For {@code approve}, {@code reschedule} set to
 * true replaces the publish time with {@code publishAt} (local time; null = as soon as approved):
 * that is how a held post gets its new decision.
 */
public record ActionRequest(
    Action action,
    int version,
    String note,
    boolean confirmMix,
    boolean reschedule,
    LocalDateTime publishAt) {
  public static ActionRequest of(Action action, int version, String note, boolean confirmMix) {
    return new ActionRequest(action, version, note, confirmMix, false, null);
  }

  public static ActionRequest of(Action action, int version) {
    return of(action, version, null, false);
  }

  public static ActionRequest approveAt(int version, LocalDateTime publishAt, boolean confirmMix) {
    return new ActionRequest(Action.APPROVE, version, null, confirmMix, true, publishAt);
  }
}
