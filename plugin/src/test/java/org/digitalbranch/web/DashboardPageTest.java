package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import java.nio.file.Path;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's mix chart and queue summary, from posts approved through the pages. */
class DashboardPageTest {

  @TempDir Path dataDir;

  private static String approved(
      PageClient author, PageClient moderator, String topic, String intent) throws Exception {
    String post =
        PageClient.seeOther(
                author.postMultipart(
                    "/digital-branch/compose",
                    Field.of("text", "A " + topic + " post"),
                    Field.of("account", "mastodon-main"),
                    Field.of("topic", topic),
                    Field.of("intent", intent),
                    Field.of("do", "submit")))
            .replaceAll("\\?.*", "");
    PageClient.seeOther(
        moderator.post(
            post + "/approve", Field.of("version", "2"), Field.of("confirmMix", "true")));
    return post;
  }

  @Test
  void moderatorsSeeTheMixAsAnAccessibleChartWithTheSameNumbersInTables() throws Exception {
    try (TestIntranet intranet = TestIntranet.start(dataDir, PageUsers.SETTINGS)) {
      PageClient staff = new PageClient(intranet, PageUsers.STAFF);
      PageClient moderator = new PageClient(intranet, PageUsers.MODERATOR);
      approved(staff, moderator, "events", "engagement");
      approved(staff, moderator, "events", "engagement");
      approved(staff, moderator, "materials", "engagement");
      approved(staff, moderator, "services", "promotion");
      PageClient.seeOther(
          staff.postMultipart(
              "/digital-branch/compose",
              Field.of("text", "Still waiting"),
              Field.of("account", "mastodon-main"),
              Field.of("topic", "events"),
              Field.of("intent", "engagement"),
              Field.of("do", "submit")));

      Document page = moderator.page("/digital-branch/");

      Element chart = page.selectFirst("svg.db-chart");
      assertThat(chart.attr("role")).isEqualTo("img");
      assertThat(chart.attr("aria-labelledby")).isEqualTo("db-chart-title db-chart-desc");
      assertThat(chart.select("title").text()).isEqualTo("Engagement and promotion, last 30 days");
      assertThat(chart.select("desc").text())
          .isEqualTo(
              "Last 30 days: 3 engagement and 1 promotion posts approved; promotion is 25% against"
                  + " a limit of 10%.");
      // 280 px for 100%: promotion 70, engagement 210; the limit mark 28 px from the end.
      assertThat(chart.select("rect.db-chart-promotion").attr("width")).isEqualTo("70");
      assertThat(chart.select("rect.db-chart-engagement").attr("width")).isEqualTo("210");
      assertThat(chart.select("line.db-chart-limit").attr("x1")).isEqualTo("402");
      assertThat(chart.select("rect.db-chart-topic").eachAttr("width"))
          .containsExactly("0", "0", "140", "280", "140");
      assertThat(chart.select("rect.db-chart-promotion").hasClass("db-chart-over")).isTrue();
      assertThat(page.select(".db-mix-table tbody tr").eachText())
          .containsExactly("Engagement 3 75%", "Promotion 1 25% (limit 10%)");
      assertThat(page.select(".db-topic-table tbody tr").eachText())
          .containsExactly(
              "Readers' advisory 0", "Current events 0", "Materials 1", "Events 2", "Services 1");
      assertThat(page.select(".db-mix-table th[scope=row]")).hasSize(2);
      assertThat(page.select(".db-mix").text()).contains("It is above the limit now.");
      assertThat(page.select("section[aria-labelledby=db-queue-summary] p").text())
          .startsWith("1 post waits for a decision.");
      assertThat(page.select("script")).isEmpty();

      Document staffPage = staff.page("/digital-branch/");
      assertThat(staffPage.select("svg")).isEmpty();
      assertThat(staffPage.select("#db-queue-summary")).isEmpty();
    }
  }
}
