package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfigReader;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path folder;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Main main(String stdin) {
    return new Main(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.<String, String>of()::get,
        () -> null);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void hashPasswordPrintsAHashTheSettingsFileAccepts() throws Exception {
    int status = main("correct horse battery\n").run(new String[] {"hash-password"});

    assertThat(status).isZero();
    String printed = out().strip();
    assertThat(printed).startsWith("pbkdf2-sha256$210000$");
    assertThat(PasswordHash.parse(printed).orElseThrow().matches("correct horse battery")).isTrue();
    IntranetConfig config =
        new ConfigReader(name -> null)
            .parse(
                "{\"users\": [{\"name\": \"jlee\", \"displayName\": \"J. Lee\", \"roles\": [],"
                    + " \"passwordHash\": \""
                    + printed
                    + "\"}]}",
                "intranet.json");
    assertThat(config.users().getFirst().passwordHash().matches("correct horse battery")).isTrue();
    assertThat(err()).doesNotContain("easy to guess");
  }

  @Test
  void hashPasswordReadsOnlyTheFirstLineOfAPipedPassword() throws Exception {
    int status = main("correct horse battery\r\nsecond line\n").run(new String[] {"hash-password"});

    assertThat(status).isZero();
    assertThat(err()).contains("Password (read from standard input, one line):");
    assertThat(PasswordHash.parse(out().strip()).orElseThrow().matches("correct horse battery"))
        .isTrue();
  }

  @Test
  void hashPasswordWarnsOfAShortPasswordButStillHashesIt() throws Exception {
    int status = main("1234567\n").run(new String[] {"hash-password"});

    assertThat(status).isZero();
    assertThat(err())
        .contains("hash-password: a password of fewer than 8 characters is easy to guess");
    assertThat(PasswordHash.parse(out().strip()).orElseThrow().matches("1234567")).isTrue();
  }

  @Test
  void hashPasswordDoesNotWarnOfAnEightCharacterPassword() {
    int status = main("12345678\n").run(new String[] {"hash-password"});

    assertThat(status).isZero();
    assertThat(err()).doesNotContain("easy to guess");
  }

  @Test
  void hashPasswordRefusesAnEmptyPassword() {
    int status = main("\n").run(new String[] {"hash-password"});

    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(err()).contains("hash-password: expected a password on standard input, got nothing");
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnknownArgumentIsRefusedWithTheUsage() {
    int status = main("").run(new String[] {"--prot", "80"});

    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(err())
        .contains(
            "unknown argument \"--prot\"; expected --port N, --data DIR, --config FILE, --bind"
                + " ADDR, hash-password or a maintenance task")
        .contains("Usage: java -jar digital-branch.jar");
  }

  @Test
  void aPortThatIsNotANumberIsRefused() {
    int status = main("").run(new String[] {"--port", "eighty"});

    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(err()).contains("--port: expected a whole number from 0 to 65535, got \"eighty\"");
  }

  @Test
  void aFlagWithoutItsValueIsRefused() {
    int status = main("").run(new String[] {"--config"});

    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(err()).contains("--config: expected a settings file after it");
  }

  @Test
  void aSettingsFileWithProblemsStopsTheStartAndListsThemAll() throws Exception {
    Path file = folder.resolve("intranet.json");
    Files.writeString(
        file,
        "{\"server\": {\"port\": \"80\"}, \"users\": [{\"name\": \"jlee\", \"displayName\":"
            + " \"J. Lee\", \"roles\": [], \"passwordHash\": \"secret\"}]}");

    int status = main("").run(new String[] {"--config", file.toString()});

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains("The intranet did not start: " + file + " has problems:")
        .contains("  server.port: expected a whole number from 0 to 65535, got \"80\"")
        .contains(
            "  users[0].passwordHash: expected a pbkdf2-sha256 hash printed by \"hash-password\"")
        .doesNotContain("\"secret\"");
  }

  @Test
  // Without the refusal the intranet would start and serve: a hang, not a failure, without this.
  @Timeout(60)
  void aMisspeltRoleStopsTheStartNamingTheUserAndTheRoleItNearlyIs() throws Exception {
    String hash = PasswordHash.of("pw", PasswordHash.MINIMUM_ITERATIONS).text();
    Path file = folder.resolve("roles.json");
    Files.writeString(
        file,
        "{\"server\": {\"port\": 0}, \"dataDir\": \""
            + folder.resolve("data").toString().replace("\\", "\\\\")
            + "\", \"users\": [{\"name\": \"amy\", \"displayName\": \"Amy\", \"roles\":"
            + " [\"digital-branch.stafff\", \"payroll.clerk\"], \"passwordHash\": \""
            + hash
            + "\"}]}");

    int status = main("").run(new String[] {"--config", file.toString()});

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains(
            "  users[0].roles: unknown role \"digital-branch.stafff\" for amy; did you mean"
                + " \"digital-branch.staff\"?")
        .as("a role of a plugin not installed is only logged")
        .doesNotContain("payroll.clerk");
    assertThat(out()).doesNotContain("is running");
  }

  @Test
  // Without the refusal the intranet would start and serve: a hang, not a failure, without this.
  @Timeout(60)
  void aMistakeInThePluginsSettingsStopsTheStartLikeAnyOtherInTheFile() throws Exception {
    String hash = PasswordHash.of("pw", PasswordHash.MINIMUM_ITERATIONS).text();
    String start =
        "{\"server\": {\"port\": 0}, \"dataDir\": \""
            + folder.resolve("data").toString().replace("\\", "\\\\")
            + "\", \"users\": [{\"name\": \"jlee\", \"displayName\": \"J. Lee\", \"roles\": [],"
            + " \"passwordHash\": \""
            + hash
            + "\"}], \"plugins\": {\"org.digitalbranch\": ";
    Path misspelt = folder.resolve("misspelt.json");
    Files.writeString(misspelt, start + "{\"pollSecond\": 60}}}");
    Path several = folder.resolve("several.json");
    Files.writeString(
        several,
        start
            + "{\"pollSecond\": 60, \"timeZone\": \"America/Chicgo\", \"accounts\": [{\"id\":"
            + " \"masto\", \"platform\": \"mastodon\", \"handle\": \"@lib@ex.social\","
            + " \"credentials\": {\"acessToken\": \"m-secret\"}}]}}}");
    Path unknownZone = folder.resolve("zone.json");
    Files.writeString(unknownZone, start + "{\"timeZone\": \"America/Chicgo\"}}}");

    int misspeltStatus = main("").run(new String[] {"--config", misspelt.toString()});
    String misspeltErr = err();
    err.reset();
    int zoneStatus = main("").run(new String[] {"--config", unknownZone.toString()});
    String zoneErr = err();
    err.reset();
    int severalStatus = main("").run(new String[] {"--config", several.toString()});

    assertThat(misspeltStatus).isEqualTo(Main.FAILED);
    assertThat(misspeltErr)
        .contains("The intranet did not start: " + misspelt + " has problems:")
        .contains("  plugins.org.digitalbranch.pollSecond: unknown setting");
    // An unknown key no longer hides the plugin's own problems: the whole file at once.
    assertThat(severalStatus).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains("  plugins.org.digitalbranch.pollSecond: unknown setting")
        .contains("  plugins.org.digitalbranch.timeZone: ")
        .contains("  plugins.org.digitalbranch.accounts[0].credentials.acessToken: unknown")
        .doesNotContain("m-secret");
    assertThat(zoneStatus).isEqualTo(Main.FAILED);
    assertThat(zoneErr)
        .contains("The intranet did not start: " + unknownZone + " has problems:")
        .contains("  plugins.org.digitalbranch.timeZone: ")
        .contains("America/Chicgo");
    assertThat(out()).doesNotContain("is running");
    // Refused before anything started: not even the data folder was made.
    assertThat(folder.resolve("data")).doesNotExist();
  }

  @Test
  @Timeout(60)
  void aValueFromTheEnvironmentThatAPluginRefusesIsNamedByItsReference() throws Exception {
    String hash = PasswordHash.of("pw", PasswordHash.MINIMUM_ITERATIONS).text();
    Path file = folder.resolve("zone.json");
    Files.writeString(
        file,
        "{\"server\": {\"port\": 0}, \"dataDir\": \""
            + folder.resolve("data").toString().replace("\\", "\\\\")
            + "\", \"users\": [{\"name\": \"jlee\", \"displayName\": \"J. Lee\", \"roles\": [],"
            + " \"passwordHash\": \""
            + hash
            + "\"}], \"plugins\": {\"org.digitalbranch\": {\"timeZone\": \"${env:ZONE}\","
            + " \"pollSeconds\": \"${env:ZONE}\"}}}");
    Main withZone =
        new Main(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("ZONE", "Mars/TOPSECRETVALUE")::get,
            () -> null);

    int status = withZone.run(new String[] {"--config", file.toString()});

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains("  plugins.org.digitalbranch.pollSeconds: expected an integer, got ${env:ZONE}")
        .doesNotContain("TOPSECRETVALUE");
  }

  @Test
  @Timeout(60)
  void aDataFolderThatCannotBeMadeStopsTheStartSayingWhyAndWhatToDo() throws Exception {
    Path file = Files.writeString(folder.resolve("a-file"), "");
    Path data = file.resolve("data");

    int status = main("").run(new String[] {"--data", data.toString(), "--port", "0"});

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains(
            "The intranet cannot start: cannot create or write the data folder "
                + data
                + " (not a directory): give the user the intranet runs as write access, or"
                + " choose another with --data / dataDir");
    assertThat(out()).doesNotContain("is running");
  }

  @Test
  @Timeout(60)
  void aPortInUseStopsTheStartSayingWhatToDo() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = other.getLocalPort();

      int status =
          main("")
              .run(new String[] {"--data", folder.toString(), "--port", Integer.toString(port)});

      assertThat(status).isEqualTo(Main.FAILED);
      assertThat(err())
          .contains(
              "The intranet cannot start: another program is using port "
                  + port
                  + " on 127.0.0.1: stop it, or choose another port with --port or server.port");
    }
  }

  @Test
  void theDemoRefusesToListenBeyondLoopback() {
    int status =
        main("")
            .run(new String[] {"--bind", "0.0.0.0", "--data", folder.toString(), "--port", "0"});

    assertThat(status).isEqualTo(Main.FAILED);
    assertThat(err())
        .contains(
            "server.bind: the demo listens only on loopback (127.0.0.1, ::1 or localhost), got"
                + " \"0.0.0.0\"");
  }

  @Test
  void flagsOverrideTheSettingsFile() throws Exception {
    Path file = folder.resolve("intranet.json");
    String hash = PasswordHash.of("pw", PasswordHash.MINIMUM_ITERATIONS).text();
    Files.writeString(
        file,
        "{\"server\": {\"port\": 9000, \"bind\": \"10.0.0.5\"}, \"dataDir\": \"/srv/intranet\","
            + " \"users\": [{\"name\": \"jlee\", \"displayName\": \"J. Lee\", \"roles\": [],"
            + " \"passwordHash\": \""
            + hash
            + "\"}]}");

    IntranetConfig config =
        main("")
            .configFor(
                CommandLine.parse(
                    new String[] {
                      "--config", file.toString(), "--port=9100", "--bind", "::1", "--data", "here"
                    }));

    assertThat(config.port()).isEqualTo(9100);
    assertThat(config.bind()).isEqualTo("::1");
    assertThat(config.dataDir()).isEqualTo(Path.of("here"));
    assertThat(config.demo()).isFalse();
  }

  @Test
  @Timeout(60)
  void anIntranetWhosePluginCannotStartStopsWithTheReasonInsteadOfRunningWithoutIt()
      throws Exception {
    // Another intranet holds the plugin's data folder (started on another port, say).
    try (org.digitalbranch.store.DataFolderLock other =
        org.digitalbranch.store.DataFolderLock.take(folder.resolve("org.digitalbranch"))) {
      int status = main("").run(new String[] {"--data", folder.toString(), "--port", "0"});

      assertThat(status).isEqualTo(1);
      assertThat(err())
          .contains("The intranet did not start:")
          .contains(
              "plugin org.digitalbranch failed to start: another intranet, or a maintenance task,"
                  + " is using the data folder");
      assertThat(out()).doesNotContain("is running");
    }
  }

  @Test
  void withoutASettingsFileTheDemoRuns() throws Exception {
    IntranetConfig config = main("").configFor(CommandLine.parse(new String[0]));

    assertThat(config.demo()).isTrue();
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.users())
        .extracting(user -> user.name())
        .containsExactly("staff", "staff2", "moderator", "moderator2", "admin");
  }
}
