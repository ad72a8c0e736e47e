package org.digitalbranch.platform;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a connector reaches its platform.
 *
 * @param baseUrl the API root, for example {@code https://example.social} or a test double
 * @param connectTimeout how long to wait for a connection; a failure here means nothing was sent
 * @param requestTimeout how long to wait for an answer once the request is on its way
 * @param pollInterval the pause between polls of media that the platform is still processing
 * @param pollAttempts how many polls before giving up (the publisher then retries later)
 * @param clock the time source for rate-limit deadlines and timestamps in posts
 * @param webBaseUrl the root of the public links to published items, or null for the platform's
 *     real public site (a sandbox sets its own, so the demo's links open the sandbox's pages)
 */
public record PlatformSettings(
    URI baseUrl,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration pollInterval,
    int pollAttempts,
    Clock clock,
    URI webBaseUrl) {

  public PlatformSettings(
      URI baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration pollInterval,
      int pollAttempts,
      Clock clock) {
    this(baseUrl, connectTimeout, requestTimeout, pollInterval, pollAttempts, clock, null);
  }

  public PlatformSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl = httpRoot(baseUrl, "baseUrl");
    if (webBaseUrl != null) {
      webBaseUrl = httpRoot(webBaseUrl, "webBaseUrl");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(pollInterval, "pollInterval");
    if (pollAttempts < 1) {
      throw new IllegalArgumentException("pollAttempts: must be at least 1");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** Production defaults: 10 s to connect, 30 s for an answer, polling every 2 s up to 30 times. */
  public static PlatformSettings defaults(URI baseUrl) {
    return new PlatformSettings(
        baseUrl,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        30,
        Clock.systemUTC());
  }

  public PlatformSettings withTimeouts(Duration connect, Duration request) {
    return new PlatformSettings(
        baseUrl, connect, request, pollInterval, pollAttempts, clock, webBaseUrl);
  }

  public PlatformSettings withPolling(Duration interval, int attempts) {
    return new PlatformSettings(
        baseUrl, connectTimeout, requestTimeout, interval, attempts, clock, webBaseUrl);
  }

  public PlatformSettings withClock(Clock newClock) {
    return new PlatformSettings(
        baseUrl, connectTimeout, requestTimeout, pollInterval, pollAttempts, newClock, webBaseUrl);
  }

  /** The same settings with public links built under {@code root} instead of the real site. */
  public PlatformSettings withWebBaseUrl(URI root) {
    return new PlatformSettings(
        baseUrl, connectTimeout, requestTimeout, pollInterval, pollAttempts, clock, root);
  }

  /**
   * The public link to {@code path} (starting with "/") under the configured web base URL, or under
   * {@code realSite} (the platform's own public site) when none is configured.
   */
  public URI webLink(String realSite, String path) {
    return URI.create((webBaseUrl == null ? realSite : webBaseUrl.toString()) + path);
  }

  /** The absolute URI of a path (and query) below the base URL; {@code path} starts with "/". */
  public URI resolve(String path) {
    return URI.create(baseUrl + path);
  }

  private static URI httpRoot(URI url, String field) {
    Objects.requireNonNull(url, field);
    String scheme = url.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException(field + ": must be an http(s) URL, got " + url);
    }
    String text = url.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": must be a positive duration");
    }
  }
}
