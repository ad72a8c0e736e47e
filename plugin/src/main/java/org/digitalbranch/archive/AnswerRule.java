package org.digitalbranch.archive;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which customer messages of a conversation still wait for the library's answer. One rule, for the
 * store's status and the conversation page's marks alike.
 *
 * <p>A conversation is not one question. Under a library post on Facebook or Instagram every
 * patron's comment is its own question; under a mention, several people may reply to each other. So
 * a reply of ours answers what it replies to, not the whole thread:
 *
 * <ul>
 *   <li>the message it replies to, and that author's own run of messages around it: the ones it
 *       continues (a patron's "1/2" before the "2/2" answered) and the ones continuing it that were
 *       written before our reply. Another person's message in the same line is theirs to be
 *       answered. This holds whatever the platforms' clocks say: a reply answers what it replies to
 *       even when the patron's client stamped their message later than our server stamped ours.
 *   <li>on platforms whose replies are one level deep (Facebook, Instagram: a reply to a reply is
 *       filed under the comment it started from), everything written before it under the same
 *       comment: there, a patron's follow-up and our answer to the comment share it.
 * </ul>
 *
 * <p>The thread's first message, when a customer's (a mention), is answered like any other: by a
 * reply to it or to its author's run, not by an answer to someone else who replied under it. A
 * message waits for nothing when it was deleted, a moderator's delete or hide (not undone) was
 * done, it was there when a colleague closed the conversation (they judged everything then in it),
 * or someone said it needs no answer. Our post at the root is not a reply.
 */
public final class AnswerRule {

  /**
   * One message as the rule needs it, in platform order.
   *
   * @param author the platform's handle of its author
   * @param dealtWith deleted on the platform, hidden or deleted by a moderator, or there when the
   *     conversation was last closed
   */
  public record Entry(
      String platformId,
      String parentPlatformId,
      String author,
      boolean ours,
      boolean dealtWith,
      long createdAt,
      String staffUser) {}

  /**
   * @param waiting for each entry, whether it waits for an answer (ours never do)
   * @param waitingSince when the first waiting message was written; null when none waits
   * @param answeredAt when the latest reply of ours was written; null when there is none
   * @param answeredBy the staff user of that reply, when known
   */
  public record Outcome(
      List<Boolean> waiting, Long waitingSince, Long answeredAt, String answeredBy) {

    public boolean anyWaiting() {
      return waitingSince != null;
    }
  }

  private AnswerRule() {}

  /** Whether the platform files every reply under its top-level comment. */
  public static boolean oneLevelReplies(String platform) {
    return "facebook".equals(platform) || "instagram".equals(platform);
  }

  /**
   * @param oneLevelReplies whether the platform files every reply under its top-level comment
   *     (Facebook, Instagram)
   */
  public static Outcome settle(
      String rootPlatformId, List<Entry> entries, boolean oneLevelReplies) {
    Map<String, Entry> byId = new HashMap<>();
    for (Entry entry : entries) {
      byId.put(entry.platformId(), entry);
    }
    int n = entries.size();
    Set<String> answered = new HashSet<>();
    Long answeredAt = null;
    String answeredBy = null;
    for (Entry reply : entries) {
      if (!reply.ours() || reply.platformId().equals(rootPlatformId)) {
        continue;
      }
      answeredAt = reply.createdAt();
      answeredBy = reply.staffUser();
      Entry target = byId.get(reply.parentPlatformId());
      if (target == null || target.ours()) {
        continue;
      }
      // This reply's run: the answered message and its author's messages around it. Grown on its
      // own, so that another author's message hanging under something an earlier reply answered
      // is not swept in.
      Set<String> run = new HashSet<>();
      run.add(target.platformId());
      // Up: what the answered message continues.
      Entry up = target;
      for (int step = 0; step < n; step++) {
        Entry parent = byId.get(up.parentPlatformId());
        if (parent == null || parent.ours() || !Objects.equals(parent.author(), target.author())) {
          break;
        }
        run.add(parent.platformId());
        up = parent;
      }
      // Down: what continues it, written before the reply (in platform order).
      for (Entry later : entries) {
        if (later == reply) {
          break;
        }
        if (!later.ours()
            && run.contains(later.parentPlatformId())
            && Objects.equals(later.author(), target.author())) {
          run.add(later.platformId());
        }
      }
      answered.addAll(run);
    }
    Boolean[] waiting = new Boolean[n];
    Long waitingSince = null;
    for (int i = 0; i < n; i++) {
      Entry entry = entries.get(i);
      boolean waits =
          !entry.ours()
              && !entry.dealtWith()
              && !answered.contains(entry.platformId())
              && !(oneLevelReplies
                  && !entry.platformId().equals(rootPlatformId)
                  && answeredInItsComment(entries, i, rootPlatformId, byId));
      waiting[i] = waits;
      if (waits && waitingSince == null) {
        waitingSince = entry.createdAt();
      }
    }
    return new Outcome(List.of(waiting), waitingSince, answeredAt, answeredBy);
  }

  /** Whether a reply of ours under the same top-level comment came after the message. */
  private static boolean answeredInItsComment(
      List<Entry> entries, int index, String root, Map<String, Entry> byId) {
    String comment = comment(entries.get(index).platformId(), root, byId);
    for (int i = index + 1; i < entries.size(); i++) {
      Entry later = entries.get(i);
      if (later.ours()
          && !later.platformId().equals(root)
          && comment.equals(comment(later.platformId(), root, byId))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The top-level comment a message hangs under: its farthest ancestor below the root that the
   * thread holds (itself when it replies to the root, or to something the thread does not hold).
   */
  private static String comment(String platformId, String root, Map<String, Entry> byId) {
    String current = platformId;
    for (int step = 0; step <= byId.size(); step++) {
      Entry entry = byId.get(current);
      String parent = entry == null ? null : entry.parentPlatformId();
      if (parent == null || parent.equals(root) || !byId.containsKey(parent)) {
        return current;
      }
      current = parent;
    }
    return current;
  }
}
