package org.digitalbranch.platform;

/**
 * Reads what customers write to one of the library's accounts: comments, replies and mentions with
 * their threads, as {@link org.digitalbranch.archive.IncomingItem}s ready for the archive.
 *
 * <p>The ingestion calls {@link #fetch} with the account's saved cursor, stores each page's items
 * together with the page's {@code nextCursor}, and calls again with that cursor until a page says
 * {@code done}. The next poll starts from the last cursor saved. A cursor is the reader's own
 * opaque text; {@code null} means "never read this account".
 *
 * <p>Like {@link Platform}, a reader never throws for a platform's misbehaviour: rate limits,
 * expired tokens, server errors and unreadable pages come back as {@link ReadResult.Failed} with
 * the same outcome types as publishing, and then nothing of that page is stored and the cursor
 * stays. Malformed single items are handed on as they are, so the store reports and skips them
 * while the rest of the page lands.
 */
public interface ConversationReader {

  /** The platform id used in settings, as {@link Platform#id()}. */
  String platformId();

  /**
   * Reads the next page after {@code cursor}.
   *
   * @param account the intranet's id of the account, copied into every item
   * @param credentials that account's credentials
   * @param cursor where the last page ended, or null to start
   */
  ReadResult fetch(String account, Credentials credentials, String cursor);

  /**
   * As {@link #fetch(String, Credentials, String)}, knowing what the archive holds of the account:
   * a reader whose platform never says that something was deleted compares what it reads with
   * {@code archived}, asks the platform about what is missing, and hands on a deletion for each
   * item the platform confirms is gone. The others ignore it.
   */
  default ReadResult fetch(
      String account, Credentials credentials, String cursor, ArchivedItems archived) {
    return fetch(account, credentials, cursor);
  }
}
