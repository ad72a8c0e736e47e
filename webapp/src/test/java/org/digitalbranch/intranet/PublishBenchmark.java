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
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.Test;

/**
 * Not a test: figures. Runs only with {@code mvn -Pbench -pl webapp -am verify} (see
 * docs/benchmarks.md) and never fails on a number.
 *
 * <p>The publisher's throughput against local doubles: the real host with the real plugin in its
 * demo, whose accounts point at the sandbox platforms (WireMock servers on 127.0.0.1). Publishing
 * is paused; {@value #POSTS} posts, each for Mastodon, Bluesky and X, are created, submitted and
 * approved over HTTP; then publishing is resumed and the clock runs from the resume until every
 * target's outcome is recorded in the store (SQLite, WAL, synchronous=FULL), read from the database
 * file itself. Targets per second = targets / that time.
 */
class PublishBenchmark {

  static final int POSTS = Integer.getInteger("bench.posts", 300);
  static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  static final List<String> ACCOUNTS = List.of("mastodon-main", "bluesky-main", "x-main");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/digital-branch/api/";
  private static final List<String> AUTHORS = List.of("staff", "staff2");
  private static final List<String> MODERATORS = List.of("moderator", "moderator2");
  private static final long PATIENCE_NANOS = 300_000_000_000L;

  @Test
  void publishingThroughputAgainstTheSandboxPlatforms() throws Exception {
    Path root = Paths.get("target", "bench");
    Files.createDirectories(root);
    Path data = Files.createTempDirectory(root.toAbsolutePath(), "publish-");
    StringBuilder report = new StringBuilder();
    try (RunningIntranet intranet = RunningIntranet.start(IntranetConfig.demo(data))) {
      // The demo's queue history is published already; only targets made from now on count.
      long since = System.currentTimeMillis();
      Browser admin = intranet.browser();
      admin.signedInAs("admin", "admin");
      String adminToken = token(admin);
      expect(admin.json("POST", API + "publishing/pause", adminToken, "{\"paused\": true}"), 200);

      long approving = System.nanoTime();
      approveAll(intranet);
      double approveSeconds = (System.nanoTime() - approving) / 1e9;
      Path database = databaseFile(data);
      int targets = POSTS * ACCOUNTS.size();

      long resumed = System.nanoTime();
      expect(admin.json("POST", API + "publishing/pause", adminToken, "{\"paused\": false}"), 200);
      Map<String, Integer> states;
      long firstRecorded = 0;
      while (true) {
        states = states(database, since);
        int recorded =
            states.getOrDefault("published", 0)
                + states.getOrDefault("failed", 0)
                + states.getOrDefault("unknown", 0);
        if (recorded > 0 && firstRecorded == 0) {
          firstRecorded = System.nanoTime();
        }
        if (recorded >= targets) {
          break;
        }
        if (System.nanoTime() - resumed > PATIENCE_NANOS) {
          throw new IllegalStateException("not every target was recorded in time: " + states);
        }
        Thread.sleep(10);
      }
      long done = System.nanoTime();
      double seconds = (done - resumed) / 1e9;
      double fromFirst = (done - firstRecorded) / 1e9;
      report.append(
          String.format(
              Locale.ROOT,
              "Publishing %d posts x %d accounts = %d targets to the sandbox platforms%n",
              POSTS,
              ACCOUNTS.size(),
              targets));
      report.append(
          String.format(
              Locale.ROOT,
              "  approved over HTTP (paused) in %.1f s by %d clients%n",
              approveSeconds,
              CLIENTS));
      report.append(String.format(Locale.ROOT, "  outcomes: %s%n", states));
      report.append(
          String.format(
              Locale.ROOT,
              "  resume -> every outcome recorded: %.2f s = %.1f targets/s (target at least 100)%n",
              seconds,
              targets / seconds));
      report.append(
          String.format(
              Locale.ROOT,
              "  first -> last outcome recorded:   %.2f s = %.1f targets/s (without the first poll"
                  + " wait)%n",
              fromFirst,
              targets / fromFirst));
    }
    System.out.print(report);
    Files.writeString(root.resolve("publish-benchmark.txt"), report.toString());
  }

  private static void approveAll(RunningIntranet intranet) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
      for (int i = 0; i < CLIENTS; i++) {
        String author = AUTHORS.get(i % AUTHORS.size());
        String moderator = MODERATORS.get(i % MODERATORS.size());
        futures.add(
            pool.submit(
                () -> {
                  Browser writer = intranet.browser();
                  writer.signedInAs(author, author);
                  Browser approver = intranet.browser();
                  approver.signedInAs(moderator, moderator);
                  String writerToken = token(writer);
                  String approverToken = token(approver);
                  for (int n = next.getAndIncrement(); n < POSTS; n = next.getAndIncrement()) {
                    JsonNode created =
                        expect(
                            writer.json(
                                "POST",
                                API + "posts",
                                writerToken,
                                JSON.writeValueAsString(
                                    Map.of(
                                        "text",
                                        "Benchmark post " + n + ": what are you reading?",
                                        "accounts",
                                        ACCOUNTS,
                                        "topic",
                                        "readers-advisory",
                                        "intent",
                                        "engagement"))),
                            201);
                    String post = API + "posts/" + created.get("id").asText();
                    expect(
                        writer.json("POST", post + "/submit", writerToken, "{\"version\": 1}"),
                        200);
                    expect(
                        approver.json("POST", post + "/approve", approverToken, "{\"version\": 2}"),
                        200);
                  }
                  return null;
                }));
      }
      for (Future<Void> future : futures) {
        future.get();
      }
    }
  }

  /**
   * States of the targets made since {@code since} (epoch ms), as the store has them, read beside
   * the running host (WAL allows it).
   */
  private static Map<String, Integer> states(Path database, long since) throws Exception {
    Map<String, Integer> states = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT state, COUNT(*) FROM publish_targets"
                    + " WHERE COALESCE(first_attempt_at, updated_at) >= ?"
                    + " GROUP BY state ORDER BY state")) {
      select.setLong(1, since);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          states.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return states;
  }

  private static Path databaseFile(Path data) throws Exception {
    try (Stream<Path> files = Files.walk(data)) {
      return files
          .filter(file -> file.getFileName().toString().equals("digital-branch.db"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no digital-branch.db under " + data));
    }
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
