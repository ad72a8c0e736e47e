package org.digitalbranch.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  public static final int SLOWER_THAN_TIMEOUT_MS = 2_500;

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1_000);

  private PlatformDoubles() {}

  public static WireMockServer start() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    warmUp(server);
    return server;
  }

  /**
   * The first request a fresh WireMock serves loads many classes and can take longer than the short
   * request timeout on a busy machine; one throwaway request keeps the tests deterministic.
   */
  private static void warmUp(WireMockServer server) {
    StubMapping warmUp =
        server.stubFor(
            post("/warm-up")
                .withFormParam("a", equalTo("b"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
    try (HttpClient client = HttpClient.newHttpClient()) {
      client.send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/warm-up"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("a=b"))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    server.removeStub(warmUp);
    server.resetRequests();
  }

  public static PlatformSettings settings(WireMockServer server) {
    return settings(URI.create("http://127.0.0.1:" + server.port()));
  }

  public static PlatformSettings settings(URI baseUrl) {
    return PlatformSettings.defaults(baseUrl)
        .withTimeouts(Duration.ofMillis(500), REQUEST_TIMEOUT)
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
