package org.digitalbranch.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A throwaway PostgreSQL server for the tests, started from the machine's own server programs
 * (Debian's {@code postgresql} package, which {@code .ci/run} installs) into a temporary folder on
 * a free port, once per test JVM, and stopped when the JVM exits. Each test asks for a database of
 * its own, so tests never see each other's rows.
 *
 * <p>PostgreSQL refuses to run as root; on a CI machine where the tests are root, the server runs
 * as the {@code postgres} user the package creates. It is tuned for tests, not for records: no
 * fsync, since the server is deleted with the JVM.
 */
public final class PostgresServer {

  /** Where to find initdb and pg_ctl when they are not under /usr/lib/postgresql. */
  public static final String BIN_VARIABLE = "DIGITAL_BRANCH_PG_BIN";

  private static final String USER = "digitalbranch";
  private static final String DATABASE = "tests";
  private static PostgresServer shared;

  private final Path folder;
  private final Path bin;
  private final boolean asPostgresUser;
  private final AtomicInteger stores = new AtomicInteger();
  private volatile int port;

  private PostgresServer(Path folder, Path bin, boolean asPostgresUser) {
    this.folder = folder;
    this.bin = bin;
    this.asPostgresUser = asPostgresUser;
  }

  /** The JVM's server, started on first use and stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        shared = start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start the tests' PostgreSQL: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
    }
    return shared;
  }

  /**
   * A store of the test's own, as a JDBC URL; the user is {@link #user()}. Each is a schema of one
   * database, named in the URL ({@code currentSchema}), so the tests' tables never meet: a schema
   * costs a millisecond where a whole database costs a third of a second, which for some 250 tests
   * was most of this run's time. The plugin's statements never name a schema, so they run alike.
   */
  public String newStore() {
    String schema = "test_" + stores.incrementAndGet();
    try (Connection admin = DriverManager.getConnection(url(DATABASE), USER, null);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the test schema " + schema, e);
    }
    return url(DATABASE) + "?currentSchema=" + schema;
  }

  public String user() {
    return USER;
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    boolean root = isRoot();
    Path folder = Files.createTempDirectory("digital-branch-pg");
    if (root) {
      try {
        Files.setOwner(
            folder,
            folder
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres"));
      } catch (UserPrincipalNotFoundException e) {
        throw new IOException(
            "PostgreSQL refuses to run as root, and there is no 'postgres' user to run it as"
                + " (Debian's postgresql package creates one)",
            e);
      }
    }
    PostgresServer server = new PostgresServer(folder, bin, root);
    server.run(
        "initdb",
        "--pgdata=" + folder.resolve("data"),
        "--username=" + USER,
        "--auth=trust",
        "--encoding=UTF8",
        "--no-locale",
        "--no-sync");
    server.startOnAFreePort();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-postgresql"));
    server.createDatabase();
    return server;
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** A port probed free may be taken before the server binds it: then another one, twice. */
  private void startOnAFreePort() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      try {
        run(
            "pg_ctl",
            "--pgdata=" + folder.resolve("data"),
            "--log=" + folder.resolve("server.log"),
            "--wait",
            "--options=-p "
                + port
                + " -c listen_addresses=127.0.0.1 -k "
                + folder
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
        return;
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * The tests' database sorts text as a production server set up in English does (ICU's en-US), not
   * by bytes as SQLite and the C locale do, so that an ordering that only byte order gives shows up
   * here. Where the server was built without ICU, the C locale.
   */
  private void createDatabase() throws IOException {
    try (Connection admin = DriverManager.getConnection(url("postgres"), USER, null);
        Statement statement = admin.createStatement()) {
      try {
        statement.execute(
            "CREATE DATABASE "
                + DATABASE
                + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
      } catch (SQLException noIcu) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IOException("could not create the tests' database", e);
    }
  }

  private static Path findBin() throws IOException {
    String given = System.getenv(BIN_VARIABLE);
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path versions = Path.of("/usr/lib/postgresql");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(versions)) {
      try (DirectoryStream<Path> each = Files.newDirectoryStream(versions)) {
        for (Path version : each) {
          if (Files.isExecutable(version.resolve("bin/initdb"))) {
            found.add(version.resolve("bin"));
          }
        }
      }
    }
    Optional<Path> newest = found.stream().max(Comparator.comparing(PostgresServer::majorVersion));
    if (newest.isPresent()) {
      return newest.get();
    }
    String message =
        "The PostgreSQL tests need PostgreSQL's server programs: install Debian's postgresql"
            + " package ('apt-get install postgresql'; .ci/run does), or set "
            + BIN_VARIABLE
            + " to the folder holding initdb and pg_ctl.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message);
    }
    System.err.println("!!!!! SKIPPING POSTGRESQL TESTS: " + message);
    throw new TestAbortedException(message);
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void run(String program, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile("digital-branch-pg-" + program, ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(program + " took more than 60 s: " + Files.readString(output));
    }
    String said = Files.readString(output);
    Files.deleteIfExists(output);
    if (process.exitValue() != 0) {
      throw new IOException(program + " failed (" + process.exitValue() + "): " + said);
    }
  }

  private void stop() {
    try {
      run("pg_ctl", "--pgdata=" + folder.resolve("data"), "--mode=immediate", "stop");
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the tests' PostgreSQL in " + folder + ": " + e);
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + folder + ": " + e);
    }
  }
}
