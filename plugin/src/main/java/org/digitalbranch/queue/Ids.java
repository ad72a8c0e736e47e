package org.digitalbranch.queue;

import java.security.SecureRandom;
import java.util.Base64;

/** Random, unguessable, URL-safe identifiers for posts and stored images. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** 128 random bits as 22 base64url characters: {@code [A-Za-z0-9_-]} only. */
  static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
