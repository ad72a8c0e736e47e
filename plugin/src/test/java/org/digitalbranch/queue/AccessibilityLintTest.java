package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessibilityLintTest {
  private final AccessibilityLint lint = new AccessibilityLint();

  @Test
  void aRunTogetherLowercaseHashtagGetsItsPascalCaseSuggested() {
    assertThat(lint.check("Join us! #summerreading", List.of()))
        .containsExactly(
            new LintWarning(
                "text",
                "#summerreading: capitalise each word so screen readers can read it, as"
                    + " #SummerReading"));
  }

  @Test
  void anAllCapitalsHashtagIsWarnedToo() {
    assertThat(lint.check("#BOOKCLUBFRIDAY", List.of()))
        .extracting(LintWarning::message)
        .containsExactly(
            "#BOOKCLUBFRIDAY: capitalise each word so screen readers can read it, as"
                + " #BookClubFriday");
  }

  @Test
  void aHashtagWeCannotSplitGetsAGenericExample() {
    assertThat(lint.check("#zzzquuxfoo", List.of()))
        .extracting(LintWarning::message)
        .containsExactly(
            "#zzzquuxfoo: capitalise each word so screen readers can read it (for example"
                + " #SummerReading)");
  }

  @Test
  void shortOrPascalCaseHashtagsPass() {
    assertThat(lint.check("#books #poetry #SummerReading #NaNoWriMo #library", List.of()))
        .isEmpty();
  }

  @Test
  void altTextThatIsAFileNameOrTooShortIsWarned() {
    assertThat(
            lint.check(
                "",
                List.of(
                    "IMG_1234.jpg",
                    "a cat",
                    "Children reading picture books on the library's rug",
                    "")))
        .containsExactly(
            new LintWarning(
                "images[0].alt",
                "Image 1's alt text looks like a file name; describe what the image shows"),
            new LintWarning(
                "images[1].alt",
                "Image 2's alt text is under 10 characters; describe what the image shows"));
  }

  @Test
  void moreThanThreeEmojiInARowAreWarned() {
    assertThat(lint.check("Party 🎉🎉🎉 time", List.of())).isEmpty();
    assertThat(lint.check("Party 🎉 🎉 👩‍👩‍👧‍👦 🎉 time", List.of()))
        .containsExactly(
            new LintWarning(
                "text",
                "4 emoji in a row: a screen reader reads each one's name; keep to 3 or fewer"));
    assertThat(lint.check("🎉🎉 and 🎉🎉", List.of())).isEmpty();
  }
}
