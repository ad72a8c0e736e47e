package org.digitalbranch.platform;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One post for one account.
 *
 * @param idempotencyKey stable per (post, target account): the same across retries, so that a
 *     platform that deduplicates (Mastodon's {@code Idempotency-Key}) can make a retry safe
 * @param text the post's text, without the link unless the author wrote it into the text
 * @param link the link to share, if any
 * @param images images in order, each with alt text
 * @param credentials the target account's credentials
 * @param resentSince set when an earlier attempt for this post and account may have gone out with
 *     its answer lost (from that attempt, less a margin for clocks): a platform that refuses the
 *     text as a duplicate may be answering it, and that post is looked for from here. Empty
 *     otherwise (a first attempt, or a resend after a refusal): a duplicate is then another post's,
 *     and this one is refused.
 */
public record PublishRequest(
    String idempotencyKey,
    String text,
    Optional<URI> link,
    List<Image> images,
    Credentials credentials,
    Optional<Instant> resentSince) {

  /** A first attempt. */
  public PublishRequest(
      String idempotencyKey,
      String text,
      Optional<URI> link,
      List<Image> images,
      Credentials credentials) {
    this(idempotencyKey, text, link, images, credentials, Optional.empty());
  }

  public PublishRequest {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey: must not be blank");
    }
    Objects.requireNonNull(text, "text");
    link = link == null ? Optional.empty() : link;
    images = images == null ? List.of() : List.copyOf(images);
    Objects.requireNonNull(credentials, "credentials");
    resentSince = resentSince == null ? Optional.empty() : resentSince;
  }

  /** A text-only request. */
  public static PublishRequest text(String idempotencyKey, String text, Credentials credentials) {
    return new PublishRequest(idempotencyKey, text, Optional.empty(), List.of(), credentials);
  }

  /**
   * The text as it goes out where a platform has no separate link field: the link is appended on
   * its own line unless the text already contains it.
   */
  public String textWithLink() {
    if (link.isEmpty()) {
      return text;
    }
    String url = link.get().toString();
    if (text.contains(url)) {
      return text;
    }
    return text.isBlank() ? url : text + "\n\n" + url;
  }

  /**
   * An image to attach.
   *
   * @param bytes the file's content
   * @param contentType for example {@code image/png}
   * @param altText the description read by screen readers; required
   * @param publicUrl where the platform may fetch the image (Instagram fetches; it takes no upload)
   * @param dimensions its width and height in pixels, when its header gives them (Bluesky shows an
   *     image at its proportions only when the post states them)
   */
  public record Image(
      byte[] bytes,
      String contentType,
      String altText,
      Optional<URI> publicUrl,
      Optional<Dimensions> dimensions) {

    /** An image whose dimensions are not known. */
    public Image(byte[] bytes, String contentType, String altText, Optional<URI> publicUrl) {
      this(bytes, contentType, altText, publicUrl, Optional.empty());
    }

    public Image {
      Objects.requireNonNull(bytes, "bytes");
      if (contentType == null || !contentType.startsWith("image/")) {
        throw new IllegalArgumentException("contentType: must be an image/* type");
      }
      if (altText == null || altText.isBlank()) {
        throw new IllegalArgumentException("altText: every image needs alt text");
      }
      publicUrl = publicUrl == null ? Optional.empty() : publicUrl;
      dimensions = dimensions == null ? Optional.empty() : dimensions;
    }

    /** A file name for multipart uploads, from the content type. */
    public String fileName() {
      return "image." + contentType.substring("image/".length()).replaceAll("[^a-z0-9]", "");
    }

    @Override
    public String toString() {
      return "Image[" + contentType + ", " + bytes.length + " bytes, alt=" + altText + "]";
    }
  }

  /** An image's width and height in pixels. */
  public record Dimensions(int width, int height) {
    public Dimensions {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("dimensions: an image is at least 1 x 1 pixel");
      }
    }
  }
}
