package org.digitalbranch.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.descriptor.PluginDescriptor.Requires;
import org.digitalbranch.descriptor.PluginDescriptor.Setting;
import org.digitalbranch.descriptor.PluginDescriptor.SettingType;
import org.digitalbranch.descriptor.spi.PluginSettings;
import org.junit.jupiter.api.Test;

class SettingsBinderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cr3t-t0ken-value";

  private final PluginDescriptor descriptor =
      descriptor(
          new Setting(
              "timeZone", SettingType.STRING, TextNode.valueOf("America/Chicago"), false, "Zone."),
          new Setting("pollSeconds", SettingType.INTEGER, IntNode.valueOf(60), false, "Poll."),
          new Setting("accounts", SettingType.ARRAY, null, false, "Accounts."),
          new Setting("appSecret", SettingType.STRING, null, true, "Secret."));

  @Test
  void missingConfigurationGivesEveryDefault() {
    PluginSettings settings = bind(null);

    assertThat(settings.keys()).containsExactly("timeZone", "pollSeconds", "accounts", "appSecret");
    assertThat(settings.get("timeZone")).isEqualTo(TextNode.valueOf("America/Chicago"));
    assertThat(settings.get("pollSeconds")).isEqualTo(IntNode.valueOf(60));
    assertThat(settings.get("accounts")).isEqualTo(NullNode.getInstance());
    assertThat(bind(NullNode.getInstance()).get("pollSeconds")).isEqualTo(IntNode.valueOf(60));
  }

  @Test
  void givenValuesReplaceDefaultsAndNullMeansNotGiven() {
    PluginSettings settings =
        bind(json("{\"pollSeconds\": 30, \"timeZone\": null, \"accounts\": [{\"id\": \"m\"}]}"));

    assertThat(settings.get("pollSeconds")).isEqualTo(IntNode.valueOf(30));
    assertThat(settings.get("timeZone")).isEqualTo(TextNode.valueOf("America/Chicago"));
    assertThat(settings.get("accounts")).isEqualTo(json("[{\"id\": \"m\"}]"));
  }

  @Test
  void secretsAndPathsAreReported() {
    PluginSettings settings = bind(json("{}"));

    assertThat(settings.isSecret("appSecret")).isTrue();
    assertThat(settings.isSecret("timeZone")).isFalse();
    assertThat(settings.pathOf("pollSeconds")).isEqualTo("plugins.org.digitalbranch.pollSeconds");
  }

  @Test
  void askingForAnUndeclaredSettingIsAProgrammingError() {
    PluginSettings settings = bind(null);

    assertThatThrownBy(() -> settings.get("colour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "plugins.org.digitalbranch.colour is not a declared setting (known: timeZone,"
                + " pollSeconds, accounts, appSecret)");
  }

  @Test
  void theBoundSettingsCannotBeChangedThroughWhatTheyHandOut() {
    PluginSettings settings = bind(json("{\"accounts\": [1]}"));

    ((ArrayNode) settings.get("accounts")).add(2);

    assertThat(settings.get("accounts")).isEqualTo(json("[1]"));
    assertThatThrownBy(() -> settings.keys().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void wrongTypesAndUnknownSettingsAreAllReportedWithFullPaths() {
    SettingsBinder.Result result =
        SettingsBinder.bind(
            descriptor,
            json("{\"pollSeconds\": \"sixty\", \"colour\": \"red\", \"accounts\": {}}"));

    assertThat(result.ok()).isFalse();
    assertThat(result.settings()).isNull();
    assertThat(result.problems())
        .containsExactly(
            "plugins.org.digitalbranch.pollSeconds: expected an integer, got \"sixty\"",
            "plugins.org.digitalbranch.colour: unknown setting (known: timeZone, pollSeconds,"
                + " accounts, appSecret)",
            "plugins.org.digitalbranch.accounts: expected an array, got an object");
  }

  @Test
  void aValueFromTheEnvironmentOfTheWrongTypeIsNamedByItsReference() {
    JsonNode resolved =
        EnvReferences.resolve(
                json("{\"pollSeconds\": \"${env:POLL}\"}"), java.util.Map.of("POLL", SECRET)::get)
            .tree();

    assertThat(SettingsBinder.bind(descriptor, resolved).problems())
        .containsExactly(
            "plugins.org.digitalbranch.pollSeconds: expected an integer, got ${env:POLL}");
  }

  @Test
  void aFractionIsNotAnInteger() {
    assertThat(SettingsBinder.bind(descriptor, json("{\"pollSeconds\": 60.5}")).problems())
        .containsExactly("plugins.org.digitalbranch.pollSeconds: expected an integer, got 60.5");
  }

  @Test
  void settingsWithProblemsAreStillOfferedWellTypedForThePluginsOwnChecks() {
    SettingsBinder.Result result =
        SettingsBinder.bind(descriptor, json("{\"pollSecond\": 5, \"pollSeconds\": 60.5}"));

    assertThat(result.settings()).isNull();
    assertThat(result.problems()).hasSize(2);
    // The culprit at its default, not the refused 60.5; the unknown key not at all.
    assertThat(result.wellTyped().get("pollSeconds"))
        .isEqualTo(SettingsBinder.bind(descriptor, null).settings().get("pollSeconds"));
    assertThat(result.wellTyped().keys()).doesNotContain("pollSecond");
  }

  @Test
  void settingsThatAreNotAnObjectAreOneProblem() {
    assertThat(SettingsBinder.bind(descriptor, json("[\"" + SECRET + "\"]")).problems())
        .containsExactly("plugins.org.digitalbranch: expected an object, got an array");
  }

  @Test
  void aSecretsValueNeverAppearsInProblemsOrInToString() {
    SettingsBinder.Result wrongType =
        SettingsBinder.bind(descriptor, json("{\"appSecret\": [\"" + SECRET + "\"]}"));
    SettingsBinder.Result wrongNumber =
        SettingsBinder.bind(descriptor, json("{\"appSecret\": 12345678}"));
    PluginSettings bound = bind(json("{\"appSecret\": \"" + SECRET + "\"}"));

    assertThat(wrongType.problems())
        .containsExactly("plugins.org.digitalbranch.appSecret: expected a string, got an array");
    assertThat(wrongNumber.problems())
        .containsExactly("plugins.org.digitalbranch.appSecret: expected a string, got an integer");
    assertThat(bound.get("appSecret")).isEqualTo(TextNode.valueOf(SECRET));
    assertThat(bound.toString())
        .isEqualTo(
            "plugins.org.digitalbranch{timeZone=\"America/Chicago\", pollSeconds=60,"
                + " accounts=null, appSecret=(secret)}");
  }

  @Test
  void aDescriptorWithoutSettingsRefusesAnyAndSaysSo() {
    SettingsBinder.Result result = SettingsBinder.bind(descriptor(), json("{\"pollSeconds\": 60}"));

    assertThat(result.problems())
        .containsExactly("plugins.org.digitalbranch.pollSeconds: unknown setting (known: none)");
  }

  @Test
  void settingsReadByTheReaderBindWithTheirDefaults() throws IOException {
    PluginDescriptor news;
    try (var in = getClass().getResourceAsStream("/" + DescriptorReader.LOCATION)) {
      news = new DescriptorReader(getClass().getClassLoader()).read(in).descriptor();
    }

    PluginSettings settings = SettingsBinder.bind(news, null).settings();

    assertThat(settings.get("pageSize")).isEqualTo(IntNode.valueOf(20));
    assertThat(settings.get("sources")).isEqualTo(json("[]"));
    assertThat(settings.pathOf("apiToken")).isEqualTo("plugins.org.example.news.apiToken");
  }

  private PluginSettings bind(JsonNode config) {
    SettingsBinder.Result result = SettingsBinder.bind(descriptor, config);
    assertThat(result.problems()).isEmpty();
    return result.settings();
  }

  private static PluginDescriptor descriptor(Setting... settings) {
    return new PluginDescriptor(
        "org.digitalbranch",
        "Digital Branch",
        "1.0",
        "Social media.",
        new Requires(21, "6.0"),
        "/digital-branch",
        "org.example.Entry",
        List.of(),
        List.of(),
        Optional.empty(),
        List.of(settings));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
