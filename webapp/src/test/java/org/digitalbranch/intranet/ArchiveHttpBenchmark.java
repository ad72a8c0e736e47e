package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Not a test: figures. Runs only with {@code mvn -Pbench -pl webapp -am verify} (see
 * docs/benchmarks.md, "Search through HTTP against in-process") and never fails on a number.
 *
 * <p>Issue 5's target "search through HTTP no more than 3× the in-process time": the real host with
 * the real plugin (port 0), its archive filled by the demo's sandbox ingestion (or the host data
 * folder given as {@code -Dbench.archive=...}, to which the demo's conversations are added). Per
 * query type, the same queries as {@code GET api/archive/search?q=...} by signed-in staff browsers
 * and as {@code ArchiveSearch.search} on the running plugin's own searcher in the same JVM, reached
 * by reflection (the host never compiles against a plugin), with 1 and with 16 concurrent clients.
 */
class ArchiveHttpBenchmark {

  static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  static final int CELL_SECONDS = Integer.getInteger("bench.cellSeconds", 20);
  static final int SETTLE_SECONDS = Integer.getInteger("bench.settleSeconds", 300);
  static final String ARCHIVE = System.getProperty("bench.archive", "");
  static final int WARM_SECONDS = Integer.getInteger("bench.warmSeconds", 20);
  static final int CELL_WARM_SECONDS = Integer.getInteger("bench.cellWarmSeconds", 2);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MOUNT = "/digital-branch/";
  private static final String PLUGIN = "org.digitalbranch";
  private static final List<String> TYPES =
      List.of("frequent", "rare", "AND", "OR", "phrase", "filtered", "faceted");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "that", "this", "with", "have", "from", "they", "will", "your", "what", "there", "their",
          "were", "been", "then", "than", "them", "these", "when", "into", "would", "could",
          "about", "just", "also", "does", "here", "some", "more", "very", "http", "https");

  /**
   * One query: {@code q} as typed, and {@code platform} as a facet click adds it (the API's {@code
   * platform=} parameter, {@code SearchFilter.PLATFORM} in process), or null.
   */
  record Query(String type, String q, String platform) {
    String path() {
      return MOUNT
          + "api/archive/search?q="
          + URLEncoder.encode(q, StandardCharsets.UTF_8)
          + (platform == null ? "" : "&platform=" + platform);
    }

    @Override
    public String toString() {
      return platform == null ? q : q + " [platform=" + platform + "]";
    }
  }

  @FunctionalInterface
  interface Runner {
    void run(Query q) throws Exception;
  }

  @FunctionalInterface
  interface RunnerFactory {
    Runner newRunner() throws Exception;
  }

  @FunctionalInterface
  interface ClientRunner<C> {
    void run(C client, Query q) throws Exception;
  }

  /** Each new runner asks through the next of {@code clients}, in turn. */
  private static <C> RunnerFactory roundRobin(List<C> clients, ClientRunner<C> run) {
    int[] next = {0};
    return () -> {
      C client = clients.get(next[0]++ % clients.size());
      return q -> run.run(client, q);
    };
  }

  @Test
  void searchThroughHttpAgainstTheSameSearchInProcess() throws Exception {
    Path root = Paths.get("target", "bench");
    Files.createDirectories(root);
    Path data =
        ARCHIVE.isBlank()
            ? Files.createTempDirectory(root.toAbsolutePath(), "archive-http-")
            : Path.of(ARCHIVE).toAbsolutePath();
    StringBuilder report = new StringBuilder();
    line(
        report,
        "Archive search through HTTP against in-process, started %s, commit %s, %d cores, Java %s",
        Instant.now(),
        commit(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    line(report, "Data folder: %s", ARCHIVE.isBlank() ? "fresh (demo ingestion only)" : data);
    line(
        report,
        "HTTP: one kept-alive HTTP/1.1 connection per client, read on the client's thread"
            + " (KeepAliveClient); \"JDK client\": the same requests through each signed-in"
            + " browser's java.net.http.HttpClient, for comparison");
    line(report, "Load average (1, 5, 15 min) before: %s", loadAverage());

    try (RunningIntranet intranet = RunningIntranet.start(IntranetConfig.demo(data))) {
      Browser staff = intranet.browser();
      staff.signedInAs("staff", "staff");
      line(report, "Archive: %s", settledArchive(staff));
      stopPolling(intranet.plugin(PLUGIN));
      line(
          report,
          "The demo's polling is stopped from here on: every 10 s it rereads its sandbox's Graph"
              + " look-back window through WireMock, busy on both cores for seconds, which would"
              + " slow whichever cell it fell in");
      InProcess inProcess = InProcess.of(intranet.plugin(PLUGIN));
      List<Query> queries = chooseQueries(inProcess, staff);
      for (String type : TYPES) {
        line(
            report,
            "  %-9s %s",
            type,
            queries.stream().filter(q -> q.type().equals(type)).map(Query::toString).toList());
      }

      List<Browser> browsers = new ArrayList<>();
      List<KeepAliveClient> connections = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Browser browser = intranet.browser();
        browser.signedInAs("staff", "staff");
        browsers.add(browser);
        connections.add(new KeepAliveClient(browser.base(), browser.sessionId().orElseThrow()));
      }
      // Warm every path for the same time (JIT, caches, facet state, connections) before
      // measuring. Choosing the queries above ran hundreds of in-process searches and few
      // requests; three rounds each left the HTTP path's Jetty, filters and JSON on code not yet
      // fully compiled (a separate client against the 1M archive saw one rare word's request at
      // 6.8 ms p50 over its first 300 requests and at 1.9 ms over its third 300).
      warm(queries, q -> http(connections.get(0), q));
      warm(queries, q -> http(staff, q));
      warm(queries, inProcess::search);
      line(
          report,
          "Warmed: %d s per path over every query, then %d s per cell",
          WARM_SECONDS,
          CELL_WARM_SECONDS);
      double floor = loopbackRoundTrip();
      line(
          report,
          "Loopback floor: a 300-byte request answered with 600 bytes by another thread of this JVM"
              + " over one kept-alive blocking socket, no HTTP: p50 %.3f ms. \"floor\" below is"
              + " the ratio HTTP would have with a server that cost nothing beyond it: (floor +"
              + " in-process) / in-process",
          floor);
      int rareBytes =
          http(connections.get(0), firstOfType(queries, "rare"))
              .body()
              .getBytes(StandardCharsets.UTF_8)
              .length;
      double jetty = jettyFloor(rareBytes);
      line(
          report,
          "Jetty floor: the same client against a bare Jetty server in this JVM whose one handler"
              + " answers %,d fixed bytes (a rare word's answer), nothing of ours: p50 %.3f ms."
              + " \"Jetty\" below is the ratio a host that did nothing but the search would have:"
              + " (Jetty floor + in-process) / in-process",
          rareBytes,
          jetty);

      ExecutorService searchers = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int clients : List.of(1, CLIENTS)) {
          line(
              report,
              "%nSearch, %d client(s): p50 / p99 in ms, HTTP time / in-process time (p50, p99);"
                  + " mean in ms (with many clients, the time a request spends waiting for a core"
                  + " shows in the mean)",
              clients);
          List<Double> ratios = new ArrayList<>();
          List<String> invalid = new ArrayList<>();
          for (String type : TYPES) {
            List<Query> ofType = queries.stream().filter(q -> q.type().equals(type)).toList();
            if (ofType.isEmpty()) {
              line(report, "  %-9s no query of this type in this archive", type);
              continue;
            }
            double[] overHttp =
                cell(clients, ofType, roundRobin(connections, ArchiveHttpBenchmark::http));
            double[] local = cell(clients, ofType, () -> inProcess::search);
            // The same search on another thread that the client blocks for, as a server's worker
            // does, without HTTP: a wake-up each way and, with many clients on 2 cores, the wait
            // for a core once the answer is ready, which an in-process p50 never includes.
            double[] handedOff =
                cell(clients, ofType, () -> q -> searchers.submit(() -> inProcess.search(q)).get());
            double[] overJdk =
                cell(clients, ofType, roundRobin(browsers, ArchiveHttpBenchmark::http));
            // A search cannot take much longer in the client's own thread than handed to another
            // thread: when it takes twice as long (seen twice at 1M for rare words, about 2 ms on
            // every call against 0.2), the cell measured something else. Within twice is noise
            // (a heavy query's p50 moves by a third from cell to cell). Measured once more; if it
            // holds, not counted.
            boolean valid = local[0] <= 2 * handedOff[0];
            if (!valid) {
              double[] again = cell(clients, ofType, () -> inProcess::search);
              line(
                  report,
                  "  %-9s in-process %8.2f ms at p50, over twice the hand-off's %8.2f: measured"
                      + " again, %8.2f",
                  type,
                  local[0],
                  handedOff[0],
                  again[0]);
              local = again;
              valid = local[0] <= 2 * handedOff[0];
            }
            if (valid) {
              ratios.add(overHttp[0] / local[0]);
            } else {
              invalid.add(type);
            }
            line(
                report,
                "  %-9s HTTP %8.2f / %8.2f (n=%4d)   in-process %8.2f / %8.2f (n=%4d)"
                    + "   HTTP/in-process %5.2f x / %5.2f x   JDK client %8.2f (%5.2f x)"
                    + "   floor %s   Jetty %s   hand-off %8.2f (HTTP/hand-off %5.2f x)"
                    + "   mean HTTP %8.2f in-process %8.2f",
                type,
                overHttp[0],
                overHttp[1],
                (int) overHttp[2],
                local[0],
                local[1],
                (int) local[2],
                overHttp[0] / local[0],
                overHttp[1] / local[1],
                overJdk[0],
                overJdk[0] / local[0],
                floorRatio(clients, floor, local[0]),
                floorRatio(clients, jetty, local[0]),
                handedOff[0],
                overHttp[0] / handedOff[0],
                overHttp[3],
                local[3]);
          }
          double worst = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
          List<Double> sorted = new ArrayList<>(ratios);
          Collections.sort(sorted);
          line(
              report,
              "  median type %.2f x, worst type %.2f x (p50; target at most 3 x): %s%s",
              sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2),
              worst,
              worst <= 3 ? "met" : "MISSED",
              invalid.isEmpty()
                  ? ""
                  : " on the types measured; not counted, in-process over twice the hand-off: "
                      + String.join(", ", invalid));
        }
      } finally {
        searchers.shutdownNow();
      }
      for (KeepAliveClient connection : connections) {
        connection.close();
      }
    }
    line(report, "%nLoad average after the run: %s", loadAverage());
    System.out.print(report);
    Files.writeString(root.resolve("archive-http-benchmark.txt"), report.toString());
  }

  // ---------------------------------------------------------------- the two paths

  private static void http(Browser browser, Query q) throws IOException, InterruptedException {
    HttpResponse<String> answer = browser.get(q.path());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(q + ": HTTP " + answer.statusCode() + " " + answer.body());
    }
  }

  private static KeepAliveClient.Answer http(KeepAliveClient connection, Query q)
      throws IOException {
    KeepAliveClient.Answer answer = connection.get(q.path());
    if (answer.status() != 200) {
      throw new IllegalStateException(q + ": HTTP " + answer.status() + " " + answer.body());
    }
    return answer;
  }

  /**
   * The ratio a server costing only {@code floor} beyond the search would reach: (floor +
   * in-process) / in-process. Only with one client: both floors are measured with one, and with
   * many the wait for a core, not the floor, sets the ratio.
   */
  private static String floorRatio(int clients, double floor, double inProcess) {
    return clients == 1
        ? String.format(Locale.ROOT, "%5.2f x", (floor + inProcess) / inProcess)
        : "    - ";
  }

  private static Query firstOfType(List<Query> queries, String type) {
    return queries.stream().filter(q -> q.type().equals(type)).findFirst().orElseThrow();
  }

  /**
   * {@code DigitalBranchPlugin.stopPolling()}, its test hook, through reflection as {@link
   * InProcess} reaches the search.
   */
  private static void stopPolling(IntranetPlugin plugin) throws ReflectiveOperationException {
    Method stop = plugin.getClass().getDeclaredMethod("stopPolling");
    stop.setAccessible(true);
    if (!(Boolean) stop.invoke(plugin)) {
      throw new IllegalStateException("the demo's polling was not running");
    }
  }

  /**
   * The running plugin's own {@code ArchiveSearch}, through reflection on the plugin object as
   * {@link DemoSandbox} does: {@code DigitalBranchPlugin.archive()} (its test hook) and {@code
   * ArchiveRuntime.search()}, then the public {@code ArchiveSearch} API. It searches with the
   * visibility the API gives the demo's {@code staff} user (direct messages of the demo accounts,
   * whose team every demo user is on; others' hidden), so both sides do the same work: with every
   * conversation visible the search skips the did-you-mean check's visibility counts.
   */
  static final class InProcess {
    private final Object search;
    private final Method searchMethod;
    private final Method suggest;
    private final Method of;
    private final Method withFilter;
    private final Method total;
    private final Object platformFilter;
    private final Object staffVisibility;

    private InProcess(Object search) throws ReflectiveOperationException {
      ClassLoader loader = search.getClass().getClassLoader();
      Class<?> request = loader.loadClass("org.digitalbranch.archive.SearchRequest");
      Class<?> filter = loader.loadClass("org.digitalbranch.archive.SearchFilter");
      Class<?> visibility = loader.loadClass("org.digitalbranch.archive.ArchiveVisibility");
      Set<String> demoAccounts = new LinkedHashSet<>();
      for (Object account :
          (List<?>)
              loader
                  .loadClass("org.digitalbranch.config.DigitalBranchConfig")
                  .getMethod("demoAccounts")
                  .invoke(null)) {
        demoAccounts.add((String) account.getClass().getMethod("id").invoke(account));
      }
      this.staffVisibility =
          visibility.getMethod("directMessagesOf", Set.class).invoke(null, demoAccounts);
      this.search = search;
      this.searchMethod = search.getClass().getMethod("search", request, visibility);
      this.suggest = search.getClass().getMethod("suggest", String.class, int.class);
      this.of = request.getMethod("of", String.class);
      this.withFilter = request.getMethod("withFilter", filter, String[].class);
      this.total = loader.loadClass("org.digitalbranch.archive.SearchResults").getMethod("total");
      this.platformFilter = filter.getMethod("valueOf", String.class).invoke(null, "PLATFORM");
    }

    static InProcess of(IntranetPlugin plugin) throws ReflectiveOperationException {
      Method archive = plugin.getClass().getDeclaredMethod("archive");
      archive.setAccessible(true);
      Object runtime = archive.invoke(plugin);
      Method search = runtime.getClass().getDeclaredMethod("search");
      search.setAccessible(true);
      return new InProcess(search.invoke(runtime));
    }

    /** The total of matching conversations. */
    long search(Query q) throws ReflectiveOperationException {
      Object request = of.invoke(null, q.q());
      if (q.platform() != null) {
        Object values = Array.newInstance(String.class, 1);
        Array.set(values, 0, q.platform());
        request = withFilter.invoke(request, platformFilter, values);
      }
      return (Long) total.invoke(searchMethod.invoke(search, request, staffVisibility));
    }

    @SuppressWarnings("unchecked")
    List<String> suggest(String prefix, int n) throws ReflectiveOperationException {
      return (List<String>) suggest.invoke(search, prefix, n);
    }
  }

  // ---------------------------------------------------------------- queries

  /**
   * Words from the archive itself, so the types mean the same whatever it holds: the suggester's
   * most frequent completions of each letter are the candidates, counted by searching each;
   * frequent are the most common, rare the least common that still match, "middle" words those at a
   * fiftieth of the list; the phrase is two consecutive words of a frequent word's first snippet.
   */
  private static List<Query> chooseQueries(InProcess archive, Browser staff) throws Exception {
    Set<String> candidates = new LinkedHashSet<>();
    for (char letter = 'a'; letter <= 'z'; letter++) {
      for (String word : archive.suggest(String.valueOf(letter), 20)) {
        if (word.matches("[a-z]{4,}") && !STOP_WORDS.contains(word)) {
          candidates.add(word);
        }
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String word : candidates) {
      long n = archive.search(new Query("count", word, null));
      if (n > 0) {
        counts.put(word, n);
      }
    }
    List<String> byFrequency =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .map(Map.Entry::getKey)
            .toList();
    if (byFrequency.size() < 20) {
      throw new IllegalStateException("too few words in the archive: " + byFrequency);
    }
    List<String> frequent = byFrequency.subList(0, 5);
    List<String> rare = byFrequency.subList(byFrequency.size() - 5, byFrequency.size());
    int from = Math.max(5, byFrequency.size() / 50);
    List<String> middle = byFrequency.subList(from, from + 10);
    Set<String> distinct = new LinkedHashSet<>();
    for (String word : byFrequency.subList(0, 20)) {
      phraseOf(staff, word).ifPresent(distinct::add);
    }
    List<String> phrases = new ArrayList<>(distinct);
    List<String> platforms = List.of("mastodon", "bluesky", "facebook", "instagram", "x");
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String f = frequent.get(i);
      String m = middle.get(i);
      String m2 = middle.get(i + 5);
      queries.add(new Query("frequent", f, null));
      queries.add(new Query("rare", rare.get(i), null));
      queries.add(new Query("AND", f + " AND " + m, null));
      queries.add(new Query("OR", m + " OR " + m2, null));
      if (i < phrases.size()) {
        queries.add(new Query("phrase", "\"" + phrases.get(i) + "\"", null));
      }
      String platform = platforms.get(i);
      queries.add(
          new Query(
              "filtered",
              i % 2 == 0 ? m + " platform:" + platform : m + " account:" + platform + "-main",
              null));
      queries.add(new Query("faceted", m2, platform));
    }
    return queries;
  }

  private static java.util.Optional<String> phraseOf(Browser staff, String word) throws Exception {
    JsonNode hits =
        JSON.readTree(staff.get(new Query("phrase", word, null).path()).body()).get("hits");
    for (JsonNode hit : hits) {
      StringBuilder text = new StringBuilder();
      hit.get("snippet").forEach(segment -> text.append(segment.get("text").asText()));
      String[] words = text.toString().toLowerCase(Locale.ROOT).split("[^a-z]+");
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].length() >= 4 && words[i + 1].length() >= 4) {
          return java.util.Optional.of(words[i] + " " + words[i + 1]);
        }
      }
    }
    return java.util.Optional.empty();
  }

  // ---------------------------------------------------------------- measuring

  /**
   * p50 and p99 in ms and the sample count, for {@code clients} threads each running the queries
   * round robin: untimed for {@link #CELL_WARM_SECONDS} (and at least one round), then 100 (one
   * client) or 16 (each of many) measured queries, and never past {@link #CELL_SECONDS}.
   */
  private static double[] cell(int clients, List<Query> queries, RunnerFactory factory)
      throws Exception {
    int perClient = clients == 1 ? 100 : 16;
    List<Runner> runners = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      runners.add(factory.newRunner());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CELL_WARM_SECONDS + CELL_SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int offset = c;
        Runner runner = runners.get(c);
        futures.add(
            pool.submit(
                () -> {
                  long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(CELL_WARM_SECONDS);
                  for (int i = 0; i < queries.size() || System.nanoTime() < warmUntil; i++) {
                    runner.run(queries.get(i % queries.size()));
                  }
                  List<Long> nanos = new ArrayList<>();
                  for (int i = 0; i < perClient && System.nanoTime() < deadline; i++) {
                    Query q = queries.get((offset + i) % queries.size());
                    long t = System.nanoTime();
                    runner.run(q);
                    nanos.add(System.nanoTime() - t);
                  }
                  return nanos;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> future : futures) {
        all.addAll(future.get());
      }
      Collections.sort(all);
      double mean = all.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
      return new double[] {percentile(all, 0.50), percentile(all, 0.99), all.size(), mean};
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The p50 in ms of the least an HTTP request can cost here: a 300-byte request written to a
   * loopback socket, read by another thread, answered with 600 bytes and read back, with blocking
   * sockets and TCP_NODELAY, as the kept-alive client does, without any HTTP or server work. It is
   * two thread wake-ups and four system calls; 2,000 round trips untimed, then 5,000 timed.
   */
  private static double loopbackRoundTrip() throws Exception {
    byte[] request = new byte[300];
    byte[] answer = new byte[600];
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        Socket server = listening.accept()) {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      Thread answering =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      DataInputStream in = new DataInputStream(server.getInputStream());
                      byte[] read = new byte[request.length];
                      while (true) {
                        in.readFully(read);
                        server.getOutputStream().write(answer);
                      }
                    } catch (IOException closed) {
                      // The measurement is over.
                    }
                  });
      DataInputStream in = new DataInputStream(client.getInputStream());
      byte[] read = new byte[answer.length];
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < 7_000; i++) {
        long t = System.nanoTime();
        client.getOutputStream().write(request);
        in.readFully(read);
        if (i >= 2_000) {
          nanos.add(System.nanoTime() - t);
        }
      }
      client.close();
      answering.join(1_000);
      Collections.sort(nanos);
      return percentile(nanos, 0.50);
    }
  }

  /**
   * The p50 in ms of a request to a bare Jetty server started here, with the host's Jetty and
   * nothing of ours: one handler answering {@code bodyBytes} fixed bytes, asked by the same
   * kept-alive client as the host. It is the selector's wake-ups, the pool's hand-offs and the
   * client's own work, which the loopback floor leaves out: on this machine a request to a bare
   * Jetty costs about twice a rare word's search. 2,000 requests untimed, then 5,000 timed.
   */
  private static double jettyFloor(int bodyBytes) throws Exception {
    byte[] body = new byte[bodyBytes];
    Arrays.fill(body, (byte) ' ');
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
          }
        });
    server.start();
    try {
      KeepAliveClient client =
          new KeepAliveClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()), "none");
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < 7_000; i++) {
        long t = System.nanoTime();
        if (client.get("/floor").status() != 200) {
          throw new IllegalStateException("the bare Jetty server did not answer 200");
        }
        if (i >= 2_000) {
          nanos.add(System.nanoTime() - t);
        }
      }
      Collections.sort(nanos);
      return percentile(nanos, 0.50);
    } finally {
      server.stop();
    }
  }

  /** Runs the queries round robin, untimed, for {@link #WARM_SECONDS}. */
  private static void warm(List<Query> queries, Runner runner) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_SECONDS);
    for (int i = 0; i < queries.size() || System.nanoTime() < until; i++) {
      runner.run(queries.get(i % queries.size()));
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int at = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, at)) / 1e6;
  }

  // ---------------------------------------------------------------- setting up

  /**
   * Waits until the demo's first ingestion is done: the archive holds conversations and its total
   * holds still for 12 s, longer than two of the index's 5 s pulls (a first run that waited 6 s
   * measured 796 of the demo's 3,000 conversations).
   */
  private static String settledArchive(Browser staff) throws Exception {
    long started = System.nanoTime();
    long deadline = started + SETTLE_SECONDS * 1_000_000_000L;
    long last = -1;
    int steady = 0;
    while (System.nanoTime() < deadline && steady < 6) {
      HttpResponse<String> all = staff.get(MOUNT + "api/archive/search?q=");
      long total = all.statusCode() == 200 ? JSON.readTree(all.body()).get("total").asLong() : -2;
      // An empty archive is not settled: the first ingestion may not have begun yet.
      steady = total == last && total > 0 ? steady + 1 : 0;
      last = total;
      Thread.sleep(2000);
    }
    return String.format(
        Locale.ROOT,
        "%s%d conversations, settled %.0f s after the host started",
        steady < 6 ? "NOT SETTLED: " : "",
        last,
        (System.nanoTime() - started) / 1e9);
  }

  private static void line(StringBuilder report, String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException notLinux) {
      return "unknown";
    }
  }

  private static String commit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (IOException noGit) {
      return "unknown";
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
