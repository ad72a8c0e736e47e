package org.digitalbranch.platform.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MastodonPlainTextTest {

  @Test
  void aStatusReadsAsItsWordsWithItsLineBreaks() {
    assertThat(
            MastodonPlatform.plainText(
                "<p>Is the <a href=\"https://library.example/hours\">branch</a> open?</p>"
                    + "<p>Asking for my kids &amp; me<br />thanks &lt;3</p>"))
        .isEqualTo("Is the branch open?\nAsking for my kids & me\nthanks <3\n");
  }

  @Test
  void anEscapedEntityIsDecodedOnceOnly() {
    assertThat(MastodonPlatform.plainText("&amp;lt;b&amp;gt; &quot;x&quot; &#39;y&#39;"))
        .isEqualTo("&lt;b&gt; \"x\" 'y'");
  }

  @Test
  void textWithoutMarkupIsReturnedAsItIs() {
    String text = "Renewals: call 555-0100";
    assertThat(MastodonPlatform.plainText(text)).isSameAs(text);
  }

  @Test
  void anUnclosedAngleBracketStaysText() {
    assertThat(MastodonPlatform.plainText("<p>a < b</p> and 3 <4")).isEqualTo("a < b\n and 3 <4");
  }

  /**
   * The hand-written passes against the regular expressions they replaced, on random markup made of
   * the pieces that could tell them apart: tags inside tags, line breaks in odd cases and spacing,
   * entities cut short or nested.
   */
  @Test
  void readsRandomMarkupExactlyAsTheRegularExpressionsDid() {
    String[] pieces = {
      "<",
      ">",
      "/",
      "<br>",
      "<BR/>",
      "<br \t/>",
      "<br\n>",
      "<bR / >",
      "</p>",
      "</P>",
      "<p>",
      "</ p>",
      "<a href=\"x\">",
      "</a>",
      "&",
      "&amp;",
      "&lt;",
      "&gt;",
      "&quot;",
      "&#39;",
      "&amp",
      "lt;",
      "amp;",
      "#39;",
      "b",
      "r",
      "p",
      " ",
      "\n",
      "\u000B",
      "é",
      "word",
      ";",
      "\"",
      "'"
    };
    Random random = new Random(16);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder html = new StringBuilder();
      int count = random.nextInt(12);
      for (int i = 0; i < count; i++) {
        html.append(pieces[random.nextInt(pieces.length)]);
      }
      String markup = html.toString();
      assertThat(MastodonPlatform.plainText(markup)).as(markup).isEqualTo(byExpressions(markup));
    }
  }

  private static final Pattern LINE_BREAK = Pattern.compile("(?i)<br\\s*/?>|</p>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private static String byExpressions(String html) {
    return TAG.matcher(LINE_BREAK.matcher(html).replaceAll("\n"))
        .replaceAll("")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
