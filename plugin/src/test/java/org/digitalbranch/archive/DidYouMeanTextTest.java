package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DidYouMeanTextTest {

  @Test
  void aCorrectionReplacesTheWordInAnyCaseWhereverItStandsAlone() {
    assertThat(
            ArchiveQueryParser.withWholeWordReplaced(
                "Aavilable? (aavilable) AAVILABLE", "aavilable", "available"))
        .isEqualTo("available? (available) available");
  }

  @Test
  void aCorrectionLeavesTheWordInsideALongerWordOrNextToADigit() {
    assertThat(
            ArchiveQueryParser.withWholeWordReplaced(
                "xaavilable aavilable2 éaavilable aavilable-ebook", "aavilable", "available"))
        .isEqualTo("xaavilable aavilable2 éaavilable available-ebook");
  }

  @Test
  void aTextWithoutTheWordIsReturnedAsItWas() {
    String text = "renew my hold";

    assertThat(ArchiveQueryParser.withWholeWordReplaced(text, "aavilable", "available"))
        .isSameAs(text);
  }
}
