package org.digitalbranch.platform;

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
   * Those of {@code asked} that the platform says are gone, by platform id, each with the
   * platform's answer that says so (kept with the deletion as its raw JSON). A post the platform
   * answers about otherwise (found, or hidden from the account for another reason) is not in it.
   *
   * @throws PlatformFailure when the platform did not answer about all of them (a quota, a token, a
   *     server that is down): nothing is concluded, and the look is tried again later
   */
  Map<String, String> gone(String account, Credentials credentials, List<ArchivedItems.Known> asked)
      throws PlatformFailure;
}
