package org.digitalbranch.platform;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** WireMock servers on loopback standing in for the platforms, with short timeouts. */
public final class PlatformDoubles {

  /** The tests' "now": every deadline is computed from it. */
  public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  /** Well beyond {@link #REQUEST_TIMEOUT}, so a delayed answer is lost after sending. */
  public static final int SLOWER_THAN_TIMEOUT_MS = 1_500;

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);

  private PlatformDoubles() {}

  public static WireMockServer start() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }

  public static PlatformSettings settings(WireMockServer server) {
    return settings(URI.create("http://127.0.0.1:" + server.port()));
  }

  public static PlatformSettings settings(URI baseUrl) {
    return PlatformSettings.defaults(baseUrl)
        .withTimeouts(Duration.ofMillis(300), REQUEST_TIMEOUT)
        .withPolling(Duration.ofMillis(5), 4)
        .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A loopback address where nothing listens: connecting fails before anything is sent. */
  public static URI closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tiny PNG-ish payload; the doubles never decode it. */
  public static PublishRequest.Image png(String altText) {
    return new PublishRequest.Image(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png", altText, Optional.empty());
  }

  public static PublishRequest.Image pngAt(String altText, URI publicUrl) {
    return new PublishRequest.Image(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3},
        "image/png",
        altText,
        Optional.of(publicUrl));
  }
}
