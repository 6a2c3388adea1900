package dev.featherman.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import dev.featherman.backup.BackupServiceApplication;
import dev.featherman.controller.ControllerApplication;
import dev.featherman.engine.TestingLakes;
import dev.featherman.gateway.GatewayApplication;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.pool.PoolServiceApplication;
import dev.featherman.testkit.Command;
import dev.featherman.testkit.TestingChart;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.testkit.TestingTls;
import dev.featherman.testkit.TestingWebhooks;
import dev.featherman.webhook.WebhookApplication;
import dev.featherman.worker.TestingKubelet;
import dev.featherman.worker.TestingWorkerPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole control plane in one JVM: controller, pool-service, backup-service, query gateway
 * (cluster mode) and webhook on a real kube-apiserver, a Testing kubelet running Jobs and worker
 * pods in-process, the in-JVM S3 server and PostgreSQL. The README's objects are applied with
 * kubectl through the webhook, registered from the chart's own templates; then queries, a backup, a
 * restore into a new catalog, and finally every dashboard query is checked against the metric names
 * the five services really export.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {
  static final String NS = "lakes";
  static final String WORKER_TOKEN = "system-test-worker-token-0123456789";
  static final String CLIENT_TOKEN = "system-test-client-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Map<String, String> PLURALS =
      Map.of(
          "DuckLakeCatalog", "ducklakecatalogs",
          "DuckLakeTable", "ducklaketables",
          "DuckLakePool", "ducklakepools",
          "DuckLakeBackup", "ducklakebackups");

  static final String RELEASE_NS = "featherman-system";
  static TestingKubernetes k8s;
  static TestingChart chart;

  /** Requests this test made to be refused (each service's identity checked). */
  static long identityProbes;

  /** The groups Kubernetes gives every ServiceAccount token. */
  static final String[] SERVICE_ACCOUNTS = {
    "system:serviceaccounts", "system:serviceaccounts:" + RELEASE_NS, "system:authenticated"
  };

  static TestingKubelet kubelet;
  static TestingWorkerPods workers;
  static TestingTls tls;
  static HttpClient https;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final List<ConfigurableApplicationContext> APPS = new ArrayList<>();
  static ConfigurableApplicationContext gateway;
  static ConfigurableApplicationContext webhook;

  @BeforeAll
  static void controlPlane() throws Exception {
    k8s = new TestingKubernetes(NS);
    k8s.useAsDefaultCluster();
    Path volumes = Files.createTempDirectory("featherman-system-volumes-");
    kubelet = new TestingKubelet(k8s.client, volumes);
    workers = new TestingWorkerPods(k8s.client, volumes);
    k8s.createStorageClass("standard");
    k8s.createS3Secret(
        NS, "s3-credentials", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
    k8s.createPostgresSecret(NS, "pg-credentials");
    TestingLakes.s3().createBucket("my-data-lake");
    tls = TestingTls.create(Files.createTempDirectory("featherman-system-tls-"));
    chart =
        TestingChart.render(
            k8s.client,
            Path.of("../charts/featherman"),
            RELEASE_NS,
            "query-gateway.catalogNamespace=" + NS);
    chart.installIdentities(k8s.client);
    https = HttpClient.newBuilder().sslContext(tls.sslContext()).build();

    APPS.add(
        start(
            ControllerApplication.class,
            "featherman-controller-service",
            "--featherman.controller.lease-namespace=" + RELEASE_NS,
            "--featherman.controller.wait-interval=300ms",
            "--featherman.controller.probe-timeout=2s"));
    APPS.add(
        start(
            PoolServiceApplication.class,
            "featherman-pool-service",
            "--featherman.pool.lease-namespace=" + RELEASE_NS,
            "--featherman.pool.worker-token=" + WORKER_TOKEN,
            "--featherman.pool.probe-timeout=1s",
            "--featherman.pool.start-timeout=60s"));
    APPS.add(
        start(
            BackupServiceApplication.class,
            "featherman-backup-service",
            "--featherman.backup.lease-namespace=" + RELEASE_NS,
            "--featherman.backup.wait-interval=300ms",
            "--featherman.backup.retention-interval=2s"));
    gateway =
        start(
            GatewayApplication.class,
            "featherman-query-gateway",
            "--featherman.gateway.mode=cluster",
            "--featherman.gateway.cluster.namespace=" + NS,
            "--featherman.gateway.cluster.replica-id=gateway-0",
            "--featherman.gateway.cluster.worker-token=" + WORKER_TOKEN,
            "--featherman.gateway.cluster.queue-report-interval=200ms",
            "--featherman.gateway.cluster.job-start-timeout=60s",
            "--featherman.gateway.limits.max-wait=60s",
            "--featherman.gateway.limits.max-concurrent=16",
            "--featherman.gateway.limits.timeout=120s",
            "--featherman.gateway.tokens[0].name=analyst",
            "--featherman.gateway.tokens[0].sha256=" + TokenAuthenticator.sha256Hex(CLIENT_TOKEN),
            "--featherman.gateway.tokens[0].catalogs[0]=*",
            "--featherman.gateway.tokens[0].write=true");
    APPS.add(gateway);
    webhook =
        start(
            WebhookApplication.class,
            "featherman-webhook-service",
            "--server.ssl.bundle=webhook",
            "--spring.ssl.bundle.pem.webhook.keystore.certificate=file:"
                + tls.directory().resolve("tls.crt"),
            "--spring.ssl.bundle.pem.webhook.keystore.private-key=file:"
                + tls.directory().resolve("tls.key"),
            "--management.server.port=0",
            "--management.server.ssl.enabled=false");
    APPS.add(webhook);
    TestingWebhooks.register(
        k8s.client,
        Path.of("../charts/featherman/charts/webhook-service"),
        port(webhook, "local.server.port"),
        tls.certificatePem());
  }

  /**
   * Starts one service with only its own settings (the five jars each bring an application.yaml, so
   * none of them is read here: spring.config.name points elsewhere), as the chart's ServiceAccount
   * {@code serviceAccount}: RBAC grants it exactly the chart's roles.
   */
  static ConfigurableApplicationContext start(
      Class<?> application, String serviceAccount, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--spring.config.name=featherman-system-test");
    all.add("--spring.main.banner-mode=off");
    all.add("--server.port=0");
    all.add("--management.endpoints.web.exposure.include=health,prometheus");
    all.add("--management.endpoint.health.probes.enabled=true");
    all.add("--spring.application.name=" + application.getSimpleName());
    return new SpringApplicationBuilder(application)
        .initializers(
            new ServiceAccountClient(
                () -> k8s.clientAs(chart.serviceAccountUser(serviceAccount), SERVICE_ACCOUNTS)))
        .run(all.toArray(String[]::new));
  }

  @AfterAll
  static void stop() throws Exception {
    APPS.forEach(ConfigurableApplicationContext::close);
    workers.close();
    kubelet.close();
    try {
      // After the services stopped (a stop releases the Lease): nothing was refused, and every
      // grant was used or is listed with the code path that needs it.
      assertThat(forbiddenRequests())
          .as("requests the API server refused, but for the identity probes")
          .hasSize((int) identityProbes)
          .allMatch(call -> call.endsWith(": list core/secrets"));
      // Listed grants may still be used on a slow run (a Job retried, a query falling back to a
      // Job): only an unlisted unused grant fails.
      var unused = chart.unusedGrants(k8s.apiServer().auditLog());
      assertThat(unused)
          .as(
              "chart RBAC grants no service call used (rbac-not-exercised.txt lists the known ones)")
          .isSubsetOf(notExercised());
    } finally {
      k8s.close();
      System.clearProperty("kubernetes.master");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static int port(ConfigurableApplicationContext app, String property) {
    return Integer.parseInt(app.getEnvironment().getProperty(property));
  }

  static ObjectNode readme(String name) throws Exception {
    try (InputStream in = ControlPlaneIT.class.getResourceAsStream(name + ".yaml")) {
      ObjectNode object = (ObjectNode) YAML.readTree(in);
      ((ObjectNode) object.get("metadata")).put("namespace", NS);
      return object;
    }
  }

  /**
   * kubectl apply, for real: the API server calls the registered webhook-service (defaulting, then
   * schema validation, then validation) and stores the object. Returns what kubectl printed on
   * stderr (the webhook's warnings).
   */
  static String apply(ObjectNode object) {
    Command.Result r =
        Command.run(
            "kubectl",
            object.toString(),
            "--kubeconfig",
            k8s.apiServer().kubeconfig().toString(),
            "apply",
            "-f",
            "-");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stderr();
  }

  /** The README's catalog, pointed at the in-JVM S3 server. */
  static ObjectNode readmeCatalog() throws Exception {
    ObjectNode catalog = readme("readme-catalog");
    ((ObjectNode) catalog.at("/spec/objectStore"))
        .put("endpoint", "http://" + TestingLakes.s3().hostAndPort());
    return catalog;
  }

  /** Applies an on-demand backup of {@code catalog} and waits until it Completed. */
  static void backUp(String name, String catalog) throws Exception {
    ObjectNode backup = JSON.createObjectNode();
    backup.put("apiVersion", "ducklake.featherman.dev/v1alpha1").put("kind", "DuckLakeBackup");
    backup.putObject("metadata").put("name", name).put("namespace", NS);
    backup.putObject("spec").put("catalogRef", catalog);
    apply(backup);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              DuckLakeBackup b = get(DuckLakeBackup.class, name);
              return b.getStatus() != null && b.getStatus().getPhase() == BackupPhase.Completed;
            });
  }

  /** The object of {@code kind} named {@code name} in the test namespace, or null. */
  static <T extends HasMetadata> T get(Class<T> kind, String name) {
    return k8s.client.resources(kind).inNamespace(NS).withName(name).get();
  }

  static <T extends CustomResource<?, ? extends FeathermanStatus>> void awaitReady(
      Class<T> type, String name) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              T object = get(type, name);
              return object != null
                  && object.getStatus() != null
                  && Conditions.isTrue(object.getStatus(), ConditionTypes.READY);
            });
  }

  static HttpResponse<String> query(String catalog, String sql) throws Exception {
    ObjectNode body =
        JSON.createObjectNode().put("catalog", catalog).put("sql", sql).put("format", "csv");
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + port(gateway, "local.server.port") + "/v1/queries"))
            .header("Authorization", "Bearer " + CLIENT_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String single(String catalog, String sql) throws Exception {
    HttpResponse<String> r = query(catalog, sql);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().lines().skip(1).findFirst().orElse("");
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void theReadmesObjectsBecomeReadyAndAnswerQueries() throws Exception {
    apply(readmeCatalog());
    awaitReady(DuckLakeCatalog.class, "example");

    // The README's table partitions by a column it does not declare: admitted with a warning,
    // then fixed the way a user would, by declaring it.
    ObjectNode table = readme("readme-table");
    String admitted = apply(table);
    assertThat(admitted).contains("Warning:").contains("created_at");
    ((ArrayNode) table.at("/spec/columns"))
        .addObject()
        .put("name", "created_at")
        .put("type", "TIMESTAMP")
        .put("nullable", true);
    apply(table);
    awaitReady(DuckLakeTable.class, "users");

    // The README's pool names "main-catalog": a PostgreSQL catalog, as clusters should use.
    var mainSpec = TestingLakes.spec(CatalogBackend.postgres, "my-data-lake");
    // Data written earlier by someone else: the README's pool mounts this catalog read-only.
    try (var seed =
        new dev.featherman.engine.connect.LakeSessionFactory(
                dev.featherman.engine.EngineSettings.defaults())
            .open(TestingLakes.config("seed", mainSpec, Files.createTempDirectory("seed-")))) {
      seed.execute("CREATE TABLE events AS SELECT range AS id FROM range(5000)");
    }
    ObjectNode main = JSON.createObjectNode();
    main.put("apiVersion", "ducklake.featherman.dev/v1alpha1").put("kind", "DuckLakeCatalog");
    main.putObject("metadata").put("name", "main-catalog").put("namespace", NS);
    main.set("spec", JSON.readTree(Serialization.asJson(mainSpec)));
    apply(main);
    awaitReady(DuckLakeCatalog.class, "main-catalog");
    ObjectNode pool = readme("readme-pool");
    ((ObjectNode) pool.at("/spec")).put("scaleInterval", "1s");
    apply(pool);
    awaitReady(DuckLakePool.class, "default-pool");
    assertThat(get(DuckLakePool.class, "default-pool").getStatus().getCurrentSize())
        .isGreaterThanOrEqualTo(2);

    // The pool mounts the catalog read-only: a write runs beside it, in a one-shot Job.
    HttpResponse<String> written =
        query("main-catalog", "CREATE TABLE audit AS SELECT 1 AS checked");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    assertThat(written.headers().firstValue("X-Featherman-Route")).hasValue("job");
    HttpResponse<String> counted = query("main-catalog", "SELECT count(*) AS n FROM events");
    assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
    assertThat(counted.headers().firstValue("X-Featherman-Route")).hasValue("pool");
    assertThat(counted.body().lines().skip(1).findFirst()).hasValue("5000");

    // A worker that dies with its pod still Ready: the gateway retries on the other one.
    String victim = counted.headers().firstValue("X-Featherman-Pod").orElseThrow();
    workers.stopUnnoticed(NS, victim);
    // Every query is answered; sooner or later one is routed to the dead worker and retried.
    for (int i = 0;
        i < 40 && !scrape(gateway).contains("featherman_gateway_worker_retries_total");
        i++) {
      assertThat(single("main-catalog", "SELECT count(*) FROM events")).isEqualTo("5000");
    }
    assertThat(scrape(gateway)).contains("featherman_gateway_worker_retries_total");

    // The pool-service notices the dead worker (its state probe fails) and replaces it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var status = get(DuckLakePool.class, "default-pool").getStatus();
              return status.getPods().stream().noneMatch(p -> p.getName().equals(victim))
                  && status.getIdlePods() + status.getBusyPods() >= 2;
            });

    // More demand than two exclusive workers: queries queue in the gateway, the queue reaches the
    // pool through its annotations, and the pool-service scales up.
    var load = java.util.concurrent.Executors.newFixedThreadPool(6);
    List<java.util.concurrent.Future<HttpResponse<String>>> running = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      running.add(
          load.submit(
              () ->
                  query(
                      "main-catalog",
                      "SELECT sum(a.id * b.range) FROM events a, range(400000) b")));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get(DuckLakePool.class, "default-pool").getStatus().getDesiredSize() > 2);
    for (var r : running) {
      assertThat(r.get().statusCode()).as(r.get().body()).isEqualTo(200);
    }
    load.shutdown();
  }

  @Test
  @Order(2)
  void aBackupCompletesAndARestoredCatalogHasTheBackedUpRows() throws Exception {
    // The DuckDB-file catalog has no pool: its queries run as one-shot Jobs.
    HttpResponse<String> insert =
        query("example", "INSERT INTO users SELECT range, 'user ' || range, NULL FROM range(1000)");
    assertThat(insert.statusCode()).as(insert.body()).isEqualTo(200);
    assertThat(insert.headers().firstValue("X-Featherman-Route")).hasValue("job");
    assertThat(single("example", "SELECT count(*) FROM users")).isEqualTo("1000");

    backUp("example-before-cleanup", "example");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "example-before-cleanup"
                    .equals(
                        get(DuckLakeCatalog.class, "example")
                            .getStatus()
                            .getLastSuccessfulBackup()));

    assertThat(query("example", "DELETE FROM users WHERE id < 600").statusCode()).isEqualTo(200);
    assertThat(single("example", "SELECT count(*) FROM users")).isEqualTo("400");

    ObjectNode restored = readmeCatalog();
    ((ObjectNode) restored.get("metadata")).put("name", "example-restored");
    ((ObjectNode) restored.at("/spec/objectStore")).put("prefix", "restored");
    ((ObjectNode) restored.get("spec")).remove("backupPolicy");
    ((ObjectNode) restored.get("spec"))
        .putObject("restore")
        .put("backupName", "example-before-cleanup");
    apply(restored);
    awaitReady(DuckLakeCatalog.class, "example-restored");
    assertThat(single("example-restored", "SELECT count(*) FROM users")).isEqualTo("1000");
    assertThat(single("example", "SELECT count(*) FROM users"))
        .as("never in place")
        .isEqualTo("400");
  }

  @Test
  @Order(3)
  void retentionAndMaintenanceRunOnTheirOwn() throws Exception {
    backUp("example-old", "example");
    var backups = k8s.client.resources(DuckLakeBackup.class).inNamespace(NS);
    // Ten days old under a seven-day policy: retention deletes it (and its objects). The backup
    // the restored catalog came from is as old, but protected.
    for (String name : List.of("example-old", "example-before-cleanup")) {
      backups
          .withName(name)
          .editStatus(
              b -> {
                b.getStatus()
                    .setCompletedAt(java.time.Instant.now().minus(Duration.ofDays(10)).toString());
                return b;
              });
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> backups.withName("example-old").get() == null);
    assertThat(backups.withName("example-before-cleanup").get()).isNotNull();

    ObjectNode catalog = readmeCatalog();
    ((ObjectNode) catalog.get("spec"))
        .putObject("maintenance")
        .put("schedule", "@every 3s")
        .put("dryRun", true);
    apply(catalog);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              var status = get(DuckLakeCatalog.class, "example").getStatus();
              return status.getMaintenance() != null
                  && "Succeeded".equals(status.getMaintenance().getResult());
            });
  }

  static String scrape(ConfigurableApplicationContext app) throws Exception {
    String portProperty = app == webhook ? "local.management.port" : "local.server.port";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port(app, portProperty) + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  @Order(4)
  void everyDashboardQueryUsesMetricsTheServicesExport() throws Exception {
    Set<String> exported = new TreeSet<>();
    for (ConfigurableApplicationContext app : APPS) {
      scrape(app)
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0])
          .forEach(exported::add);
    }
    Path dashboards = Path.of("../charts/featherman/dashboards");
    List<String> missing = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.list(dashboards)) {
      for (Path file : files.sorted().toList()) {
        for (JsonNode panel :
            JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).get("panels")) {
          for (JsonNode target : panel.get("targets")) {
            for (String metric : metricNames(target.get("expr").asText())) {
              checked++;
              if (!exported.contains(metric)) {
                missing.add(
                    file.getFileName() + " / " + panel.get("title").asText() + ": " + metric);
              }
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(missing).as("dashboard metrics the services do not export").isEmpty();
  }

  static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static final Set<String> PROMQL_WORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless");

  /**
   * Metric names in a PromQL expression: what is left after removing label matchers, ranges,
   * strings and grouping clauses, that is not a function call or a keyword.
   */
  static Set<String> metricNames(String expr) {
    String stripped =
        expr.replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\{[^}]*\\}", "")
            .replaceAll("\\[[^\\]]*\\]", "")
            .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String rest = stripped.substring(m.end()).stripLeading();
      if (!rest.startsWith("(") && !PROMQL_WORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  // --- featherman CLI against this control plane --------------------------------------------

  @Test
  @Order(5)
  void cliStatusListsEveryObjectAndFollowsChanges() throws Exception {
    CliRun table = CliRun.of("status", "-n", NS);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().findFirst().orElse(""))
        .matches("NAME +READY +REASON +DETAILS +AGE");
    assertThat(table.out())
        .containsPattern("ducklakecatalog/example +True +Reconciled +backend=duckdb")
        .containsPattern("ducklaketable/users +True .*catalog=example rows=")
        .containsPattern("ducklakepool/default-pool +True .*size=\\d+ desired=")
        .containsPattern(
            "ducklakebackup/example-before-cleanup +True +\\S+ +catalog=example bytes=");

    CliRun json = CliRun.of("status", "-A", "-o", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode catalog = null;
    for (JsonNode item : JSON.readTree(json.out()).get("items")) {
      if (item.get("kind").asText().equals("DuckLakeCatalog")
          && item.get("name").asText().equals("main-catalog")) {
        catalog = item;
      }
    }
    assertThat(catalog).as(json.out()).isNotNull();
    assertThat(catalog.get("namespace").asText()).isEqualTo(NS);
    assertThat(catalog.get("ready").asText()).isEqualTo("True");
    assertThat(catalog.at("/figures/backend").asText()).isEqualTo("postgres");
    CliRun yaml = CliRun.of("status", "-n", NS, "-o", "yaml");
    assertThat(YAML.readTree(yaml.out()).get("items").size())
        .isEqualTo(
            JSON.readTree(CliRun.of("status", "-n", NS, "-o", "json").out()).get("items").size());
    CliRun empty = CliRun.of("status", "-n", "default");
    assertThat(empty.out()).isEqualTo("No DuckLake objects found in namespace default.\n");

    // --watch prints a line for each change until its timeout.
    var watching =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> CliRun.of("status", "-n", NS, "--watch", "--timeout", "6s"));
    Thread.sleep(2_000);
    k8s.client
        .resources(DuckLakeTable.class)
        .inNamespace(NS)
        .withName("users")
        .edit(
            t -> {
              Map<String, String> labels = new java.util.HashMap<>();
              if (t.getMetadata().getLabels() != null) {
                labels.putAll(t.getMetadata().getLabels());
              }
              labels.put("team", "growth");
              t.getMetadata().setLabels(labels);
              return t;
            });
    CliRun watched = watching.get();
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(watched.out()).containsPattern("MODIFIED +ducklaketable/users +True");
  }

  @Test
  @Order(6)
  void cliInitThenDeployGoesThroughTheWebhookAndWaitsForReady() throws Exception {
    Path dir = Files.createTempDirectory("featherman-cli-");
    Path catalog =
        init(
            dir,
            "catalog",
            "cli-lake",
            "--bucket",
            "my-data-lake",
            "--prefix",
            "cli",
            "--endpoint",
            "http://" + TestingLakes.s3().hostAndPort());
    Path pool = init(dir, "pool", "cli-pool", "--catalog", "main-catalog", "--min-size", "1");
    Path backup = init(dir, "backup", "cli-backup", "--catalog", "cli-lake");

    // A server-side dry run: validated and admitted, nothing stored.
    for (Path file : List.of(catalog, pool, backup)) {
      CliRun dry = CliRun.of("deploy", "-n", NS, "-f", file.toString(), "--dry-run");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(dry.out()).contains("valid (server dry run)");
    }
    assertThat(get(DuckLakeCatalog.class, "cli-lake")).isNull();

    // The webhook's denial and warning reach the user as the webhook worded them.
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: ducklake.featherman.dev/v1alpha1
        kind: DuckLakeTable
        metadata:
          name: bad-types
        spec:
          catalogRef: cli-lake
          name: bad_types
          columns:
            - name: id
              type: NOTATYPE
        ---
        apiVersion: ducklake.featherman.dev/v1alpha1
        kind: DuckLakeTable
        metadata:
          name: undeclared-partition
        spec:
          catalogRef: cli-lake
          name: undeclared_partition
          columns:
            - name: id
              type: INTEGER
          format:
            partitioning: ["created_at"]
        """);
    CliRun refused = CliRun.of("deploy", "-n", NS, "-f", bad.toString(), "--dry-run");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains("error: ducklaketable/bad-types: ")
        .contains("NOTATYPE")
        .contains("Warning: ")
        .contains("created_at");
    assertThat(refused.out()).contains("ducklaketable/undeclared-partition valid (server dry run)");

    // For real, waiting: the catalog, then a table with an export, become Ready.
    CliRun deployed =
        CliRun.of("deploy", "-n", NS, "-f", catalog.toString(), "--wait", "--timeout", "2m");
    assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
    assertThat(deployed.out())
        .contains("ducklakecatalog/cli-lake applied, generation 1")
        .contains("ducklakecatalog/cli-lake is Ready");
    Path events = dir.resolve("events.yaml");
    Files.writeString(
        events,
        CliRun.of("init", "table", "events", "--catalog", "cli-lake").out()
            + """
              materializeTo:
                enabled: true
                sql: SELECT range AS n FROM range(10)
                destination:
                  bucket: my-data-lake
                  prefix: cli-exports
            """);
    CliRun table = CliRun.of("deploy", "-n", NS, "-f", events.toString(), "--wait");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("ducklaketable/events is Ready");

    // A wait that cannot end says what blocks it, with exit code 3.
    Path orphan = init(dir, "table", "orphan", "--catalog", "no-such-catalog");
    CliRun timedOut =
        CliRun.of("deploy", "-n", NS, "-f", orphan.toString(), "--wait", "--timeout", "3s");
    assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(3);
    assertThat(timedOut.err())
        .contains("ducklaketable/orphan not ready after 3s")
        .contains("CatalogNotFound");
    k8s.client.resources(DuckLakeTable.class).inNamespace(NS).withName("orphan").delete();
  }

  static Path init(Path dir, String kind, String name, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("init", kind, name));
    args.addAll(List.of(flags));
    CliRun init = CliRun.of(args.toArray(String[]::new));
    assertThat(init.exitCode()).as(init.toString()).isZero();
    Path file = dir.resolve(kind + "-" + name + ".yaml");
    Files.writeString(file, init.out());
    return file;
  }

  @Test
  @Order(7)
  void cliBacksUpRestoresAndMaterializes() throws Exception {
    String rows = single("example", "SELECT count(*) FROM users");
    CliRun backup = CliRun.of("backup", "example", "-n", NS, "--name", "example-cli", "--wait");
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.out())
        .contains("ducklakebackup/example-cli created")
        .contains("ducklakebackup/example-cli Completed: ");

    CliRun restore =
        CliRun.of("restore", "example-cli", "--into", "example-from-cli", "-n", NS, "--wait");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("ducklakecatalog/example-from-cli is Ready");
    assertThat(single("example-from-cli", "SELECT count(*) FROM users")).isEqualTo(rows);
    DuckLakeCatalog copy = get(DuckLakeCatalog.class, "example-from-cli");
    assertThat(copy.getSpec().getObjectStore().getPrefix()).isEqualTo("example-from-cli");
    assertThat(copy.getSpec().getBackupPolicy()).as("no schedules on a copy").isNull();
    assertThat(copy.getSpec().getMaintenance()).isNull();

    CliRun again = CliRun.of("restore", "example-cli", "--into", "example-from-cli", "-n", NS);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("never in place");
    CliRun missing = CliRun.of("backup", "no-such-catalog", "-n", NS);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("DuckLakeCatalog no-such-catalog not found in namespace " + NS);

    CliRun materialized = CliRun.of("materialize", "events", "-n", NS, "--wait");
    assertThat(materialized.exitCode()).as(materialized.toString()).isZero();
    assertThat(materialized.out())
        .contains("exported 10 rows to s3://my-data-lake/cli-exports/events.parquet");
    CliRun none = CliRun.of("materialize", "users", "-n", NS);
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("has no enabled spec.materializeTo");
  }

  @Test
  @Order(8)
  void cliQueriesTheClusterGatewayAndReportsVersions() throws Exception {
    String gatewayUrl = "http://127.0.0.1:" + port(gateway, "local.server.port");
    CliRun query =
        CliRun.of(
            Map.of("FEATHERMAN_TOKEN", CLIENT_TOKEN, "FEATHERMAN_GATEWAY", gatewayUrl),
            "",
            "query",
            "-c",
            "main-catalog",
            "-f",
            "table",
            "SELECT count(*) AS n FROM events");
    assertThat(query.exitCode()).as(query.toString()).isZero();
    assertThat(query.out()).isEqualTo("   n\n5000\n(1 row)\n");
    CliRun several =
        CliRun.of(
            Map.of("FEATHERMAN_TOKEN", CLIENT_TOKEN, "FEATHERMAN_GATEWAY", gatewayUrl),
            "",
            "query",
            "SELECT 1");
    assertThat(several.exitCode()).isEqualTo(2);
    assertThat(several.err()).contains("name a catalog with --catalog").contains("main-catalog");

    // The chart's controller Deployment (no kubelet runs it here) carries the release's version.
    for (HasMetadata object : chart.objects()) {
      if (object instanceof io.fabric8.kubernetes.api.model.apps.Deployment d
          && d.getMetadata().getName().contains("controller-service")) {
        k8s.client.resource(d).inNamespace(RELEASE_NS).create();
      }
    }
    CliRun version = CliRun.of(Map.of("FEATHERMAN_GATEWAY", gatewayUrl), "", "version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out())
        .containsPattern("gateway: \\S+ \\(" + gatewayUrl + "\\)")
        .containsPattern("controller-service: \\S+ \\(" + RELEASE_NS + ", image \\S+\\)");
  }

  @Test
  @Order(9)
  void theInstallGuidesStepsWorkAsWritten() throws Exception {
    // docs/install.sh is the guide's "Check" and "First query" as one script: run as a user would,
    // with kubectl against this API server (through the webhook) and curl against the gateway.
    Map<String, String> env = new java.util.HashMap<>();
    env.put("KUBECONFIG", k8s.apiServer().kubeconfig().toString());
    env.put("KUBECTL", dev.featherman.testkit.KubernetesBinaries.require("kubectl").toString());
    env.put("NAMESPACE", NS);
    env.put("CATALOG", "install-check");
    env.put("S3_ENDPOINT", "http://" + TestingLakes.s3().hostAndPort());
    env.put("S3_BUCKET", "my-data-lake");
    env.put("S3_ACCESS_KEY", TestingLakes.s3().accessKey());
    env.put("S3_SECRET_KEY", TestingLakes.s3().secretKey());
    env.put("GATEWAY_URL", "http://127.0.0.1:" + port(gateway, "local.server.port"));
    env.put("TOKEN", CLIENT_TOKEN);
    Command.Result run = Command.script(Path.of("..", "docs", "install.sh"), env, null);
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("==> catalog install-check")
        .contains("condition met")
        .endsWith("answer\r\n42\r\n");
  }

  @Test
  @Order(99)
  void noServiceWasEverForbidden() throws Exception {
    // Every service ran as its chart ServiceAccount with exactly the chart's roles: a missing rule
    // shows up as a 403 in the API server's audit log.
    assertThat(forbiddenRequests()).as("requests the API server refused").isEmpty();
    // And the identities were in effect: no service may list Secrets outside its grants.
    for (ConfigurableApplicationContext app : APPS) {
      var client = app.getBean(io.fabric8.kubernetes.client.KubernetesClient.class);
      identityProbes++;
      assertThatThrownBy(() -> client.secrets().inNamespace("kube-system").list())
          .as(app.getEnvironment().getProperty("spring.application.name"))
          .hasMessageContaining("Forbidden")
          .hasMessageContaining("system:serviceaccount:" + RELEASE_NS + ":featherman-");
    }
  }

  /** The services' calls the API server refused (403), from its audit log. */
  static List<String> forbiddenRequests() {
    return chart.refusedCalls(k8s.apiServer().auditLog());
  }

  static List<String> notExercised() throws Exception {
    try (InputStream in = ControlPlaneIT.class.getResourceAsStream("rbac-not-exercised.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.replaceAll("\\s*#.*$", "").strip())
          .toList();
    }
  }
}
