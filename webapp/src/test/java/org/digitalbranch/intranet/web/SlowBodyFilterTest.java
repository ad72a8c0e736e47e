package org.digitalbranch.intranet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

/**
 * The pace a request body must keep, read by read, on a clock the test moves. Over HTTP the
 * trickles are in SlowBodyTest.
 */
class SlowBodyFilterTest {

  private static final byte[] APPROVAL = "{\"version\": 1}".getBytes(StandardCharsets.UTF_8);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aSmallBodyThatHasAllArrivedIsNotRefusedWhenTheReadThatFindsItsEndComesLate()
      throws Exception {
    // Jetty's own check answered this one 408: 14 bytes, and the second read 60 ms later.
    SlowBodyFilter.PacedStream body = paced(APPROVAL.length, APPROVAL);

    assertThat(body.read(new byte[8192])).isEqualTo(APPROVAL.length);
    later(Duration.ofSeconds(10));

    assertThat(body.read(new byte[8192])).isEqualTo(-1);
  }

  @Test
  void aChunkedBodyTheContainerHasWholeIsNotJudgedHoweverLateItsEndIsRead() throws Exception {
    SlowBodyFilter.PacedStream body = paced(-1, APPROVAL);

    assertThat(body.read(new byte[8192])).isEqualTo(APPROVAL.length);
    later(Duration.ofSeconds(10));

    assertThat(body.read(new byte[8192])).isEqualTo(-1);
  }

  @Test
  void aPauseOfTheServersOwnWithinTheGraceIsNotTakenForASlowClient() throws Exception {
    // No declared length (chunked): the pace is all there is to go by.
    SlowBodyFilter.PacedStream body = paced(-1, APPROVAL);

    assertThat(body.read(new byte[8192])).isEqualTo(APPROVAL.length);
    later(SlowBodyFilter.GRACE.minusMillis(1));

    assertThat(body.read(new byte[8192])).isEqualTo(-1);
  }

  @Test
  void aBodyTrickledBelowTheRateIsCutOffWith408SoonAfterTheGrace() throws Exception {
    byte[][] bytes = new byte[100][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = new byte[] {'x'};
    }
    SlowBodyFilter.PacedStream body = paced(10_000, bytes);
    int read = 0;
    Duration elapsed = Duration.ZERO;

    BadMessageException refused = null;
    while (refused == null && read < bytes.length) {
      try {
        read += body.read(new byte[8192]);
      } catch (BadMessageException e) {
        refused = e;
      }
      later(Duration.ofMillis(200));
      elapsed = elapsed.plusMillis(200);
    }

    assertThat(refused).as("refused while it trickled").isNotNull();
    assertThat(refused.getCode()).isEqualTo(408);
    assertThat(elapsed).isGreaterThan(SlowBodyFilter.GRACE).isLessThan(Duration.ofSeconds(3));
    assertThat(read).isLessThan(15);
  }

  @Test
  void aBodyArrivingAboveTheRateIsReadToItsEndHoweverLongItTakes() throws Exception {
    byte[][] seconds = new byte[60][];
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = new byte[(int) SlowBodyFilter.MIN_BYTES_PER_SECOND + 20];
    }
    SlowBodyFilter.PacedStream body = paced(-1, seconds);
    long total = 0;

    for (int n = body.read(new byte[8192]); n >= 0; n = body.read(new byte[8192])) {
      total += n;
      later(Duration.ofSeconds(1));
    }

    assertThat(total).isEqualTo(60L * (SlowBodyFilter.MIN_BYTES_PER_SECOND + 20));
  }

  @Test
  void aBodyThatStallsPastTheGraceBeforeItHasAllArrivedIsCutOff() throws Exception {
    byte[] half = new byte[100];
    SlowBodyFilter.PacedStream body = paced(200, half, half);

    assertThat(body.read(new byte[8192])).isEqualTo(100);
    later(SlowBodyFilter.GRACE.plusSeconds(1));

    assertThatThrownBy(() -> body.read(new byte[8192]))
        .isInstanceOfSatisfying(
            BadMessageException.class, e -> assertThat(e.getCode()).isEqualTo(408));
  }

  private void later(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private SlowBodyFilter.PacedStream paced(long declaredLength, byte[]... chunks) {
    return new SlowBodyFilter.PacedStream(new Chunks(chunks), declaredLength, now::get);
  }

  /** The container's input: each read gives the next chunk as it arrived, then the end. */
  private static final class Chunks extends ServletInputStream {
    private final Deque<byte[]> chunks = new ArrayDeque<>();

    Chunks(byte[]... chunks) {
      this.chunks.addAll(java.util.List.of(chunks));
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      byte[] next = chunks.poll();
      if (next == null) {
        return -1;
      }
      System.arraycopy(next, 0, buffer, offset, next.length);
      return next.length;
    }

    @Override
    public int read() throws IOException {
      throw new UnsupportedOperationException("read(byte[], int, int) only");
    }

    @Override
    public boolean isFinished() {
      return chunks.isEmpty();
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new UnsupportedOperationException();
    }
  }
}
