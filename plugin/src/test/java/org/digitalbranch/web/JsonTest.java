package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Draft(String text, int version, List<String> accounts) {}

  private final Json json = new Json();

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private HttpProblem.BadRequest refusal(byte[] body) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> json.read(new ByteArrayInputStream(body), Draft.class));
    assertThat(thrown).isInstanceOf(HttpProblem.BadRequest.class);
    return (HttpProblem.BadRequest) thrown;
  }

  private HttpProblem.BadRequest refusal(String body) {
    return refusal(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWellFormedBodyBindsToARecord() throws Exception {
    Draft draft =
        json.read(
            body("{\"text\": \"Hi\", \"version\": 3, \"accounts\": [\"x-main\"]}"), Draft.class);

    assertThat(draft).isEqualTo(new Draft("Hi", 3, List.of("x-main")));
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThat(refusal("{\"text\": \"Hi\",}").detail())
        .startsWith("malformed JSON at line 1, column 15: ");
  }

  @Test
  void aWrongTypeNamesTheField() {
    HttpProblem.BadRequest problem = refusal("{\"text\": \"Hi\", \"version\": \"three\"}");

    assertThat(problem.extras()).containsEntry("field", "version");
  }

  @Test
  void anUnknownFieldIsNamed() {
    HttpProblem.BadRequest problem =
        refusal("{\"text\": \"Hi\", \"version\": 1, \"colour\": \"blue\"}");

    assertThat(problem.extras()).containsEntry("field", "colour");
  }

  @Test
  void anEscapedNulCharacterIsRefusedNamingTheField() {
    HttpProblem.BadRequest problem =
        refusal("{\"text\": \"Hi\", \"accounts\": [\"x-main\", \"a\\u0000b\"]}");

    assertThat(problem.detail()).isEqualTo("text may not contain NUL characters");
    assertThat(problem.extras()).containsEntry("field", "accounts[1]");
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    assertThat(refusal(body).detail()).startsWith("malformed JSON").contains("UTF-8");
  }

  @Test
  void nestingDeeperThan32LevelsIsRefused() {
    String deep = "[".repeat(33) + "]".repeat(33);

    assertThat(refusal("{\"accounts\": " + deep + "}").detail())
        .startsWith("the JSON goes past a limit: Document nesting depth (33) exceeds the maximum")
        .doesNotContain("`");
  }

  @Test
  void aNumberPastJacksonsLimitIsRefusedSayingWhichLimit() {
    assertThat(refusal("{\"version\": " + "1".repeat(5000) + "}").detail())
        .startsWith("the JSON goes past a limit: Number value length (5000) exceeds the maximum")
        .doesNotContain("`", "StreamReadConstraints");
  }

  @Test
  void aBodyCutOffSaysWhereWithoutJacksonsAsides() {
    assertThat(refusal("{\"text\": \"a\", \"accounts\": [").detail())
        .startsWith("malformed JSON at line 1, column ")
        .doesNotContain("Source", "REDACTED", "StreamReadFeature", "`");
  }

  @Test
  void duplicateKeysAndTrailingContentAreRefused() {
    assertThat(refusal("{\"text\": \"a\", \"text\": \"b\"}").detail()).contains("Duplicate field");
    assertThat(refusal("{\"text\": \"a\"} {}").detail())
        .isEqualTo(
            "malformed JSON at line 1, column 15: something follows the JSON value; send one value"
                + " alone");
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertThat(refusal("").detail()).isEqualTo("the request body is empty; expected JSON");
  }

  @Test
  void datesAreWrittenAsIso8601() throws Exception {
    String written =
        json.mapper().writeValueAsString(Map.of("at", Instant.parse("2026-12-01T15:00:00Z")));

    assertThat(written).isEqualTo("{\"at\":\"2026-12-01T15:00:00Z\"}");
  }
}
