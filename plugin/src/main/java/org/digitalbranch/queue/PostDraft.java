package org.digitalbranch.queue;

import java.time.LocalDateTime;
import java.util.List;

/**
 * What an author writes, for create and for edit (an edit replaces every field). {@code publishAt}
 * is the local time in the library's zone; null means as soon as approved.
 */
public record PostDraft(
    String text,
    String link,
    List<ImageInput> images,
    List<String> accounts,
    Topic topic,
    Intent intent,
    LocalDateTime publishAt) {
  public PostDraft {
    images = images == null ? List.of() : List.copyOf(images);
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }
}
