package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MethodNotAllowedTest {

  @TempDir Path data;

  private RunningIntranet intranet;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data).withoutClasspathPlugins());
    browser = intranet.browser();
    browser.signedInAs("staff", "staff");
  }

  @AfterEach
  void stop() throws Exception {
    intranet.close();
  }

  @Test
  void aPageRefusesAnotherMethodNamingTheOnesItTakes() throws Exception {
    HttpResponse<String> put = browser.send("PUT", "/login");

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, OPTIONS");
    assertThat(put.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(put.body())
        .contains("<h1>Method not allowed</h1>")
        .contains("This address does not take PUT; it takes GET, HEAD, POST, OPTIONS.");
  }

  @Test
  void everyHostPageSaysWhatItTakes() throws Exception {
    HttpResponse<String> deleteSearch = browser.send("DELETE", "/search");
    HttpResponse<String> getLogout = browser.send("GET", "/logout");
    HttpResponse<String> postHome = browser.send("POST", "/");

    assertThat(deleteSearch.statusCode()).isEqualTo(405);
    assertThat(deleteSearch.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(deleteSearch.body()).contains("it takes GET, HEAD, OPTIONS.");
    assertThat(getLogout.statusCode()).isEqualTo(405);
    assertThat(getLogout.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(getLogout.body())
        .contains("This address does not take GET; it takes POST, OPTIONS.");
    assertThat(postHome.statusCode()).isEqualTo(405);
    assertThat(postHome.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(postHome.body()).contains("<h1>Method not allowed</h1>");
  }

  @Test
  void theApiRefusesAnotherMethodWithProblemDetails() throws Exception {
    HttpResponse<String> post = browser.send("POST", "/api/search?q=x");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(post.body())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Method not allowed\",\"status\":405,"
                + "\"detail\":\"This address does not take POST; it takes GET, HEAD, OPTIONS.\"}");
  }

  @Test
  void optionsListsTheSameMethodsAndNeverTrace() throws Exception {
    HttpResponse<String> options = browser.send("OPTIONS", "/login");

    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, OPTIONS");
  }

  @Test
  void theMethodsAPageTakesStillWork() throws Exception {
    assertThat(browser.get("/search?q=x").statusCode()).isEqualTo(200);
    assertThat(browser.send("HEAD", "/").statusCode()).isEqualTo(200);
    assertThat(browser.get("/api/search?q=x").statusCode()).isEqualTo(200);
  }
}
