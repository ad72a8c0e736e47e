package org.digitalbranch.intranet.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in a self-describing text form, {@code
 * pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}, so the cost can rise later without
 * breaking stored hashes.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

  public static final String SCHEME = "pbkdf2-sha256";

  /** The cost for new hashes: OWASP's floor for PBKDF2 at the time of writing. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /** Below this a configured hash is refused as too cheap to guess against. */
  public static final int MINIMUM_ITERATIONS = 100_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  public PasswordHash {
    salt = salt.clone();
    hash = hash.clone();
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static PasswordHash of(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Reads the text form; empty for anything that is not exactly that form. */
  public static Optional<PasswordHash> parse(String text) {
    String[] parts = text.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return Optional.empty();
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || salt.length < 8 || hash.length != HASH_BITS / 8) {
        return Optional.empty();
      }
      return Optional.of(new PasswordHash(iterations, salt, hash));
    } catch (IllegalArgumentException notANumberOrNotBase64) {
      return Optional.empty();
    }
  }

  /** Compares in constant time, so the answer's timing says nothing about the stored hash. */
  public boolean matches(String password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  public String text() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$...";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash that && text().equals(that.text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException everyJdkHasThisAlgorithm) {
      throw new IllegalStateException(
          "PBKDF2WithHmacSHA256 is not available", everyJdkHasThisAlgorithm);
    } finally {
      spec.clearPassword();
    }
  }
}
