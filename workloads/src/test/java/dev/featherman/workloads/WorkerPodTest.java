package dev.featherman.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.PoolCatalogRef;
import dev.featherman.api.v1alpha1.PoolTemplate;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A pool's worker pod and token Secret, checked field by field without a cluster. */
class WorkerPodTest {
  static final WorkerPodSettings SETTINGS =
      new WorkerPodSettings(
          "ghcr.io/featherman/worker:1",
          "IfNotPresent",
          WorkerPodSettings.defaultResources(),
          "default",
          8090);

  static DuckLakePool pool(boolean readOnly, PoolTemplate template) {
    DuckLakePool pool = new DuckLakePool();
    pool.setMetadata(
        new ObjectMetaBuilder().withName("fast").withNamespace("lakes").withUid("uid-p").build());
    DuckLakePoolSpec spec = new DuckLakePoolSpec();
    PoolCatalogRef ref = new PoolCatalogRef();
    ref.setName("example");
    ref.setReadOnly(readOnly);
    spec.setCatalogRef(ref);
    spec.setConcurrencyPerWorker(2);
    spec.setTemplate(template);
    pool.setSpec(spec);
    return pool;
  }

  static Map<String, EnvVar> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void theTemplateShapesThePod() {
    PoolTemplate template = new PoolTemplate();
    template.setImage("registry.local/worker:2");
    template.setResources(
        new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("4Gi")).build());
    template.setNodeSelector(Map.of("pool", "analytics"));
    template.setTolerations(
        List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()));
    template.setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(20001L).build());
    DuckLakeCatalog catalog = WorkerJobTest.catalog(CatalogBackend.postgres);

    Pod pod = WorkerPod.desired(pool(false, template), catalog, "fast-abcde", SETTINGS);

    assertThat(pod.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-p");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.POOL, "fast")
        .containsEntry(Labels.CATALOG, "example");
    var spec = pod.getSpec();
    assertThat(spec.getNodeSelector()).containsEntry("pool", "analytics");
    assertThat(spec.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated");
    assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(20001L);
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    Container worker = spec.getContainers().get(0);
    assertThat(worker.getImage()).isEqualTo("registry.local/worker:2");
    assertThat(worker.getArgs()).containsExactly("serve");
    assertThat(worker.getResources().getLimits()).containsEntry("memory", new Quantity("4Gi"));
    Map<String, EnvVar> env = env(worker);
    assertThat(env.get(WorkerEnv.WORKER_CONCURRENCY).getValue()).isEqualTo("2");
    assertThat(env.get(WorkerEnv.READ_ONLY).getValue()).isEqualTo("false");
    assertThat(env.get(WorkerEnv.MEMORY_LIMIT).getValue()).as("75% of 4Gi").isEqualTo("3072MB");
    assertThat(env.get(WorkerEnv.WORKER_TOKEN).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("fast-worker-token");
    // A terminating worker finishes its queries before Kubernetes kills it.
    long grace = Long.parseLong(env.get(WorkerEnv.WORKER_SHUTDOWN_GRACE_SECONDS).getValue());
    assertThat(spec.getTerminationGracePeriodSeconds()).isGreaterThan(grace);
    assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void aTemplateCannotLowerThePodSecurityFloor() {
    PoolTemplate template = new PoolTemplate();
    template.setSecurityContext(
        new PodSecurityContextBuilder()
            .withRunAsNonRoot(false)
            .withRunAsUser(0L)
            .withRunAsGroup(0L)
            .withNewSeccompProfile()
            .withType("Unconfined")
            .endSeccompProfile()
            .addNewSysctl("kernel.shm_rmid_forced", "1")
            .withSupplementalGroups(3000L)
            .build());
    Pod pod =
        WorkerPod.desired(
            pool(false, template), WorkerJobTest.catalog(CatalogBackend.postgres), "p-1", SETTINGS);
    var security = pod.getSpec().getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).isEqualTo(WorkerPodParts.NON_ROOT_UID);
    assertThat(security.getRunAsGroup()).isEqualTo(WorkerPodParts.NON_ROOT_UID);
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getSysctls()).isEmpty();
    assertThat(security.getSupplementalGroups()).containsExactly(3000L); // tightening is kept
    var container = pod.getSpec().getContainers().get(0).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void aReadOnlyPoolMountsTheCatalogReadOnly() {
    DuckLakeCatalog catalog = WorkerJobTest.catalog(CatalogBackend.duckdb);
    Pod pod = WorkerPod.desired(pool(true, null), catalog, "fast-abcde", SETTINGS);
    Container worker = pod.getSpec().getContainers().get(0);
    assertThat(env(worker).get(WorkerEnv.READ_ONLY).getValue()).isEqualTo("true");
    assertThat(worker.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("catalog"))
        .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue())
        .isNotEmpty();
    assertThat(worker.getImage()).isEqualTo(SETTINGS.image());
  }

  @Test
  void workersOfAFileCatalogShareANodeSoTheyCanMountItsVolume() {
    PoolTemplate template = new PoolTemplate();
    template.setAffinity(
        new io.fabric8.kubernetes.api.model.AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("disk")
            .withOperator("In")
            .withValues("ssd")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build());
    Pod file =
        WorkerPod.desired(
            pool(true, template), WorkerJobTest.catalog(CatalogBackend.duckdb), "f-1", SETTINGS);
    var affinity = file.getSpec().getAffinity();
    assertThat(affinity.getNodeAffinity()).as("the template's own rules stay").isNotNull();
    var together = affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(together).hasSize(1);
    assertThat(together.get(0).getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(together.get(0).getLabelSelector().getMatchLabels())
        .containsEntry(Labels.POOL, "fast");
    Pod remote =
        WorkerPod.desired(
            pool(true, null), WorkerJobTest.catalog(CatalogBackend.postgres), "r-1", SETTINGS);
    assertThat(remote.getSpec().getAffinity()).as("a PostgreSQL catalog has no volume").isNull();
  }

  @Test
  void theTokenSecretKeepsThePreviousTokenOnlyAfterARotation() {
    Secret fresh = WorkerPod.tokenSecret(pool(false, null), "token-one-0123456789", null);
    assertThat(fresh.getStringData()).containsOnlyKeys(WorkerPod.TOKEN_KEY);
    Secret rotated =
        WorkerPod.tokenSecret(pool(false, null), "token-two-0123456789", "token-one-0123456789");
    assertThat(rotated.getStringData())
        .containsEntry(WorkerPod.TOKEN_KEY, "token-two-0123456789")
        .containsEntry(WorkerPod.PREVIOUS_TOKEN_KEY, "token-one-0123456789");
    assertThat(rotated.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-p");
  }

  @Test
  void theDisruptionBudgetLetsEvictionsTakeOneWorkerAtATime() {
    PodDisruptionBudget budget = WorkerPod.disruptionBudget(pool(false, null));
    assertThat(budget.getMetadata().getName()).isEqualTo("fast-workers");
    assertThat(budget.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-p");
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    Pod pod =
        WorkerPod.desired(
            pool(false, null), WorkerJobTest.catalog(CatalogBackend.postgres), "w", SETTINGS);
    assertThat(pod.getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
  }
}
