package org.digitalbranch.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DuplicateRefusal;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Multipart;
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
 * A Facebook Page through the Graph API: text and link posts on {@code /{page-id}/feed}, a photo
 * with its alt text ({@code alt_text_custom}) on {@code /{page-id}/photos}. The Page token goes in
 * the {@code Authorization} header. A 506 "duplicate" is reconciled against the Page's recent
 * posts, since it usually means an earlier attempt went out.
 */
public final class FacebookPlatform implements Platform {

  public static final URI DEFAULT_BASE_URL = URI.create(GraphApi.DEFAULT_BASE_URL);

  static final Duration DUPLICATE_WINDOW = Duration.ofDays(1);

  private static final String NAME = "Facebook";

  final PlatformHttp http;

  public FacebookPlatform(PlatformSettings settings) {
    this.http = new PlatformHttp(settings, NAME);
  }

  @Override
  public String id() {
    return "facebook";
  }

  @Override
  public PublishOutcome publish(PublishRequest request) {
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    if (request.images().size() > 1) {
      return new PublishOutcome.Rejected(
          "Facebook posts from this plugin carry at most one photo; this post has "
              + request.images().size());
    }
    HttpRequest.Builder builder =
        request.images().isEmpty() ? feedPost(page, request) : photoPost(page, request);
    try {
      HttpReply reply = http.send(builder.build(), Stage.PUBLISH);
      if (!reply.isSuccess()) {
        if (GraphApi.isDuplicate(reply)) {
          return reconcileDuplicate(request);
        }
        throw GraphApi.failure(reply, http.settings().clock(), NAME, "publishing the post");
      }
      JsonNode created = reply.json(Stage.PUBLISH, NAME);
      String postId = Json.text(created, "/post_id");
      if (postId.isEmpty()) {
        postId = Json.text(created, "/id");
      }
      if (postId.isEmpty()) {
        return new PublishOutcome.Unknown(
            "Facebook accepted the post but did not say its id; the post may be live", false);
      }
      return new PublishOutcome.Published(postId, postUrl(postId));
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private HttpRequest.Builder feedPost(Credentials.GraphToken page, PublishRequest request) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("message", request.text()));
    request.link().ifPresent(link -> fields.add(Map.entry("link", link.toString())));
    return GraphApi.authorized(
            http.request("/" + PlatformHttp.encode(page.objectId()) + "/feed"), page)
        .header("Content-Type", PlatformHttp.FORM)
        .POST(PlatformHttp.form(fields));
  }

  /** A photo post has no link field: the link goes into the message. */
  private HttpRequest.Builder photoPost(Credentials.GraphToken page, PublishRequest request) {
    PublishRequest.Image image = request.images().getFirst();
    HttpRequest.Builder builder =
        GraphApi.authorized(
            http.request("/" + PlatformHttp.encode(page.objectId()) + "/photos"), page);
    if (image.publicUrl().isPresent()) {
      return builder
          .header("Content-Type", PlatformHttp.FORM)
          .POST(
              PlatformHttp.form(
                  List.of(
                      Map.entry("url", image.publicUrl().get().toString()),
                      Map.entry("message", request.textWithLink()),
                      Map.entry("alt_text_custom", image.altText()))));
    }
    Multipart body =
        new Multipart()
            .file("source", image.fileName(), image.contentType(), image.bytes())
            .field("message", request.textWithLink())
            .field("alt_text_custom", image.altText());
    return builder.header("Content-Type", body.contentType()).POST(body.publisher());
  }

  /** Facebook refused identical text: our own lost attempt on a resend, otherwise another's. */
  private PublishOutcome reconcileDuplicate(PublishRequest request) {
    return DuplicateRefusal.settle(
        this,
        request,
        http.settings().clock().instant(),
        DUPLICATE_WINDOW,
        "Facebook refused the post as a duplicate: the Page posted the same text in the last day");
  }

  @Override
  public LookupResult findRecent(PublishRequest request, Instant since) {
    Credentials.GraphToken page = GraphApi.token(request.credentials(), NAME);
    String fingerprint =
        ContentFingerprint.of(request.images().isEmpty() ? request.text() : request.textWithLink());
    HttpRequest lookup =
        GraphApi.authorized(
                http.request(
                    "/"
                        + PlatformHttp.encode(page.objectId())
                        + "/published_posts?fields=id,message,created_time,permalink_url"
                        + "&limit=25&since="
                        + since.getEpochSecond()),
                page)
            .GET()
            .build();
    try {
      HttpReply reply = http.send(lookup, Stage.PREPARE);
      if (!reply.isSuccess()) {
        throw GraphApi.failure(
            reply, http.settings().clock(), NAME, "reading the Page's recent posts");
      }
      for (JsonNode post : reply.json(Stage.PREPARE, NAME).path("data")) {
        Optional<Instant> created = GraphApi.time(Json.text(post, "/created_time"));
        if (created.isPresent()
            && !created.get().isBefore(since)
            && ContentFingerprint.of(Json.text(post, "/message")).equals(fingerprint)) {
          String id = Json.text(post, "/id");
          String permalink = Json.text(post, "/permalink_url");
          return new LookupResult.Found(
              new PublishOutcome.Published(
                  id,
                  permalink.isEmpty() ? postUrl(id) : PublishOutcome.Published.link(permalink)));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Verification verify(Credentials credentials) {
    Credentials.GraphToken page = GraphApi.token(credentials, NAME);
    HttpRequest request =
        GraphApi.authorized(
                http.request("/" + PlatformHttp.encode(page.objectId()) + "?fields=id,name"), page)
            .GET()
            .build();
    try {
      HttpReply reply = http.send(request, Stage.PREPARE);
      if (!reply.isSuccess()) {
        throw GraphApi.failure(reply, http.settings().clock(), NAME, "checking the Page");
      }
      JsonNode pageInfo = reply.json(Stage.PREPARE, NAME);
      return new Verification.Verified(
          Json.text(pageInfo, "/id"), Json.text(pageInfo, "/name"), Optional.empty());
    } catch (PlatformFailure failure) {
      return new Verification.Failed(failure.outcome());
    }
  }

  private URI postUrl(String postId) {
    return http.settings().webLink(GraphApi.FACEBOOK_SITE, "/" + PlatformHttp.encode(postId));
  }
}
