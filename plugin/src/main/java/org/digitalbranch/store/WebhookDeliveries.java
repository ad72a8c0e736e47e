package org.digitalbranch.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Remembers signed webhook deliveries for a bounded time, so that a replay of one (the same bytes
 * with the same valid signature) is recognised and not processed again. A delivery is claimed
 * before it is processed and released if processing fails, so the sender's retry of a delivery we
 * could not process is still taken.
 */
public final class WebhookDeliveries {

  private final Transactions transactions;
  private final Clock clock;
  private final Duration window;

  /**
   * @param window how long a delivery is remembered; a replay older than this is processed again
   */
  public WebhookDeliveries(Transactions transactions, Clock clock, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: must be positive, got " + window);
    }
    this.transactions = transactions;
    this.clock = clock;
    this.window = window;
  }

  /** The key a raw body is remembered by: its SHA-256, in lowercase hex. */
  public static String digestOf(byte[] rawBody) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawBody));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Claims the delivery with {@code digest}: true the first time within the window, false for a
   * replay. Forgets deliveries older than the window in the same transaction.
   */
  public boolean claim(String digest) {
    Instant now = clock.instant();
    return transactions.inTransaction(
        connection -> {
          try (PreparedStatement forget =
              connection.prepareStatement("DELETE FROM webhook_deliveries WHERE received_at < ?")) {
            forget.setLong(1, now.minus(window).toEpochMilli());
            forget.executeUpdate();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO webhook_deliveries (digest, received_at) VALUES (?, ?)"
                      + " ON CONFLICT (digest) DO NOTHING")) {
            insert.setString(1, digest);
            insert.setLong(2, now.toEpochMilli());
            return insert.executeUpdate() == 1;
          }
        });
  }

  /** Forgets a claimed delivery whose processing failed, so that the sender's retry is taken. */
  public void release(String digest) {
    transactions.inTransaction(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM webhook_deliveries WHERE digest = ?")) {
            delete.setString(1, digest);
            return delete.executeUpdate();
          }
        });
  }
}
