package org.digitalbranch.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The connectors' one HTTP client. It applies the timeouts and sorts network failures by what they
 * mean for a post: a failure to connect means nothing was sent ({@link PublishOutcome.Transient});
 * a timeout or a reset once the request is on its way means the platform may have acted ({@link
 * PublishOutcome.Unknown} for the request that creates the post).
 */
public final class PlatformHttp {

  private final HttpClient client;
  private final PlatformSettings settings;
  private final String platformName;

  public PlatformHttp(PlatformSettings settings, String platformName) {
    this.settings = settings;
    this.platformName = platformName;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public PlatformSettings settings() {
    return settings;
  }

  /** A request builder for a path below the base URL, with the request timeout applied. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(settings.resolve(path))
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .header("User-Agent", "DigitalBranch/1 (library social media)");
  }

  /**
   * Sends a request; any HTTP status comes back as a reply, network failures as outcomes. The
   * credential the request carried in its {@code Authorization} header is cut out of the answer's
   * body: a platform that echoes it in an error message (some do) must not pass it on to the
   * reasons the plugin keeps, shows librarians and logs.
   */
  public HttpReply send(HttpRequest request, Stage stage) throws PlatformFailure {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new HttpReply(
          response.statusCode(),
          response.headers(),
          withoutSecrets(response.body(), secretsOf(request)));
    } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
      throw new PlatformFailure(
          new PublishOutcome.Transient(
              "could not connect to " + platformName + " (" + host(request.uri()) + ")"));
    } catch (HttpTimeoutException e) {
      throw lost(stage, platformName + " did not answer within " + settings.requestTimeout());
    } catch (IOException e) {
      throw lost(stage, "the connection to " + platformName + " broke before it answered");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw lost(stage, "stopped while waiting for " + platformName);
    }
  }

  /** Put where a platform's answer repeated a credential. */
  static final String REDACTED = "[redacted]";

  /** The credential a request carries: its {@code Authorization} value, without the scheme. */
  static List<String> secretsOf(HttpRequest request) {
    List<String> secrets = new ArrayList<>();
    for (String value : request.headers().allValues("Authorization")) {
      int space = value.indexOf(' ');
      String credential = (space < 0 ? value : value.substring(space + 1)).strip();
      // Too short to be a credential, and replacing it would garble the answer.
      if (credential.length() >= 8) {
        secrets.add(credential);
      }
    }
    return secrets;
  }

  /** {@code body} with every secret, as sent or percent-encoded, replaced by {@link #REDACTED}. */
  static byte[] withoutSecrets(byte[] body, List<String> secrets) {
    if (body == null || body.length == 0 || secrets.isEmpty()) {
      return body;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String scrubbed = text;
    for (String secret : secrets) {
      scrubbed = scrubbed.replace(secret, REDACTED).replace(encode(secret), REDACTED);
    }
    // Untouched bytes stay untouched (an answer need not be UTF-8).
    return scrubbed.equals(text) ? body : scrubbed.getBytes(StandardCharsets.UTF_8);
  }

  private static PlatformFailure lost(Stage stage, String reason) {
    return new PlatformFailure(
        stage == Stage.PUBLISH
            ? new PublishOutcome.Unknown(reason + "; the post may be live", false)
            : new PublishOutcome.Transient(reason));
  }

  private static String host(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** An {@code application/x-www-form-urlencoded} body; a key may repeat (Mastodon's arrays). */
  public static HttpRequest.BodyPublisher form(List<Map.Entry<String, String>> fields) {
    String body =
        fields.stream()
            .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
            .collect(Collectors.joining("&"));
    return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static final String FORM = "application/x-www-form-urlencoded";
  public static final String JSON = "application/json";
}
