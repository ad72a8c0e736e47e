package org.digitalbranch.archive;

import java.util.List;

/**
 * What one ingest did.
 *
 * @param added messages seen for the first time
 * @param edited messages whose text changed: a new version was added
 * @param deleted messages the platform deleted: a deletion marker was added
 * @param duplicates deliveries of what the store already held: nothing changed
 * @param confirmed replies sent from the intranet now seen on the platform: their fetched JSON was
 *     added as a version
 * @param skipped malformed items, left out while the rest of the batch was stored
 */
public record IngestReport(
    int added, int edited, int deleted, int duplicates, int confirmed, List<Skipped> skipped) {

  public IngestReport {
    skipped = List.copyOf(skipped);
  }

  /**
   * @param index the item's position in the batch
   * @param platformId its platform id, or null when that was what was missing
   * @param reason the field and what was wrong with it
   */
  public record Skipped(int index, String platformId, String reason) {}
}
