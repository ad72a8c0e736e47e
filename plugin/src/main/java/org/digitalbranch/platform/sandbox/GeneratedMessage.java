package org.digitalbranch.platform.sandbox;

import java.time.Instant;

/**
 * One generated message of a conversation. {@code index} is its place in the conversation, with the
 * root at 0; {@code parent} is the index it answers (-1 for the root). {@code editedText} is the
 * text after the author's edit (null when never edited); a deleted message was removed by its
 * author, and the platforms show it as they show deletions. {@code attachment} is what an Instagram
 * direct message carries besides its words.
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
    Instant at,
    Attachment attachment) {

  /**
   * What a message carries besides its words: nothing, the library's story it answers (its words
   * then say what the patron thinks of it), or one of the library's posts shared, with no words of
   * its own (the patron's question follows in a message of its own, as Instagram sends them).
   */
  public enum Attachment {
    NONE,
    STORY_ANSWER,
    SHARED_POST
  }

  public boolean edited() {
    return editedText != null;
  }

  /** The text the platform shows now. */
  public String currentText() {
    return editedText == null ? text : editedText;
  }
}
