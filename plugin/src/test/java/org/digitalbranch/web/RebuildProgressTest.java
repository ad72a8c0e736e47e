package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The rebuild page's progress bar claims a share only once the rebuild knows how many conversations
 * it has to index; before that it is indeterminate rather than "0%", or "100%" once some are done.
 */
class RebuildProgressTest {

  private static Element bar(Integer total, int done) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("running", true);
    scope.put("done", done);
    scope.put("total", total);
    String html =
        new Templates(RebuildProgressTest.class.getClassLoader()).render("archive-rebuild", scope);
    return Jsoup.parse(html).getElementById("rebuild-progress");
  }

  @Test
  void whileTheTotalIsUnknownTheBarHasNoValue() {
    Element bar = bar(null, 40);

    assertThat(bar.hasAttr("value")).isFalse();
    assertThat(bar.hasAttr("max")).isFalse();
    assertThat(bar.attr("data-total-known")).isEqualTo("no");
    assertThat(bar.text()).isEqualTo("40 of …");
  }

  @Test
  void onceTheTotalIsKnownTheBarShowsHowFarItIs() {
    Element bar = bar(200, 40);

    assertThat(bar.attr("max")).isEqualTo("200");
    assertThat(bar.attr("value")).isEqualTo("40");
    assertThat(bar.attr("data-total-known")).isEqualTo("yes");
  }
}
