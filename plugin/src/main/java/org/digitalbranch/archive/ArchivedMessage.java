package org.digitalbranch.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a conversation as the index sees it: the text of its latest version. Earlier
 * versions stay in the store; the index only needs what a person would search for today.
 *
 * @param author the author's handle on the platform (on Facebook a numeric id)
 * @param authorName the name the platform shows for the author, when it gave one; what a person
 *     reading a hit recognises ("Andre Jackson", not "7000000288522381")
 * @param inReplyTo the archive id of the message of the same conversation it answers, when the
 *     platform said which and that message is stored; else null
 * @param staffUser the intranet user who wrote it when {@code staff} is true and we know who; else
 *     null
 * @param deleted true when the platform or a moderator deleted it; it stays searchable because the
 *     archive is a public record, and the flag lets the page say so
 */
public record ArchivedMessage(
    String id,
    String author,
    String authorName,
    String inReplyTo,
    boolean staff,
    String staffUser,
    MessageKind kind,
    String text,
    Instant at,
    boolean deleted) {

  /** A message whose author the platform named by handle only, answering nothing known. */
  public ArchivedMessage(
      String id,
      String author,
      boolean staff,
      String staffUser,
      MessageKind kind,
      String text,
      Instant at,
      boolean deleted) {
    this(id, author, null, null, staff, staffUser, kind, text, at, deleted);
  }

  public ArchivedMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }
}
