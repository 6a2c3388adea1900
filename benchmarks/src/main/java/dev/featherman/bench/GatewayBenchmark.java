package dev.featherman.bench;

import dev.featherman.engine.connect.LakeSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code make bench}: the gateway's costs measured side by side in one run, each figure the median
 * of five runs, written as markdown to the path given as the first argument.
 */
public final class GatewayBenchmark {
  static final int RUNS = 5;
  static final long DEMO_ROWS = 1_000_000;
  static final String SMALL = "SELECT count(*) FROM trips WHERE trip_id = 424242";
  static final String WIDE_10M =
      "SELECT trip_id, pickup_at, fare_amount, pickup_zone FROM trips, range(10) r(k)";

  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    String mode = args.length > 1 ? args[1] : "all";
    new GatewayBenchmark().run(out, mode);
    // The in-JVM S3 server and the workers' executors are not daemons; the report is written.
    System.exit(0);
  }

  void run(Path out, String mode) throws Exception {
    boolean latencyOnly = !mode.equals("all");
    if (mode.equals("streaming")) {
      // the streaming section alone, for quick iterations
      Path root = Files.createTempDirectory("featherman-bench-");
      BenchLake lake = new BenchLake(root.resolve("in-process"), DEMO_ROWS);
      try (BenchGateway gateway = new BenchGateway(root.resolve("gateway"), DEMO_ROWS)) {
        header();
        streaming(lake, gateway);
        metadata(gateway);
      }
      Files.writeString(out, report.toString());
      System.out.println(report);
      return;
    }
    if (mode.equals("memory")) {
      header();
      report.append(MemoryBenchmark.run(Files.createTempDirectory("featherman-bench-"), DEMO_ROWS));
      Files.writeString(out, report.toString());
      System.out.println(report);
      return;
    }
    if (mode.equals("ingest")) {
      header();
      report.append(IngestBenchmark.run(Files.createTempDirectory("featherman-bench-"), 3));
      Files.writeString(out, report.toString());
      System.out.println(report);
      return;
    }
    if (mode.equals("pool") || mode.equals("acquire") || mode.equals("backup")) {
      // one section, for quick iterations
      header();
      report.append(
          mode.equals("backup")
              ? BackupBenchmark.run(3)
              : PoolBenchmark.run(RUNS, mode.equals("pool")));
      Files.writeString(out, report.toString());
      System.out.println(report);
      return;
    }
    Path root = Files.createTempDirectory("featherman-bench-");
    log("seeding two identical lakes of " + DEMO_ROWS + " trips");
    BenchLake lake = new BenchLake(root.resolve("in-process"), DEMO_ROWS);
    try (BenchGateway gateway = new BenchGateway(root.resolve("gateway"), DEMO_ROWS)) {
      header();
      latency(lake, gateway, "SELECT 42");
      latency(lake, gateway, SMALL);
      if (!latencyOnly) {
        streaming(lake, gateway);
        metadata(gateway);
        concurrency(gateway);
      }
    }
    if (!latencyOnly) {
      log("appending rows");
      report.append(IngestBenchmark.run(root, 3));
    }
    if (!latencyOnly) {
      log("pool routing");
      report.append(PoolBenchmark.run(RUNS, true));
      log("backups");
      report.append(BackupBenchmark.run(3));
      log("memory of the embedded gateway");
      report.append(MemoryBenchmark.run(root, DEMO_ROWS));
    }
    Files.writeString(out, report.toString());
    log("wrote " + out);
    System.out.println(report);
  }

  private void header() throws IOException {
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .orElse("unknown");
    report
        .append("# Benchmarks\n\n")
        .append("Produced by `make bench` (")
        .append(LocalDate.now())
        .append("). Every figure is the median of ")
        .append(RUNS)
        .append(" runs in one process: the gateway (embedded mode, real HTTP on loopback) and the ")
        .append(
            "benchmark client share the machine, so gateway numbers include the client's cost.\n\n")
        .append("- Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (")
        .append(cpu)
        .append("), JVM ")
        .append(System.getProperty("java.version"))
        .append(", -Xmx1g\n")
        .append("- Data: the demo table `trips` (")
        .append(DEMO_ROWS)
        .append(" rows, local Parquet, DuckDB-file catalog)\n\n");
  }

  /**
   * (a) small-query latency: in-process JDBC, gateway over HTTP, fresh DuckDB + LOAD + ATTACH per
   * query.
   */
  private void latency(BenchLake lake, BenchGateway gateway, String query) throws Exception {
    log("latency");
    List<Double> inP50 = new ArrayList<>(), inP99 = new ArrayList<>();
    List<Double> gwP50 = new ArrayList<>(), gwP99 = new ArrayList<>();
    List<Double> coldP50 = new ArrayList<>(), coldP99 = new ArrayList<>();
    int iterations = 1000;
    int coldIterations = 30;
    for (int run = 0; run < RUNS; run++) {
      try (LakeSession session = lake.open();
          Connection c = session.newConnection()) {
        Samples s =
            Samples.timed(
                200,
                iterations,
                () -> {
                  try (Statement st = c.createStatement();
                      ResultSet rs = st.executeQuery(query)) {
                    rs.next();
                    rs.getLong(1);
                  }
                });
        inP50.add(s.quantileMillis(0.5));
        inP99.add(s.quantileMillis(0.99));
      }
      Samples g = Samples.timed(200, iterations, () -> gateway.query(query, "csv"));
      gwP50.add(g.quantileMillis(0.5));
      gwP99.add(g.quantileMillis(0.99));
      Samples cold = new Samples(coldIterations);
      for (int i = 0; i < coldIterations; i++) {
        long t = System.nanoTime();
        try (LakeSession session = lake.open();
            Statement st = session.connection().createStatement();
            ResultSet rs = st.executeQuery(query)) {
          rs.next();
        }
        cold.add(System.nanoTime() - t);
      }
      coldP50.add(cold.quantileMillis(0.5));
      coldP99.add(cold.quantileMillis(0.99));
    }
    double in50 = Samples.median(inP50),
        gw50 = Samples.median(gwP50),
        cold50 = Samples.median(coldP50);
    report
        .append("## a) Small-query latency: `")
        .append(query)
        .append("`\n\n")
        .append(iterations)
        .append(" queries per run after 200 warm-up (")
        .append(coldIterations)
        .append(" for cold attach).\n\n")
        .append("| path | p50 ms | p99 ms |\n|---|---:|---:|\n")
        .append(row("in-process JDBC (warm connection)", in50, Samples.median(inP99)))
        .append(row("gateway over HTTP (embedded)", gw50, Samples.median(gwP99)))
        .append(row("fresh DuckDB + LOAD + ATTACH per query", cold50, Samples.median(coldP99)))
        .append(
            String.format(
                Locale.ROOT,
                "%nGateway overhead over in-process at p50: **%.2f ms** (target ≤ 2 ms). ",
                gw50 - in50))
        .append(
            String.format(
                Locale.ROOT,
                "Gateway vs per-query cold attach at p50: **%.1f×** faster (target ≥ 20×).%n%n",
                cold50 / gw50));
  }

  /** (b) streaming a 10M-row result: gateway in each format vs in-process JDBC iteration. */
  private void streaming(BenchLake lake, BenchGateway gateway) throws Exception {
    log("streaming");
    long rows = DEMO_ROWS * 10;
    List<Double> jdbc = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      try (LakeSession session = lake.open();
          Statement st = session.connection().createStatement()) {
        long t = System.nanoTime();
        long n = 0;
        try (ResultSet rs = st.executeQuery(WIDE_10M)) {
          while (rs.next()) {
            rs.getLong(1);
            rs.getObject(2);
            rs.getBigDecimal(3);
            rs.getString(4);
            n++;
          }
        }
        check(n == rows, "in-process read " + n + " rows");
        jdbc.add(rows / ((System.nanoTime() - t) / 1e9));
      }
    }
    double base = Samples.median(jdbc);
    List<Double> export = new ArrayList<>();
    List<Double> parquetLimit = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      try (LakeSession session = lake.open()) {
        export.add(rows / inProcessArrowSeconds(session, rows));
        parquetLimit.add(rows / inProcessParquetSeconds(session));
      }
    }
    double exportRate = Samples.median(export);
    report
        .append("## b) Streaming a 10M-row result\n\n`")
        .append(WIDE_10M)
        .append("` (")
        .append(rows)
        .append(
            " rows). Heap figures are the JVM's old generation (where anything retained ends up) sampled every 20 ms during the run.\n\n")
        .append(
            "| path | rows/s | MB/s | vs in-process | old gen before → max MB |\n|---|---:|---:|---:|---:|\n")
        .append(
            String.format(
                Locale.ROOT, "| in-process JDBC iteration | %,.0f | – | 100%% | – |%n", base))
        .append(
            String.format(
                Locale.ROOT,
                "| in-process DuckDB Arrow export, IPC to a null sink (the Arrow limit) | %,.0f | – |"
                    + " %.0f%% | – |%n",
                exportRate,
                100 * exportRate / base))
        .append(
            String.format(
                Locale.ROOT,
                "| in-process `COPY ... TO file (FORMAT parquet)` (the Parquet limit) | %,.0f | – |"
                    + " %.0f%% | – |%n",
                Samples.median(parquetLimit),
                100 * Samples.median(parquetLimit) / base));
    for (String format : List.of("csv", "json", "arrow", "parquet")) {
      List<Double> rate = new ArrayList<>(), mbps = new ArrayList<>();
      long heapBefore = 0, heapMax = 0;
      for (int run = 0; run < RUNS; run++) {
        System.gc();
        HeapWatch watch = new HeapWatch();
        heapBefore = Math.max(heapBefore, watch.usedMb());
        long t = System.nanoTime();
        long bytes = gateway.query(WIDE_10M, format);
        double seconds = (System.nanoTime() - t) / 1e9;
        heapMax = Math.max(heapMax, watch.stop());
        rate.add(rows / seconds);
        mbps.add(bytes / 1e6 / seconds);
      }
      double r = Samples.median(rate);
      report.append(
          String.format(
              Locale.ROOT,
              "| gateway %s | %,.0f | %.0f | %.0f%% | %d → %d |%n",
              format,
              r,
              Samples.median(mbps),
              100 * r / base,
              heapBefore,
              heapMax));
    }
    List<Double> flightRate = new ArrayList<>(), flightMbps = new ArrayList<>();
    long flightHeapBefore = 0, flightHeapMax = 0;
    for (int run = 0; run < RUNS; run++) {
      System.gc();
      HeapWatch watch = new HeapWatch();
      flightHeapBefore = Math.max(flightHeapBefore, watch.usedMb());
      long[] bytes = {0};
      long t = System.nanoTime();
      long n = gateway.flightQuery(WIDE_10M, bytes);
      double seconds = (System.nanoTime() - t) / 1e9;
      flightHeapMax = Math.max(flightHeapMax, watch.stop());
      check(n == rows, "flight sql read " + n + " rows");
      flightRate.add(rows / seconds);
      flightMbps.add(bytes[0] / 1e6 / seconds);
    }
    double f = Samples.median(flightRate);
    report.append(
        String.format(
            Locale.ROOT,
            "| gateway Flight SQL (Arrow's FlightSqlClient) | %,.0f | %.0f | %.0f%% | %d → %d |%n",
            f,
            Samples.median(flightMbps),
            100 * f / base,
            flightHeapBefore,
            flightHeapMax));
    report.append(
        String.format(
            Locale.ROOT,
            "%nFlight SQL reaches %.0f%% of DuckDB's own Arrow export. Target: Arrow ≥ 70%% of"
                + " in-process throughput; heap flat while streaming.%n%n",
            100 * f / exportRate));
  }

  /** DuckDB's Arrow export of the wide result written as IPC to a sink that drops the bytes. */
  private static double inProcessArrowSeconds(LakeSession session, long rows) throws Exception {
    long t = System.nanoTime();
    long n = 0;
    try (Statement st = session.connection().createStatement();
        ResultSet rs = st.executeQuery(WIDE_10M);
        org.apache.arrow.memory.BufferAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        org.apache.arrow.vector.ipc.ArrowReader reader =
            (org.apache.arrow.vector.ipc.ArrowReader)
                rs.unwrap(org.duckdb.DuckDBResultSet.class).arrowExportStream(allocator, 8192)) {
      org.apache.arrow.vector.ipc.ArrowStreamWriter writer =
          new org.apache.arrow.vector.ipc.ArrowStreamWriter(
              reader.getVectorSchemaRoot(),
              reader,
              java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream()));
      writer.start();
      while (reader.loadNextBatch()) {
        n += reader.getVectorSchemaRoot().getRowCount();
        writer.writeBatch();
      }
      writer.end();
    }
    check(n == rows, "in-process Arrow export read " + n + " rows");
    return (System.nanoTime() - t) / 1e9;
  }

  /** DuckDB writing the wide result as one Parquet file itself. */
  private static double inProcessParquetSeconds(LakeSession session) throws Exception {
    Path file = Files.createTempFile("bench-", ".parquet");
    try (Statement st = session.connection().createStatement()) {
      long t = System.nanoTime();
      st.execute("COPY (" + WIDE_10M + ") TO '" + file + "' (FORMAT parquet, COMPRESSION zstd)");
      return (System.nanoTime() - t) / 1e9;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** (i) metadata calls a BI tool makes while browsing, over Flight SQL and REST. */
  private void metadata(BenchGateway gateway) throws Exception {
    log("metadata");
    int calls = 200;
    report
        .append("## i) Metadata call latency\n\n")
        .append(calls)
        .append(
            " calls each on one connection after 20 warm-up calls, embedded gateway, demo lake."
                + " Flight SQL calls are GetFlightInfo plus DoGet read to the end.\n\n")
        .append("| call | p50 ms | p99 ms |\n|---|---:|---:|\n");
    String[][] flight = {
      {"catalogs", "Flight SQL GetCatalogs"},
      {"tables", "Flight SQL GetTables with schemas"},
      {"sqlinfo", "Flight SQL GetSqlInfo"}
    };
    for (String[] call : flight) {
      Samples samples = gateway.flightMetadata(call[0], 20, calls);
      report.append(row(call[1], samples.quantileMillis(0.5), samples.quantileMillis(0.99)));
    }
    String[][] rest = {
      {"/v1/catalogs", "REST GET /v1/catalogs"},
      {"/v1/catalogs/example/tables", "REST GET /v1/catalogs/example/tables"},
      {"/v1/catalogs/example/tables/trips", "REST GET /v1/catalogs/example/tables/trips"}
    };
    for (String[] call : rest) {
      Samples samples = gateway.restGet(call[0], 20, calls);
      report.append(row(call[1], samples.quantileMillis(0.5), samples.quantileMillis(0.99)));
    }
    report.append("\n");
  }

  /** (c) throughput with concurrent clients sending the small query. */
  private void concurrency(BenchGateway gateway) throws Exception {
    log("concurrency");
    report
        .append("## c) Concurrent clients\n\nEach client sends `")
        .append(SMALL)
        .append(
            "` back to back for 5 s; gateway limit max-concurrent=16.\n\n| clients | queries/s | p50 ms | p99 ms |\n|---:|---:|---:|---:|\n");
    for (int clients : new int[] {1, 4, 16}) {
      List<Double> qps = new ArrayList<>(), p50 = new ArrayList<>(), p99 = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        Samples s = new Samples(2_000_000);
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    while (!stop.get()) {
                      long t = System.nanoTime();
                      gateway.query(SMALL, "csv");
                      long d = System.nanoTime() - t;
                      synchronized (s) {
                        s.add(d);
                      }
                      done.incrementAndGet();
                    }
                    return null;
                  }));
        }
        Thread.sleep(5000);
        stop.set(true);
        for (Future<?> f : futures) {
          f.get();
        }
        pool.shutdown();
        qps.add(done.get() / ((System.nanoTime() - start) / 1e9));
        p50.add(s.quantileMillis(0.5));
        p99.add(s.quantileMillis(0.99));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "| %d | %,.0f | %.2f | %.2f |%n",
              clients,
              Samples.median(qps),
              Samples.median(p50),
              Samples.median(p99)));
    }
    report.append('\n');
  }

  private static String row(String name, double p50, double p99) {
    return String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, p50, p99);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  private static void log(String message) {
    System.err.println("[bench] " + message);
  }

  /**
   * Samples the old generation on a background thread until stopped; returns the maximum in MB.
   * Young-generation garbage comes and goes with allocation; what a result held in memory would
   * show as is old-generation growth.
   */
  static final class HeapWatch {
    private final java.lang.management.MemoryPoolMXBean oldGen =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getName().contains("Old Gen"))
            .findFirst()
            .orElseThrow();
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapWatch() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  max.accumulateAndGet(usedMb(), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-watch");
      thread.setDaemon(true);
      thread.start();
    }

    long usedMb() {
      return oldGen.getUsage().getUsed() / (1 << 20);
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return max.get();
    }
  }
}
