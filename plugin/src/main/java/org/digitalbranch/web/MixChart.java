package org.digitalbranch.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.queue.MixFigures;
import org.digitalbranch.queue.Topic;

/**
 * The dashboard's 30-day mix as numbers an inline SVG template can draw: one bar split into
 * engagement and promotion with a mark at the limit, and one bar per topic. Geometry is computed
 * here so the template holds no arithmetic and the page no script.
 */
final class MixChart {

  static final int WIDTH = 480;
  private static final int LABEL_WIDTH = 150;
  private static final int BAR_WIDTH = WIDTH - LABEL_WIDTH - 50;
  private static final int ROW = 28;
  private static final int SHARE_TOP = 24;
  private static final int SHARE_HEIGHT = 28;
  private static final int TOPICS_TOP = SHARE_TOP + SHARE_HEIGHT + 50;

  private MixChart() {}

  static Map<String, Object> of(MixFigures figures) {
    Map<String, Object> chart = new LinkedHashMap<>();
    int total = figures.total();
    double promotionShare = figures.promotionPercent();
    int promotionWidth =
        total == 0 ? 0 : (int) Math.round(BAR_WIDTH * figures.promotion() / (double) total);
    chart.put("days", figures.days());
    chart.put("total", total);
    chart.put("promotion", figures.promotion());
    chart.put("engagement", figures.engagement());
    chart.put("promotionPercent", format(promotionShare));
    chart.put("engagementPercent", format(total == 0 ? 0 : 100 - promotionShare));
    chart.put("limitPercent", figures.limitPercent());
    chart.put("overLimit", promotionShare > figures.limitPercent());
    chart.put("empty", total == 0);

    chart.put("width", WIDTH);
    chart.put("barX", LABEL_WIDTH);
    chart.put("barWidth", BAR_WIDTH);
    chart.put("shareY", SHARE_TOP);
    chart.put("shareHeight", SHARE_HEIGHT);
    chart.put("shareTextY", SHARE_TOP + SHARE_HEIGHT / 2 + 5);
    chart.put("engagementWidth", total == 0 ? 0 : BAR_WIDTH - promotionWidth);
    chart.put("promotionX", LABEL_WIDTH + BAR_WIDTH - promotionWidth);
    chart.put("promotionWidth", promotionWidth);
    int limitX = LABEL_WIDTH + BAR_WIDTH - BAR_WIDTH * figures.limitPercent() / 100;
    chart.put("limitX", limitX);
    chart.put("limitTop", SHARE_TOP - 6);
    chart.put("limitBottom", SHARE_TOP + SHARE_HEIGHT + 6);
    chart.put("limitLabelY", SHARE_TOP + SHARE_HEIGHT + 20);
    chart.put("legendY", SHARE_TOP + SHARE_HEIGHT + 11);
    chart.put("legendEngagementX", LABEL_WIDTH + 14);
    chart.put("legendPromotionX", LABEL_WIDTH + 120);
    chart.put("legendPromotionTextX", LABEL_WIDTH + 134);
    chart.put("topicsHeadingY", TOPICS_TOP - 10);

    int most = figures.perTopic().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Map<String, Object>> topics = new ArrayList<>();
    int y = TOPICS_TOP;
    for (Topic topic : Topic.values()) {
      int count = figures.perTopic().getOrDefault(topic, 0);
      int width = most == 0 ? 0 : (int) Math.round(BAR_WIDTH * count / (double) most);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", topic.id());
      row.put("label", PageText.topic(topic));
      row.put("count", count);
      row.put("y", y);
      row.put("height", ROW - 8);
      row.put("textY", y + (ROW - 8) / 2 + 5);
      row.put("width", width);
      row.put("countX", LABEL_WIDTH + width + 6);
      topics.add(row);
      y += ROW;
    }
    chart.put("topics", topics);
    chart.put("height", y + 4);
    chart.put(
        "summary",
        "Last "
            + figures.days()
            + " days: "
            + figures.engagement()
            + " engagement and "
            + figures.promotion()
            + " promotion posts approved; promotion is "
            + format(promotionShare)
            + "% against a limit of "
            + figures.limitPercent()
            + "%.");
    return chart;
  }

  private static String format(double percent) {
    return percent == Math.rint(percent)
        ? String.valueOf((long) percent)
        : String.valueOf(Math.round(percent * 10) / 10.0);
  }
}
