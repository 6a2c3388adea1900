package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.CatalogPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import dev.featherman.api.v1alpha1.DuckLakeBackupStatus;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.RestoreSpec;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.CatalogAttach;
import dev.featherman.worker.OneShot;
import dev.featherman.worker.TestingJobRunner;
import dev.featherman.worker.TestingKubelet;
import dev.featherman.worker.WorkerConfig;
import dev.featherman.workloads.WorkerJob;
import dev.featherman.workloads.WorkerJobSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * spec.restore: a new catalog bootstrapped from a backup (never in place), verified first; a
 * damaged or missing backup is reported by name.
 */
class RestoreIT {
  static final String NS = "restore";
  static TestingKubernetes k8s;
  static TestingKubelet kubelet;
  static TestingJobRunner runner;
  static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    k8s = new TestingKubernetes(NS);
    Path volumes = Files.createTempDirectory("featherman-restore-");
    kubelet = new TestingKubelet(k8s.client, volumes);
    runner = new TestingJobRunner(TestingJobRunner.secretsOf(k8s.client), volumes);
    k8s.createS3Secret(NS, "s3", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
    operator = new TestingController(k8s.client, RestartIT.properties(false)).operator;
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.stop();
    kubelet.close();
    k8s.close();
  }

  static DuckLakeCatalog newCatalog(String name, RestoreSpec restore) throws Exception {
    DuckLakeCatalog catalog = new DuckLakeCatalog();
    catalog.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    catalog.setSpec(TestingLakes.spec(CatalogBackend.sqlite, "restore-lake"));
    catalog.getSpec().getObjectStore().getCredentialsSecret().setName("s3");
    catalog.getSpec().setRestore(restore);
    return k8s.client.resource(catalog).create();
  }

  static DuckLakeCatalog get(String name) {
    return k8s.client.resources(DuckLakeCatalog.class).inNamespace(NS).withName(name).get();
  }

  static void awaitReady(String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                get(name).getStatus() != null
                    && Conditions.isTrue(get(name).getStatus(), ConditionTypes.READY));
  }

  /** The environment a worker Job of {@code catalog} gets, for running SQL as the test. */
  static Map<String, String> env(DuckLakeCatalog catalog) throws Exception {
    Job job =
        WorkerJob.desired(
            catalog,
            catalog,
            catalog.getMetadata().getName() + "-test",
            "{\"type\":\"initialize\"}",
            WorkerJobSettings.withDefaultResources(
                "worker:test", "Never", 0, Duration.ofHours(1), Duration.ofHours(1), "default"));
    return runner.environment(job.getSpec().getTemplate().getSpec(), "test");
  }

  static JsonNode ok(OneShot.Result r) {
    assertThat(r.exitCode()).as(r.json().toString()).isEqualTo(ExitCode.OK);
    return r.json();
  }

  static long count(DuckLakeCatalog catalog) throws Exception {
    Map<String, String> env = env(catalog);
    try (var lake = CatalogAttach.open(WorkerConfig.fromEnvironment(env), env)) {
      return lake.queryLong("SELECT count(*) FROM orders");
    }
  }

  static RestoreSpec fromBackup(String name) {
    RestoreSpec r = new RestoreSpec();
    r.setBackupName(name);
    return r;
  }

  @Test
  void aNewCatalogComesBackFromTheBackupAndDamageIsNamed() throws Exception {
    newCatalog("orig", null);
    awaitReady("orig");
    Map<String, String> orig = env(get("orig"));
    ok(
        OneShot.run(
            orig,
            new Operation.RunSql("CREATE TABLE orders AS SELECT range AS id FROM range(10000)")));
    String folder =
        get("orig").getSpec().getObjectStore().getPrefix() + "/backups/" + NS + "/orig/b1/";
    JsonNode exported =
        ok(OneShot.run(orig, new Operation.Backup("restore-lake", folder, "b1", NS, null)));
    // What the backup-service records once it has verified the upload.
    DuckLakeBackup backup = new DuckLakeBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("orig-b1").withNamespace(NS).build());
    backup.setSpec(new DuckLakeBackupSpec());
    backup.getSpec().setCatalogRef("orig");
    backup = k8s.client.resource(backup).create();
    DuckLakeBackupStatus status = new DuckLakeBackupStatus();
    status.setPhase(BackupPhase.Completed);
    status.setBucket("restore-lake");
    status.setObjectKey(exported.get("objectKey").asText());
    backup.setStatus(status);
    k8s.client.resource(backup).updateStatus();
    ok(OneShot.run(orig, new Operation.RunSql("DELETE FROM orders WHERE id < 6000")));
    assertThat(count(get("orig"))).isEqualTo(4000);

    newCatalog("copy", fromBackup("orig-b1"));
    awaitReady("copy");
    DuckLakeCatalog copy = get("copy");
    assertThat(Conditions.find(copy.getStatus(), ConditionTypes.RESTORED).get().getMessage())
        .contains(exported.get("objectKey").asText());
    assertThat(copy.getStatus().getRestoredFrom()).isEqualTo("orig-b1");
    assertThat(count(copy)).as("rows deleted after the backup are back").isEqualTo(10000);
    assertThat(count(get("orig"))).as("never in place").isEqualTo(4000);

    TestingLakes.s3Client()
        .putObject(
            b -> b.bucket("restore-lake").key(folder + "ducklake_table.parquet"),
            RequestBody.fromString("garbage"));
    newCatalog("broken", fromBackup("orig-b1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(get("broken").getStatus()).isNotNull();
              var c = Conditions.find(get("broken").getStatus(), ConditionTypes.RESTORED);
              assertThat(c).isPresent();
              assertThat(c.get().getReason()).isEqualTo(ConditionReasons.BACKUP_CORRUPTED);
              assertThat(c.get().getMessage())
                  .contains("ducklake_table.parquet")
                  .contains("does not match the manifest");
              assertThat(get("broken").getStatus().getPhase()).isEqualTo(CatalogPhase.Failed);
            });
  }

  @Test
  void aMissingBackupIsReportedByName() throws Exception {
    newCatalog("orphan", fromBackup("no-such-backup"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(get("orphan").getStatus()).isNotNull();
              var ready = Conditions.find(get("orphan").getStatus(), ConditionTypes.READY);
              assertThat(ready).isPresent();
              assertThat(ready.get().getReason()).isEqualTo(ConditionReasons.BACKUP_NOT_FOUND);
              assertThat(ready.get().getMessage())
                  .contains("no-such-backup")
                  .contains("spec.restore.backupName");
            });
  }
}
