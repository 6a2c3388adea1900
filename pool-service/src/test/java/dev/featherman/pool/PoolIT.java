package dev.featherman.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.Labels;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.PoolTemplate;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingWorkerPods;
import dev.featherman.workloads.WorkerJob;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pool-service on a mock API server, with real workers started in-process for its pods, real
 * DuckDB and a PostgreSQL catalog with data in the in-JVM S3 server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PoolIT {
  static final String NS = "pools";
  static final TestingKubernetes K8S = new TestingKubernetes(NS);
  static Path volumes;
  static TestingWorkerPods kubelet;

  static {
    K8S.useAsDefaultCluster();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    r.add("featherman.pool.leader-election", () -> false);
    r.add("featherman.pool.worker-token", () -> TestingPools.TOKEN);
    r.add("featherman.pool.probe-timeout", () -> "1s");
    r.add("featherman.pool.start-timeout", () -> "60s");
    r.add("featherman.pool.guard-recheck", () -> "1s");
    r.add("featherman.pool.allowed-worker-images", () -> "registry.example/featherman/");
  }

  @BeforeAll
  static void cluster() throws Exception {
    volumes = Files.createTempDirectory("featherman-pool-volumes-");
    kubelet = new TestingWorkerPods(K8S.client, volumes);
    TestingCatalogs.ready(K8S.client, NS, "shared", CatalogBackend.postgres, 1000, volumes);
    TestingCatalogs.ready(K8S.client, NS, "single", CatalogBackend.duckdb, 1000, volumes);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  static KubernetesClient k8s() {
    return K8S.client;
  }

  static DuckLakePool get(String name) {
    return k8s().resources(DuckLakePool.class).inNamespace(NS).withName(name).get();
  }

  static List<Pod> workers(String pool) {
    return k8s().pods().inNamespace(NS).withLabel(Labels.POOL, pool).list().getItems();
  }

  static List<Pod> readyWorkers(String pool) {
    return workers(pool).stream()
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .filter(p -> kubelet.server(NS, p.getMetadata().getName()) != null)
        .toList();
  }

  static void awaitServing(String pool, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              DuckLakePool p = get(pool);
              assertThat(p.getStatus()).isNotNull();
              assertThat(readyWorkers(pool)).hasSize(count);
              assertThat(p.getStatus().getIdlePods() + p.getStatus().getBusyPods())
                  .isEqualTo(count);
            });
  }

  /** Keeps every ready worker it can get busy with a long query (cut by the worker timeout). */
  static Runnable busyLoop(String pool, AtomicBoolean running) {
    String slow = "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b";
    return () -> {
      while (running.get()) {
        List<Pod> ready = new ArrayList<>(readyWorkers(pool));
        Collections.shuffle(ready);
        boolean ran = false;
        for (Pod pod : ready) {
          int status = TestingPools.execute(pod, slow, 1500);
          if (status != 429 && status != 503 && status != -1) {
            ran = true;
            break;
          }
        }
        if (!ran) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    };
  }

  @Test
  void aPoolWithAForeignImageThatSkippedAdmissionGetsNoWorker() {
    // Created straight into the API server (no webhook here): the pool-service is the last check.
    DuckLakePool spec = TestingPools.pool(NS, "foreign-image", "shared", 1, 2);
    PoolTemplate template = new PoolTemplate();
    template.setImage("evil.example/steal-the-token:1");
    spec.getSpec().setTemplate(template);
    k8s().resource(spec).create();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                DuckLakePool p = get("foreign-image");
                assertThat(p.getStatus()).isNotNull();
                assertThat(Conditions.find(p.getStatus(), ConditionTypes.READY).orElseThrow())
                    .satisfies(
                        c -> {
                          assertThat(c.getReason()).isEqualTo(ConditionReasons.INVALID_SPEC);
                          assertThat(c.getMessage())
                              .contains("spec.template.image")
                              .contains("registry.example/featherman/");
                        });
              });
      assertThat(workers("foreign-image")).isEmpty();
      assertThat(k8s().secrets().inNamespace(NS).withName("foreign-image-worker-token").get())
          .as("no token made for it")
          .isNull();
    } finally {
      k8s().resource(spec).delete();
    }
  }

  @Test
  void scalesUpUnderLoadAndDownWhenIdleWithinTheRates() throws Exception {
    k8s().resource(TestingPools.pool(NS, "elastic", "shared", 1, 4)).create();
    awaitServing("elastic", 1);
    assertThat(Conditions.isTrue(get("elastic").getStatus(), ConditionTypes.READY)).isTrue();
    assertThat(k8s().secrets().inNamespace(NS).withName("elastic-worker-token").get()).isNotNull();

    List<Integer> sizes = new CopyOnWriteArrayList<>();
    AtomicBoolean observing = new AtomicBoolean(true);
    Thread observer =
        new Thread(
            () -> {
              while (observing.get()) {
                DuckLakePool p = get("elastic");
                if (p.getStatus() != null && p.getStatus().getDesiredSize() != null) {
                  int d = p.getStatus().getDesiredSize();
                  if (sizes.isEmpty() || sizes.get(sizes.size() - 1) != d) {
                    sizes.add(d);
                  }
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    observer.start();

    // Four clients keep every worker they can get busy: demand 4 at 0.8 -> max size 4.
    AtomicBoolean load = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      clients.submit(busyLoop("elastic", load));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(readyWorkers("elastic")).hasSize(4));
    assertThat(get("elastic").getStatus().getBusyPods()).isPositive();

    load.set(false);
    clients.shutdown();
    awaitServing("elastic", 1);
    // The observer polls on its own: let it see the final size before it stops.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !sizes.isEmpty() && sizes.get(sizes.size() - 1) == 1);
    observing.set(false);
    observer.join();

    assertThat(sizes).as("desired sizes over time").startsWith(1).endsWith(1).contains(4);
    for (int i = 1; i < sizes.size(); i++) {
      int step = sizes.get(i) - sizes.get(i - 1);
      assertThat(step).as("step %d of %s", i, sizes).isBetween(-1, 2);
    }
    assertThat(kubelet.maxActive()).as("exclusive use per worker").isEqualTo(1);
    k8s().resource(get("elastic")).delete();
  }

  @Test
  void recyclesAfterMaxQueriesWithTheReplacementReadyFirst() throws Exception {
    DuckLakePool pool = TestingPools.pool(NS, "recycled", "shared", 1, 1);
    pool.getSpec().setMaxQueries(3);
    k8s().resource(pool).create();
    awaitServing("recycled", 1);
    Pod first = readyWorkers("recycled").get(0);
    String firstName = first.getMetadata().getName();
    for (int i = 0; i < 3; i++) {
      assertThat(TestingPools.execute(first, "SELECT count(*) FROM numbers", 10_000))
          .isEqualTo(200);
    }
    // Until the old worker is gone, whenever it is not serving a Ready replacement exists.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              List<Pod> ready = readyWorkers("recycled");
              boolean oldServing =
                  ready.stream().anyMatch(p -> p.getMetadata().getName().equals(firstName));
              assertThat(ready).as("someone serves throughout").isNotEmpty();
              return !oldServing
                  && workers("recycled").stream()
                      .noneMatch(p -> p.getMetadata().getName().equals(firstName));
            });
    awaitServing("recycled", 1);
    Pod second = readyWorkers("recycled").get(0);
    assertThat(second.getMetadata().getName()).isNotEqualTo(firstName);
    assertThat(TestingPools.execute(second, "SELECT count(*) FROM numbers", 10_000)).isEqualTo(200);
    k8s().resource(get("recycled")).delete();
  }

  @Test
  void aCrashedWorkerIsReplaced() {
    k8s().resource(TestingPools.pool(NS, "crashy", "shared", 2, 2)).create();
    awaitServing("crashy", 2);
    PodDisruptionBudget budget =
        k8s().policy().v1().podDisruptionBudget().inNamespace(NS).withName("crashy-workers").get();
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal())
        .as("evictions take one worker at a time")
        .isEqualTo(1);
    assertThat(budget.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("crashy");
    NetworkPolicy fence =
        k8s().network().v1().networkPolicies().inNamespace(NS).withName("crashy-workers").get();
    assertThat(fence.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(Labels.POOL, "crashy");
    assertThat(fence.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(
                      rule.getFrom()
                          .get(0)
                          .getPodSelector()
                          .getMatchExpressions()
                          .get(0)
                          .getValues())
                  .as("only the gateway and the pool-service")
                  .containsExactlyInAnyOrder("query-gateway", "pool-service");
              assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8090);
            });
    assertThat(fence.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("crashy");
    // Deleted by hand, both come back on a later pass (no restart needed).
    k8s().resource(budget).delete();
    k8s().resource(fence).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      k8s()
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace(NS)
                          .withName("crashy-workers")
                          .get())
                  .isNotNull();
              assertThat(
                      k8s()
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace(NS)
                          .withName("crashy-workers")
                          .get())
                  .isNotNull();
            });
    String victim = readyWorkers("crashy").get(0).getMetadata().getName();
    kubelet.kill(NS, victim);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(workers("crashy"))
                  .extracting(p -> p.getMetadata().getName())
                  .doesNotContain(victim);
              assertThat(readyWorkers("crashy")).hasSize(2);
            });
    k8s().resource(get("crashy")).delete();
  }

  @Test
  void aDuckDbFileCatalogHasOneWorkerAndGivesItUpForCatalogJobs() {
    DuckLakePool pool = TestingPools.pool(NS, "solo", "single", 1, 1);
    k8s().resource(pool).create();
    awaitServing("solo", 1);
    assertThat(get("solo").getStatus().getDesiredSize()).isEqualTo(1);

    startCatalogJob("single-apply-trips");
    awaitPausedForCatalogJob("solo");
    finishCatalogJob("single-apply-trips");
    awaitServing("solo", 1);
    assertThat(
            TestingPools.execute(
                readyWorkers("solo").get(0), "SELECT count(*) FROM numbers", 10_000))
        .isEqualTo(200);
    removePool("solo");
  }

  @Test
  void aDuckDbFileCatalogServesReadersFromManyWorkersAndPausesThemAllForCatalogJobs() {
    DuckLakePool pool = TestingPools.pool(NS, "readers", "single", 3, 3);
    pool.getSpec().getCatalogRef().setReadOnly(true);
    k8s().resource(pool).create();
    awaitServing("readers", 3);
    // Three processes hold the DuckDB file open for reading at once, each answering.
    for (Pod worker : readyWorkers("readers")) {
      assertThat(TestingPools.execute(worker, "SELECT count(*) FROM numbers", 10_000))
          .isEqualTo(200);
    }
    assertThat(workers("readers"))
        .allSatisfy(
            p ->
                assertThat(
                        p.getSpec()
                            .getAffinity()
                            .getPodAffinity()
                            .getRequiredDuringSchedulingIgnoredDuringExecution())
                    .isNotEmpty());

    startCatalogJob("single-alter-trips");
    awaitPausedForCatalogJob("readers");
    finishCatalogJob("single-alter-trips");
    awaitServing("readers", 3);
    removePool("readers");
  }

  /** A running catalog Job of catalog "single", as the controller starts for a table change. */
  static void startCatalogJob(String name) {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels(Labels.COMPONENT, WorkerJob.COMPONENT)
            .addToLabels(Labels.CATALOG, "single")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("worker")
            .withImage("worker")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    k8s().resource(job).create();
  }

  static void finishCatalogJob(String name) {
    Job done = k8s().batch().v1().jobs().inNamespace(NS).withName(name).get();
    done.setStatus(dev.featherman.worker.TestingKubelet.finished(true));
    k8s().resource(done).updateStatus();
  }

  static void awaitPausedForCatalogJob(String pool) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(workers(pool)).isEmpty();
              var ready = Conditions.find(get(pool).getStatus(), ConditionTypes.READY);
              assertThat(ready)
                  .get()
                  .extracting(c -> c.getReason())
                  .isEqualTo(ConditionReasons.PAUSED_FOR_CATALOG_JOB);
            });
  }

  /** Deletes a pool and, as the garbage collector would, its workers (they hold the file). */
  static void removePool(String name) {
    k8s().resource(get(name)).delete();
    k8s().pods().inNamespace(NS).withLabel(Labels.POOL, name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> readyWorkers(name).isEmpty());
  }
}
