package org.digitalbranch.archive;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link ArchiveBenchmark} in a separate JVM with a small heap: opens a built archive index
 * and serves the benchmark's search mix with many clients for a while, then prints what it served
 * and what the heap and the collector did, on lines starting {@code serve:}. Exit code 3 means an
 * OutOfMemoryError.
 */
public final class ArchiveServeCheck {

  private ArchiveServeCheck() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    List<String> queries = Files.readAllLines(Path.of(args[1]));
    int clients = Integer.parseInt(args[2]);
    long seconds = Long.parseLong(args[3]);
    AtomicLong served = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    try (ArchiveIndex index =
        ArchiveIndex.open(
            folder, new ArchiveSchema(ZoneOffset.UTC), ArchiveAnalysis.withLibrarySynonyms())) {
      ArchiveSearch search = new ArchiveSearch(index);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures =
          java.util.stream.IntStream.range(0, clients)
              .<Future<?>>mapToObj(
                  c ->
                      pool.submit(
                          () -> {
                            for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
                              String q = queries.get((c + i) % queries.size());
                              try {
                                search.search(SearchRequest.of(q));
                                served.incrementAndGet();
                              } catch (InvalidQuery e) {
                                failed.incrementAndGet();
                              }
                            }
                            return null;
                          }))
              .toList();
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
    } catch (Exception e) {
      if (hasOutOfMemory(e)) {
        System.out.println("serve: OutOfMemoryError " + e);
        System.exit(3);
      }
      throw e;
    } catch (OutOfMemoryError e) {
      System.out.println("serve: OutOfMemoryError " + e.getMessage());
      System.exit(3);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "serve: %d searches in %.1f s (%.0f/s), %d refused, no OutOfMemoryError%n",
        served.get(), elapsed, served.get() / elapsed, failed.get());
    System.out.printf(
        "serve: max heap %d MB, peak used (sum of pool peaks) %d MB%n",
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      System.out.printf(
          "serve: GC %s: %d collections, %d ms%n",
          gc.getName(), gc.getCollectionCount(), gc.getCollectionTime());
    }
  }

  private static boolean hasOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }
}
