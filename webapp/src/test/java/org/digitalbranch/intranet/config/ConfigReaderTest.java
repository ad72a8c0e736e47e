package org.digitalbranch.intranet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

  private static String hash;

  private final ConfigReader reader =
      new ConfigReader(Map.of("MASTODON_TOKEN", "token-from-the-environment")::get);

  @BeforeAll
  static void hashOnce() {
    hash = PasswordHash.of("jlee's password", PasswordHash.MINIMUM_ITERATIONS).text();
  }

  private static String withUsers(String users) {
    return "{\"users\": [" + users + "]}";
  }

  private static String user(String passwordHash) {
    return "{\"name\": \"jlee\", \"displayName\": \"J. Lee\", \"roles\": [\"digital-branch.staff\"],"
        + " \"passwordHash\": \""
        + passwordHash
        + "\"}";
  }

  @Test
  void readsTheSettingsFileOfTheDesign() throws ConfigException {
    String text =
        """
        {
          "server":  {"port": 9090, "bind": "0.0.0.0", "behindProxy": true, "maxConnections": 300},
          "dataDir": "/var/lib/digital-branch",
          "users": [{"name": "jlee", "displayName": "J. Lee", "roles": ["digital-branch.staff"],
                     "passwordHash": "%s"}],
          "plugins": {
            "org.digitalbranch": {
              "timeZone": "America/Chicago",
              "accounts": [{"id": "mastodon-main", "platform": "mastodon",
                            "credentials": {"accessToken": "${env:MASTODON_TOKEN}"}}]
            }
          }
        }
        """
            .formatted(hash);

    IntranetConfig config = reader.parse(text, "intranet.json");

    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.bind()).isEqualTo("0.0.0.0");
    assertThat(config.behindProxy()).isTrue();
    assertThat(config.maxConnections()).isEqualTo(300);
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/digital-branch"));
    assertThat(config.demo()).isFalse();
    assertThat(config.users())
        .singleElement()
        .satisfies(
            user -> {
              assertThat(user.name()).isEqualTo("jlee");
              assertThat(user.displayName()).isEqualTo("J. Lee");
              assertThat(user.roles()).isEqualTo(Set.of("digital-branch.staff"));
              assertThat(user.passwordHash().matches("jlee's password")).isTrue();
            });
    assertThat(
            config
                .pluginSettings()
                .get("org.digitalbranch")
                .at("/accounts/0/credentials/accessToken")
                .textValue())
        .isEqualTo("token-from-the-environment");
  }

  @Test
  void serverSettingsAndDataFolderHaveDefaults() throws ConfigException {
    IntranetConfig config = reader.parse(withUsers(user(hash)), "intranet.json");

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.behindProxy()).isFalse();
    assertThat(config.maxConnections()).isEqualTo(1000);
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
  }

  @Test
  void aPlainPasswordIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> reader.parse(withUsers(user("staff")), "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users[0].passwordHash: expected a pbkdf2-sha256 hash printed by"
                            + " \"hash-password\" (plain and MD5 passwords are refused)"));
  }

  @Test
  void anMd5HashIsRefusedTooAndNeverEchoed() {
    assertThatThrownBy(
            () ->
                reader.parse(withUsers(user("5f4dcc3b5aa765d61d8327deb882cf99")), "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users[0].passwordHash: expected a pbkdf2-sha256 hash printed by"
                            + " \"hash-password\" (plain and MD5 passwords are refused)"));
  }

  @Test
  void aCheapHashIsRefused() {
    String cheap = PasswordHash.of("x", 1_000).text();

    assertThatThrownBy(() -> reader.parse(withUsers(user(cheap)), "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users[0].passwordHash: expected at least 100000 iterations, got 1000;"
                            + " print a new hash with \"hash-password\""));
  }

  @Test
  void everyProblemIsListedWithItsKey() {
    String text =
        """
        {"server": {"port": 70000, "prot": 1, "bind": ""},
         "dataDir": 7,
         "users": [
           {"name": "jlee", "displayName": "J. Lee", "roles": ["digital-branch.staff"], "passwordHash": "%s"},
           {"name": "jlee", "displayName": "", "roles": "digital-branch.staff", "passwordHash": "%s"}
         ],
         "plugins": {"org.digitalbranch": 3},
         "extra": true}
        """
            .formatted(hash, hash);

    assertThatThrownBy(() -> reader.parse(text, "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "extra: unknown key; expected one of dataDir, plugins, server, users",
                        "server.prot: unknown key; expected one of behindProxy, bind, maxConnections, port",
                        "server.port: expected a whole number from 0 to 65535, got 70000",
                        "server.bind: expected an address to listen on, such as \"127.0.0.1\", got \"\"",
                        "dataDir: expected a folder path as a string, got 7",
                        "users[1].name: \"jlee\" is already used by another user",
                        "users[1].displayName: expected the name shown to others, got \"\"",
                        "users[1].roles: expected a list of role ids such as \"digital-branch.staff\", got"
                            + " \"digital-branch.staff\"",
                        "plugins.org.digitalbranch: expected an object with the plugin's settings, got number"));
  }

  @Test
  void aConnectionLimitThatIsNoRealLimitIsRefusedNamingTheKey() {
    for (String limit :
        new String[] {"0", "-5", "65537", "4294967297", "1.5", "\"1000\"", "null"}) {
      String text =
          "{\"server\": {\"maxConnections\": " + limit + "}, \"users\": [" + user(hash) + "]}";

      assertThatThrownBy(() -> reader.parse(text, "intranet.json"))
          .as("maxConnections %s", limit)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e ->
                  assertThat(e.problems())
                      .containsExactly(
                          "server.maxConnections: expected a whole number from 1 to 65536 (the"
                              + " default is 1000), got "
                              + limit));
    }
  }

  @Test
  void aConfigurationWithoutUsersIsRefused() {
    assertThatThrownBy(() -> reader.parse("{}", "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users: expected a list of at least one user with \"name\","
                            + " \"displayName\", \"roles\" and \"passwordHash\""));
  }

  @Test
  void malformedJsonNamesTheFileAndThePlace() {
    assertThatThrownBy(() -> reader.parse("{\"users\": [}", "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("intranet.json: not valid JSON: ")
                    .endsWith("(line 1, column 12)"));
  }

  @Test
  void aTokenWrittenWithoutQuotesIsNeverEchoedButWhatWasExpectedIsSaid() {
    String text = "{\"users\": [],\n \"accessToken\": EAAGsecretTOKEN123}";

    assertThatThrownBy(() -> reader.parse(text, "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "intranet.json: not valid JSON: expected a value: a string in double"
                            + " quotes, a number, an array, an object, true, false or null"
                            + " (line 2, column 17)"));
  }

  @Test
  void aValueFromTheEnvironmentIsNamedByItsReferenceInProblemsNeverByItsValue() {
    ConfigReader withSecrets =
        new ConfigReader(Map.of("MYSECRET", "TOPSECRETVALUE", "BLANK", " ")::get);
    String text =
        """
        {"server": {"port": "${env:MYSECRET}", "behindProxy": "${env:MYSECRET}",
                    "bind": "${env:BLANK}"},
         "dataDir": "${env:BLANK}",
         "users": [%s]}
        """
            .formatted(user(hash));

    assertThatThrownBy(() -> withSecrets.parse(text, "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "server.port: expected a whole number from 0 to 65535, got ${env:MYSECRET}",
                        "server.behindProxy: expected true or false, got ${env:MYSECRET}",
                        "server.bind: expected an address to listen on, such as \"127.0.0.1\","
                            + " got ${env:BLANK}",
                        "dataDir: expected a folder path as a string, got ${env:BLANK}"));
  }

  @Test
  void aListOrObjectHoldingValuesFromTheEnvironmentIsNamedByItsKind() {
    ConfigReader withSecrets = new ConfigReader(Map.of("MYSECRET", "TOPSECRETVALUE")::get);
    String text =
        """
        {"server": {"port": ["${env:MYSECRET}"], "bind": {"a": "${env:MYSECRET}"}},
         "users": [%s]}
        """
            .formatted(user(hash));

    assertThatThrownBy(() -> withSecrets.parse(text, "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains("got a list", "got an object")
                    .doesNotContain("TOPSECRETVALUE"));
  }

  @Test
  void aMissingSettingsFileIsSaidToBeMissing(@TempDir Path folder) {
    Path missing = folder.resolve("nope.json");

    assertThatThrownBy(() -> reader.read(missing))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(missing + ": cannot be read: no such file"));
  }

  @Test
  void aFolderGivenAsTheSettingsFileIsSaidToBeAFolder(@TempDir Path folder) {
    assertThatThrownBy(() -> reader.read(folder))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        folder + ": cannot be read: it is a folder; give the settings file in it"));
  }

  @Test
  void anUnsetEnvironmentVariableNamesTheKeyAndTheVariable() {
    String text =
        withUsers(user(hash))
            .replace(
                "]}",
                "], \"plugins\": {\"org.example\": {\"token\": \"${env:NOT_SET_ANYWHERE}\"}}}");

    assertThatThrownBy(() -> reader.parse(text, "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("plugins.org.example.token")
                    .contains("NOT_SET_ANYWHERE"));
  }

  @Test
  void aPasswordHashFromAnUnsetVariableIsReportedOnceAsUnset() {
    assertThatThrownBy(() -> reader.parse(withUsers(user("${env:JLEE_HASH}")), "intranet.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users[0].passwordHash: environment variable JLEE_HASH is not set"));
  }

  @Test
  void aPasswordHashMayComeFromTheEnvironment() throws ConfigException {
    ConfigReader withHash = new ConfigReader(Map.of("JLEE_HASH", hash)::get);

    IntranetConfig config = withHash.parse(withUsers(user("${env:JLEE_HASH}")), "intranet.json");

    assertThat(config.users().getFirst().passwordHash().matches("jlee's password")).isTrue();
  }
}
