package org.digitalbranch.platform;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;

/**
 * What the archive already holds of an account, as far as a reader needs it to notice a deletion.
 * Instagram and X never say that something was deleted: a deleted comment is simply no longer
 * listed, and a deleted post no longer found. Only a reader that knows what it saw before can tell
 * that something is missing, and then ask the platform whether it is gone.
 */
public interface ArchivedItems {

  /** An archive that holds nothing: readers look for no deletions. */
  ArchivedItems NONE =
      new ArchivedItems() {
        @Override
        public List<Known> liveInThread(String account, String rootPlatformId) {
          return List.of();
        }

        @Override
        public List<Known> liveBetween(String account, Instant from, Instant until, int limit) {
          return List.of();
        }
      };

  /**
   * The messages not marked deleted in the public thread rooted at {@code rootPlatformId}, the root
   * itself left out.
   */
  List<Known> liveInThread(String account, String rootPlatformId);

  /**
   * Up to {@code limit} of the account's public messages (private messages left out) not marked
   * deleted and written on the platform from {@code from} (included) to {@code until} (excluded),
   * oldest first.
   */
  List<Known> liveBetween(String account, Instant from, Instant until, int limit);

  /** One message as the archive holds it: enough to record its deletion. */
  record Known(
      String platformId,
      String parentPlatformId,
      String rootPlatformId,
      MessageKind kind,
      String authorHandle,
      Instant createdAt,
      boolean ours) {
    public Known {
      Objects.requireNonNull(platformId, "platformId");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The deletion of this message, as an item for the store: no text (the store keeps every text
     * it saw before), and the platform's answer that said it is gone as the raw JSON.
     */
    public IncomingItem deleted(String account, String platform, String evidence) {
      return new IncomingItem(
          account,
          platform,
          platformId,
          parentPlatformId,
          rootPlatformId,
          kind,
          authorHandle,
          null,
          null,
          createdAt,
          null,
          true,
          ours,
          null,
          null,
          evidence);
    }
  }
}
