package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.Test;

/**
 * Not a test: figures. Runs only with {@code mvn -Pbench -pl webapp -am verify} (see
 * docs/benchmarks.md) and never fails on a number.
 *
 * <p>Starts the real host with the real plugin on port 0 with a fresh data folder, signs in demo
 * users, and lets {@value #CLIENTS} concurrent clients loop create → submit → approve over the HTTP
 * API (each post approved by a moderator other than its author) for {@value #MEASURE_SECONDS} s
 * after a warm-up. Then it measures the ceiling: single-row SQLite transactions per second with the
 * same durability (WAL, synchronous=FULL, one INSERT and one commit per transaction), and prints
 * the ratio.
 */
class QueueBenchmark {

  static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 5);
  static final int MEASURE_SECONDS = Integer.getInteger("bench.seconds", 20);

  /** Bounds the loop whatever the machine's speed. */
  private static final int MAX_ROUNDS_PER_CLIENT = 100_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/digital-branch/api/";
  private static final List<String> AUTHORS =
      List.of("staff", "staff2", "moderator", "moderator2", "admin");
  private static final List<String> MODERATORS = List.of("moderator", "moderator2", "admin");
  private static final List<String> ACTIONS = List.of("create", "submit", "approve");

  /** Latencies in nanoseconds, per action, for one client. */
  private record Timings(Map<String, List<Long>> byAction) {
    static Timings empty() {
      Map<String, List<Long>> map = new LinkedHashMap<>();
      ACTIONS.forEach(action -> map.put(action, new ArrayList<>()));
      return new Timings(map);
    }
  }

  @Test
  void moderationThroughHttpAgainstRawSqlite() throws Exception {
    Path root = Paths.get("target", "bench");
    Files.createDirectories(root);
    Path data = Files.createTempDirectory(root.toAbsolutePath(), "data-");
    StringBuilder report = new StringBuilder();

    double httpWritesPerSecond;
    try (RunningIntranet intranet = RunningIntranet.start(IntranetConfig.demo(data))) {
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String author = AUTHORS.get(i % AUTHORS.size());
        String moderator = MODERATORS.get(i % MODERATORS.size());
        if (moderator.equals(author)) {
          moderator = MODERATORS.get((i + 1) % MODERATORS.size());
        }
        clients.add(new Client(intranet, author, moderator));
      }
      run(clients, WARMUP_SECONDS);
      List<Timings> timings = run(clients, MEASURE_SECONDS);

      report.append(
          String.format(
              Locale.ROOT,
              "HTTP API, %d clients, %d s measured after %d s warm-up:%n",
              CLIENTS,
              MEASURE_SECONDS,
              WARMUP_SECONDS));
      long writes = 0;
      for (String action : ACTIONS) {
        long[] all =
            timings.stream()
                .flatMap(t -> t.byAction().get(action).stream())
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
        writes += all.length;
        report.append(
            String.format(
                Locale.ROOT,
                "  %-8s %7d ops  %8.1f ops/s  p50 %7.1f ms  p99 %7.1f ms%n",
                action,
                all.length,
                all.length / (double) MEASURE_SECONDS,
                percentile(all, 50) / 1e6,
                percentile(all, 99) / 1e6));
      }
      httpWritesPerSecond = writes / (double) MEASURE_SECONDS;
      report.append(
          String.format(
              Locale.ROOT,
              "  all      %7d ops  %8.1f ops/s (each one write transaction)%n",
              writes,
              httpWritesPerSecond));
    }

    double raw = rawSqliteTransactionsPerSecond(root, Math.max(5, MEASURE_SECONDS / 2));
    report.append(
        String.format(
            Locale.ROOT,
            "Raw SQLite (WAL, synchronous=FULL, one INSERT per transaction, one thread): %.1f tx/s%n",
            raw));
    report.append(
        String.format(
            Locale.ROOT,
            "Ratio HTTP moderation writes / raw transactions: %.2f (target at least 0.50)%n",
            httpWritesPerSecond / raw));
    System.out.print(report);
    Files.writeString(root.resolve("queue-benchmark.txt"), report.toString());
  }

  /** Every client loops for {@code seconds}; returns what each measured. */
  private static List<Timings> run(List<Client> clients, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Timings>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients.size())) {
      for (Client client : clients) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  Timings timings = Timings.empty();
                  for (int round = 0;
                      round < MAX_ROUNDS_PER_CLIENT && System.nanoTime() < deadline;
                      round++) {
                    client.round(timings);
                  }
                  return timings;
                }));
      }
      start.countDown();
      List<Timings> all = new ArrayList<>();
      for (Future<Timings> future : futures) {
        all.add(future.get());
      }
      return all;
    }
  }

  /** One author session and one moderator session. */
  private static final class Client {
    private final Browser author;
    private final Browser moderator;
    private final String authorToken;
    private final String moderatorToken;
    private final String authorName;

    Client(RunningIntranet intranet, String authorName, String moderatorName) throws Exception {
      this.authorName = authorName;
      this.author = intranet.browser();
      author.signedInAs(authorName, authorName);
      this.moderator = intranet.browser();
      moderator.signedInAs(moderatorName, moderatorName);
      this.authorToken = token(author);
      this.moderatorToken = token(moderator);
    }

    void round(Timings timings) throws Exception {
      long t0 = System.nanoTime();
      JsonNode created =
          expect(
              author.json(
                  "POST",
                  API + "posts",
                  authorToken,
                  "{\"text\": \"What are you reading this weekend, "
                      + authorName
                      + "?\", \"accounts\": [\"mastodon-main\"], \"topic\": \"readers-advisory\","
                      + " \"intent\": \"engagement\"}"),
              201);
      long t1 = System.nanoTime();
      String post = API + "posts/" + created.get("id").asText();
      expect(author.json("POST", post + "/submit", authorToken, "{\"version\": 1}"), 200);
      long t2 = System.nanoTime();
      expect(moderator.json("POST", post + "/approve", moderatorToken, "{\"version\": 2}"), 200);
      long t3 = System.nanoTime();
      timings.byAction().get("create").add(t1 - t0);
      timings.byAction().get("submit").add(t2 - t1);
      timings.byAction().get("approve").add(t3 - t2);
    }

    private static String token(Browser browser) throws Exception {
      return expect(browser.get(API + "me"), 200).get("csrfToken").asText();
    }

    private static JsonNode expect(HttpResponse<String> response, int status) throws Exception {
      if (response.statusCode() != status) {
        throw new IllegalStateException(
            "expected " + status + ", got " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    }
  }

  /** The ceiling: what SQLite itself commits per second with the store's durability settings. */
  static double rawSqliteTransactionsPerSecond(Path root, int seconds) throws Exception {
    Path file = Files.createTempFile(root.toAbsolutePath(), "raw-", ".db");
    Files.delete(file);
    Properties pragmas = new Properties();
    pragmas.setProperty("journal_mode", "WAL");
    pragmas.setProperty("synchronous", "FULL");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, pragmas)) {
      try (Statement create = connection.createStatement()) {
        create.execute(
            "CREATE TABLE rows (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL, at BIGINT)");
      }
      connection.setAutoCommit(false);
      long count = 0;
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      long started = System.nanoTime();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO rows (body, at) VALUES (?, ?)")) {
        while (System.nanoTime() < deadline && count < 10_000_000) {
          insert.setString(1, "What are you reading this weekend?");
          insert.setLong(2, System.currentTimeMillis());
          insert.executeUpdate();
          connection.commit();
          count++;
        }
      }
      return count / ((System.nanoTime() - started) / 1e9);
    }
  }

  private static double percentile(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
