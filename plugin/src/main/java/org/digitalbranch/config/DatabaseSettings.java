package org.digitalbranch.config;

import com.fasterxml.jackson.annotation.JsonIgnoreType;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the plugin's primary store lives. By default SQLite in the plugin's data folder, which a
 * small library backs up with the rest of the folder and never configures. A shared deployment
 * names a PostgreSQL database instead (DESIGN.md §3: same schema, same migrations).
 *
 * <p>The password is a secret: {@link #toString} leaves it out and Jackson skips the type, as for
 * {@link Credentials}. The URL is shown in logs and errors, so it may not carry a password itself
 * (the settings refuse one).
 */
@JsonIgnoreType
public final class DatabaseSettings {

  /** The only URLs accepted besides the default: the PostgreSQL JDBC driver's. */
  public static final String POSTGRESQL_PREFIX = "jdbc:postgresql://";

  private static final DatabaseSettings SQLITE = new DatabaseSettings(null, null, null);

  private final String url;
  private final String user;
  private final String password;

  private DatabaseSettings(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** SQLite in the plugin's data folder: the default. */
  public static DatabaseSettings sqlite() {
    return SQLITE;
  }

  /**
   * @param url a {@value #POSTGRESQL_PREFIX} URL without a password in it
   * @param user the role the plugin connects as; it owns the plugin's tables
   * @param password null when the server trusts the connection (peer or certificate)
   */
  public static DatabaseSettings postgresql(String url, String user, String password) {
    if (!url.startsWith(POSTGRESQL_PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
    }
    return new DatabaseSettings(url, Objects.requireNonNull(user), password);
  }

  public boolean isPostgresql() {
    return url != null;
  }

  /** The JDBC URL of a PostgreSQL store; empty for SQLite. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The secret, for the connection pool only. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatabaseSettings that
        && Objects.equals(url, that.url)
        && Objects.equals(user, that.user)
        && Objects.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, user, password);
  }

  @Override
  public String toString() {
    return isPostgresql()
        ? "PostgreSQL " + url + " as " + user + (password == null ? "" : " (password ***)")
        : "SQLite in the data folder";
  }
}
