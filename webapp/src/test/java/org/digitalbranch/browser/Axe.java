package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, as Deque ships it in its {@code com.deque.html.axe-core:selenium} JAR ({@code
 * axe.min.js}), injected into the page the browser shows and run there. WebDriver's scripts are not
 * subject to the page's Content-Security-Policy, so the policy stays as strict as production's.
 */
final class Axe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = PageHook.resource("/axe.min.js");
  private static final Set<String> BLOCKING = Set.of("serious", "critical");

  private static final String RUN =
      "var done = arguments[arguments.length - 1];"
          + " axe.run(document, {resultTypes: ['violations']}).then("
          + " function (r) { done(JSON.stringify(r.violations)); },"
          + " function (e) { done(JSON.stringify({error: String(e)})); });";

  /** One rule broken on the page, with where. */
  record Violation(String rule, String impact, String help, List<String> targets) {
    @Override
    public String toString() {
      return impact
          + " "
          + rule
          + ": "
          + help
          + "\n      at "
          + String.join("\n      at ", targets);
    }
  }

  private Axe() {}

  /** Every violation axe finds on the page now showing, of any impact. */
  static List<Violation> violationsOn(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(SOURCE);
    }
    String answer = (String) js.executeAsyncScript(RUN);
    try {
      JsonNode result = JSON.readTree(answer);
      if (result.has("error")) {
        throw new IllegalStateException("axe failed on the page: " + result.get("error").asText());
      }
      List<Violation> violations = new ArrayList<>();
      for (JsonNode violation : result) {
        List<String> targets = new ArrayList<>();
        for (JsonNode node : violation.path("nodes")) {
          targets.add(node.path("target").toString() + " " + node.path("html").asText());
        }
        violations.add(
            new Violation(
                violation.path("id").asText(),
                violation.path("impact").asText(),
                violation.path("help").asText(),
                targets));
      }
      return violations;
    } catch (IOException e) {
      throw new IllegalStateException("axe answered something that is not JSON: " + answer, e);
    }
  }

  /**
   * Fails when axe finds a serious or critical violation on the page, listing every violation it
   * found (the minor ones too, as a to-do list) with its targets.
   */
  static void assertNoSeriousViolations(WebDriver driver, String what) {
    List<Violation> violations = violationsOn(driver);
    if (violations.stream().anyMatch(v -> BLOCKING.contains(v.impact()))) {
      StringBuilder report =
          new StringBuilder("axe found serious or critical violations on ")
              .append(what)
              .append(" (")
              .append(driver.getCurrentUrl())
              .append("):");
      violations.forEach(v -> report.append("\n  ").append(v));
      fail(report.toString());
    }
  }
}
