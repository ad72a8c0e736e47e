package org.digitalbranch.platform.graph;

import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.RateLimitSignals;

/**
 * How full the Graph API's quotas were in the answers of one poll. The app's hourly calls and the
 * Page's daily calls are one budget for reading and for publishing: a poll rereads a week of posts,
 * one request per post, so a small library (whose Page budget grows with its few engaged users)
 * could spend it on reading alone, and the platform would then refuse the library's next post. So
 * reading stops once any quota is {@link #READING_CEILING_PERCENT} full and leaves the rest to
 * publishing and replies, which never stop for it.
 */
public final class GraphUsage {

  /** Reading stops at this share of any quota, as the Graph API reports it. */
  public static final int READING_CEILING_PERCENT = 75;

  private int highest;

  /** Notes the usage an answer reports. */
  void saw(HttpReply reply) {
    highest = Math.max(highest, RateLimitSignals.graphUsagePercent(reply));
  }

  /** The fullest quota seen so far, in percent. */
  public int highest() {
    return highest;
  }

  /** Whether reading should stop now. */
  public boolean overCeiling() {
    return highest >= READING_CEILING_PERCENT;
  }
}
