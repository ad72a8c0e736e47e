package org.digitalbranch.archive;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which customer messages of a conversation still wait for the library's answer. One rule, for the
 * store's status and the conversation page's marks alike.
 *
 * <p>A conversation is not one question. Under a library post on Facebook or Instagram every
 * patron's comment is its own question; under a mention, several people may reply to each other. So
 * an answer answers what it is a reply to, and that message's line of replies, not the whole
 * thread: a customer message waits unless a later reply of ours
 *
 * <ul>
 *   <li>answers it or something that answers it (the message is an ancestor of our reply), or
 *   <li>sits in the same branch: under the same top-level message of the thread (Facebook nests
 *       replies to replies under the comment they started from, so a patron's follow-up and our
 *       answer to the comment share it).
 * </ul>
 *
 * <p>The thread's first message, when a customer's (a mention), is answered by any later reply of
 * ours: everything in the thread replies to it. A message a moderator hid or deleted, or its author
 * deleted, waits for nothing. Our post at the root is not a reply.
 */
public final class AnswerRule {

  /**
   * One message as the rule needs it, in platform order.
   *
   * @param dealtWith deleted on the platform, or hidden or deleted by a moderator
   */
  public record Entry(
      String platformId,
      String parentPlatformId,
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

  public static Outcome settle(String rootPlatformId, List<Entry> entries) {
    Map<String, String> parents = new HashMap<>();
    for (Entry entry : entries) {
      parents.put(entry.platformId(), entry.parentPlatformId());
    }
    int n = entries.size();
    Boolean[] waiting = new Boolean[n];
    Set<String> answeredAncestors = new HashSet<>();
    Set<String> answeredBranches = new HashSet<>();
    boolean laterReply = false;
    Long answeredAt = null;
    String answeredBy = null;
    for (int i = n - 1; i >= 0; i--) {
      Entry entry = entries.get(i);
      waiting[i] = false;
      if (entry.ours()) {
        if (entry.platformId().equals(rootPlatformId)) {
          continue;
        }
        if (!laterReply) {
          answeredAt = entry.createdAt();
          answeredBy = entry.staffUser();
        }
        laterReply = true;
        answeredBranches.add(branch(entry.platformId(), rootPlatformId, parents));
        String ancestor = entry.parentPlatformId();
        // Bounded by the thread's size, should a platform ever hand over a loop of parents.
        for (int step = 0; ancestor != null && step < n; step++) {
          answeredAncestors.add(ancestor);
          ancestor = parents.get(ancestor);
        }
      } else if (!entry.dealtWith()) {
        waiting[i] =
            entry.platformId().equals(rootPlatformId)
                ? !laterReply
                : !answeredAncestors.contains(entry.platformId())
                    && !answeredBranches.contains(
                        branch(entry.platformId(), rootPlatformId, parents));
      }
    }
    Long waitingSince = null;
    for (int i = 0; i < n && waitingSince == null; i++) {
      if (waiting[i]) {
        waitingSince = entries.get(i).createdAt();
      }
    }
    return new Outcome(List.of(waiting), waitingSince, answeredAt, answeredBy);
  }

  /**
   * The top-level message a message hangs under: its farthest ancestor below the root that the
   * thread holds (itself when it replies to the root, or to something the thread does not hold).
   */
  private static String branch(String platformId, String root, Map<String, String> parents) {
    String current = platformId;
    for (int step = 0; step <= parents.size(); step++) {
      String parent = parents.get(current);
      if (parent == null || parent.equals(root) || !parents.containsKey(parent)) {
        return current;
      }
      current = parent;
    }
    return current;
  }
}
