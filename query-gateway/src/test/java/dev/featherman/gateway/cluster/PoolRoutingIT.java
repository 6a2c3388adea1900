package dev.featherman.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featherman.api.Annotations;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.Labels;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.DuckLakePoolStatus;
import dev.featherman.api.v1alpha1.PoolCatalogRef;
import dev.featherman.api.v1alpha1.QueueSpec;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.gateway.GatewayApplication;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.worker.serve.WorkerServer;
import dev.featherman.workloads.QueryJob;
import dev.featherman.workloads.WorkerPod;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway replicas in cluster mode on a mock API server, routing to real workers started
 * in-process for pool pods (PostgreSQL catalog, data in the in-JVM S3 server). The pool-service is
 * not running: pools and their pods are set up the way it would.
 */
class PoolRoutingIT {
  static final String NS = "routing";

  /** Another namespace the gateways serve: its catalogs are named {@code routing-other/<name>}. */
  static final String OTHER = "routing-other";

  static final String WORKER_TOKEN = "routing-it-worker-token-0123456789";
  static final String CLIENT_TOKEN = "routing-client-token";
  static final String WRITER_TOKEN = "routing-writer-token";
  static final TestingKubernetes K8S = new TestingKubernetes(NS, OTHER);
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static TestingWorkerPods kubelet;
  static ConfigurableApplicationContext gatewayA;
  static ConfigurableApplicationContext gatewayB;

  @BeforeAll
  static void cluster() throws Exception {
    K8S.useAsDefaultCluster();
    Path volumes = Files.createTempDirectory("featherman-routing-volumes-");
    kubelet = new TestingWorkerPods(K8S.client, volumes);
    DuckLakeCatalog lake =
        TestingCatalogs.ready(K8S.client, NS, "lake", CatalogBackend.postgres, 1000, volumes);
    TestingCatalogs.ready(K8S.client, NS, "lonely", CatalogBackend.postgres, 10, volumes);
    TestingCatalogs.ready(K8S.client, NS, "single", CatalogBackend.duckdb, 10, volumes);
    TestingCatalogs.ready(K8S.client, OTHER, "faraway", CatalogBackend.postgres, 7, volumes);
    DuckLakePool pool = readyPool("lake-pool", "lake", 60);
    for (int i = 0; i < 3; i++) {
      K8S.client.resource(WorkerPod.desired(pool, lake, "lake-pool-w" + i, podSettings())).create();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> kubelet.running() == 3);
    gatewayA = gateway("gateway-a");
    gatewayB = gateway("gateway-b");
  }

  @AfterAll
  static void stop() {
    gatewayA.close();
    gatewayB.close();
    kubelet.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  static KubernetesClient k8s() {
    return K8S.client;
  }

  static WorkerPodSettings podSettings() {
    return new WorkerPodSettings("worker", "Never", new ResourceRequirements(), "default", 8090);
  }

  /** A pool as the pool-service would leave it: Ready, its token Secret in place. */
  static DuckLakePool readyPool(String name, String catalog, int maxWaitSeconds) {
    return readyPoolIn(k8s(), NS, name, catalog, maxWaitSeconds, WORKER_TOKEN);
  }

  /** As {@link #readyPool}, in any namespace of any API server, with its own worker token. */
  static DuckLakePool readyPoolIn(
      KubernetesClient client,
      String ns,
      String name,
      String catalog,
      int maxWaitSeconds,
      String workerToken) {
    DuckLakePool pool = new DuckLakePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(ns);
    DuckLakePoolSpec spec = new DuckLakePoolSpec();
    PoolCatalogRef ref = new PoolCatalogRef();
    ref.setName(catalog);
    spec.setCatalogRef(ref);
    QueueSpec queue = new QueueSpec();
    queue.setMaxWaitTime(maxWaitSeconds + "s");
    queue.setMaxLength(100);
    spec.setQueue(queue);
    pool.setSpec(spec);
    pool = client.resource(pool).create();
    DuckLakePoolStatus status = new DuckLakePoolStatus();
    Conditions.set(
        status,
        ConditionTypes.READY,
        true,
        ConditionReasons.WORKERS_AVAILABLE,
        "test",
        pool.getMetadata().getGeneration(),
        Clock.systemUTC());
    pool.setStatus(status);
    pool = client.resource(pool).updateStatus();
    client.resource(WorkerPod.tokenSecret(pool, poolToken(workerToken, pool), null)).create();
    return pool;
  }

  /** The token the pool-service gives {@code pool}'s workers under the root {@code workerToken}. */
  static String poolToken(String workerToken, DuckLakePool pool) {
    return WorkerToken.resolve(workerToken, null, "test").forPool(pool.getMetadata().getUid());
  }

  static ConfigurableApplicationContext gateway(String replica) {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .run(
            "--server.port=0",
            "--featherman.gateway.mode=cluster",
            "--featherman.gateway.cluster.namespace=" + NS,
            "--featherman.gateway.cluster.namespaces[0]=" + OTHER,
            "--featherman.gateway.cluster.replica-id=" + replica,
            "--featherman.gateway.cluster.worker-token=" + WORKER_TOKEN,
            "--featherman.gateway.cluster.queue-report-interval=100ms",
            "--featherman.gateway.cluster.job-start-timeout=60s",
            "--featherman.gateway.limits.max-concurrent=64",
            "--featherman.gateway.limits.max-queued=64",
            "--featherman.gateway.limits.max-wait=60s",
            "--featherman.gateway.tokens[0].name=client",
            "--featherman.gateway.tokens[0].sha256=" + TokenAuthenticator.sha256Hex(CLIENT_TOKEN),
            "--featherman.gateway.tokens[0].catalogs[0]=*",
            "--featherman.gateway.tokens[1].name=writer",
            "--featherman.gateway.tokens[1].sha256=" + TokenAuthenticator.sha256Hex(WRITER_TOKEN),
            "--featherman.gateway.tokens[1].catalogs[0]=lake",
            "--featherman.gateway.tokens[1].catalogs[1]=lonely",
            "--featherman.gateway.tokens[1].write=true");
  }

  static int port(ConfigurableApplicationContext gateway) {
    return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
  }

  static HttpResponse<String> query(
      ConfigurableApplicationContext gateway, String catalog, String sql) throws Exception {
    return query(gateway, catalog, sql, java.util.UUID.randomUUID().toString());
  }

  static HttpResponse<String> query(
      ConfigurableApplicationContext gateway, String catalog, String sql, String id)
      throws Exception {
    return HTTP.send(queryRequest(gateway, catalog, sql, id), HttpResponse.BodyHandlers.ofString());
  }

  static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /** A JSON object of string fields (name, value, name, value...), escaped by Jackson. */
  static String json(String... namesAndValues) {
    tools.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      node.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return node.toString();
  }

  static HttpRequest queryRequest(
      ConfigurableApplicationContext gateway, String catalog, String sql, String id) {
    String body = json("catalog", catalog, "sql", sql, "format", "csv", "id", id);
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gateway) + "/v1/queries"))
        .header("Authorization", "Bearer " + CLIENT_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static String metrics(ConfigurableApplicationContext gateway) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(gateway) + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void twoGatewaysWithFiftyClientsNeverGiveOneWorkerTwoQueries() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(50);
    List<Future<List<HttpResponse<String>>>> results = new ArrayList<>();
    for (int c = 0; c < 50; c++) {
      ConfigurableApplicationContext gateway = c % 2 == 0 ? gatewayA : gatewayB;
      results.add(
          clients.submit(
              () -> {
                List<HttpResponse<String>> mine = new ArrayList<>();
                for (int q = 0; q < 3; q++) {
                  mine.add(query(gateway, "lake", "SELECT count(*) FROM numbers, range(2000)"));
                }
                return mine;
              }));
    }
    Set<String> pods = ConcurrentHashMap.newKeySet();
    for (var f : results) {
      for (HttpResponse<String> r : f.get()) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("2000000");
        assertThat(r.headers().firstValue("X-Featherman-Route")).hasValue("pool");
        pods.add(r.headers().firstValue("X-Featherman-Pod").orElseThrow());
      }
    }
    clients.shutdown();
    // All three of lake-pool's workers (named w0..w2, with a generation suffix after a swap).
    assertThat(pods).hasSize(3).allMatch(name -> name.startsWith("lake-pool-w"));
    assertThat(kubelet.maxActive()).as("queries one worker ever ran at once").isEqualTo(1);
    // Both replicas told the pool-service about their queues, on the pool itself.
    Map<String, String> annotations =
        k8s()
            .resources(DuckLakePool.class)
            .inNamespace(NS)
            .withName("lake-pool")
            .get()
            .getMetadata()
            .getAnnotations();
    assertThat(annotations)
        .containsKeys(
            Annotations.QUEUE_PREFIX + "gateway-a", Annotations.QUEUE_PREFIX + "gateway-b");
    assertThat(metrics(gatewayA))
        .contains("ducklake_pool_wait_duration_seconds_count{pool=\"lake-pool\"}");
  }

  @Test
  void boundParametersReachTheWorkerAsValues() throws Exception {
    String spliced = query(gatewayA, "lake", "SELECT count(*) FROM numbers WHERE n < 10").body();
    assertThat(post(gatewayA, "SELECT count(*) FROM numbers WHERE n < ?", "[10]").body())
        .isEqualTo(spliced);
    assertThat(
            post(
                    gatewayA,
                    "SELECT count(*) FROM numbers WHERE CAST(n AS VARCHAR) = ?",
                    "[\"1 OR 1=1\"]")
                .body())
        .isEqualTo("count_star()\r\n0\r\n");
  }

  @Test
  void parquetIsWrittenOnTheWorkerAndRelayed() throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gatewayA) + "/v1/queries"))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"catalog\":\"lake\",\"format\":\"parquet\",\"sql\":\"SELECT n, n * 2"
                            + " AS twice FROM numbers\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
    assertThat(r.headers().firstValue("X-Featherman-Route")).hasValue("pool");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("pool-result-", ".parquet");
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement s = duck.createStatement()) {
      java.nio.file.Files.write(file, r.body());
      try (java.sql.ResultSet rs =
          s.executeQuery(
              "SELECT count(*), sum(twice) - 2 * sum(n) FROM read_parquet('" + file + "')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1000);
        assertThat(rs.getLong(2)).isZero();
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void rowsAppendedConcurrentlyThroughBothReplicasLandOnceEachOnTheWorkers() throws Exception {
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gatewayA) + "/v1/queries"))
                .header("Authorization", "Bearer " + WRITER_TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"catalog\":\"lake\",\"sql\":\"CREATE TABLE appended (batch INTEGER NOT"
                            + " NULL, n INTEGER NOT NULL)\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    int batches = 8;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(batches);
    List<java.util.concurrent.Future<HttpResponse<String>>> sent = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      int batch = b;
      sent.add(pool.submit(() -> appendUntilDone(batch % 2 == 0 ? gatewayA : gatewayB, batch)));
    }
    for (var s : sent) {
      assertThat(s.get().statusCode()).as(s.get().body()).isIn(200, 201);
    }
    pool.shutdown();
    HttpResponse<String> counted =
        query(gatewayB, "lake", "SELECT count(*) || '/' || count(DISTINCT batch) FROM appended");
    assertThat(counted.body().lines().skip(1).findFirst())
        .hasValue((batches * 100) + "/" + batches);
    // A retry of a landed batch through the other replica appends nothing.
    HttpResponse<String> replay = appendRows(gatewayB, 0);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(query(gatewayA, "lake", "SELECT count(*) FROM appended").body().lines().skip(1))
        .containsExactly(String.valueOf(batches * 100));
  }

  @Test
  void parquetFilesInTheCatalogsBucketAreRegisteredOnAWorker() throws Exception {
    HttpResponse<String> created =
        writerQuery(gatewayA, "CREATE TABLE registered (n BIGINT NOT NULL)");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    DuckLakeCatalog lake =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName("lake").get();
    String bucket = lake.getSpec().getObjectStore().getBucket();
    String key = lake.getSpec().getObjectStore().getPrefix() + "/incoming/part-1.parquet";
    Path local = Files.createTempFile("featherman-part-", ".parquet");
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT range AS n FROM range(25)) TO '" + local + "' (FORMAT parquet)");
    }
    try (var s3 = dev.featherman.engine.TestingLakes.s3Client()) {
      s3.putObject(b -> b.bucket(bucket).key(key), local);
    }
    HttpResponse<String> registered =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port(gatewayB)
                            + "/v1/catalogs/lake/tables/registered/files"))
                .header("Authorization", "Bearer " + WRITER_TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"files\": [\"s3://" + bucket + "/" + key + "\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    assertThat(query(gatewayA, "lake", "SELECT count(*) FROM registered").body().lines().skip(1))
        .containsExactly("25");
  }

  static HttpResponse<String> writerQuery(ConfigurableApplicationContext gateway, String sql)
      throws Exception {
    return writerQuery(gateway, "lake", sql);
  }

  static HttpResponse<String> writerQuery(
      ConfigurableApplicationContext gateway, String catalog, String sql) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gateway) + "/v1/queries"))
            .header("Authorization", "Bearer " + WRITER_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json("catalog", catalog, "sql", sql)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What a careful client does: send again, with the same key, until the lake has the rows. */
  static HttpResponse<String> appendUntilDone(ConfigurableApplicationContext gateway, int batch)
      throws Exception {
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      r = appendRows(gateway, batch);
      if (r.statusCode() != 409 && r.statusCode() != 502 && r.statusCode() != 503) {
        return r;
      }
      Thread.sleep(200);
    }
    return r;
  }

  static HttpResponse<String> appendRows(ConfigurableApplicationContext gateway, int batch)
      throws Exception {
    return appendRows(gateway, "lake", batch);
  }

  static HttpResponse<String> appendRows(
      ConfigurableApplicationContext gateway, String catalog, int batch) throws Exception {
    StringBuilder csv = new StringBuilder("batch,n\n");
    for (int n = 0; n < 100; n++) {
      csv.append(batch).append(',').append(n).append('\n');
    }
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port(gateway)
                        + "/v1/catalogs/"
                        + catalog
                        + "/tables/appended/rows"))
            .header("Authorization", "Bearer " + WRITER_TOKEN)
            .header("Content-Type", "text/csv")
            .header("Idempotency-Key", "batch-" + batch)
            .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(
      ConfigurableApplicationContext gateway, String sql, String paramsJson) throws Exception {
    tools.jackson.databind.node.ObjectNode request =
        (tools.jackson.databind.node.ObjectNode)
            JSON.readTree(json("catalog", "lake", "format", "csv", "sql", sql));
    request.set("params", JSON.readTree(paramsJson));
    String body = request.toString();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gateway) + "/v1/queries"))
            .header("Authorization", "Bearer " + CLIENT_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void flightSqlClientsQueryAndBrowseThroughThePoolsWorkers() throws Exception {
    int port = gatewayA.getBean(dev.featherman.gateway.flightsql.FlightSqlEndpoint.class).port();
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("token", CLIENT_TOKEN);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:arrow-flight-sql://127.0.0.1:"
                    + port
                    + "/?useEncryption=false&x-featherman-catalog=lake",
                properties);
        java.sql.Statement s = c.createStatement()) {
      try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM numbers")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("the cluster lake's table, read on a worker").isEqualTo(1000);
      }
      long streamed = 0;
      try (java.sql.ResultSet rs = s.executeQuery("SELECT range FROM range(1000000)")) {
        while (rs.next()) {
          streamed++;
        }
      }
      assertThat(streamed).isEqualTo(1_000_000);
      List<String> tables = new ArrayList<>();
      try (java.sql.ResultSet rs = c.getMetaData().getTables("lake", "main", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("numbers");
      // Parameter types come from DuckDB on the worker, which the driver binds by.
      long spliced;
      try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM numbers WHERE n < 10")) {
        rs.next();
        spliced = rs.getLong(1);
      }
      try (java.sql.PreparedStatement p =
          c.prepareStatement("SELECT count(*) FROM numbers WHERE n < ?")) {
        p.setInt(1, 10);
        try (java.sql.ResultSet rs = p.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(spliced).isPositive();
        }
      }
    }
    // Partition keys are read from the lake's catalog on the worker too.
    HttpResponse<String> table =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port(gatewayA) + "/v1/catalogs/lake/tables/numbers"))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(table.statusCode()).as(table.body()).isEqualTo(200);
    assertThat(table.body()).contains("\"partitioning\":[]").contains("\"rowCount\":1000");
  }

  @Test
  void aWorkerThatDiesBeforeStreamingIsRetriedElsewhere() throws Exception {
    deadAndAliveInsteadOfLakePool("retry-pool", 30, null);
    try {
      // The router picks among free workers at random: query until one landed on the dead worker
      // first (each query does with probability 1/2), every answer coming from the live one.
      boolean retried = false;
      for (int i = 0; i < 40 && !retried; i++) {
        HttpResponse<String> r = query(gatewayA, "lake", "SELECT count(*) FROM numbers");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Featherman-Pod")).hasValue("retry-pool-alive");
        retried = metrics(gatewayA).contains("featherman_gateway_worker_retries_total");
      }
      assertThat(retried).as("a query tried the dead worker first and was retried").isTrue();
    } finally {
      lakePoolInsteadOf("retry-pool");
    }
  }

  @Test
  void queriesWaitingBehindADeadWorkerWaitForTheLiveOneInsteadOfFailing() throws Exception {
    deadAndAliveInsteadOfLakePool("breaker-pool", 60, 1);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      // One retry allowed, four queries for one live worker: each waits its turn. Without passing
      // over the dead worker, every wake-up would try it again and spend the only retry.
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(
            clients.submit(
                () ->
                    query(
                        gatewayA,
                        "lake",
                        "SELECT sum(a.n * b.range) FROM numbers a, range(100000) b")));
      }
      for (Future<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Featherman-Pod")).hasValue("breaker-pool-alive");
      }
    } finally {
      clients.shutdown();
      lakePoolInsteadOf("breaker-pool");
    }
  }

  /**
   * Puts pool {@code name} in lake-pool's place (a second pool for the same catalog would be
   * ambiguous) with two workers: {@code <name>-alive}, and {@code <name>-dead}, whose process is
   * gone while its pod still looks Ready (the kubelet has not noticed yet).
   */
  static void deadAndAliveInsteadOfLakePool(String name, int maxWaitSeconds, Integer maxRetries) {
    DuckLakeCatalog lake =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName("lake").get();
    DuckLakePool pool = readyPool(name, "lake", maxWaitSeconds);
    if (maxRetries != null) {
      pool.getSpec().setMaxRetries(maxRetries);
      k8s().resource(pool).update();
    }
    k8s().resource(WorkerPod.desired(pool, lake, name + "-dead", podSettings())).create();
    k8s().resource(WorkerPod.desired(pool, lake, name + "-alive", podSettings())).create();
    WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> directory.workers(pool).size() == 2);
    kubelet.stopUnnoticed(NS, name + "-dead");
    k8s().resources(DuckLakePool.class).inNamespace(NS).withName("lake-pool").delete();
    gatewaysServeLakeFrom(name);
  }

  /** Waits until both replicas' caches route catalog lake to pool {@code name}. */
  static void gatewaysServeLakeFrom(String name) {
    for (ConfigurableApplicationContext gateway : List.of(gatewayA, gatewayB)) {
      WorkerDirectory directory = gateway.getBean(WorkerDirectory.class);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  directory
                      .pool("lake")
                      .filter(p -> p.getMetadata().getName().equals(name))
                      .isPresent());
    }
  }

  /** Deletes pool {@code name} and gives catalog lake its lake-pool back. */
  static void lakePoolInsteadOf(String name) {
    k8s().resources(DuckLakePool.class).inNamespace(NS).withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                k8s().resources(DuckLakePool.class).inNamespace(NS).withName("lake-pool").get()
                    == null);
    k8s()
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(NS)
        .withName("lake-pool-worker-token")
        .delete();
    DuckLakePool pool = readyPool("lake-pool", "lake", 60);
    // The garbage collector's part: the old lake-pool's workers go with it; the new one gets its
    // own (a pool's workers are the pods it owns, whatever their labels say).
    DuckLakeCatalog lake =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName("lake").get();
    k8s().pods().inNamespace(NS).withLabel(Labels.POOL, "lake-pool").list().getItems().stream()
        .filter(p -> !WorkerPod.isOwnedBy(p, pool))
        .forEach(p -> k8s().resource(p).delete());
    int generation = lakePoolGenerations.incrementAndGet();
    for (int i = 0; i < 3; i++) {
      k8s()
          .resource(
              WorkerPod.desired(pool, lake, "lake-pool-w" + i + "-g" + generation, podSettings()))
          .create();
    }
    WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> directory.workers(pool).size() == 3);
    gatewaysServeLakeFrom("lake-pool");
  }

  static final java.util.concurrent.atomic.AtomicInteger lakePoolGenerations =
      new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void aWorkerKilledWhileStreamingNeverLooksLikeACompleteResult() throws Exception {
    // 100 million rows (~900 MB of CSV): still streaming when the worker is killed.
    HttpResponse<InputStream> streaming =
        HTTP.send(
            queryRequest(
                gatewayB, "lake", "SELECT range FROM range(100000000)", "killed-mid-stream"),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = streaming.body()) {
      assertThat(streaming.statusCode()).isEqualTo(200);
      assertThat(body.readNBytes(1 << 20)).hasSize(1 << 20); // the result has started
      kubelet.kill(NS, streaming.headers().firstValue("X-Featherman-Pod").orElseThrow());
      // The response was committed, so no problem document can follow; the gateway aborts the
      // chunked response instead, which every HTTP client reports as an error.
      assertThrows(IOException.class, () -> body.transferTo(OutputStream.nullOutputStream()));
    }
  }

  @Test
  void aWorkerKilledBeforeTheResultStartsIsAProblemResponseWhenNoRetryIsLeft() throws Exception {
    oneWorkerPool("solo-pool", "lonely", 3);
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> slow =
          client.submit(
              () ->
                  query(
                      gatewayA,
                      "lonely",
                      "SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b"));
      await().atMost(Duration.ofSeconds(30)).until(() -> busyWorker("solo-pool") != null);
      kubelet.kill(NS, "solo-pool-w0");
      HttpResponse<String> r = slow.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isIn(502, 503);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.body()).contains("solo-pool-w0");
    } finally {
      client.shutdown();
      removePoolOfLonely("solo-pool");
    }
  }

  @Test
  void queriesWaitingOnOneReplicaGetTheWorkerInArrivalOrder() throws Exception {
    oneWorkerPool("fifo-pool", "lonely", 60);
    ExecutorService clients = Executors.newFixedThreadPool(7);
    try {
      Future<HttpResponse<String>> first =
          clients.submit(
              () ->
                  query(
                      gatewayA,
                      "lonely",
                      "SELECT sum(a.range * b.range) FROM range(40000) a, range(40000) b"));
      await().atMost(Duration.ofSeconds(30)).until(() -> busyWorker("fifo-pool") != null);
      List<Future<HttpResponse<String>>> queued = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int arrival = i;
        queued.add(
            clients.submit(
                () ->
                    query(
                        gatewayA,
                        "lonely",
                        "SELECT "
                            + arrival
                            + " AS arrival, epoch_us(now()) AS started, sum(range)"
                            + " FROM range(5000000)")));
        // Each one in line before the next arrives.
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnA("fifo-pool") == arrival + 1);
      }
      assertThat(busyWorker("fifo-pool")).as("the first query still runs").isNotNull();
      assertThat(first.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      // One worker, one query at a time: ordered by when the worker started them (now() is the
      // start of each query's transaction), they are in the order they came.
      Map<Long, Integer> arrivalByStart = new TreeMap<>();
      for (Future<HttpResponse<String>> f : queued) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String[] row = r.body().strip().split("\n")[1].split(",");
        arrivalByStart.put(Long.parseLong(row[1].strip()), Integer.parseInt(row[0].strip()));
      }
      assertThat(arrivalByStart.values()).containsExactly(0, 1, 2, 3, 4, 5);
    } finally {
      clients.shutdown();
      removePoolOfLonely("fifo-pool");
    }
  }

  @Test
  void aReplicaShuttingDownWithdrawsItsQueueReport() {
    DuckLakePool pool = readyPool("report-pool", "no-such-catalog", 60); // only reported on
    RoutingMetrics metrics = new RoutingMetrics(new SimpleMeterRegistry());
    QueueReporter reporter = new QueueReporter(k8s(), "leaving", metrics, Duration.ofHours(1));
    try {
      metrics.waiting(pool).set(3);
      reporter.report();
      assertThat(queueReport("report-pool", "leaving")).startsWith("3 ");
      metrics.waiting(pool).set(0);
      reporter.close();
      assertThat(queueReport("report-pool", "leaving")).startsWith("0 ");
    } finally {
      reporter.close();
      k8s().resources(DuckLakePool.class).inNamespace(NS).withName("report-pool").delete();
    }
  }

  static String queueReport(String pool, String replica) {
    return k8s()
        .resources(DuckLakePool.class)
        .inNamespace(NS)
        .withName(pool)
        .get()
        .getMetadata()
        .getAnnotations()
        .get(Annotations.QUEUE_PREFIX + replica);
  }

  @Test
  void duringATokenRotationEachWorkerGetsTheTokenItWasStartedWith() throws Exception {
    String first = "rotation-first-token-0123456789";
    String second = "rotation-second-token-0123456789";
    Path file = Files.createTempFile("worker-token", "");
    Files.writeString(file, first);
    ConfigurableApplicationContext rotating =
        new SpringApplicationBuilder(GatewayApplication.class)
            .run(
                "--server.port=0",
                "--featherman.gateway.mode=cluster",
                "--featherman.gateway.cluster.namespace=" + NS,
                "--featherman.gateway.cluster.replica-id=gateway-rotating",
                "--featherman.gateway.cluster.worker-token=",
                "--featherman.gateway.cluster.worker-token-file=" + file,
                "--featherman.gateway.tokens[0].name=client",
                "--featherman.gateway.tokens[0].sha256="
                    + TokenAuthenticator.sha256Hex(CLIENT_TOKEN),
                "--featherman.gateway.tokens[0].catalogs[0]=*");
    DuckLakeCatalog lonely =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName("lonely").get();
    DuckLakePool pool = readyPool("rotation-pool", "lonely", 10);
    try {
      // A worker started before the rotation, one after it, one with a token nobody here has.
      startWorker(pool, lonely, "rotation-pool-old", first);
      startWorker(pool, lonely, "rotation-pool-new", second);
      startWorker(pool, lonely, "rotation-pool-foreign", "somebody-elses-token-0123456789");
      WorkerDirectory directory = rotating.getBean(WorkerDirectory.class);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> directory.workers(pool).size() == 3 && directory.pool("lonely").isPresent());
      Files.writeString(file, second); // the mounted Secret is updated; read within a second
      Thread.sleep(1100);
      Set<String> used = ConcurrentHashMap.newKeySet();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        all.add(
            clients.submit(
                () -> query(rotating, "lonely", "SELECT count(*) FROM numbers, range(300000)")));
      }
      for (Future<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        used.add(r.headers().firstValue("X-Featherman-Pod").orElseThrow());
      }
      clients.shutdown();
      assertThat(used).containsExactlyInAnyOrder("rotation-pool-old", "rotation-pool-new");
      assertThat(metrics(rotating)).doesNotContain("featherman_gateway_worker_retries_total{");
    } finally {
      rotating.close();
      removePoolOfLonely("rotation-pool");
    }
  }

  /**
   * Starts a worker pod of {@code pool} whose process accepts the pool's token under the root
   * {@code rootToken}, and says so.
   */
  static void startWorker(
      DuckLakePool pool, DuckLakeCatalog catalog, String name, String rootToken) {
    String token = poolToken(rootToken, pool);
    k8s().resource(WorkerPod.tokenSecret(pool, token, null)).update();
    k8s()
        .resource(
            new PodBuilder(WorkerPod.desired(pool, catalog, name, podSettings()))
                .editMetadata()
                .addToAnnotations(
                    Annotations.WORKER_TOKEN_FINGERPRINT, WorkerToken.fingerprint(token))
                .endMetadata()
                .build())
        .create();
    await().atMost(Duration.ofSeconds(60)).until(() -> kubelet.server(NS, name) != null);
  }

  @Test
  void queriesOfADuckDbFileCatalogWaitForItsPausedPoolInsteadOfAJob() throws Exception {
    DuckLakeCatalog single =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName("single").get();
    DuckLakePool pool = readyPool("single-pool", "single", 60);
    // What the pool-service shows while a catalog Job (a table change) holds the DuckDB file.
    Conditions.set(
        pool.getStatus(),
        ConditionTypes.READY,
        false,
        ConditionReasons.PAUSED_FOR_CATALOG_JOB,
        "test",
        pool.getMetadata().getGeneration(),
        Clock.systemUTC());
    DuckLakePool paused = k8s().resource(pool).updateStatus();
    WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directory.pool("single").map(WorkerDirectory::paused).orElse(false));
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> waiting =
          client.submit(() -> query(gatewayA, "single", "SELECT count(*) FROM numbers"));
      Thread.sleep(1500);
      assertThat(waiting).as("waits for the worker instead of failing").isNotDone();
      // The catalog Job ended: the pool's worker is back.
      k8s().resource(WorkerPod.desired(paused, single, "single-pool-w0", podSettings())).create();
      // On the latest version: the gateways annotate the pool with their queue lengths meanwhile.
      k8s()
          .resources(DuckLakePool.class)
          .inNamespace(NS)
          .withName(paused.getMetadata().getName())
          .editStatus(
              latest -> {
                Conditions.set(
                    latest.getStatus(),
                    ConditionTypes.READY,
                    true,
                    ConditionReasons.WORKERS_AVAILABLE,
                    "test",
                    latest.getMetadata().getGeneration(),
                    Clock.systemUTC());
                return latest;
              });
      HttpResponse<String> r = waiting.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Featherman-Route")).hasValue("pool");
      assertThat(r.headers().firstValue("X-Featherman-Pod")).hasValue("single-pool-w0");
      assertThat(
              k8s()
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(NS)
                  .withLabel(Labels.CATALOG, "single")
                  .list()
                  .getItems())
          .as("no query Job competing for the DuckDB file")
          .isEmpty();
    } finally {
      client.shutdownNow();
      k8s().resources(DuckLakePool.class).inNamespace(NS).withName("single-pool").delete();
    }
  }

  @Test
  void aPodThatCopiesAPoolsLabelsNeverGetsTheTokenOrAQuery() throws Exception {
    // Anyone who may create pods in the namespace can copy a worker's labels; the worker token
    // and the queries go only to pods the pool controls (owner reference with its uid).
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    com.sun.net.httpserver.HttpServer spy =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.9.9", 8090), 0);
    spy.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    spy.start();
    var pool = k8s().resources(DuckLakePool.class).inNamespace(NS).withName("lake-pool").get();
    var lake =
        k8s()
            .resources(dev.featherman.api.v1alpha1.DuckLakeCatalog.class)
            .inNamespace(NS)
            .withName("lake")
            .get();
    var rogue = WorkerPod.desired(pool, lake, "lake-pool-rogue", podSettings());
    rogue.getMetadata().setOwnerReferences(new ArrayList<>());
    // Not startable by the Testing kubelet (its token Secret does not exist): the spy answers.
    rogue.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .forEach(e -> e.getValueFrom().getSecretKeyRef().setName("not-there"));
    try {
      k8s().resource(rogue).create();
      k8s()
          .pods()
          .inNamespace(NS)
          .withName("lake-pool-rogue")
          .editStatus(
              p -> {
                p.setStatus(
                    new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                        .withPhase("Running")
                        .withPodIP("127.0.9.9")
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .addNewContainerStatus()
                        .withName("worker")
                        .withReady(true)
                        .withRestartCount(0)
                        .endContainerStatus()
                        .build());
                return p;
              });
      Thread.sleep(1000); // the gateways' informers see the pod
      for (int i = 0; i < 12; i++) {
        HttpResponse<String> r = query(i % 2 == 0 ? gatewayA : gatewayB, "lake", "SELECT 1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Featherman-Pod").orElse(""))
            .isNotEqualTo("lake-pool-rogue");
      }
      cancel(gatewayA, java.util.UUID.randomUUID().toString()); // asks every worker
      assertThat(seen).as("requests that reached the impostor").isEmpty();
    } finally {
      spy.stop(0);
      k8s().pods().inNamespace(NS).withName("lake-pool-rogue").delete();
    }
  }

  static int cancel(ConfigurableApplicationContext gateway, String id) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(gateway) + "/v1/queries/" + id))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aQueryIsCancelledThroughItsOwnReplicaOrAnyOther() throws Exception {
    String endless = "SELECT sum(a.range * b.range) FROM range(3000000) a, range(3000000) b";
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      for (ConfigurableApplicationContext canceller : List.of(gatewayA, gatewayB)) {
        String id = "cancel-via-" + (canceller == gatewayA ? "a" : "b");
        Future<HttpResponse<String>> running =
            clients.submit(() -> query(gatewayA, "lake", endless, id));
        await().atMost(Duration.ofSeconds(30)).until(() -> busyWorker("lake-pool") != null);
        // The worker is still computing: no response, not even headers, has left it yet.
        assertThat(cancel(canceller, id)).isEqualTo(204);
        HttpResponse<String> r = running.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.body()).contains("cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> busyWorker("lake-pool") == null);
      }
      assertThat(cancel(gatewayB, "no-such-query")).isEqualTo(404);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aPoolsMaxQueryDurationStopsLongerStatements() throws Exception {
    oneWorkerPool("brief-pool", "lonely", 30);
    try {
      k8s()
          .resources(DuckLakePool.class)
          .inNamespace(NS)
          .withName("brief-pool")
          .edit(
              p -> {
                p.getSpec().setMaxQueryDuration("1s");
                return p;
              });
      WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  directory
                      .pool("lonely")
                      .map(p -> "1s".equals(p.getSpec().getMaxQueryDuration()))
                      .orElse(false));
      long start = System.nanoTime();
      HttpResponse<String> slow =
          query(
              gatewayA,
              "lonely",
              "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3");
      assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
      assertThat(slow.body()).contains("ran longer than its timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      // Stopped after its result began streaming (past the gateway's commit threshold): the
      // worker's end record says so and the client's stream is cut, never a complete-looking 200.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  query(
                      gatewayA,
                      "lonely",
                      "SELECT range, range * 2 AS twice FROM range(1000000000)"))
          .isInstanceOf(java.io.IOException.class);
      assertThat(query(gatewayA, "lonely", "SELECT count(*) FROM numbers").statusCode())
          .isEqualTo(200);
    } finally {
      removePoolOfLonely("brief-pool");
    }
  }

  /**
   * Deletes a pool of catalog "lonely" and waits until gateway A has forgotten it: the Job fallback
   * test needs "lonely" without a pool.
   */
  static void removePoolOfLonely(String pool) {
    k8s().resources(DuckLakePool.class).inNamespace(NS).withName(pool).delete();
    WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> directory.pool("lonely").isEmpty());
  }

  /** A Ready pool of {@code catalog} with one worker, {@code <pool>-w0}, known to gateway A. */
  static void oneWorkerPool(String name, String catalog, int maxWaitSeconds) {
    DuckLakeCatalog lake =
        k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName(catalog).get();
    DuckLakePool pool = readyPool(name, catalog, maxWaitSeconds);
    k8s().resource(WorkerPod.desired(pool, lake, name + "-w0", podSettings())).create();
    WorkerDirectory directory = gatewayA.getBean(WorkerDirectory.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> directory.workers(pool).size() == 1);
  }

  /** How many queries of {@code pool} wait in gateway A's line. */
  static double waitingOnA(String pool) {
    Gauge gauge =
        gatewayA
            .getBean(MeterRegistry.class)
            .find("featherman.gateway.pool.waiting")
            .tag("pool", pool)
            .gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** A worker pod of {@code pool} that is running a query now, or null. */
  static String busyWorker(String pool) {
    return busyPod(Labels.POOL, pool);
  }

  /** A worker pod labelled {@code key=value} that is running a query now, or null. */
  static String busyPod(String key, String value) {
    return k8s().pods().inNamespace(NS).withLabel(key, value).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .filter(
            n -> {
              WorkerServer s = kubelet.server(NS, n);
              return s != null && s.active() > 0;
            })
        .findFirst()
        .orElse(null);
  }

  @Test
  void aQueryInAFallbackJobIsCancelledThroughAnotherReplica() throws Exception {
    String endless = "SELECT sum(a.range * b.range) FROM range(3000000) a, range(3000000) b";
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> running =
          client.submit(() -> query(gatewayA, "lonely", endless, "cancel-job-query"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> busyPod(Labels.COMPONENT, QueryJob.COMPONENT) != null);
      // Gateway B never saw the query; its Job worker is in no pool.
      assertThat(cancel(gatewayB, "cancel-job-query")).isEqualTo(204);
      HttpResponse<String> r = running.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.body()).contains("cancelled");
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void aQueryCancelledWhileItsFallbackJobStartsNeverRuns() throws Exception {
    int held = kubelet.startGate.drainPermits(); // the Job's pod is created but does not start
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> starting =
          client.submit(
              () -> query(gatewayA, "lonely", "SELECT count(*) FROM numbers", "cancel-job-start"));
      String job =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> queryJobs().stream().map(j -> j.getMetadata().getName()).findFirst(),
                  Optional::isPresent)
              .orElseThrow();
      assertThat(cancel(gatewayA, "cancel-job-start")).isEqualTo(204);
      HttpResponse<String> r = starting.get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.body()).contains("cancelled");
      await().atMost(Duration.ofSeconds(10)).until(() -> queryJobs().isEmpty());
      // The mock API server has no garbage collector: the Job's pod goes by hand, before it starts.
      k8s().pods().inNamespace(NS).withLabel("job-name", job).delete();
    } finally {
      kubelet.startGate.release(held);
      client.shutdownNow();
    }
  }

  static List<io.fabric8.kubernetes.api.model.batch.v1.Job> queryJobs() {
    return k8s()
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel(Labels.COMPONENT, QueryJob.COMPONENT)
        .list()
        .getItems();
  }

  @Test
  void aCatalogWithoutAReadyPoolFallsBackToAJob() throws Exception {
    double before = jobFallbacksOfLonely();
    HttpResponse<String> r = query(gatewayA, "lonely", "SELECT count(*) FROM numbers");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("10");
    assertThat(r.headers().firstValue("X-Featherman-Route")).hasValue("job");
    assertThat(jobFallbacksOfLonely()).isEqualTo(before + 1);
    assertThat(metrics(gatewayA))
        .contains("featherman_gateway_job_fallbacks_total{catalog=\"lonely\",result=\"success\"}");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queryJobs()).isEmpty());
  }

  @Test
  void catalogsOfAnotherServedNamespaceAreNamedNamespaceSlashName() throws Exception {
    HttpResponse<String> far = query(gatewayA, OTHER + "/faraway", "SELECT count(*) FROM numbers");
    assertThat(far.statusCode()).as(far.body()).isEqualTo(200);
    assertThat(far.body().lines().skip(1)).containsExactly("7");
    assertThat(far.headers().firstValue("X-Featherman-Route")).hasValue("job");
    // Bare names are the gateway's own namespace.
    assertThat(query(gatewayA, "faraway", "SELECT 1").statusCode()).isEqualTo(404);
    HttpResponse<String> listed =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(gatewayB) + "/v1/catalogs"))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(listed.body()).contains("\"" + OTHER + "/faraway\"").contains("\"lake\"");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        k8s()
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(OTHER)
                            .withLabel(Labels.COMPONENT, QueryJob.COMPONENT)
                            .list()
                            .getItems())
                    .isEmpty());
  }

  @Test
  void rowsForACatalogWithoutAWritablePoolAreAppendedInAJob() throws Exception {
    HttpResponse<String> created =
        writerQuery(
            gatewayA,
            "lonely",
            "CREATE TABLE appended (batch INTEGER NOT NULL, n INTEGER NOT NULL)");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    double before = jobFallbacksOfLonely();

    HttpResponse<String> appended = appendRows(gatewayA, "lonely", 7);
    assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
    assertThat(jobFallbacksOfLonely()).isEqualTo(before + 1);
    // The retry reaches another Job (through the other replica) and the lake says it landed.
    HttpResponse<String> replay = appendRows(gatewayB, "lonely", 7);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    HttpResponse<String> counted = query(gatewayA, "lonely", "SELECT count(*) FROM appended");
    assertThat(counted.body().lines().skip(1)).containsExactly("100");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queryJobs()).isEmpty());
  }

  static double jobFallbacksOfLonely() {
    io.micrometer.core.instrument.Counter counter =
        gatewayA
            .getBean(MeterRegistry.class)
            .find("featherman.gateway.job.fallbacks")
            .tags("catalog", "lonely", "result", "success")
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
