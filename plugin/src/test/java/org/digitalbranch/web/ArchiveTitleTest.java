package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hit is titled by the patron whose conversation it is, as the platform named them. */
class ArchiveTitleTest {

  private static Map<String, Object> message(String author, String name, boolean staff) {
    Map<String, Object> message = new HashMap<>();
    message.put("author", author);
    message.put("authorName", name);
    message.put("staff", staff);
    return message;
  }

  private static Map<String, Object> hit(List<Map<String, Object>> messages) {
    Map<String, Object> hit = new HashMap<>(messages.isEmpty() ? Map.of() : messages.get(0));
    hit.put("messages", messages);
    return hit;
  }

  @Test
  void aThreadUnderTheLibrarysPostIsTitledByThePatronWhoseWordsMatched() {
    assertThat(
            ArchiveViews.titleAuthor(
                hit(
                    List.of(
                        message("104857600000001", "Riverside Public Library", true),
                        message("7000000288522381", "Omar Rossi", false)))))
        .isEqualTo("Omar Rossi");
  }

  @Test
  void withoutAPatronAmongTheMatchesTheBestMatchsAuthorAndTheHandleWithoutAName() {
    assertThat(
            ArchiveViews.titleAuthor(
                hit(List.of(message("104857600000001", "Riverside Public Library", true)))))
        .isEqualTo("Riverside Public Library");
    assertThat(ArchiveViews.titleAuthor(hit(List.of(message("pat.reader", null, false)))))
        .isEqualTo("pat.reader");
    assertThat(ArchiveViews.titleAuthor(hit(List.of()))).isEqualTo("Conversation");
  }

  @Test
  void theArchivesTabSaysWhatWasSearchedAndWhereWithoutControlCharacters() {
    assertThat(ArchivePage.title("", 1, 1)).isEqualTo("Archive");
    assertThat(ArchivePage.title("renew a book", 2, 14))
        .isEqualTo("Archive: “renew a book”, page 2 of 14");
    assertThat(ArchivePage.title("card\u0000\u001b", 1, 3)).isEqualTo("Archive: “card”");
  }
}
