package org.digitalbranch.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.digitalbranch.platform.mastodon.MastodonStatusParsing;
import org.digitalbranch.platform.sandbox.ConversationGenerator;
import org.digitalbranch.platform.sandbox.GeneratedConversation;
import org.digitalbranch.platform.sandbox.GeneratedMessage;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.Database;
import org.digitalbranch.web.DigitalBranchPlugin;
import org.junit.jupiter.api.Test;

/**
 * Not a test: figures. Runs only with {@code mvn -Pbench -pl plugin -am verify -DskipTests} (see
 * docs/benchmarks.md) and never fails on a number.
 *
 * <ol>
 *   <li>Ingest: {@code bench.messages} generated messages rendered as Mastodon statuses (JSON),
 *       parsed as the Mastodon reader parses them, stored by {@link ArchiveStore#ingest} in batches
 *       of {@code bench.batch} (one transaction each, real SQLite file, WAL, synchronous=FULL) and
 *       made searchable by {@link ArchiveSync}, ending with a commit. Then, in the same run, a bare
 *       Lucene {@link IndexWriter} loop over the same conversations (same schema documents, same
 *       analyzers, one document per conversation) and the ratio. Both are preceded by an untimed
 *       warm-up of the same two over the first {@code bench.warmMessages} messages, so neither pays
 *       the JIT's first compilations of code the other then reuses.
 *   <li>Search: seven query types, p50/p99 with 1 and 16 clients, in-process through {@link
 *       ArchiveSearch} (facets and highlighting always on) and on SQLite FTS5 (bm25, snippet) over
 *       the same messages; the ratio per type.
 *   <li>Index size against the raw text, and a separate JVM with {@code -Xmx256m} serving the same
 *       search mix from the built index with 16 clients.
 * </ol>
 *
 * Every loop is bounded in count and in time; nothing leaves the machine.
 */
class ArchiveBenchmark {

  static final long MESSAGES = Long.getLong("bench.messages", 1_000_000L);
  static final int BATCH = Integer.getInteger("bench.batch", 1_000);
  static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  static final int CELL_SECONDS = Integer.getInteger("bench.cellSeconds", 20);
  static final int WARM_SECONDS = Integer.getInteger("bench.warmSeconds", 3);
  static final int HEAP_SECONDS = Integer.getInteger("bench.heapSeconds", 30);

  /**
   * Messages ingested, and indexed by the bare loop, untimed, before the timed runs, so that
   * neither pays the JIT's first compilations: the ingest runs first and would compile Lucene's
   * indexing code for the bare loop after it.
   */
  static final long WARM_MESSAGES = Long.getLong("bench.warmMessages", 50_000L);

  static final long SEED = 20261127L;

  /** {@code -Dbench.search=false} stops after the ingest and the sizes (for profiling it). */
  static final boolean SEARCH = !"false".equals(System.getProperty("bench.search"));

  private static final String OUR_ID = "1";
  private static final List<String> ACCOUNTS =
      List.of("masto-central", "masto-north", "masto-teens");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TYPES =
      List.of("frequent", "rare", "AND", "OR", "phrase", "filtered", "faceted");

  private final StringBuilder report = new StringBuilder();

  /** One query in both languages. */
  record Query(String type, String archive, String ftsMatch, String ftsAccount, boolean facets) {}

  @Test
  void archiveIngestSearchAndHeap() throws Exception {
    Path root = Paths.get("target", "bench", "archive").toAbsolutePath();
    deleteRecursively(root);
    Path data = root.resolve("data").resolve("org.digitalbranch");
    Path indexFolder = data.resolve("index");
    Files.createDirectories(indexFolder);
    line("Archive benchmark: %,d messages, batches of %,d, seed %d", MESSAGES, BATCH, SEED);

    ArchiveSchema schema = new ArchiveSchema(ZoneOffset.UTC);
    ArchiveAnalysis analysis = ArchiveAnalysis.withLibrarySynonyms();

    long[] rawText = new long[1];
    long[] rawJson = new long[1];
    // 0. The platform's side, not timed: every message as the Mastodon API returns it, one per
    // line with what the reader knows beside it (the account polled, the thread's root, whether
    // the status answered 404), so the ingest below starts from platform JSON on disk.
    Path platformJson = root.resolve("mastodon-statuses.jsonl");
    long conversations;
    try (java.io.Writer out = Files.newBufferedWriter(platformJson)) {
      conversations =
          eachConversation(
              conversation -> {
                String rootId = statusId(conversation.number(), 0);
                for (GeneratedMessage message : conversation.messages()) {
                  ObjectNode status = render(conversation, message);
                  String json = status.toString();
                  rawJson[0] += json.length();
                  if (!message.deleted()) {
                    rawText[0] += message.currentText().getBytes(StandardCharsets.UTF_8).length;
                  }
                  ObjectNode line = JSON.createObjectNode();
                  line.put("account", account(conversation));
                  line.put("root", message.index() == 0 ? null : rootId);
                  line.put("deleted", message.deleted());
                  line.set("status", status);
                  try {
                    out.write(line.toString());
                    out.write('\n');
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
              });
    }
    line(
        "Platform JSON written (not timed): %,d messages in %,d conversations, %,.1f MB",
        MESSAGES, conversations, mb(Files.size(platformJson)));
    // 0b. Warm-up, not timed: the same ingest and the same bare loop over the first messages.
    warmUp(root.resolve("warm-up"), schema, analysis, platformJson);
    // 1. Ingest: read and parse the platform JSON, store, index.
    double ingestSeconds;
    List<Query> queries;
    try (Database database = Database.open(data, ArchiveBenchmark.class.getClassLoader());
        ArchiveIndex index = ArchiveIndex.open(indexFolder, schema, analysis)) {
      long cpuStarted = processCpuNanos();
      long compilingStarted = compilationMillis();
      Ingested ingested = ingestPlatformJson(database, index, platformJson, MESSAGES, true);
      ingestSeconds = ingested.seconds();
      long[] split = {ingested.inIngestNanos(), ingested.commitNanos()};
      double ingestCpu = (processCpuNanos() - cpuStarted) / 1e9;
      double ingestCompiling = (compilationMillis() - compilingStarted) / 1e3;
      String ingestThreads = busyThreads();
      queries = chooseQueries(index);
      line(
          "  of which in ArchiveSync.ingest %.1f s (the store; the index is fed on the sync's"
              + " thread meanwhile), the last pull and the commit %.1f s, reading and parsing the"
              + " platform JSON the rest",
          split[0] / 1e9, split[1] / 1e9);
      line(
          "Ingest JSON -> store (WAL, synchronous=FULL) -> index, committed: %,d messages in %,d"
              + " conversations, %.1f s, %,.0f messages/s",
          MESSAGES, conversations, ingestSeconds, MESSAGES / ingestSeconds);

      // 1b. Bare Lucene over the same documents.
      Path bareFolder = root.resolve("bare-index");
      long bareCpuStarted = processCpuNanos();
      double bareSeconds = bareLucene(bareFolder, schema, analysis);
      double bareCpu = (processCpuNanos() - bareCpuStarted) / 1e9;
      line(
          "Bare Lucene IndexWriter, same documents and analyzers, one commit: %.1f s, %,.0f"
              + " messages/s",
          bareSeconds, MESSAGES / bareSeconds);
      line(
          "Ratio ingest / bare Lucene: %.2f (target at least 0.50)",
          (MESSAGES / ingestSeconds) / (MESSAGES / bareSeconds));
      // Wall-clock ratios on a small machine hide what bounds them: CPU seconds show whether the
      // ingest waits (disk, locks) or competes for the cores.
      line(
          "CPU: ingest %.1f s on %d cores (%.2f cores busy on average), bare Lucene %.1f s (%.2f"
              + " cores busy; its loop also generates the conversations)",
          ingestCpu,
          Runtime.getRuntime().availableProcessors(),
          ingestCpu / ingestSeconds,
          bareCpu,
          bareCpu / bareSeconds);
      line("  CPU of the ingest's threads since the JVM started: %s", ingestThreads);
      // The JIT's compilers take a core from the ingest while they work: how much of the timed
      // ingest still compiles, after the warm-up, says whether the ratio measures a warm server.
      line("  JIT compilation during the timed ingest: %.1f s (compilers' time)", ingestCompiling);

      // The searches below run on the index as the ingest left it: its segment count bounds
      // what every search pays per segment (term look-ups, the highlighter's postings).
      IndexSearcher searched = index.acquire();
      try {
        IndexReader reader = searched.getIndexReader();
        line(
            "Index as searched: %d segments, %,d documents, %,d deleted",
            reader.leaves().size(), reader.numDocs(), reader.numDeletedDocs());
      } finally {
        index.release(searched);
      }
      // 3a. Sizes.
      long indexBytes = folderSize(indexFolder);
      long dbBytes = folderSize(data) - indexBytes;
      line(
          "Raw text %,.1f MB (message texts, UTF-8); raw JSON %,.1f MB; Lucene index %,.1f MB"
              + " (%.2f x raw text); SQLite store %,.1f MB (%.2f x raw text); bare index %,.1f MB",
          mb(rawText[0]),
          mb(rawJson[0]),
          mb(indexBytes),
          indexBytes / (double) rawText[0],
          mb(dbBytes),
          dbBytes / (double) rawText[0],
          mb(folderSize(bareFolder)));
      deleteRecursively(bareFolder);
      if (!SEARCH) {
        Files.writeString(root.getParent().resolve("archive-benchmark.txt"), report.toString());
        return;
      }

      // 2. Search, in-process.
      Path ftsFile = root.resolve("fts5.db");
      double ftsSeconds = buildFts(ftsFile);
      line("FTS5 table over the same messages (porter unicode61), built in %.1f s", ftsSeconds);
      line("Queries:");
      for (Query q : queries) {
        line(
            "  %-9s archive [%s]  fts5 [%s]%s",
            q.type(),
            q.archive(),
            q.ftsMatch(),
            q.ftsAccount() == null ? "" : " account=" + q.ftsAccount());
      }
      ArchiveSearch search = new ArchiveSearch(index);
      Map<String, double[]> inProcess = new LinkedHashMap<>();
      Map<String, double[]> fts = new LinkedHashMap<>();
      // Warm both engines (JIT, caches, the facet state) on every query before measuring any.
      Runner warmFts = ftsRunner(ftsFile);
      for (int round = 0; round < 3; round++) {
        for (Query q : queries) {
          search.search(archiveRequest(q));
          warmFts.run(q);
        }
      }
      ((AutoCloseable) warmFts).close();
      for (int clients : List.of(1, CLIENTS)) {
        for (String type : TYPES) {
          List<Query> ofType = queries.stream().filter(q -> q.type().equals(type)).toList();
          inProcess.put(
              type + "/" + clients,
              cell(clients, ofType, () -> q -> search.search(archiveRequest(q))));
          fts.put(type + "/" + clients, cell(clients, ofType, () -> ftsRunner(ftsFile)));
        }
      }
      for (int clients : List.of(1, CLIENTS)) {
        line(
            "Search, %d client(s): p50 / p99 in ms, and FTS5 time / in-process time (p50)",
            clients);
        List<Double> ratios = new ArrayList<>();
        for (String type : TYPES) {
          double[] a = inProcess.get(type + "/" + clients);
          double[] f = fts.get(type + "/" + clients);
          double ratio = f[0] / a[0];
          ratios.add(ratio);
          line(
              "  %-9s in-process %8.2f / %8.2f  (n=%4d)   FTS5 %8.2f / %8.2f  (n=%4d)"
                  + "   FTS5/in-process %6.1f x",
              type, a[0], a[1], (long) a[2], f[0], f[1], (long) f[2], ratio);
        }
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        line(
            "  median type %.1f x faster in-process (target at least 10 x), slowest type %.1f x"
                + " (target above 1 x)",
            sorted.get(sorted.size() / 2), sorted.getFirst());
      }
      writeQueries(root.resolve("queries.txt"), queries);
    }

    // 3b. Heap: a separate JVM with -Xmx256m serves the same search mix from the built index.
    heapCheck(indexFolder, root.resolve("queries.txt"));
    line("HTTP: not measured on this branch: the archive has no api/archive/search endpoint here");

    Path out = root.getParent().resolve("archive-benchmark.txt");
    Files.writeString(out, report.toString());
    System.out.println("Written to " + out);
  }

  /**
   * One fetched page through {@link ArchiveSync#ingest}, as the plugin's ingestion does: it returns
   * once the store has committed, while the sync's thread indexes. {@code split[0]} is the time
   * spent in it.
   */
  private void warmUp(
      Path folder, ArchiveSchema schema, ArchiveAnalysis analysis, Path platformJson)
      throws Exception {
    long messages = Math.min(WARM_MESSAGES, MESSAGES);
    if (messages <= 0) {
      return;
    }
    long started = System.nanoTime();
    Path data = folder.resolve("data").resolve("org.digitalbranch");
    Path indexFolder = data.resolve("index");
    Files.createDirectories(indexFolder);
    try (Database database = Database.open(data, ArchiveBenchmark.class.getClassLoader());
        ArchiveIndex index = ArchiveIndex.open(indexFolder, schema, analysis)) {
      ingestPlatformJson(database, index, platformJson, messages, false).sync().close();
    }
    bareLucene(folder.resolve("bare-index"), schema, analysis, messages);
    deleteRecursively(folder);
    line(
        "Warm-up (not timed): the first %,d messages through the same ingest and the same bare"
            + " loop, %.1f s",
        messages, (System.nanoTime() - started) / 1e9);
  }

  /**
   * What one ingest took: wall seconds, nanoseconds in ArchiveSync.ingest and in the last commit;
   * and the sync, still running (searches after it use its hook).
   */
  private record Ingested(double seconds, long inIngestNanos, long commitNanos, ArchiveSync sync) {}

  /**
   * The plugin's ingest path over the first {@code limit} lines of the platform JSON: parsed as the
   * Mastodon reader parses statuses, stored by ArchiveSync.ingest a batch at a time, committed.
   */
  private static Ingested ingestPlatformJson(
      Database database, ArchiveIndex index, Path platformJson, long limit, boolean progress)
      throws IOException {
    // As the plugin wires it: every write transaction on the database's one long-lived writer
    // connection, reads on their own connections.
    Transactor writer = DigitalBranchPlugin.transactorOver(database);
    ArchiveStore store = new ArchiveStore(writer, Clock.systemUTC());
    ArchiveSync sync =
        new ArchiveSync(
            store, index, Clock.systemUTC(), ArchiveSync.COMMIT_EVERY, ArchiveSync.COMMIT_AFTER);
    sync.start();
    List<IncomingItem> batch = new ArrayList<>(BATCH);
    long[] count = new long[1];
    long[] split = new long[2];
    long started = System.nanoTime();
    try (MappingIterator<JsonNode> lines =
        JSON.readerFor(JsonNode.class).readValues(platformJson.toFile())) {
      while (lines.hasNext() && count[0] < limit) {
        JsonNode line = lines.next();
        JsonNode threadRoot = line.get("root");
        batch.add(
            MastodonStatusParsing.item(
                line.get("account").asText(),
                OUR_ID,
                threadRoot.isNull() ? null : threadRoot.asText(),
                line.get("status"),
                line.get("deleted").asBoolean()));
        if (batch.size() == BATCH) {
          ingest(sync, batch, split);
        }
        if (++count[0] % 100_000 == 0 && progress) {
          System.out.printf(
              "  ingested %,d messages, %.0f s%n", count[0], (System.nanoTime() - started) / 1e9);
        }
      }
    }
    if (!batch.isEmpty()) {
      ingest(sync, batch, split);
    }
    // Searchable and durable: commit() takes what the sync's thread has not applied yet.
    long commitStarted = System.nanoTime();
    sync.commit();
    split[1] += System.nanoTime() - commitStarted;
    return new Ingested((System.nanoTime() - started) / 1e9, split[0], split[1], sync);
  }

  private static void ingest(ArchiveSync sync, List<IncomingItem> batch, long[] split) {
    long t0 = System.nanoTime();
    sync.ingest(List.copyOf(batch));
    split[0] += System.nanoTime() - t0;
    batch.clear();
  }

  // ---------------------------------------------------------------- generation

  /** Feeds conversations holding exactly MESSAGES messages in all (the last one perhaps cut). */
  private static long eachConversation(Consumer<GeneratedConversation> each) {
    return eachConversation(MESSAGES, each);
  }

  /** The first conversations of the same sequence, holding exactly {@code messages} in all. */
  private static long eachConversation(long total, Consumer<GeneratedConversation> each) {
    ConversationGenerator generator = new ConversationGenerator(SEED);
    long left = total;
    long count = 0;
    while (left > 0) {
      GeneratedConversation conversation = generator.next();
      List<GeneratedMessage> messages = conversation.messages();
      if (messages.size() > left) {
        messages = messages.subList(0, (int) left);
        conversation =
            new GeneratedConversation(
                conversation.number(), conversation.platform(), conversation.topic(), messages);
      }
      left -= messages.size();
      count++;
      each.accept(conversation);
    }
    return count;
  }

  private static String account(GeneratedConversation conversation) {
    return ACCOUNTS.get((int) (conversation.number() % ACCOUNTS.size()));
  }

  private static String statusId(long conversation, int index) {
    return Long.toString(100_000_000_000L + conversation * 32 + index);
  }

  /** The status as Mastodon's API shows it (the fields the reader reads, and a few more). */
  private static ObjectNode render(GeneratedConversation conversation, GeneratedMessage message) {
    ObjectNode status = JSON.createObjectNode();
    status.put("id", statusId(conversation.number(), message.index()));
    status.put("created_at", message.at().toString());
    status.put(
        "in_reply_to_id",
        message.parent() < 0 ? null : statusId(conversation.number(), message.parent()));
    status.put(
        "visibility",
        message.kind() == org.digitalbranch.platform.sandbox.MessageKind.DIRECT_MESSAGE
            ? "direct"
            : "public");
    status.put("language", "en");
    status.put("uri", "https://library.example/statuses/" + status.get("id").asText());
    status.put("edited_at", message.edited() ? message.at().plusSeconds(300).toString() : null);
    status.put("content", "<p>" + escape(message.currentText()) + "</p>");
    ObjectNode account = status.putObject("account");
    account.put(
        "id",
        message.author().staff()
            ? OUR_ID
            : Integer.toString(1000 + Math.abs(message.author().handle().hashCode() % 1_000_000)));
    account.put("acct", message.author().handle());
    account.put("display_name", message.author().name());
    return status;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  // ---------------------------------------------------------------- bare Lucene

  /** Threads that used more than a second of CPU so far, and the JIT compilers' time. */
  private static String busyThreads() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    List<String> busy = new ArrayList<>();
    for (java.lang.management.ThreadInfo thread :
        threads.getThreadInfo(threads.getAllThreadIds())) {
      long cpu = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
      if (cpu > 1_000_000_000L) {
        busy.add(String.format("%s %.1f s", thread.getThreadName(), cpu / 1e9));
      }
    }
    busy.add(String.format("JIT compilers %.1f s", compilationMillis() / 1e3));
    return String.join(", ", busy);
  }

  /** Time the JIT's compiler threads have spent compiling since the JVM started. */
  private static long compilationMillis() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /** CPU time of the whole JVM (every thread, GC and JIT included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double bareLucene(Path folder, ArchiveSchema schema, ArchiveAnalysis analysis)
      throws IOException {
    return bareLucene(folder, schema, analysis, MESSAGES);
  }

  private static double bareLucene(
      Path folder, ArchiveSchema schema, ArchiveAnalysis analysis, long messages)
      throws IOException {
    Analyzer analyzer =
        new PerFieldAnalyzerWrapper(
            analysis.index(), Map.of(ArchiveSchema.WORDS, analysis.words()));
    long started = System.nanoTime();
    try (FSDirectory directory = FSDirectory.open(folder);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
      eachConversation(
          messages,
          conversation -> {
            try {
              writer.addDocument(schema.toDocument(archived(conversation)));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
      writer.commit();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** The conversation as the store hands it to the index (deleted messages without text). */
  private static ArchivedConversation archived(GeneratedConversation conversation) {
    List<ArchivedMessage> messages = new ArrayList<>();
    boolean answered = false;
    for (GeneratedMessage message : conversation.messages()) {
      if (message.deleted()) {
        continue;
      }
      answered |= message.author().staff() && message.index() > 0;
      messages.add(
          new ArchivedMessage(
              statusId(conversation.number(), message.index()),
              message.author().handle(),
              message.author().name(),
              message.parent() < 0 ? null : statusId(conversation.number(), message.parent()),
              message.author().staff(),
              null,
              message.parent() < 0 ? MessageKind.MENTION : MessageKind.REPLY,
              message.currentText(),
              message.at(),
              false));
    }
    return new ArchivedConversation(
        "c" + conversation.number(),
        "mastodon",
        account(conversation),
        MessageKind.MENTION,
        answered ? ConversationStatus.ANSWERED : ConversationStatus.UNANSWERED,
        null,
        List.of(),
        conversation.root().at(),
        messages);
  }

  // ---------------------------------------------------------------- FTS5

  private static Connection sqlite(Path file) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("journal_mode", "WAL");
    properties.setProperty("synchronous", "FULL");
    return DriverManager.getConnection("jdbc:sqlite:" + file, properties);
  }

  private static double buildFts(Path file) throws Exception {
    long started = System.nanoTime();
    try (Connection connection = sqlite(file)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE VIRTUAL TABLE messages USING fts5(text, conversation UNINDEXED, account"
                + " UNINDEXED, month UNINDEXED, tokenize='porter unicode61')");
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO messages(text, conversation, account, month) VALUES (?, ?, ?, ?)")) {
        long[] rows = new long[1];
        eachConversation(
            conversation -> {
              try {
                for (GeneratedMessage message : conversation.messages()) {
                  if (message.deleted()) {
                    continue;
                  }
                  insert.setString(1, message.currentText());
                  insert.setString(2, "c" + conversation.number());
                  insert.setString(3, account(conversation));
                  insert.setString(4, conversation.root().at().toString().substring(0, 7));
                  insert.executeUpdate();
                  if (++rows[0] % 10_000 == 0) {
                    connection.commit();
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
      }
      connection.commit();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** A runner for one client: its own read connection, ranked matches with snippets. */
  private static Runner ftsRunner(Path file) {
    Connection connection;
    try {
      connection = sqlite(file);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new FtsRunner(connection);
  }

  /** One client's FTS5 searches over its own connection. */
  private record FtsRunner(Connection connection) implements Runner, AutoCloseable {
    @Override
    public void run(Query q) throws Exception {
      String where = "messages MATCH ?" + (q.ftsAccount() == null ? "" : " AND account = ?");
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT conversation, snippet(messages, 0, '<mark>', '</mark>', '…', 16),"
                  + " bm25(messages) FROM messages WHERE "
                  + where
                  + " ORDER BY bm25(messages) LIMIT 20")) {
        bind(select, q);
        consume(select);
      }
      try (PreparedStatement count =
          connection.prepareStatement("SELECT count(*) FROM messages WHERE " + where)) {
        bind(count, q);
        consume(count);
      }
      if (q.facets()) {
        for (String column : List.of("account", "month")) {
          try (PreparedStatement facet =
              connection.prepareStatement(
                  "SELECT "
                      + column
                      + ", count(DISTINCT conversation) FROM messages WHERE "
                      + where
                      + " GROUP BY "
                      + column)) {
            bind(facet, q);
            consume(facet);
          }
        }
      }
    }

    @Override
    public void close() throws Exception {
      connection.close();
    }
  }

  private static void bind(PreparedStatement statement, Query q) throws Exception {
    statement.setString(1, q.ftsMatch());
    if (q.ftsAccount() != null) {
      statement.setString(2, q.ftsAccount());
    }
  }

  private static void consume(PreparedStatement statement) throws Exception {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        rows.getString(1);
      }
    }
  }

  // ---------------------------------------------------------------- queries

  static SearchRequest archiveRequest(Query q) {
    return SearchRequest.of(q.archive());
  }

  /**
   * Words taken from the index itself, so the query types mean the same at any size: frequent words
   * are the most common content words, rare ones occur in 2 to 20 conversations.
   */
  private static List<Query> chooseQueries(ArchiveIndex index) throws IOException {
    IndexSearcher searcher = index.acquire();
    List<String[]> byFrequency = new ArrayList<>();
    List<String> rare = new ArrayList<>();
    List<String> phrases = new ArrayList<>();
    try {
      Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), ArchiveSchema.WORDS);
      TermsEnum it = terms.iterator();
      BytesRef term;
      while ((term = it.next()) != null) {
        String word = term.utf8ToString();
        if (!word.matches("[a-z]{4,}") || EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(word)) {
          continue;
        }
        int df = it.docFreq();
        byFrequency.add(new String[] {word, Integer.toString(df)});
        if (df >= 2 && df <= 20 && word.length() >= 6 && rare.size() < 200) {
          rare.add(word);
        }
      }
      for (int doc = 0; phrases.size() < 5 && doc < 100; doc += 7) {
        String text =
            index
                .schema()
                .conversation(searcher.getIndexReader(), doc)
                .messages()
                .get(0)
                .text()
                .toLowerCase(Locale.ROOT);
        String[] words = text.split("[^a-z]+");
        for (int i = 0; i + 1 < words.length; i++) {
          if (words[i].length() >= 4 && words[i + 1].length() >= 4) {
            phrases.add(words[i] + " " + words[i + 1]);
            break;
          }
        }
      }
    } finally {
      index.release(searcher);
    }
    byFrequency.sort((a, b) -> Integer.parseInt(b[1]) - Integer.parseInt(a[1]));
    List<String> frequent = byFrequency.stream().limit(10).map(w -> w[0]).toList();
    List<String> middle =
        byFrequency.stream().skip(byFrequency.size() / 50).limit(10).map(w -> w[0]).toList();
    List<String> rareFive = new ArrayList<>();
    for (int i = 0; i < 5 && !rare.isEmpty(); i++) {
      rareFive.add(rare.get(i * rare.size() / 5));
    }
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String f = frequent.get(i);
      String m = middle.get(i);
      String m2 = middle.get(i + 5);
      queries.add(new Query("frequent", f, f, null, false));
      if (i < rareFive.size()) {
        queries.add(new Query("rare", rareFive.get(i), rareFive.get(i), null, false));
      }
      queries.add(new Query("AND", f + " " + m, f + " AND " + m, null, false));
      queries.add(new Query("OR", m + " OR " + m2, m + " OR " + m2, null, false));
      if (i < phrases.size()) {
        String p = phrases.get(i);
        queries.add(new Query("phrase", "\"" + p + "\"", "\"" + p + "\"", null, false));
      }
      String account = ACCOUNTS.get(i % ACCOUNTS.size());
      queries.add(new Query("filtered", m + " account:" + account, m, account, false));
      queries.add(new Query("faceted", m2, m2, null, true));
    }
    return queries;
  }

  private static void writeQueries(Path file, List<Query> queries) throws IOException {
    Files.write(file, queries.stream().map(Query::archive).toList());
  }

  // ---------------------------------------------------------------- measuring

  @FunctionalInterface
  interface Runner {
    void run(Query q) throws Exception;
  }

  @FunctionalInterface
  interface RunnerFactory {
    Runner newRunner() throws Exception;
  }

  /**
   * p50 and p99 in ms and the sample count, for {@code clients} threads each running the queries
   * round robin: untimed, each query once and then for {@link #WARM_SECONDS}; then at most 200 (one
   * client) or 16 (each of many) measured queries, for at most {@link #CELL_SECONDS}.
   */
  private static double[] cell(int clients, List<Query> queries, RunnerFactory factory)
      throws Exception {
    int perClient = clients == 1 ? 200 : 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int offset = c;
        futures.add(
            pool.submit(
                () -> {
                  Runner runner = factory.newRunner();
                  // Untimed first: every query of the type once, then round robin for up to
                  // WARM_SECONDS, so the JIT has compiled the paths this type takes (a rare
                  // word's differ from a frequent one's) before any is timed, as in a server
                  // that has been answering for a while.
                  long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_SECONDS);
                  for (int i = 0; i < queries.size() || System.nanoTime() < warm; i++) {
                    runner.run(queries.get(i % queries.size()));
                  }
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CELL_SECONDS);
                  List<Long> nanos = new ArrayList<>();
                  for (int i = 0; i < perClient && System.nanoTime() < deadline; i++) {
                    Query q = queries.get((offset + i) % queries.size());
                    long t = System.nanoTime();
                    runner.run(q);
                    nanos.add(System.nanoTime() - t);
                  }
                  if (runner instanceof AutoCloseable closeable) {
                    closeable.close();
                  }
                  return nanos;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> future : futures) {
        all.addAll(future.get());
      }
      Collections.sort(all);
      return new double[] {percentile(all, 0.50), percentile(all, 0.99), all.size()};
    } finally {
      pool.shutdownNow();
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int at = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, at)) / 1e6;
  }

  // ---------------------------------------------------------------- heap

  private void heapCheck(Path indexFolder, Path queries) throws Exception {
    Path log = indexFolder.getParent().getParent().getParent().resolve("heap-check.txt");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveServeCheck.class.getName(),
                indexFolder.toString(),
                queries.toString(),
                Integer.toString(CLIENTS),
                Integer.toString(HEAP_SECONDS))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process process = builder.start();
    boolean finished = process.waitFor(HEAP_SECONDS + 120L, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    line(
        "Separate JVM, -Xmx256m, serial GC, %d clients, %d s over the built index:",
        CLIENTS, HEAP_SECONDS);
    for (String row : Files.readAllLines(log)) {
      if (row.startsWith("serve:")) {
        line("  %s", row.substring("serve:".length()).strip());
      }
    }
    line("  exit code %s", finished ? Integer.toString(process.exitValue()) : "timeout");
  }

  // ---------------------------------------------------------------- helpers

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }

  private static double mb(long bytes) {
    return bytes / 1_000_000.0;
  }

  private static long folderSize(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      Iterator<Path> it = files.sorted(Collections.reverseOrder()).iterator();
      while (it.hasNext()) {
        Files.delete(it.next());
      }
    }
  }
}
