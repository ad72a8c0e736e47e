package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.queue.QueueFixture.MEG;
import static org.digitalbranch.queue.QueueFixture.MO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentApprovalTest {
  @TempDir Path folder;

  @RepeatedTest(3)
  void twoModeratorsApprovingTheSameVersionAtOnceExactlyOneWins() throws Exception {
    QueueFixture fixture = new QueueFixture(folder);
    Post post = fixture.submitted("Story time Friday!");
    // Each moderator has their own service, as two requests on two threads would.
    PostService first = fixture.newService();
    PostService second = fixture.newService();
    CountDownLatch start = new CountDownLatch(1);

    List<Callable<String>> approvals =
        List.of(
            () -> approve(first, MO, post.id(), start),
            () -> approve(second, MEG, post.id(), start));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Callable<String> approval : approvals) {
        results.add(threads.submit(approval));
      }
      start.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> result : results) {
        outcomes.add(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(outcomes).containsExactlyInAnyOrder("approved", "409 stale, now version 3");
    } finally {
      threads.shutdownNow();
    }
    Post stored = fixture.service.get(MO, post.id());
    assertThat(stored.version()).isEqualTo(3);
    assertThat(stored.history()).filteredOn(h -> h.action().equals("approve")).hasSize(1);
  }

  private static String approve(
      PostService service, Actor moderator, String id, CountDownLatch start)
      throws InterruptedException {
    start.await();
    try {
      return service.act(moderator, id, Action.APPROVE, 2, null, false).state().id();
    } catch (PostRefused refused) {
      return refused.status()
          + " stale, now version "
          + ((Refusal.StaleVersion) refused.refusal()).currentVersion();
    }
  }
}
