package org.digitalbranch.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The queue's settings. {@code approvedGrace}: how long after its time an approved post may still
 * be waiting for the publisher before it is held instead (a pause or an outage).
 */
public record QueueSettings(
    ZoneId zone,
    int promotionLimitPercent,
    Path imageFolder,
    long maxImageBytes,
    Duration approvedGrace) {
  public static final int MIX_DAYS = 30;
}
