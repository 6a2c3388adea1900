package dev.featherman.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded gateway exactly as {@code make run} starts it (scripts/run-gateway.sh, its JVM
 * options), in a process of its own: resident memory at rest with the demo lake loaded, its peak
 * while one client streams 10M rows as Arrow, and at rest again afterwards.
 */
final class MemoryBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "bench-memory-token";
  private static final Duration SETTLE = Duration.ofSeconds(40);

  private MemoryBenchmark() {}

  /** What one gateway process measured (kB and ms). */
  private record Sample(long readyMillis, long idle, long peak, long after, long bytes, double s) {}

  static String run(Path root, long demoRows) throws Exception {
    Sample tuned = measure(root.resolve("tuned"), demoRows, "");
    // The JVM's own defaults, restored through JAVA_OPTS (later options win).
    Sample defaults =
        measure(
            root.resolve("defaults"),
            demoRows,
            "-XX:G1PeriodicGCInterval=0 -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70");
    return report(demoRows, tuned, defaults);
  }

  private static Sample measure(Path root, long demoRows, String javaOpts) throws Exception {
    Files.createDirectories(root);
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                "scripts/run-gateway.sh",
                "--server.port=" + port,
                "--featherman.gateway.flight-sql.port=" + freePort(),
                "--featherman.gateway.embedded.data-directory=" + root.resolve("memory-data"),
                "--featherman.gateway.embedded.demo-rows=" + demoRows)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("memory-gateway.log").toFile());
    builder.environment().put("FEATHERMAN_TOKEN", TOKEN);
    builder.environment().put("JAVA_OPTS", javaOpts);
    long started = System.nanoTime();
    Process gateway = builder.start();
    try {
      awaitReady(gateway, port);
      long readyMillis = (System.nanoTime() - started) / 1_000_000;
      query(port, "SELECT count(*) FROM trips", "csv");
      Thread.sleep(SETTLE.toMillis());
      long idle = rssKb(gateway.pid());
      AtomicLong peak = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  peak.accumulateAndGet(rssKb(gateway.pid()), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      sampler.setDaemon(true);
      sampler.start();
      long t0 = System.nanoTime();
      long bytes = query(port, "SELECT * FROM trips, range(10) r(k)", "arrow");
      double seconds = (System.nanoTime() - t0) / 1e9;
      sampler.interrupt();
      sampler.join();
      Thread.sleep(SETTLE.toMillis());
      long after = rssKb(gateway.pid());
      return new Sample(readyMillis, idle, peak.get(), after, bytes, seconds);
    } finally {
      gateway.destroy();
      gateway.waitFor();
    }
  }

  private static String report(long demoRows, Sample tuned, Sample defaults) {
    return "## k) Memory of the embedded gateway ("
        + java.time.LocalDate.now()
        + ")\n\n"
        + "`make bench` (`GatewayBenchmark ... memory` for this section alone). The gateway as"
        + " `make run` starts it (`scripts/run-gateway.sh`: G1 with a periodic collection every"
        + " 10 s when idle and at most 30 % of the heap kept free, so an idle gateway hands memory"
        + " back), in its own process with a "
        + demoRows
        + "-row demo lake; beside it the same run with the JVM's defaults. Resident set size"
        + " (VmRSS) "
        + SETTLE.toSeconds()
        + " s after a first query, sampled every 20 ms while one client streams `SELECT * FROM"
        + " trips, range(10)` ("
        + demoRows * 10 / 1_000_000
        + "M rows, "
        + tuned.bytes() / (1 << 20)
        + " MB) as Arrow, and "
        + SETTLE.toSeconds()
        + " s after that. Targets: ≤ 300 MB at rest, ≤ +100 MB while streaming 10M rows.\n\n"
        + "| measure | make run | JVM defaults |\n|---|---|---|\n"
        + row(
            "start to ready (seeds the demo lake)",
            tuned.readyMillis() + " ms",
            defaults.readyMillis() + " ms")
        + row("at rest, demo lake loaded", mb(tuned.idle()) + " MB", mb(defaults.idle()) + " MB")
        + row(
            "peak while streaming",
            mb(tuned.peak()) + " MB (+" + mb(tuned.peak() - tuned.idle()) + " MB)",
            mb(defaults.peak()) + " MB (+" + mb(defaults.peak() - defaults.idle()) + " MB)")
        + row(
            "streaming time",
            String.format(java.util.Locale.ROOT, "%.1f s", tuned.s()),
            String.format(java.util.Locale.ROOT, "%.1f s", defaults.s()))
        + row("at rest afterwards", mb(tuned.after()) + " MB", mb(defaults.after()) + " MB")
        + "\n";
  }

  private static String row(String measure, String tuned, String defaults) {
    return "| " + measure + " | " + tuned + " | " + defaults + " |\n";
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long mb(long kb) {
    return Math.round(kb / 1024.0);
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      // the process ended
    }
    return 0;
  }

  private static void awaitReady(Process gateway, int port) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited; see memory-gateway.log");
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway was not ready within 120 s");
  }

  /** Runs one query and returns how many bytes the answer had (read and dropped). */
  private static long query(int port, String sql, String format) throws Exception {
    String body = "{\"sql\":\"" + sql + "\",\"format\":\"" + format + "\",\"catalog\":\"example\"}";
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IllegalStateException(sql + ": " + new String(in.readAllBytes()));
      }
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
