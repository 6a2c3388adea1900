package dev.featherman.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.Annotations;
import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.PoolPodStatus;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.worker.serve.WorkerServer;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Workers keep serving through what happens to the pool-service: a restart (a new leader, a
 * rollout), after which the new instance adopts the workers from the pool's status and pods, and a
 * worker token rotation, after which the workers are replaced without cutting a query.
 */
class PoolContinuityIT {
  static final String NS = "restarts";
  static final TestingKubernetes K8S = new TestingKubernetes(NS);
  static TestingWorkerPods kubelet;

  @BeforeAll
  static void cluster() throws Exception {
    K8S.useAsDefaultCluster();
    Path volumes = Files.createTempDirectory("featherman-pool-restart-");
    kubelet = new TestingWorkerPods(K8S.client, volumes);
    TestingCatalogs.ready(K8S.client, NS, "lake", CatalogBackend.postgres, 1000, volumes);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  /** A pool-service; {@code token} is how it gets the worker token (value or file setting). */
  static ConfigurableApplicationContext poolService(String... token) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.main.web-application-type=none",
                "--featherman.pool.leader-election=false",
                "--featherman.pool.probe-timeout=1s",
                "--featherman.pool.start-timeout=60s"));
    args.addAll(List.of(token));
    return new SpringApplicationBuilder(PoolServiceApplication.class)
        .run(args.toArray(String[]::new));
  }

  static DuckLakePool pool() {
    return pool("kept");
  }

  static DuckLakePool pool(String name) {
    return K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName(name).get();
  }

  /** Idle workers in the pool's status; -1 before its first status. */
  static int idlePods(String pool) {
    DuckLakePool p = pool(pool);
    return p.getStatus() == null || p.getStatus().getIdlePods() == null
        ? -1
        : p.getStatus().getIdlePods();
  }

  static Set<String> workers() {
    return workers("kept");
  }

  static Set<String> workers(String pool) {
    return K8S.client.pods().inNamespace(NS).withLabel(Labels.POOL, pool).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  static int queriesInStatus(String pod) {
    DuckLakePool pool = pool();
    if (pool.getStatus() == null || pool.getStatus().getPods() == null) {
      return -1;
    }
    return pool.getStatus().getPods().stream()
        .filter(p -> pod.equals(p.getName()))
        .map(PoolPodStatus::getQueryCount)
        .filter(n -> n != null)
        .findFirst()
        .orElse(-1L)
        .intValue();
  }

  /** Creates the pool (of two workers) and returns its workers once both serve, idle. */
  static Set<String> createServingTwo(DuckLakePool spec) {
    String name = spec.getMetadata().getName();
    K8S.client.resource(spec).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(workers(name)).hasSize(2);
              assertThat(idlePods(name)).isEqualTo(2);
            });
    return workers(name);
  }

  /**
   * Starts a query of several seconds on {@code pod}, with its pool's token under the root token
   * {@code root}; returns once it runs.
   */
  static Future<Integer> longQuery(ExecutorService client, String pod, String root) {
    Pod worker = K8S.client.pods().inNamespace(NS).withName(pod).get();
    String token = TestingPools.poolToken(root, worker);
    Future<Integer> status =
        client.submit(
            () ->
                TestingPools.execute(
                    worker,
                    "SELECT sum(a.range * b.range) FROM range(60000) a, range(60000) b",
                    120_000,
                    token));
    await().atMost(Duration.ofSeconds(30)).until(() -> kubelet.server(NS, pod).active() > 0);
    return status;
  }

  @Test
  void aRestartedPoolServiceAdoptsItsWorkersAndLeavesABusyOneAlone() throws Exception {
    DuckLakePool spec = TestingPools.pool(NS, "kept", "lake", 2, 4);
    // Two busy workers of two are then exactly on target: any new pod would be a restart's doing.
    spec.getSpec().setTargetUtilization(1.0);
    ExecutorService client = Executors.newSingleThreadExecutor();
    ConfigurableApplicationContext first =
        poolService("--featherman.pool.worker-token=" + TestingPools.TOKEN);
    ConfigurableApplicationContext second = null;
    try {
      Set<String> before = createServingTwo(spec);
      String busyName = before.iterator().next();
      Future<Integer> longQuery = longQuery(client, busyName, TestingPools.TOKEN);

      first.close();
      second = poolService("--featherman.pool.worker-token=" + TestingPools.TOKEN);

      // The new instance is live: it sees a query served after the restart...
      String other = before.stream().filter(n -> !n.equals(busyName)).findFirst().orElseThrow();
      Pod otherPod = K8S.client.pods().inNamespace(NS).withName(other).get();
      int served = Math.max(0, queriesInStatus(other));
      assertThat(TestingPools.execute(otherPod, "SELECT count(*) FROM numbers", 10_000))
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> queriesInStatus(other) == served + 1);
      // ...and over several scale intervals it created and deleted nothing.
      for (int i = 0; i < 5; i++) {
        assertThat(workers()).isEqualTo(before);
        Thread.sleep(1000);
      }
      WorkerServer server = kubelet.server(NS, busyName);
      assertThat(server).as("the busy worker still runs").isNotNull();
      assertThat(longQuery.get(60, TimeUnit.SECONDS)).as("the long query's status").isEqualTo(200);
      assertThat(pool().getStatus().getDesiredSize()).isEqualTo(2);
      assertThat(workers()).isEqualTo(before);
    } finally {
      client.shutdownNow();
      first.close();
      if (second != null) {
        second.close();
      }
      K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("kept").delete();
    }
  }

  @Test
  void aRotatedWorkerTokenReplacesTheWorkersWithoutCuttingAQuery() throws Exception {
    String oldToken = "continuity-old-token-0123456789";
    String newToken = "continuity-new-token-0123456789";
    Path file = Files.createTempFile("worker-token", "");
    Files.writeString(file, oldToken);
    DuckLakePool spec = TestingPools.pool(NS, "rotated", "lake", 2, 4);
    spec.getSpec().setTargetUtilization(1.0);
    ExecutorService client = Executors.newSingleThreadExecutor();
    ConfigurableApplicationContext service =
        poolService(
            "--featherman.pool.worker-token=", "--featherman.pool.worker-token-file=" + file);
    try {
      Set<String> before = createServingTwo(spec);
      Future<Integer> longQuery = longQuery(client, before.iterator().next(), oldToken);

      Files.writeString(file, newToken); // the mounted Secret was updated

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                Set<String> now = workers("rotated");
                assertThat(now).hasSize(2).doesNotContainAnyElementsOf(before);
                assertThat(idlePods("rotated")).isEqualTo(2);
              });
      assertThat(longQuery.get(120, TimeUnit.SECONDS))
          .as("the query running through the rotation")
          .isEqualTo(200);
      String oldPoolToken =
          WorkerToken.resolve(oldToken, null, "t").forPool(pool("rotated").getMetadata().getUid());
      String newPoolToken =
          WorkerToken.resolve(newToken, null, "t").forPool(pool("rotated").getMetadata().getUid());
      for (String name : workers("rotated")) {
        Pod pod = K8S.client.pods().inNamespace(NS).withName(name).get();
        assertThat(pod.getMetadata().getAnnotations())
            .containsEntry(
                Annotations.WORKER_TOKEN_FINGERPRINT, WorkerToken.fingerprint(newPoolToken));
        assertThat(TestingPools.execute(pod, "SELECT 1", 10_000, newPoolToken)).isEqualTo(200);
        assertThat(TestingPools.execute(pod, "SELECT 1", 10_000, oldPoolToken)).isEqualTo(401);
        // The root token itself opens no worker.
        assertThat(TestingPools.execute(pod, "SELECT 1", 10_000, newToken)).isEqualTo(401);
      }
      Secret secret = K8S.client.secrets().inNamespace(NS).withName("rotated-worker-token").get();
      // The API server keeps stringData only as data.
      assertThat(dev.featherman.operator.CatalogSecrets.value(secret, WorkerPod.TOKEN_KEY))
          .isEqualTo(newPoolToken);
      assertThat(dev.featherman.operator.CatalogSecrets.value(secret, WorkerPod.PREVIOUS_TOKEN_KEY))
          .isEqualTo(oldPoolToken);
      // Every old worker was drained, none was given up as unreachable.
      assertThat(
              service.getBean(MeterRegistry.class).find("ducklake.pool.pod.deletions").counters())
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c.getId().getTag("reason")).isEqualTo("drained"));
    } finally {
      client.shutdownNow();
      service.close();
      K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("rotated").delete();
    }
  }

  @Test
  void afterTheRotationGraceAWorkerWithThePreviousTokenIsDeletedEvenMidQuery() throws Exception {
    String oldToken = "graceful-old-token-0123456789";
    String newToken = "graceful-new-token-0123456789";
    Path file = Files.createTempFile("worker-token", "");
    Files.writeString(file, oldToken);
    DuckLakePool spec = TestingPools.pool(NS, "revoked", "lake", 2, 4);
    spec.getSpec().setTargetUtilization(1.0);
    ExecutorService client = Executors.newSingleThreadExecutor();
    ConfigurableApplicationContext service =
        poolService(
            "--featherman.pool.worker-token=",
            "--featherman.pool.worker-token-file=" + file,
            "--featherman.pool.token-rotation-grace=4s");
    try {
      Set<String> before = createServingTwo(spec);
      String busy = before.iterator().next();
      // Far longer than the grace: without it this worker would keep the old token for minutes.
      Future<Integer> longQuery = longQuery(client, busy, oldToken);
      Instant rotated = Instant.now();
      Files.writeString(file, newToken);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> K8S.client.pods().inNamespace(NS).withName(busy).get() == null);
      Duration revokedAfter = Duration.between(rotated, Instant.now());
      System.out.println("[rotation] the previous token's last worker deleted " + revokedAfter);
      assertThat(revokedAfter).isLessThan(Duration.ofSeconds(15));
      assertThat(longQuery.get(30, TimeUnit.SECONDS)).as("the cut query").isNotEqualTo(200);
      assertThat(
              service.getBean(MeterRegistry.class).find("ducklake.pool.pod.deletions").counters())
          .anySatisfy(c -> assertThat(c.getId().getTag("reason")).isEqualTo("token revoked"));
      // The pool's Secret forgets the previous token once its grace is over.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  dev.featherman.operator.CatalogSecrets.value(
                          K8S.client
                              .secrets()
                              .inNamespace(NS)
                              .withName("revoked-worker-token")
                              .get(),
                          WorkerPod.PREVIOUS_TOKEN_KEY)
                      == null);
    } finally {
      client.shutdownNow();
      service.close();
      K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("revoked").delete();
    }
  }

  @Test
  void onePoolsTokenOpensNoOtherPoolsWorkers() throws Exception {
    ConfigurableApplicationContext service =
        poolService("--featherman.pool.worker-token=" + TestingPools.TOKEN);
    try {
      Set<String> first = createServingTwo(TestingPools.pool(NS, "first", "lake", 2, 2));
      Set<String> second = createServingTwo(TestingPools.pool(NS, "second", "lake", 2, 2));
      Pod ofFirst = K8S.client.pods().inNamespace(NS).withName(first.iterator().next()).get();
      Pod ofSecond = K8S.client.pods().inNamespace(NS).withName(second.iterator().next()).get();
      String firstToken =
          dev.featherman.operator.CatalogSecrets.value(
              K8S.client.secrets().inNamespace(NS).withName("first-worker-token").get(),
              WorkerPod.TOKEN_KEY);
      assertThat(TestingPools.execute(ofFirst, "SELECT 1", 10_000, firstToken)).isEqualTo(200);
      assertThat(TestingPools.execute(ofSecond, "SELECT 1", 10_000, firstToken)).isEqualTo(401);
      assertThat(TestingPools.execute(ofSecond, "SELECT 1", 10_000, TestingPools.TOKEN))
          .as("the root token")
          .isEqualTo(401);
      assertThat(TestingPools.execute(ofSecond, "SELECT 1", 10_000)).isEqualTo(200);
    } finally {
      service.close();
      K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("first").delete();
      K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("second").delete();
    }
  }
}
