package dev.featherman.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.v1alpha1.PostgresCatalogSpec;
import dev.featherman.api.v1alpha1.PostgresCredentialsRef;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Job and PVC built for a catalog, checked field by field without a cluster. */
class WorkerJobTest {
  static final WorkerJobSettings SETTINGS =
      new WorkerJobSettings(
          "ghcr.io/featherman/worker:1",
          "IfNotPresent",
          new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi")).build(),
          3,
          3600,
          900,
          "featherman-worker");

  static DuckLakeCatalog catalog(CatalogBackend backend) {
    DuckLakeCatalog c = new DuckLakeCatalog();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName("example")
            .withNamespace("lakes")
            .withUid("uid-1")
            .build());
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    spec.setBackend(backend);
    spec.setStorageClass("standard");
    spec.setSize(new Quantity("10Gi"));
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setBucket("lake");
    CredentialsSecretRef s3 = new CredentialsSecretRef();
    s3.setName("s3-credentials");
    store.setCredentialsSecret(s3);
    spec.setObjectStore(store);
    if (backend == CatalogBackend.postgres) {
      PostgresCatalogSpec pg = new PostgresCatalogSpec();
      pg.setHost("db");
      pg.setDatabase("lake");
      PostgresCredentialsRef ref = new PostgresCredentialsRef();
      ref.setName("pg");
      pg.setCredentialsSecret(ref);
      spec.setPostgres(pg);
    }
    c.setSpec(spec);
    return c;
  }

  static Map<String, EnvVar> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void fileCatalogJob() {
    DuckLakeCatalog catalog = catalog(CatalogBackend.duckdb);
    Job job =
        WorkerJob.desired(
            catalog, catalog, "example-init-1", "{\"type\":\"initialize\"}", SETTINGS);
    var pod = job.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(job.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("ducklake.featherman.dev/catalog", "example")
        .containsEntry("app.kubernetes.io/component", "catalog-job");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .containsExactly(2, 3);
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getArgs()).containsExactly("oneshot");
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/tmp", "/catalog");
    assertThat(pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("example-catalog");
    Map<String, EnvVar> env = env(job);
    assertThat(env.get(WorkerEnv.CATALOG_FILE).getValue()).isEqualTo("/catalog/catalog.db");
    assertThat(env.get(WorkerEnv.OPERATION).getValue()).isEqualTo("{\"type\":\"initialize\"}");
    assertThat(env.get(WorkerEnv.S3_SECRET_ACCESS_KEY).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("s3-credentials");
    assertThat(env.get(WorkerEnv.S3_SECRET_ACCESS_KEY).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("secret-key");
    assertThat(env.get(WorkerEnv.S3_SECRET_ACCESS_KEY).getValue()).isNull();
    assertThat(env).doesNotContainKey(WorkerEnv.PG_PASSWORD);
    assertThat(Serialization.asYaml(job)).as("the Job serializes").contains("kind: \"Job\"");
  }

  @Test
  void postgresCatalogJobHasNoVolumeAndReferencesItsSecret() {
    DuckLakeCatalog catalog = catalog(CatalogBackend.postgres);
    Job job = WorkerJob.desired(catalog, catalog, "example-init-1", "{}", SETTINGS);
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).hasSize(1);
    Map<String, EnvVar> env = env(job);
    assertThat(env).doesNotContainKey(WorkerEnv.CATALOG_FILE);
    assertThat(env.get(WorkerEnv.PG_PASSWORD).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("pg");
    assertThat(env.get(WorkerEnv.PG_PASSWORD).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(env.get(WorkerEnv.CATALOG_SPEC).getValue())
        .contains("\"backend\":\"postgres\"")
        .doesNotContain("password\":");
  }

  @Test
  void catalogPvcKeepsSizeClassAndSurvivesTheCatalog() {
    PersistentVolumeClaim pvc = CatalogPvc.desired(catalog(CatalogBackend.sqlite));
    assertThat(pvc.getMetadata().getName()).isEqualTo("example-catalog");
    assertThat(pvc.getMetadata().getOwnerReferences())
        .as("Retain must outlive the catalog object")
        .isEmpty();
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(pvc.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("10Gi"));
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
  }
}
