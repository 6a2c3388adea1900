package dev.featherman.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.engine.connect.DataPaths;
import dev.featherman.gateway.GatewayApplication;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.testkit.SandboxAttacks;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.workloads.WorkerPod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox attack corpus through the gateway in cluster mode: every query goes to a pool worker
 * (a real worker process serving a PostgreSQL catalog with data in the in-JVM S3 server), with a
 * read token and a write token. Every attack is refused and the lake is unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSandboxIT {
  static final String NS = "sandbox";
  static final String WORKER_TOKEN = "sandbox-it-worker-token-0123456789";
  static final String READER = "sandbox-reader-token";
  static final String WRITER = "sandbox-writer-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final TestingKubernetes k8s = new TestingKubernetes(NS);
  TestingWorkerPods kubelet;
  ConfigurableApplicationContext gateway;
  String dataPath;
  String snapshotBefore;

  @BeforeAll
  void cluster() throws Exception {
    k8s.useAsDefaultCluster();
    Path volumes = Files.createTempDirectory("featherman-sandbox-volumes-");
    kubelet = new TestingWorkerPods(k8s.client, volumes);
    DuckLakeCatalog vault =
        TestingCatalogs.ready(k8s.client, NS, "vault", CatalogBackend.postgres, 10, volumes);
    dataPath =
        DataPaths.s3(
            vault.getSpec().getObjectStore().getBucket(),
            vault.getSpec().getObjectStore().getPrefix());
    DuckLakePool pool =
        PoolRoutingIT.readyPoolIn(k8s.client, NS, "vault-pool", "vault", 60, WORKER_TOKEN);
    k8s.client
        .resource(WorkerPod.desired(pool, vault, "vault-pool-w0", PoolRoutingIT.podSettings()))
        .create();
    await().atMost(Duration.ofSeconds(60)).until(() -> kubelet.running() == 1);
    gateway = gateway();
    for (String setup : SandboxAttacks.setup("victims")) {
      HttpResponse<String> r = query(WRITER, setup);
      assertThat(r.statusCode()).as(setup + " -> " + r.body()).isEqualTo(200);
    }
    snapshotBefore = query(READER, "SELECT max(snapshot_id) FROM vault.snapshots()").body();
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    kubelet.close();
    k8s.close();
    System.clearProperty("kubernetes.master");
  }

  Stream<SandboxAttacks.Attack> corpus() {
    return SandboxAttacks.all().stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  @Order(1)
  void attackIsRefused(SandboxAttacks.Attack attack) throws Exception {
    String sql = attack.render(dataPath, "/tmp/featherman-sandbox-outside", "victims");
    HttpResponse<String> r = query(attack.writer() ? WRITER : READER, sql);
    assertThat(r.statusCode()).as(sql + " -> " + r.body()).isIn(400, 403);
    assertThat(query(READER, "SELECT count(*) FROM victims").body())
        .as("after " + sql)
        .endsWith("\r\n4900\r\n");
  }

  @Test
  @Order(2)
  void nothingChanged() throws Exception {
    assertThat(query(READER, "SELECT max(snapshot_id) FROM vault.snapshots()").body())
        .isEqualTo(snapshotBefore);
    assertThat(query(READER, "SELECT count(*) FROM good_view").body()).endsWith("\r\n7\r\n");
    assertThat(Files.exists(Path.of("/tmp/featherman-sandbox-outside"))).isFalse();
  }

  ConfigurableApplicationContext gateway() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .run(
            "--server.port=0",
            "--featherman.gateway.mode=cluster",
            "--featherman.gateway.cluster.namespace=" + NS,
            "--featherman.gateway.cluster.replica-id=sandbox-gateway",
            "--featherman.gateway.cluster.worker-token=" + WORKER_TOKEN,
            "--featherman.gateway.limits.max-concurrent=8",
            "--featherman.gateway.tokens[0].name=reader",
            "--featherman.gateway.tokens[0].sha256=" + TokenAuthenticator.sha256Hex(READER),
            "--featherman.gateway.tokens[0].catalogs[0]=vault",
            "--featherman.gateway.tokens[1].name=writer",
            "--featherman.gateway.tokens[1].sha256=" + TokenAuthenticator.sha256Hex(WRITER),
            "--featherman.gateway.tokens[1].catalogs[0]=vault",
            "--featherman.gateway.tokens[1].write=true");
  }

  HttpResponse<String> query(String token, String sql) throws Exception {
    String body = JSON.writeValueAsString(Map.of("catalog", "vault", "sql", sql, "format", "csv"));
    int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/queries"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
