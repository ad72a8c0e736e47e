package org.digitalbranch.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring addresses for a post's images, for the platforms that fetch an image themselves
 * (Instagram): {@code <base>/digital-branch/public/images/<token>}. The token names the post, the
 * image and an expiry, and carries an HMAC-SHA256 over them with a per-install key kept in the data
 * folder ({@value #KEY_FILE}, created once, owner-only). Without the key no one can make or alter a
 * token, so the route can stay outside the login without exposing drafts: the route also serves
 * only images of posts that are approved or being published (see {@link PublicImagesRoute}).
 */
final class PublicImageLinks {

  static final String KEY_FILE = "public-image-key";

  /** Long enough for a rate-limited Instagram retry; short enough that a leaked link dies. */
  static final Duration LIFETIME = Duration.ofHours(24);

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}\\.[A-Za-z0-9_-]{43}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  /** What a valid token names. */
  record Signed(String postId, String imageId) {}

  private final byte[] key;
  private final Clock clock;
  private final Supplier<String> base;

  /**
   * @param base the intranet's address as the platforms reach it, without a trailing slash, and
   *     including the mount (for example {@code https://intranet.example.org/digital-branch})
   */
  PublicImageLinks(byte[] key, Clock clock, Supplier<String> base) {
    this.key = key.clone();
    this.clock = clock;
    this.base = base;
  }

  /** Reads the install's key from the data folder, creating it on first start. */
  static byte[] loadOrCreateKey(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve(KEY_FILE);
    if (!Files.exists(file)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        Files.createFile(file, ownerOnly(dataDirectory));
        Files.write(file, fresh, StandardOpenOption.TRUNCATE_EXISTING);
      } catch (FileAlreadyExistsException raced) {
        // Another start made it first: use theirs.
      }
    }
    byte[] key = Files.readAllBytes(file);
    if (key.length < 32) {
      throw new IOException(file + " is damaged: delete it and restart (image links then renew)");
    }
    return key;
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path folder) {
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new java.nio.file.attribute.FileAttribute<?>[0];
  }

  /** The public address of one image of one post, valid for {@link #LIFETIME}. */
  URI url(String postId, String imageId) {
    return URI.create(base.get() + "/public/images/" + token(postId, imageId));
  }

  String token(String postId, String imageId) {
    if (!ID.matcher(postId).matches() || !ID.matcher(imageId).matches()) {
      throw new IllegalArgumentException("post and image ids are ours: letters, digits, - and _");
    }
    long expires = clock.instant().plus(LIFETIME).getEpochSecond();
    String claims = postId + "." + imageId + "." + expires;
    String payload = ENCODE.encodeToString(claims.getBytes(StandardCharsets.US_ASCII));
    return payload + "." + ENCODE.encodeToString(mac(payload));
  }

  /** What the token names, if it is ours, unaltered and not expired. */
  Optional<Signed> verify(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    String payload = token.substring(0, dot);
    byte[] given = DECODE.decode(token.substring(dot + 1));
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return Optional.empty();
    }
    String[] claims = new String(DECODE.decode(payload), StandardCharsets.US_ASCII).split("\\.");
    if (claims.length != 3) {
      return Optional.empty();
    }
    try {
      if (Instant.ofEpochSecond(Long.parseLong(claims[2])).isBefore(clock.instant())) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(new Signed(claims[0], claims[1]));
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
