package org.digitalbranch.platform.sandbox;

import java.time.Instant;

/**
 * One generated message of a conversation. {@code index} is its place in the conversation, with the
 * root at 0; {@code parent} is the index it answers (-1 for the root). {@code editedText} is the
 * text after the author's edit (null when never edited); a deleted message was removed by its
 * author, and the platforms show it as they show deletions.
 */
public record GeneratedMessage(
    long conversation,
    int index,
    int parent,
    MessageKind kind,
    Person author,
    String text,
    String editedText,
    boolean deleted,
    Instant at) {

  public boolean edited() {
    return editedText != null;
  }

  /** The text the platform shows now. */
  public String currentText() {
    return editedText == null ? text : editedText;
  }
}
