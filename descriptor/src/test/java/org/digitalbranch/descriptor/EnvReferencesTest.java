package org.digitalbranch.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReferencesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENVIRONMENT =
      Map.of("MASTODON_TOKEN", "tok-123", "HOST", "example.social", "EMPTY", "");

  @Test
  void wholeAndEmbeddedReferencesAreReplacedEverywhere() {
    EnvReferences.Result result =
        resolve(
            """
            {"plugins": {"org.digitalbranch": {"accounts": [
              {"baseUrl": "https://${env:HOST}/api", "credentials": {"accessToken": "${env:MASTODON_TOKEN}"},
               "note": "${env:EMPTY}", "port": 443, "team": ["jlee"]}]}}}
            """);

    assertThat(result.problems()).isEmpty();
    assertThat(result.tree())
        .isEqualTo(
            json(
                """
                {"plugins": {"org.digitalbranch": {"accounts": [
                  {"baseUrl": "https://example.social/api", "credentials": {"accessToken": "tok-123"},
                   "note": "", "port": 443, "team": ["jlee"]}]}}}
                """));
  }

  @Test
  void theInputTreeIsLeftAlone() {
    JsonNode input = json("{\"token\": \"${env:MASTODON_TOKEN}\"}");

    EnvReferences.resolve(input, ENVIRONMENT::get);

    assertThat(input).isEqualTo(json("{\"token\": \"${env:MASTODON_TOKEN}\"}"));
  }

  @Test
  void aDoubledDollarEscapesAReference() {
    EnvReferences.Result result =
        resolve("{\"text\": \"literal $${env:HOST} and ${env:HOST}, price $5, ${other}\"}");

    assertThat(result.problems()).isEmpty();
    assertThat(result.tree().get("text").textValue())
        .isEqualTo("literal ${env:HOST} and example.social, price $5, ${other}");
  }

  @Test
  void unsetVariablesAreEachAProblemWithTheirPath() {
    EnvReferences.Result result =
        resolve(
            """
            {"plugins": {"org.digitalbranch": {"accounts": [
              {"credentials": {"accessToken": "${env:BLUESKY_PASSWORD}"}},
              {"credentials": {"appId": "${env:FB_APP}-${env:FB_SECRET}"}}]}}}
            """);

    assertThat(result.ok()).isFalse();
    assertThat(result.problems())
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].credentials.accessToken: environment variable"
                + " BLUESKY_PASSWORD is not set",
            "plugins.org.digitalbranch.accounts[1].credentials.appId: environment variable FB_APP"
                + " is not set",
            "plugins.org.digitalbranch.accounts[1].credentials.appId: environment variable"
                + " FB_SECRET is not set");
  }

  @Test
  void malformedReferencesAreProblemsThatDoNotEchoTheValue() {
    EnvReferences.Result result =
        resolve("{\"a\": \"hunter2${env:1X}\", \"b\": \"hunter2${env:HOST\", \"c\": \"${env:}\"}");

    assertThat(result.problems())
        .containsExactly(
            "a: malformed environment reference at character 8 (write ${env:NAME}, NAME matching"
                + " [A-Za-z_][A-Za-z0-9_]*)",
            "b: malformed environment reference at character 8 (write ${env:NAME}, NAME matching"
                + " [A-Za-z_][A-Za-z0-9_]*)",
            "c: malformed environment reference at character 1 (write ${env:NAME}, NAME matching"
                + " [A-Za-z_][A-Za-z0-9_]*)");
    assertThat(String.join("\n", result.problems())).doesNotContain("hunter2");
  }

  @Test
  void resolvedSecretsNeverAppearInProblems() {
    EnvReferences.Result result =
        resolve("{\"token\": \"${env:MASTODON_TOKEN}\", \"other\": \"${env:MISSING}\"}");

    assertThat(result.problems()).containsExactly("other: environment variable MISSING is not set");
    assertThat(String.join("\n", result.problems())).doesNotContain("tok-123");
  }

  @Test
  void aStringAtTheRootHasTheRootPath() {
    EnvReferences.Result result = EnvReferences.resolve(json("\"${env:NOPE}\""), ENVIRONMENT::get);

    assertThat(result.problems()).containsExactly("$: environment variable NOPE is not set");
  }

  @Test
  void oddFieldNamesAreQuotedInPaths() {
    EnvReferences.Result result = resolve("{\"a b\": {\"c\": \"${env:NOPE}\"}}");

    assertThat(result.problems())
        .containsExactly("[\"a b\"].c: environment variable NOPE is not set");
  }

  @Test
  void resolvedValuesAreNotScannedAgain() {
    EnvReferences.Result result =
        EnvReferences.resolve(json("{\"x\": \"${env:A}\"}"), Map.of("A", "${env:B}")::get);

    assertThat(result.problems()).isEmpty();
    assertThat(result.tree().get("x").textValue()).isEqualTo("${env:B}");
  }

  @Test
  void aResolvedValueIsShownByItsReferenceNeverByWhatTheEnvironmentHeld() {
    JsonNode tree =
        resolve(
                "{\"whole\": \"${env:MASTODON_TOKEN}\", \"part\": \"Bearer ${env:MASTODON_TOKEN}\","
                    + " \"plain\": \"tok-123\"}")
            .tree();

    assertThat(EnvReferences.shown(tree.get("whole"))).contains("${env:MASTODON_TOKEN}");
    assertThat(EnvReferences.shown(tree.get("part"))).contains("\"Bearer ${env:MASTODON_TOKEN}\"");
    assertThat(EnvReferences.shown(tree.get("plain"))).isEmpty();
    assertThat(tree.get("whole").textValue()).isEqualTo("tok-123");
  }

  private static EnvReferences.Result resolve(String json) {
    return EnvReferences.resolve(json(json), ENVIRONMENT::get);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
