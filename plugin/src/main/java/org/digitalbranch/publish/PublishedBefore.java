package org.digitalbranch.publish;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Records that a queue post went out on an account before this store knew it, with the id the
 * platform gave it: what the publisher itself would have recorded. The demo's history uses it (its
 * sandboxes start with posts the library "made" earlier), so the archive links the conversations
 * under those posts to the queue's posts as it links those the publisher sent.
 */
public final class PublishedBefore {

  private PublishedBefore() {}

  /**
   * Inside the caller's write transaction; a target the post already has for the account is left as
   * it is.
   */
  public static void record(
      Connection connection,
      String postId,
      String accountId,
      int ordinal,
      String platformPostId,
      URI url,
      Instant at)
      throws SQLException {
    new PublishStore(connection)
        .insertPublished(postId, accountId, ordinal, platformPostId, url, at);
  }
}
