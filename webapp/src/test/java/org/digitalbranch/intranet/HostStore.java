package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.digitalbranch.store.PostgresServer;

/**
 * The store a crash test runs the built host on: the SQLite file in its data folder (the default),
 * or a PostgreSQL store of its own on the tests' throwaway server, named in the plugin's {@code
 * database} setting as a library's IT department would name theirs.
 */
final class HostStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Optional<String> postgresUrl;
  private final String postgresUser;

  private HostStore(String name, Optional<String> postgresUrl, String postgresUser) {
    this.name = name;
    this.postgresUrl = postgresUrl;
    this.postgresUser = postgresUser;
  }

  /** {@code sqlite} or {@code postgresql}; the latter starts the tests' server on first use. */
  static HostStore named(String name) {
    return switch (name) {
      case "sqlite" -> new HostStore(name, Optional.empty(), null);
      case "postgresql" -> {
        PostgresServer server = PostgresServer.shared();
        yield new HostStore(name, Optional.of(server.newStore()), server.user());
      }
      default -> throw new IllegalArgumentException("no such store: " + name);
    };
  }

  boolean postgresql() {
    return postgresUrl.isPresent();
  }

  /** What the host's start log says of its store, so a test knows the host runs on this one. */
  String startLog() {
    return postgresql() ? "store PostgreSQL jdbc:postgresql://" : "store SQLite ";
  }

  /** The plugin's {@code database} setting: empty for SQLite. */
  ObjectNode setting() {
    ObjectNode database = JSON.createObjectNode();
    postgresUrl.ifPresent(
        url -> {
          database.put("url", url);
          database.put("user", postgresUser);
        });
    return database;
  }

  /** A connection of the test's own to the store the host writes, to read what it committed. */
  Connection connect(Path data) throws SQLException {
    return postgresUrl.isPresent()
        ? DriverManager.getConnection(postgresUrl.get(), postgresUser, null)
        : DriverManager.getConnection(
            "jdbc:sqlite:" + data.resolve("org.digitalbranch").resolve("digital-branch.db"));
  }

  @Override
  public String toString() {
    return name;
  }
}
