package dev.featherman.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.PoolPodStatus;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.worker.serve.WorkerServer;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The pool-service stopped and started again (a new leader, a rollout) while its workers serve:
 * everything it needs is in the pool's status and the pods, so the new instance adopts the workers
 * instead of replacing them and leaves a busy one alone.
 */
class PoolRestartIT {
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

  static ConfigurableApplicationContext poolService() {
    return new SpringApplicationBuilder(PoolServiceApplication.class)
        .run(
            "--spring.main.web-application-type=none",
            "--featherman.pool.leader-election=false",
            "--featherman.pool.worker-token=" + TestingPools.TOKEN,
            "--featherman.pool.probe-timeout=1s",
            "--featherman.pool.start-timeout=60s");
  }

  static DuckLakePool pool() {
    return K8S.client.resources(DuckLakePool.class).inNamespace(NS).withName("kept").get();
  }

  static Set<String> workers() {
    return K8S
        .client
        .pods()
        .inNamespace(NS)
        .withLabel(Labels.POOL, "kept")
        .list()
        .getItems()
        .stream()
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

  @Test
  void aRestartedPoolServiceAdoptsItsWorkersAndLeavesABusyOneAlone() throws Exception {
    DuckLakePool spec = TestingPools.pool(NS, "kept", "lake", 2, 4);
    // Two busy workers of two are then exactly on target: any new pod would be a restart's doing.
    spec.getSpec().setTargetUtilization(1.0);
    ExecutorService client = Executors.newSingleThreadExecutor();
    ConfigurableApplicationContext first = poolService();
    ConfigurableApplicationContext second = null;
    try {
      K8S.client.resource(spec).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(workers()).hasSize(2);
                assertThat(pool().getStatus().getIdlePods()).isEqualTo(2);
              });
      Set<String> before = workers();
      Pod busy = K8S.client.pods().inNamespace(NS).withName(before.iterator().next()).get();
      String busyName = busy.getMetadata().getName();
      Future<Integer> longQuery =
          client.submit(
              () ->
                  TestingPools.execute(
                      busy,
                      "SELECT sum(a.range * b.range) FROM range(60000) a, range(60000) b",
                      60_000));
      await().atMost(Duration.ofSeconds(30)).until(() -> kubelet.server(NS, busyName).active() > 0);

      first.close();
      second = poolService();

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
}
