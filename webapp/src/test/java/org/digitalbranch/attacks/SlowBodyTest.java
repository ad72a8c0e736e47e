package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger cannot hold a server thread by trickling a request body: each byte would reset the
 * idle timeout, so the server would wait for the whole declared body. To the public webhook the
 * trickle here is five bytes a second, fifty times below the host's minimum data rate, for at most
 * thirty seconds; the host cuts it off soon after its grace of two seconds (SlowBodyFilter). The
 * sign-in form, which the container parses beneath that rate, is read before any thread is given to
 * it, so strangers trickling it wait on their own connections. Ordinary deliveries and sign-ins are
 * still taken. A form sent without a declared length (chunked), whose size is known only by reading
 * it, is read no further than the host's form limit, so a stranger trickling one holds no more than
 * that.
 */
class SlowBodyTest {

  private static final String PATH = "/digital-branch/api/webhooks/facebook";
  private static final String APP_SECRET = "5f2b9a7c31d84e6fa0b1c2d3e4f50617";
  private static final Duration PAUSE = Duration.ofMillis(200);
  private static final int MAX_BYTES = 150;
  private static final byte[] SIGN_IN_HEAD =
      "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"
          .getBytes(StandardCharsets.US_ASCII);

  /**
   * More than enough to show on the busy-thread count beside the few threads any moment's work
   * uses; without reading forms before dispatch each would hold one.
   */
  private static final int STRANGERS = 10;

  @TempDir static Path data;
  static HostUnderAttack host;

  @BeforeAll
  static void start() throws Exception {
    host = HostUnderAttack.start(ConfiguredIntranet.withFacebookWebhook(data, APP_SECRET, "v"));
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  @Test
  void aWebhookDeliveryTrickledByteByByteIsCutOffLongBeforeItIsAllSent() throws Exception {
    HostUnderAttack.Trickle trickle =
        host.trickle(
            "POST "
                + PATH
                + " HTTP/1.1\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256="
                + "0".repeat(64),
            10_000,
            PAUSE,
            MAX_BYTES);

    assertThat(trickle.cutOff()).as("the server ended the request while it trickled").isTrue();
    assertThat(trickle.bytesSent()).isLessThan(MAX_BYTES);
    assertThat(trickle.answer()).startsWith("HTTP/1.1 408").contains("Connection: close");
  }

  @Test
  void aColleaguesJsonBodyTrickledBelowTheRateIsAnsweredRequestTimeoutNotAnError()
      throws Exception {
    Attacker staff = host.signedIn("staff", ConfiguredIntranet.STAFF_PASSWORD);

    HostUnderAttack.Trickle trickle =
        host.trickle(
            "POST /digital-branch/api/posts HTTP/1.1\r\nContent-Type: application/json"
                + "\r\nCookie: "
                + staff.sessionCookie()
                + "\r\nX-CSRF-Token: "
                + staff.csrf(),
            2_000,
            PAUSE,
            MAX_BYTES);

    // A body the plugin may drain after refusing it (under 64 KB, a signed-in colleague): the
    // drain meets the same failed stream and must not turn the answer into an error.
    assertThat(trickle.cutOff()).as("the server ended the request while it trickled").isTrue();
    assertThat(trickle.answer()).startsWith("HTTP/1.1 408").contains("Connection: close");
  }

  @Test
  void strangersTricklingSignInFormsHoldNoServerThread() throws Exception {
    int busyBefore = host.busyServerThreads();
    List<HostUnderAttack.BackgroundTrickle> strangers = new ArrayList<>();
    try {
      for (int i = 0; i < STRANGERS; i++) {
        strangers.add(
            host.trickleInBackground(
                "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
                10_000,
                Duration.ofMillis(50)));
      }
      HostUnderAttack.awaitUntil(
          "the server reading every stranger's form",
          () -> strangers.stream().allMatch(stranger -> host.bodyBytesReadFrom(stranger) >= 3));

      // The least of three looks: a moment's ordinary work (a GC pause releasing several reads at
      // once) must not pass for a held thread.
      int taken = Integer.MAX_VALUE;
      for (int look = 0; look < 3; look++) {
        taken = Math.min(taken, host.busyServerThreads() - busyBefore);
        Thread.sleep(50);
      }
      assertThat(taken)
          .as("server threads taken while %d strangers trickle sign-in forms", STRANGERS)
          .isLessThan(STRANGERS / 2);
      host.signedIn("staff", ConfiguredIntranet.STAFF_PASSWORD);
    } finally {
      for (HostUnderAttack.BackgroundTrickle stranger : strangers) {
        stranger.close();
      }
    }
  }

  @Test
  void aSignInFormDeclaredOverTheFormLimitIsRefusedBeforeItsBodyIsAskedFor() throws Exception {
    // Just over the sign-in form's own limit (16 KiB), under Jetty's form limit, and far over.
    for (int declared : new int[] {20_000, 100_000, 3_000_000}) {
      String answer =
          host.firstLineAnsweringHead(
              "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"
                  + "\r\nExpect: 100-continue",
              declared);

      assertThat(answer).as("a form declared at %d bytes", declared).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void aChunkedSignInFormPastTheFormLimitIsRefusedTooLargeAndSigningInStillWorks()
      throws Exception {
    // Just past the host's form limit (16 KiB), far under Jetty's own (200,000 bytes).
    byte[] form =
        ("csrf=x&username=staff&password=" + "a".repeat(20_000)).getBytes(StandardCharsets.UTF_8);

    HostUnderAttack.RawResponse answer = host.rawChunked(SIGN_IN_HEAD, form, 4096);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.headers()).contains("Connection: close");
    assertThat(answer.body())
        .isEqualTo(
            "Form too large: a form sent without a Content-Length may be at most 16384 bytes.\n");
    host.signedIn("staff", ConfiguredIntranet.STAFF_PASSWORD);
  }

  @Test
  void aChunkedSignInFormWithinTheFormLimitSignsIn() throws Exception {
    Attacker colleague = new Attacker(host.base());
    String csrf = colleague.openSignInForm();
    byte[] form =
        ("csrf="
                + Attacker.encode(csrf)
                + "&username=staff&password="
                + Attacker.encode(ConfiguredIntranet.STAFF_PASSWORD))
            .getBytes(StandardCharsets.UTF_8);
    byte[] head =
        (new String(SIGN_IN_HEAD, StandardCharsets.US_ASCII)
                + "\r\nCookie: "
                + colleague.sessionCookie())
            .getBytes(StandardCharsets.US_ASCII);

    HostUnderAttack.RawResponse answer = host.rawChunked(head, form, 16);

    assertThat(answer.status()).isEqualTo(303);
  }

  @Test
  void anOrdinaryDeliveryIsStillTaken() throws Exception {
    byte[] body = "{\"object\": \"page\", \"entry\": []}".getBytes(StandardCharsets.UTF_8);

    Attacker meta = new Attacker(host.base());

    int status =
        meta.send(
                meta.request(PATH)
                    .header("Content-Type", "application/json")
                    .header(
                        "X-Hub-Signature-256", WebhookAttacksOverHttpTest.sign(body, APP_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)))
            .statusCode();

    assertThat(status).isEqualTo(200);
  }
}
