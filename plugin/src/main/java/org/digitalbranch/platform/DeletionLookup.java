package org.digitalbranch.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks a platform which of the posts the archive holds are gone. X's, Bluesky's and Mastodon's
 * reading never says that a post was deleted: a deleted reply is simply no longer in the thread, a
 * deleted mention no longer in the timeline. {@code org.digitalbranch.archive.DeletionLook} decides
 * when and about which posts to ask; a reader that can answer implements this.
 */
public interface DeletionLookup {

  /** The most posts one look asks about: what the platform's requests and quota allow. */
  int mostPerLook();

  /**
   * Asks about {@code asked}, in order, and says which are gone.
   *
   * @throws PlatformFailure when the platform did not answer (a quota, a token, a server that is
   *     down): nothing is concluded, and the look is tried again later
   */
  Answer gone(String account, Credentials credentials, List<ArchivedItems.Known> asked)
      throws PlatformFailure;

  /**
   * What the platform answered.
   *
   * @param gone the posts it says are gone, by platform id, each with its answer that says so (kept
   *     with the deletion as its raw JSON); a post it answers about otherwise (found, or hidden
   *     from the account for another reason) is not in it
   * @param answered how many of the posts asked, from the first, it was asked about: fewer than all
   *     when the look had to stop (the account's requests running low), and the rest wait for the
   *     next look
   * @param stopped why it stopped before the end, or null
   */
  record Answer(Map<String, String> gone, int answered, String stopped) {
    public Answer {
      gone = Map.copyOf(gone);
    }

    /** Every post asked was answered about. */
    public static Answer all(Map<String, String> gone, List<ArchivedItems.Known> asked) {
      return new Answer(gone, asked.size(), null);
    }
  }

  /** The platform ids of {@code asked}, in order, in batches of at most {@code size} each. */
  static List<List<String>> idsInBatches(List<ArchivedItems.Known> asked, int size) {
    List<List<String>> batches = new ArrayList<>();
    for (int start = 0; start < asked.size(); start += size) {
      batches.add(
          asked.subList(start, Math.min(asked.size(), start + size)).stream()
              .map(ArchivedItems.Known::platformId)
              .toList());
    }
    return batches;
  }
}
