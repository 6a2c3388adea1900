package dev.featherman.bench;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.DuckLakePoolStatus;
import dev.featherman.api.v1alpha1.PoolCatalogRef;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.TestingLakes;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingJobRunner;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.worker.WorkerMain;
import dev.featherman.workloads.WorkerPod;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Section e) of {@code make bench}: gateway (cluster mode) to a warm pool worker over real HTTP,
 * against in-process JDBC on the same lake and against a cold worker process (a new JVM, DuckDB,
 * extension loading, ATTACH: what a one-shot Job pays before its first query, without the
 * scheduling and image pull a cluster adds); plus the time to acquire a worker under contention.
 */
final class PoolBenchmark {
  static final String NS = "bench";
  static final String TOKEN = "bench-worker-token-0123456789";
  static final long ROWS = 1_000_000;
  static final String POINT = "SELECT count(*) FROM numbers WHERE n = 424242";

  private PoolBenchmark() {}

  /** Section e) whole, or ({@code latency} false) only the acquisition under contention. */
  static String run(int runs, boolean latency) throws Exception {
    StringBuilder report = new StringBuilder();
    Path volumes = Files.createTempDirectory("featherman-bench-pool-");
    try (TestingKubernetes k8s = new TestingKubernetes(NS);
        TestingWorkerPods kubelet = new TestingWorkerPods(k8s.client, volumes)) {
      k8s.useAsDefaultCluster();
      DuckLakeCatalog catalog =
          TestingCatalogs.ready(k8s.client, NS, "lake", CatalogBackend.sqlite, ROWS, volumes);
      DuckLakePool pool = pool(k8s, "lake");
      WorkerPodSettings settings =
          new WorkerPodSettings("worker", "Never", new ResourceRequirements(), "default", 8090);
      for (int i = 0; i < 2; i++) {
        k8s.client.resource(WorkerPod.desired(pool, catalog, "lake-w" + i, settings)).create();
      }
      while (kubelet.running() < 2) {
        Thread.sleep(50);
      }
      try (BenchGateway gateway =
          new BenchGateway(
              "lake",
              "--featherman.gateway.mode=cluster",
              "--featherman.gateway.cluster.namespace=" + NS,
              "--featherman.gateway.cluster.worker-token=" + TOKEN)) {
        Thread.sleep(1000); // informers synced
        if (latency) {
          report.append(latencyTable(k8s, catalog, volumes, gateway, runs));
        }
        report.append(acquisition(gateway));
      }
    } finally {
      System.clearProperty("kubernetes.master");
    }
    return report.toString();
  }

  private static String latencyTable(
      TestingKubernetes k8s, DuckLakeCatalog catalog, Path volumes, BenchGateway gateway, int runs)
      throws Exception {
    StringBuilder report = new StringBuilder();
    report.append("## e) Warm pool workers vs cold start\n\n");
    report.append(
        "The gateway in cluster mode routes each query to one of two warm workers (real"
            + " worker servers on loopback, SQLite catalog, "
            + ROWS
            + " rows in the in-JVM S3 server). In-process is JDBC on the same lake. Cold is a"
            + " new worker JVM started like a one-shot Job's container (`worker serve`):"
            + " JVM start, DuckDB, LOAD, ATTACH, then the query; a cluster adds pod"
            + " scheduling and image pull on top.\n\n");
    report.append("| query | path | p50 ms | p99 ms |\n|---|---|---:|---:|\n");
    for (String query : List.of("SELECT 42", POINT)) {
      List<Double> warm50 = new ArrayList<>(), warm99 = new ArrayList<>();
      List<Double> in50 = new ArrayList<>(), in99 = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        Samples g = Samples.timed(100, 500, () -> gateway.query(query, "csv"));
        warm50.add(g.quantileMillis(0.5));
        warm99.add(g.quantileMillis(0.99));
        Samples in = inProcess(catalog, volumes, query);
        in50.add(in.quantileMillis(0.5));
        in99.add(in.quantileMillis(0.99));
      }
      report.append(row(query, "in-process JDBC", in50, in99));
      report.append(row(query, "gateway → warm worker", warm50, warm99));
    }
    List<Double> cold = new ArrayList<>();
    Pod template = k8s.client.pods().inNamespace(NS).withName("lake-w0").get();
    Map<String, String> env =
        new TestingJobRunner(TestingJobRunner.secretsOf(k8s.client), volumes)
            .environment(template.getSpec(), "cold");
    for (int run = 0; run < runs; run++) {
      cold.add(coldStart(env, POINT));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "| `%s` | cold worker process (one-shot Job style) | %.0f | – |%n",
            POINT,
            Samples.median(cold)));

    return report.toString();
  }

  /**
   * 8 clients on 2 exclusive workers: the gateway's wait timer over this phase only, and the spread
   * of the clients' own query times (a fair wait line keeps the slowest close to the median).
   */
  private static String acquisition(BenchGateway gateway) throws Exception {
    MeterRegistry registry = gateway.context().getBean(MeterRegistry.class);
    Timer before = registry.find("ducklake.pool.wait.duration").timer();
    if (before != null) {
      registry.remove(before); // only this phase's waits
    }
    int clients = 8;
    int perClient = 200;
    Samples answered = new Samples(clients * perClient);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perClient; i++) {
                  long t = System.nanoTime();
                  gateway.query(POINT, "csv");
                  synchronized (answered) {
                    answered.add(System.nanoTime() - t);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    Timer wait = registry.find("ducklake.pool.wait.duration").timer();
    double p50 = 0;
    double p99 = 0;
    for (ValueAtPercentile v : wait.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.99) {
        p99 = v.value(TimeUnit.MILLISECONDS);
      } else if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.MILLISECONDS);
      }
    }
    return String.format(
        Locale.ROOT,
        "%nTime to acquire a worker with %d clients on 2 exclusive workers, %d point queries each"
            + " (gateway's `ducklake_pool_wait_duration_seconds` over this phase): p50 **%.2f"
            + " ms**, p99 **%.2f ms**, max %.2f ms; the clients' query time end to end: p50 %.2f"
            + " ms, p99 %.2f ms. Target: warm p50 < 10 ms end to end.%n%n",
        clients,
        perClient,
        p50,
        p99,
        wait.max(TimeUnit.MILLISECONDS),
        answered.quantileMillis(0.5),
        answered.quantileMillis(0.99));
  }

  private static Samples inProcess(DuckLakeCatalog catalog, Path volumes, String query)
      throws Exception {
    try (LakeSession session =
            new LakeSessionFactory(EngineSettings.defaults())
                .open(
                    TestingLakes.config(
                        "lake", catalog.getSpec(), volumes.resolve("lake-catalog")));
        Connection c = session.newConnection()) {
      return Samples.timed(
          100,
          500,
          () -> {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
              rs.next();
            }
          });
    }
  }

  /** Milliseconds from starting a worker JVM to the first query's result. */
  private static double coldStart(Map<String, String> env, String query) throws Exception {
    long t = System.nanoTime();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            WorkerMain.class.getName(),
            "serve");
    pb.environment().putAll(env);
    pb.environment().put(WorkerEnv.WORKER_PORT, "0");
    pb.environment()
        .put(
            "FEATHERMAN_DUCKDB_EXTENSION_DIR",
            EngineSettings.defaults().extensionDirectory().toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      int port = -1;
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("worker serving catalog on port ")) {
          port =
              Integer.parseInt(line.substring("worker serving catalog on port ".length()).trim());
          break;
        }
      }
      if (port < 0) {
        throw new IllegalStateException("the cold worker did not start");
      }
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/execute"))
                      .header("Authorization", "Bearer " + env.get(WorkerEnv.WORKER_TOKEN))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"sql\":\"" + query + "\",\"format\":\"csv\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("cold worker answered " + r.statusCode() + ": " + r.body());
      }
      return (System.nanoTime() - t) / 1e6;
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  private static DuckLakePool pool(TestingKubernetes k8s, String catalog) {
    DuckLakePool pool = new DuckLakePool();
    pool.getMetadata().setName(catalog + "-pool");
    pool.getMetadata().setNamespace(NS);
    DuckLakePoolSpec spec = new DuckLakePoolSpec();
    PoolCatalogRef ref = new PoolCatalogRef();
    ref.setName(catalog);
    spec.setCatalogRef(ref);
    pool.setSpec(spec);
    pool = k8s.client.resource(pool).create();
    DuckLakePoolStatus status = new DuckLakePoolStatus();
    Conditions.set(
        status,
        ConditionTypes.READY,
        true,
        ConditionReasons.WORKERS_AVAILABLE,
        "bench",
        pool.getMetadata().getGeneration(),
        Clock.systemUTC());
    pool.setStatus(status);
    pool = k8s.client.resource(pool).updateStatus();
    k8s.client.resource(WorkerPod.tokenSecret(pool, TOKEN, null)).create();
    return pool;
  }

  private static String row(String query, String path, List<Double> p50, List<Double> p99) {
    return String.format(
        Locale.ROOT,
        "| `%s` | %s | %.2f | %.2f |%n",
        query,
        path,
        Samples.median(p50),
        Samples.median(p99));
  }
}
