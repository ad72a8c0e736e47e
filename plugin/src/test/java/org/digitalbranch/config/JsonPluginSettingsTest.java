package org.digitalbranch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import org.digitalbranch.descriptor.DescriptorReader;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonPluginSettingsTest {

  private static PluginDescriptor descriptor;
  private static final Map<String, String> ENVIRONMENT = Map.of("MASTODON_TOKEN", "tok-from-env");

  @BeforeAll
  static void readOwnDescriptor() throws Exception {
    ClassLoader loader = JsonPluginSettingsTest.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(DescriptorReader.LOCATION)) {
      descriptor = new DescriptorReader(loader).read(in).descriptor();
    }
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return new ObjectMapper().readTree(singleQuoted.replace('\'', '"'));
  }

  private static JsonPluginSettings settings(String given) throws Exception {
    return JsonPluginSettings.of(descriptor, json(given), ENVIRONMENT::get);
  }

  @Test
  void missingSettingsTakeTheDeclaredDefaults() throws Exception {
    JsonPluginSettings settings = settings("{'pollSeconds': 30}");

    assertThat(settings.get("pollSeconds").intValue()).isEqualTo(30);
    assertThat(settings.get("timeZone").textValue()).isEqualTo("America/Chicago");
    assertThat(settings.keys()).hasSize(descriptor.settings().size());
    assertThat(settings.pathOf("timeZone")).isEqualTo("plugins.org.digitalbranch.timeZone");
  }

  @Test
  void environmentReferencesAreResolvedInsideAccounts() throws Exception {
    JsonPluginSettings settings =
        settings(
            "{'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@l@x.social',"
                + " 'credentials': {'accessToken': '${env:MASTODON_TOKEN}'}}]}");

    assertThat(settings.get("accounts").get(0).get("credentials").get("accessToken").textValue())
        .isEqualTo("tok-from-env");
    assertThat(settings.toString()).doesNotContain("tok-from-env");
  }

  @Test
  void aValueFromTheEnvironmentThatThePluginRefusesIsNamedByItsReference() throws Exception {
    JsonPluginSettings settings =
        JsonPluginSettings.of(
            descriptor,
            json(
                "{'timeZone': '${env:ZONE}', 'accounts': [{'id': '${env:ACCOUNT}', 'platform':"
                    + " 'mastodon', 'handle': '@l@x.social'}]}"),
            Map.of("ZONE", "Mars/TOPSECRET", "ACCOUNT", "Not An Id TOPSECRET")::get);

    assertThatThrownBy(() -> DigitalBranchConfig.from(settings, false))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "plugins.org.digitalbranch.timeZone: unknown time zone ${env:ZONE}",
                        "plugins.org.digitalbranch.accounts[0].id: expected lower-case letters,"
                            + " digits and '-', got ${env:ACCOUNT}"));
  }

  @Test
  void aPasswordOrQueryWrittenBesideAnEnvironmentReferenceInABaseUrlIsNeverRepeated()
      throws Exception {
    JsonPluginSettings settings =
        JsonPluginSettings.of(
            descriptor,
            json(
                "{'accounts': [{'id': 'a', 'platform': 'mastodon', 'handle': '@l@x.social',"
                    + " 'baseUrl': 'https://library:hunter2@${env:HOST}'},"
                    + " {'id': 'b', 'platform': 'mastodon', 'handle': '@l@x.social',"
                    + " 'baseUrl': 'https://${env:HOST}/api?access_token=abc123'}]}"),
            Map.of("HOST", "x.social")::get);

    assertThatThrownBy(() -> DigitalBranchConfig.from(settings, false))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "plugins.org.digitalbranch.accounts[0].baseUrl: a base URL takes no user"
                            + " name or password (they belong under \"credentials\"), got"
                            + " \"https://***@${env:HOST}\"",
                        "plugins.org.digitalbranch.accounts[1].baseUrl: a base URL takes no query"
                            + " or fragment, got \"https://${env:HOST}/api\" followed by one"));
  }

  @Test
  void unknownKeysWrongTypesAndUnsetVariablesAreAllNamed() {
    assertThatThrownBy(
            () ->
                settings(
                    "{'pollSecond': 30, 'timeZone': 5, 'accounts': [{'credentials':"
                        + " {'appSecret': '${env:UNSET_SECRET}'}}]}"))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "plugins.org.digitalbranch.pollSecond: unknown setting (known:"
                            + " [timeZone, promotionLimitPercent, pollSeconds, maxBodyBytes,"
                            + " imageMaxBytes, moderationReasons, reviewRepliesOf, accounts, publishMaxAttempts, publishRetrySeconds, metaHumanAgent, publicBaseUrl, database, sandboxFailures])",
                        "plugins.org.digitalbranch.timeZone: expected string value",
                        "plugins.org.digitalbranch.accounts[0].credentials.appSecret: environment"
                            + " variable UNSET_SECRET is not set"));
  }
}
