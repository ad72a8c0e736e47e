package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffViewTest {

  private static DiffView.Piece plain(String text) {
    return new DiffView.Piece(text, false, false);
  }

  @Test
  void aWordDiffSplitsIntoUnchangedRemovedAndAddedPieces() {
    List<DiffView.Line> lines = DiffView.of("text: Storytime on [-Tuesday-]{+<Wednesday>+} at 10");

    assertThat(lines)
        .containsExactly(
            new DiffView.Line(
                "text",
                List.of(
                    plain("Storytime on "),
                    new DiffView.Piece("Tuesday", true, false),
                    new DiffView.Piece("<Wednesday>", false, true),
                    plain(" at 10"))));
  }

  @Test
  void aFieldChangeBecomesItsOldValueRemovedAndItsNewValueAdded() {
    assertThat(DiffView.of("topic: events → services\nlink: (none) → https://x.example"))
        .containsExactly(
            new DiffView.Line(
                "topic",
                List.of(
                    new DiffView.Piece("events", true, false),
                    plain(" "),
                    new DiffView.Piece("services", false, true))),
            new DiffView.Line(
                "link",
                List.of(
                    new DiffView.Piece("(none)", true, false),
                    plain(" "),
                    new DiffView.Piece("https://x.example", false, true))));
  }

  @Test
  void anUnclosedMarkerStaysPlainText() {
    assertThat(DiffView.of("text: a [-b"))
        .containsExactly(new DiffView.Line("text", List.of(plain("a [-b"))));
    assertThat(DiffView.of(null)).isEmpty();
  }
}
