package org.digitalbranch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Runtime switches staff change while the plugin runs (for example pausing all publishing), each
 * with who changed it last and when. Plain values in, plain values out.
 */
public final class SettingsState {

  /** A switch's current value and its last change. */
  public record Entry(String name, String value, String changedBy, Instant changedAt) {}

  private final Transactions transactions;

  public SettingsState(Transactions transactions) {
    this.transactions = transactions;
  }

  public Optional<Entry> get(String name) {
    return transactions.read(connection -> get(connection, name));
  }

  public void set(String name, String value, String changedBy, Instant changedAt) {
    transactions.inTransaction(
        connection -> {
          set(connection, name, value, changedBy, changedAt);
          return null;
        });
  }

  /** Reads within the caller's transaction, for read-modify-write work. */
  public static Optional<Entry> get(Connection connection, String name) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT value, changed_by, changed_at FROM settings_state WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Entry(name, row.getString(1), row.getString(2), Instant.parse(row.getString(3))));
      }
    }
  }

  /** Writes within the caller's transaction. */
  public static void set(
      Connection connection, String name, String value, String changedBy, Instant changedAt)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO settings_state (name, value, changed_by, changed_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                + " changed_by = excluded.changed_by, changed_at = excluded.changed_at")) {
      upsert.setString(1, name);
      upsert.setString(2, value);
      upsert.setString(3, changedBy);
      upsert.setString(4, changedAt.toString());
      upsert.executeUpdate();
    }
  }
}
