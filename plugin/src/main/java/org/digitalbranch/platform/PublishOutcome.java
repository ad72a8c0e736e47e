package org.digitalbranch.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one publish attempt. The reasons are written for a librarian reading the post
 * page, and include the platform's own message where it gave one.
 */
public sealed interface PublishOutcome {

  /** Why it did not publish, in the words each outcome carries; {@code published} for a post. */
  static String reasonOf(PublishOutcome outcome, String published) {
    return switch (outcome) {
      case Transient t -> t.reason();
      case Rejected r -> r.reason();
      case Unknown u -> u.reason();
      case NeedsReconnect n -> n.reason();
      case RateLimited l -> l.reason();
      case Published p -> published;
    };
  }

  /**
   * The post is live. {@code url} is null only when the platform published the post but did not
   * tell us its address (Instagram's permalink lookup failed after publishing).
   */
  record Published(String platformId, URI url) implements PublishOutcome {
    /**
     * An address other than an absolute http or https one is dropped: the post page shows it as a
     * link, and a self-hosted Mastodon server (or anything answering as one) could otherwise hand
     * staff a {@code javascript:} link to click.
     */
    public Published {
      Objects.requireNonNull(platformId, "platformId");
      url = web(url);
    }

    /**
     * The platform's address as a link, or null when it is empty, not an absolute http(s) address,
     * or not an address at all: the post is live either way, and a malformed address must not turn
     * a published post into a failed one that would be sent again.
     */
    public static URI link(String address) {
      if (address == null || address.isBlank()) {
        return null;
      }
      try {
        return web(new URI(address.strip()));
      } catch (URISyntaxException notAnAddress) {
        return null;
      }
    }

    private static URI web(URI url) {
      if (url == null || url.getHost() == null) {
        return null;
      }
      String scheme = url.getScheme();
      return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme) ? url : null;
    }
  }

  /** The platform asked us to wait; nothing was posted. Try again at or after {@code until}. */
  record RateLimited(Instant until, String reason) implements PublishOutcome {
    public RateLimited {
      Objects.requireNonNull(until, "until");
    }
  }

  /** A temporary failure (5xx, no connection, 429 without a reset time); nothing was posted. */
  record Transient(String reason) implements PublishOutcome {}

  /** The credentials are expired or revoked: an admin must reconnect the account. */
  record NeedsReconnect(String reason) implements PublishOutcome {}

  /** The platform refused this content; sending it again unchanged will fail again. */
  record Rejected(String reason) implements PublishOutcome {}

  /**
   * The request was sent but its answer was lost, so the post may or may not be live. Never retry
   * blindly: when {@code safeToRetry} is true the platform deduplicates a retry with the same
   * idempotency key (Mastodon, for an hour); otherwise call {@link Platform#findRecent} first.
   */
  record Unknown(String reason, boolean safeToRetry) implements PublishOutcome {}
}
