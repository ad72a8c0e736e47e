package org.digitalbranch.archive;

import java.time.Instant;
import java.util.Optional;

/**
 * One item as a connector fetched it from a platform, in platform-neutral form: a comment, reply,
 * mention or direct message. The store upserts it by (account, platform id). Nothing is checked on
 * construction, because a malformed item must reach the store to be reported and skipped while the
 * rest of its batch is kept; {@link #problem()} says what is wrong with it.
 *
 * @param parentPlatformId what it replies to; null for a thread's root
 * @param rootPlatformId the thread's root on the platform (the post commented on, the first status
 *     of a Mastodon thread, the X {@code conversation_id}, a direct-message thread id); null for a
 *     root itself, which then roots its own thread
 * @param text the text as the platform shows it now; may be null only when {@code deleted}
 * @param editedAt the platform's time of the last edit, when it reports one
 * @param deleted the platform says it is gone (a 404, {@code notFoundPost}, a {@code remove} verb)
 * @param ours written by one of the library's accounts
 * @param staffUser the intranet user who wrote it, when the connector knows (else null; the store
 *     also knows the replies recorded with {@link ArchiveStore#recordReply})
 * @param ourPostId the queue's post id when this root is a post we published, else null
 * @param rawJson the item exactly as fetched, kept beside the parsed fields
 */
public record IncomingItem(
    String account,
    String platform,
    String platformId,
    String parentPlatformId,
    String rootPlatformId,
    MessageKind kind,
    String authorHandle,
    String authorName,
    String text,
    Instant createdAt,
    Instant editedAt,
    boolean deleted,
    boolean ours,
    String staffUser,
    String ourPostId,
    String rawJson) {

  /** Longest text kept; far above every platform's limit, so only garbage is refused. */
  public static final int MAX_TEXT = 100_000;

  /** What makes this item unusable, naming the field, or empty when it can be stored. */
  public Optional<String> problem() {
    if (blank(account)) {
      return Optional.of("account: missing");
    }
    if (blank(platform)) {
      return Optional.of("platform: missing");
    }
    if (blank(platformId)) {
      return Optional.of("platformId: missing");
    }
    if (kind == null) {
      return Optional.of("kind: missing");
    }
    if (blank(authorHandle)) {
      return Optional.of("authorHandle: missing");
    }
    if (createdAt == null) {
      return Optional.of("createdAt: missing");
    }
    if (text == null && !deleted) {
      return Optional.of("text: missing");
    }
    if (text != null && text.length() > MAX_TEXT) {
      return Optional.of("text: longer than " + MAX_TEXT + " characters");
    }
    if (platformId.equals(parentPlatformId)) {
      return Optional.of("parentPlatformId: the item replies to itself");
    }
    return Optional.empty();
  }

  /** The platform id of the thread this item belongs to, as far as the item itself says. */
  String threadRoot() {
    if (!blank(rootPlatformId)) {
      return rootPlatformId;
    }
    return blank(parentPlatformId) ? platformId : null;
  }

  boolean isRoot() {
    return platformId.equals(threadRoot());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
