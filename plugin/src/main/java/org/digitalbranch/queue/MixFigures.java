package org.digitalbranch.queue;

import java.time.Instant;
import java.util.Map;

/**
 * The conversation/marketing mix over a window: approved and published posts counted by intent and
 * by topic (every topic present, zero included). {@code promotionPercentAfter} is the share one
 * more promotion would give, which is what the approval rule compares with the limit.
 */
public record MixFigures(
    Instant from,
    Instant to,
    int days,
    int promotion,
    int engagement,
    Map<Topic, Integer> perTopic,
    int limitPercent) {
  public MixFigures {
    perTopic = Map.copyOf(perTopic);
  }

  public int total() {
    return promotion + engagement;
  }

  /** Promotion's share now, rounded to one decimal; 0 when nothing was approved. */
  public double promotionPercent() {
    return total() == 0 ? 0 : round1(100.0 * promotion / total());
  }

  public double promotionPercentAfter() {
    return round1(100.0 * (promotion + 1) / (total() + 1));
  }

  /** True when one more promotion stays within the limit (exactly at the limit is allowed). */
  public boolean allowsAnotherPromotion() {
    return (promotion + 1) * 100L <= (long) limitPercent * (total() + 1);
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
