package dev.featherman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingPostgres;
import dev.featherman.workloads.WorkerJob;
import dev.featherman.workloads.WorkerJobSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Job the control plane builds really runs the worker: env, secrets, volumes and exit codes
 * agree.
 */
class WorkerJobIT {
  @TempDir Path volumes;

  static final WorkerJobSettings SETTINGS =
      new WorkerJobSettings(
          "worker:test", "Never", new ResourceRequirements(), 3, 60, 300, "default");

  @ParameterizedTest
  @EnumSource(CatalogBackend.class)
  void jobsBuiltByTheControlPlaneRunAgainstEachBackend(CatalogBackend backend) throws Exception {
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, "jobs-" + backend);
    spec.getObjectStore().getCredentialsSecret().setAccessKeyField("id");
    spec.getObjectStore().getCredentialsSecret().setSecretKeyField("key");
    DuckLakeCatalog catalog = new DuckLakeCatalog();
    catalog.setMetadata(
        new ObjectMetaBuilder().withName("example").withNamespace("lakes").withUid("u1").build());
    catalog.setSpec(spec);
    Map<String, Map<String, String>> secrets =
        Map.of(
            "s3-credentials",
                Map.of("id", TestingLakes.s3().accessKey(), "key", TestingLakes.s3().secretKey()),
            "pg-credentials",
                Map.of("username", TestingPostgres.USER, "password", TestingPostgres.PASSWORD));
    TestingJobRunner kubelet =
        new TestingJobRunner((name, key) -> secrets.getOrDefault(name, Map.of()).get(key), volumes);

    String table =
        "{\"type\":\"applyTable\",\"table\":{\"catalogRef\":\"example\",\"name\":\"users\","
            + "\"columns\":[{\"name\":\"id\",\"type\":\"INTEGER\"},{\"name\":\"name\",\"type\":\"VARCHAR\"}],"
            + "\"format\":{\"compression\":\"ZSTD\",\"partitioning\":[\"created_at\"]}}}";
    Job readme = WorkerJob.desired(catalog, catalog, "users-apply-1", table, SETTINGS);
    TestingJobRunner.PodResult invalid = kubelet.run(readme);
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(TestingJobRunner.failsJob(readme, invalid.exitCode()))
        .as("no retries for a spec error")
        .isTrue();
    assertThat(invalid.terminationMessage())
        .contains("spec.format.partitioning[0]: 'created_at' is not a column");

    Job fixed =
        WorkerJob.desired(
            catalog,
            catalog,
            "users-apply-2",
            table.replace("[\"created_at\"]", "[\"id\"]"),
            SETTINGS);
    TestingJobRunner.PodResult applied = kubelet.run(fixed);
    assertThat(applied.exitCode()).as(applied.terminationMessage()).isZero();
    JsonNode result = WorkerConfig.JSON.readTree(applied.terminationMessage());
    assertThat(result.get("exists").asBoolean()).isTrue();
    assertThat(result.get("snapshotId").asLong()).isPositive();

    // A second Job sees the same catalog: the volume (file catalogs) or database (postgres)
    // persists.
    TestingJobRunner.PodResult again =
        kubelet.run(
            WorkerJob.desired(
                catalog,
                catalog,
                "users-apply-3",
                table.replace("[\"created_at\"]", "[\"id\"]"),
                SETTINGS));
    assertThat(WorkerConfig.JSON.readTree(again.terminationMessage()).get("statements")).isEmpty();

    spec.getObjectStore().getCredentialsSecret().setSecretKeyField("missing");
    assertThatThrownBy(() -> kubelet.run(WorkerJob.desired(catalog, catalog, "x", table, SETTINGS)))
        .hasMessageContaining("couldn't find key missing in Secret s3-credentials");
  }
}
