package org.digitalbranch.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;

/**
 * For benchmarks: one Mastodon status (JSON as the API returns it) turned into an {@link
 * IncomingItem} by the reader's own parsing, so a million statuses can be parsed in one process
 * without HTTP.
 */
public final class MastodonStatusParsing {

  private MastodonStatusParsing() {}

  /**
   * @param root the thread's first status id, or null when {@code status} is the root
   * @param ourId the library account's Mastodon id: its statuses are ours
   */
  public static IncomingItem item(
      String account, String ourId, String root, JsonNode status, boolean deleted) {
    return MastodonReader.item(
        account,
        ourId,
        root,
        status,
        root == null ? MessageKind.MENTION : MessageKind.REPLY,
        deleted);
  }
}
