package org.digitalbranch.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Json;

/**
 * For benchmarks: turns one Mastodon status (JSON as the API returns it) into an {@link
 * IncomingItem} field by field as {@code MastodonReader} does after fetching a thread, without the
 * HTTP round trips, so a million statuses can be parsed in one process. Keep it in step with the
 * reader's private {@code item} method.
 */
public final class MastodonStatusParsing {

  private MastodonStatusParsing() {}

  /**
   * @param root the thread's first status id, or null when {@code status} is the root
   * @param ourId the library account's Mastodon id: its statuses are ours
   */
  public static IncomingItem item(
      String account, String ourId, String root, JsonNode status, boolean deleted) {
    String id = Json.text(status, "/id");
    String parent = blank(Json.text(status, "/in_reply_to_id"));
    JsonNode content = status.path("content");
    String acct = Json.text(status, "/account/acct");
    return new IncomingItem(
        account,
        "mastodon",
        id,
        parent,
        root == null || root.equals(id) ? null : root,
        parent == null ? MessageKind.MENTION : MessageKind.REPLY,
        acct.isEmpty() ? null : acct,
        Json.text(status, "/account/display_name"),
        deleted || !content.isTextual()
            ? null
            : MastodonPlatform.plainText(content.asText()).strip(),
        MastodonPlatform.instant(Json.text(status, "/created_at")).orElse(null),
        MastodonPlatform.instant(Json.text(status, "/edited_at")).orElse(null),
        deleted,
        !Json.text(status, "/account/id").isEmpty()
            && Json.text(status, "/account/id").equals(ourId),
        null,
        null,
        status.toString());
  }

  private static String blank(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
