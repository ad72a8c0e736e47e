package org.digitalbranch.platform.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Stage;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.platform.graph.GraphApi;

/**
 * An Instagram professional account through the Graph API's three-step content publishing: a media
 * container that Meta builds by fetching the image from its public URL (with the caption and alt
 * text), a status poll until the container is {@code FINISHED}, then {@code media_publish}.
 * Instagram allows 50 published posts per 24 hours, so the quota is checked before a container is
 * made. Instagram posts need an image, and links only work as caption text.
 */
public final class InstagramPlatform implements Platform {

  public static final URI DEFAULT_BASE_URL = URI.create(GraphApi.DEFAULT_BASE_URL);

  /**
   * The quota is a moving 24-hour window whose exact reset Instagram does not tell; look again in
   * an hour.
   */
  static final Duration QUOTA_RECHECK = Duration.ofHours(1);

  private static final String NAME = "Instagram";

  final PlatformHttp http;

  public InstagramPlatform(PlatformSettings settings) {
    this.http = new PlatformHttp(settings, NAME);
  }

  @Override
  public String id() {
    return "instagram";
  }

  @Override
  public PublishOutcome publish(PublishRequest request) {
    Credentials.GraphToken account = GraphApi.token(request.credentials(), NAME);
    if (request.images().isEmpty()) {
      return new PublishOutcome.Rejected("Instagram posts need an image; this post has none");
    }
    if (request.images().size() > 1) {
      return new PublishOutcome.Rejected(
          "Instagram posts from this plugin carry one image; this post has "
              + request.images().size());
    }
    PublishRequest.Image image = request.images().getFirst();
    if (image.publicUrl().isEmpty()) {
      return new PublishOutcome.Rejected(
          "Instagram fetches the image from a public address, and this image has none");
    }
    try {
      checkPublishingQuota(account);
      String containerId = createContainer(account, request, image);
      awaitContainer(account, containerId);
      return publishContainer(account, containerId);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private void checkPublishingQuota(Credentials.GraphToken account) throws PlatformFailure {
    JsonNode limit =
        get(
                account,
                "/"
                    + PlatformHttp.encode(account.objectId())
                    + "/content_publishing_limit?fields=config,quota_usage",
                "checking the publishing limit")
            .path("data")
            .path(0);
    int used = limit.path("quota_usage").asInt(0);
    int allowed = limit.path("config").path("quota_total").asInt(50);
    if (used >= allowed) {
      throw new PlatformFailure(
          new PublishOutcome.RateLimited(
              http.settings().clock().instant().plus(QUOTA_RECHECK),
              "Instagram allows "
                  + allowed
                  + " posts in 24 hours and this account has used "
                  + used));
    }
  }

  private String createContainer(
      Credentials.GraphToken account, PublishRequest request, PublishRequest.Image image)
      throws PlatformFailure {
    HttpRequest create =
        GraphApi.authorized(
                http.request("/" + PlatformHttp.encode(account.objectId()) + "/media"), account)
            .header("Content-Type", PlatformHttp.FORM)
            .POST(
                PlatformHttp.form(
                    List.of(
                        Map.entry("image_url", image.publicUrl().orElseThrow().toString()),
                        Map.entry("caption", request.textWithLink()),
                        Map.entry("alt_text", image.altText()))))
            .build();
    HttpReply reply = http.send(create, Stage.PREPARE);
    if (!reply.isSuccess()) {
      throw GraphApi.failure(reply, http.settings().clock(), NAME, "preparing the image");
    }
    String id = Json.text(reply.json(Stage.PREPARE, NAME), "/id");
    if (id.isEmpty()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("Instagram's answer to the image had no container id"));
    }
    return id;
  }

  /** Meta fetches and processes the image in the background; wait until it is FINISHED. */
  private void awaitContainer(Credentials.GraphToken account, String containerId)
      throws PlatformFailure {
    PlatformSettings settings = http.settings();
    for (int attempt = 1; attempt <= settings.pollAttempts(); attempt++) {
      JsonNode container =
          get(
              account,
              "/" + PlatformHttp.encode(containerId) + "?fields=status_code,status",
              "checking the prepared image");
      String status = Json.text(container, "/status_code");
      switch (status) {
        case "FINISHED" -> {
          return;
        }
        case "ERROR" ->
            throw new PlatformFailure(
                new PublishOutcome.Rejected(
                    "Instagram could not use the image" + detail(Json.text(container, "/status"))));
        case "EXPIRED" ->
            throw new PlatformFailure(
                new PublishOutcome.Transient(
                    "Instagram's prepared image expired before it was published"));
        default -> pause(settings.pollInterval());
      }
    }
    throw new PlatformFailure(
        new PublishOutcome.Transient(
            "Instagram was still preparing the image after "
                + settings.pollAttempts()
                + " checks"));
  }

  private PublishOutcome publishContainer(Credentials.GraphToken account, String containerId)
      throws PlatformFailure {
    HttpRequest publish =
        GraphApi.authorized(
                http.request("/" + PlatformHttp.encode(account.objectId()) + "/media_publish"),
                account)
            .header("Content-Type", PlatformHttp.FORM)
            .POST(PlatformHttp.form(List.of(Map.entry("creation_id", containerId))))
            .build();
    HttpReply reply = http.send(publish, Stage.PUBLISH);
    if (!reply.isSuccess()) {
      throw GraphApi.failure(reply, http.settings().clock(), NAME, "publishing the post");
    }
    String mediaId = Json.text(reply.json(Stage.PUBLISH, NAME), "/id");
    if (mediaId.isEmpty()) {
      return new PublishOutcome.Unknown(
          "Instagram accepted the post but did not say its id; the post may be live", false);
    }
    return new PublishOutcome.Published(mediaId, permalink(account, mediaId));
  }

  /** The post is live whatever happens here; without a permalink the post page shows no link. */
  private URI permalink(Credentials.GraphToken account, String mediaId) {
    try {
      String link =
          Json.text(
              get(
                  account,
                  "/" + PlatformHttp.encode(mediaId) + "?fields=permalink",
                  "reading the post's address"),
              "/permalink");
      return PublishOutcome.Published.link(link);
    } catch (PlatformFailure | IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public LookupResult findRecent(PublishRequest request, Instant since) {
    Credentials.GraphToken account = GraphApi.token(request.credentials(), NAME);
    String fingerprint = ContentFingerprint.of(request.textWithLink());
    try {
      JsonNode media =
          get(
              account,
              "/"
                  + PlatformHttp.encode(account.objectId())
                  + "/media?fields=id,caption,timestamp,permalink&limit=25",
              "reading the account's recent posts");
      for (JsonNode post : media.path("data")) {
        Optional<Instant> created = GraphApi.time(Json.text(post, "/timestamp"));
        if (created.isPresent()
            && !created.get().isBefore(since)
            && ContentFingerprint.of(Json.text(post, "/caption")).equals(fingerprint)) {
          String permalink = Json.text(post, "/permalink");
          return new LookupResult.Found(
              new PublishOutcome.Published(
                  Json.text(post, "/id"), PublishOutcome.Published.link(permalink)));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Verification verify(Credentials credentials) {
    Credentials.GraphToken account = GraphApi.token(credentials, NAME);
    try {
      JsonNode user =
          get(
              account,
              "/" + PlatformHttp.encode(account.objectId()) + "?fields=id,username",
              "checking the account");
      return new Verification.Verified(
          Json.text(user, "/id"), "@" + Json.text(user, "/username"), Optional.empty());
    } catch (PlatformFailure failure) {
      return new Verification.Failed(failure.outcome());
    }
  }

  private JsonNode get(Credentials.GraphToken account, String path, String doing)
      throws PlatformFailure {
    HttpRequest request = GraphApi.authorized(http.request(path), account).GET().build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (!reply.isSuccess()) {
      throw GraphApi.failure(reply, http.settings().clock(), NAME, doing);
    }
    return reply.json(Stage.PREPARE, NAME);
  }

  private static String detail(String status) {
    return status.isEmpty() ? "" : ": " + status;
  }

  private static void pause(Duration interval) throws PlatformFailure {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformFailure(
          new PublishOutcome.Transient("stopped while Instagram prepared the image"));
    }
  }
}
