package org.digitalbranch.platform;

import java.time.Duration;
import java.time.Instant;

/**
 * What a refusal of identical text means (X's "duplicate content", Facebook's code 506). Both
 * platforms refuse the same text from one account within about a day, whoever sent it.
 *
 * <p>On a resend it is most likely our own earlier attempt that got through with its answer lost,
 * and that post is the outcome. Otherwise another post carries the same text (an earlier post of
 * the library's, or one typed on the platform): this one did not go out, and saying it did, with
 * the other post's link, would put a false entry in the public record.
 */
public final class DuplicateRefusal {

  private DuplicateRefusal() {}

  /**
   * @param window how far back the platform compares texts
   * @param refused the refusal's first sentence, for example "X refused the post as a duplicate:
   *     this account posted the same text in the last day"
   */
  public static PublishOutcome settle(
      Platform platform, PublishRequest request, Instant now, Duration window, String refused) {
    if (request.resentSince().isPresent()) {
      switch (platform.findRecent(request, request.resentSince().get())) {
        case LookupResult.Found found -> {
          return found.post();
        }
        case LookupResult.Failed failed -> {
          return failed.problem();
        }
        case LookupResult.NotFound notFound -> {}
      }
    }
    LookupResult earlier = platform.findRecent(request, now.minus(window));
    if (earlier instanceof LookupResult.Found other && other.post().url() != null) {
      return new PublishOutcome.Rejected(refused + " (" + other.post().url() + ").");
    }
    if (request.resentSince().isPresent()) {
      // Refused as a duplicate of a post the platform does not list anywhere yet: after a lost
      // answer that is most likely ours, not listed yet. Neither "failed" nor sent again.
      return new PublishOutcome.Unknown(
          refused + ", of a post it does not list yet: it may be this one", false);
    }
    return new PublishOutcome.Rejected(refused + ".");
  }
}
