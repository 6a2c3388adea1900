package dev.featherman.backup;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.backup.schedule.CatalogSchedules;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.testkit.TestingPostgres;
import dev.featherman.worker.OneShot;
import dev.featherman.worker.TestingCatalogs;
import dev.featherman.worker.TestingKubelet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The backup-service on a mock API server, with a Testing kubelet that runs its worker Jobs
 * in-process against real DuckDB, PostgreSQL and the in-JVM S3 server.
 */
class BackupServiceIT {
  static final String NS = "backups";
  static final TestingKubernetes K8S = new TestingKubernetes(NS);
  static Path volumes;
  static TestingKubelet kubelet;
  ConfigurableApplicationContext app;

  static {
    K8S.useAsDefaultCluster();
  }

  @BeforeAll
  static void cluster() throws Exception {
    volumes = Files.createTempDirectory("featherman-backup-volumes-");
    kubelet = new TestingKubelet(K8S.client, volumes);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  @AfterEach
  void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(BackupServiceApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "featherman.backup.leader-election=false",
            "featherman.backup.wait-interval=300ms",
            "featherman.backup.retention-interval=1s",
            "featherman.backup.misfire-threshold=1s",
            "featherman.backup.part-size=5MB")
        .run();
  }

  static DuckLakeCatalog catalog(String name) {
    return K8S.client.resources(DuckLakeCatalog.class).inNamespace(NS).withName(name).get();
  }

  static void editCatalog(String name, Consumer<DuckLakeCatalog> change) {
    edit(DuckLakeCatalog.class, name, change);
  }

  /** Edits like kubectl edit: on a conflict (the service wrote status meanwhile), again. */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void edit(
      Class<T> type, String name, Consumer<T> change) {
    for (int attempt = 0; ; attempt++) {
      try {
        K8S.client
            .resources(type)
            .inNamespace(NS)
            .withName(name)
            .edit(
                o -> {
                  change.accept(o);
                  return o;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  static BackupPolicy policy(String schedule, int retentionDays, Integer keepLast) {
    BackupPolicy p = new BackupPolicy();
    p.setSchedule(schedule);
    p.setRetentionDays(retentionDays);
    p.setKeepLast(keepLast);
    return p;
  }

  static List<DuckLakeBackup> backups(String catalog) {
    return K8S.client.resources(DuckLakeBackup.class).inNamespace(NS).list().getItems().stream()
        .filter(b -> catalog.equals(b.getSpec().getCatalogRef()))
        .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
        .toList();
  }

  static List<DuckLakeBackup> inPhase(String catalog, BackupPhase phase) {
    return backups(catalog).stream()
        .filter(b -> b.getStatus() != null && b.getStatus().getPhase() == phase)
        .toList();
  }

  static List<String> objects(String bucket, String prefix) throws Exception {
    return TestingLakes.s3Client()
        .listObjectsV2(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .map(o -> o.key())
        .toList();
  }

  static String folder(DuckLakeBackup b) {
    String key = b.getStatus().getObjectKey();
    return key.substring(0, key.length() - "manifest.json".length());
  }

  @Test
  void aScheduleMakesVerifiedBackupsAndRetentionRemovesExactlyTheExpiredOnes() throws Exception {
    TestingCatalogs.ready(K8S.client, NS, "sales", CatalogBackend.sqlite, 5000, volumes);
    app = start();
    editCatalog("sales", c -> c.getSpec().setBackupPolicy(policy("@every 2s", 7, 1)));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> inPhase("sales", BackupPhase.Completed).size() >= 4);
    editCatalog("sales", c -> c.getSpec().getBackupPolicy().setSchedule("@yearly"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                backups("sales").stream()
                    .allMatch(
                        b ->
                            b.getStatus() != null
                                && (b.getStatus().getPhase() == BackupPhase.Completed
                                    || b.getStatus().getPhase() == BackupPhase.Failed)));
    List<DuckLakeBackup> completed = inPhase("sales", BackupPhase.Completed);
    for (DuckLakeBackup b : completed) {
      assertThat(b.getStatus().getSnapshotId()).isPositive();
      assertThat(b.getStatus().getSha256()).hasSize(64);
      assertThat(b.getStatus().getSizeBytes()).isPositive();
      assertThat(b.getMetadata().getAnnotations()).containsKey(Annotations.SCHEDULED_FOR);
      assertThat(objects(b.getStatus().getBucket(), folder(b)))
          .contains(b.getStatus().getObjectKey());
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              DuckLakeCatalog sales = catalog("sales");
              assertThat(sales.getStatus().getLastSuccessfulBackup())
                  .isEqualTo(completed.get(completed.size() - 1).getMetadata().getName());
              assertThat(sales.getStatus().getFirstRecoverabilityPoint()).isNotNull();
            });

    // Age all but the newest two by ten days; pin the oldest. keepLast 1, retention 7 days:
    // exactly the aged, unpinned ones go, objects and records alike.
    List<DuckLakeBackup> aged = completed.subList(0, completed.size() - 2);
    for (DuckLakeBackup b : aged) {
      K8S.client
          .resource(b)
          .editStatus(
              x -> {
                x.getStatus().setCompletedAt(Instant.now().minus(Duration.ofDays(10)).toString());
                return x;
              });
    }
    DuckLakeBackup pinned = aged.get(0);
    edit(DuckLakeBackup.class, pinned.getMetadata().getName(), x -> x.getSpec().setPinned(true));
    List<String> expected =
        completed.stream()
            .map(b -> b.getMetadata().getName())
            .filter(n -> aged.stream().noneMatch(a -> a.getMetadata().getName().equals(n)))
            .toList();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(inPhase("sales", BackupPhase.Completed))
                    .extracting(b -> b.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(
                        concat(expected, pinned.getMetadata().getName())));
    for (DuckLakeBackup gone : aged.subList(1, aged.size())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(objects(gone.getStatus().getBucket(), folder(gone))).isEmpty());
    }
    assertThat(objects(pinned.getStatus().getBucket(), folder(pinned))).isNotEmpty();
    assertThat(
            app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("ducklake.backup.retention.deletions")
                .counter()
                .count())
        .isEqualTo(aged.size() - 1);
    String scrape =
        app.getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape();
    assertThat(scrape)
        .contains(
            "ducklake_backups_total{catalog=\"sales\",namespace=\"backups\",result=\"completed\"}")
        .contains("ducklake_backup_duration_seconds_count{")
        .contains("ducklake_backup_size_bytes{")
        .contains("ducklake_backup_last_success_timestamp_seconds{")
        .contains("ducklake_backup_retention_deletions_total{")
        .contains("ducklake_backup_schedules ");
  }

  static List<String> concat(List<String> a, String b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.add(b);
    return all;
  }

  @Test
  void anOutageMidUploadLeavesAFailedBackupAndTheNextRunSucceeds() throws Exception {
    TestingCatalogs.ready(K8S.client, NS, "flaky", CatalogBackend.duckdb, 2000, volumes);
    app = start();
    TestingLakes.s3().failAfter("/backups/" + NS + "/flaky/", 2);
    editCatalog("flaky", c -> c.getSpec().setBackupPolicy(policy("@every 3s", 7, null)));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !inPhase("flaky", BackupPhase.Failed).isEmpty());
    } finally {
      TestingLakes.s3().heal();
    }
    DuckLakeBackup failed = inPhase("flaky", BackupPhase.Failed).get(0);
    assertThat(failed.getStatus().getError())
        .containsPattern("uploading the backup to .* failed after \\d+ file\\(s\\)");
    assertThat(failed.getStatus().getObjectKey()).isNull();
    String failedFolder =
        catalog("flaky").getSpec().getObjectStore().getPrefix()
            + "/backups/"
            + NS
            + "/flaky/"
            + failed.getMetadata().getName()
            + "/";
    assertThat(objects("pool-lakes", failedFolder)).noneMatch(k -> k.endsWith("manifest.json"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !inPhase("flaky", BackupPhase.Completed).isEmpty());
    editCatalog("flaky", c -> c.getSpec().setBackupPolicy(null));
    // The catalog's summary follows the backup's own status.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              DuckLakeCatalog flaky = catalog("flaky");
              assertThat(flaky.getStatus().getLastFailedBackup())
                  .isEqualTo(failed.getMetadata().getName());
              assertThat(flaky.getStatus().getLastSuccessfulBackup()).isNotNull();
            });
  }

  @Test
  void aRestartRebuildsTheSchedulesWithoutDuplicatesAndCatchesUpOnce() throws Exception {
    TestingCatalogs.ready(K8S.client, NS, "steady", CatalogBackend.postgres, 10, volumes);
    TestingCatalogs.ready(K8S.client, NS, "tended", CatalogBackend.postgres, 10, volumes);
    editCatalog("steady", c -> c.getSpec().setBackupPolicy(policy("@every 2s", 7, null)));
    editCatalog(
        "tended",
        c -> {
          c.getSpec().setBackupPolicy(policy("0 3 * * *", 7, null));
          MaintenanceSpec m = new MaintenanceSpec();
          m.setSchedule("@weekly");
          c.getSpec().setMaintenance(m);
        });
    app = start();
    CatalogSchedules schedules = app.getBean(CatalogSchedules.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> schedules.count() >= 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> backups("steady").size() >= 2);
    // Reconciling again and again (spec edits, periodic resyncs) never adds a trigger.
    editCatalog("tended", c -> c.getSpec().getBackupPolicy().setRetentionDays(8));
    Thread.sleep(1500);
    assertThat(schedules.keys(CatalogSchedules.BACKUP))
        .containsExactlyInAnyOrder(NS + "/steady", NS + "/tended");
    assertThat(schedules.keys(CatalogSchedules.MAINTENANCE)).containsExactly(NS + "/tended");
    assertThat(schedules.count()).isEqualTo(3);
    app.close();
    app = null;

    // Down for several slots; after the restart exactly one catch-up backup covers them.
    Thread.sleep(7000);
    Set<String> before =
        backups("steady").stream().map(b -> b.getMetadata().getName()).collect(toSet());
    app = start();
    CatalogSchedules rebuilt = app.getBean(CatalogSchedules.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> rebuilt.count() == 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> backups("steady").size() > before.size());
    Thread.sleep(1000); // less than one interval after the catch-up
    List<String> after =
        backups("steady").stream()
            .map(b -> b.getMetadata().getName())
            .filter(n -> !before.contains(n))
            .toList();
    assertThat(after).as("backups since the restart").hasSize(1);
    assertThat(rebuilt.count()).isEqualTo(3);
    editCatalog("steady", c -> c.getSpec().setBackupPolicy(null));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !rebuilt.keys(CatalogSchedules.BACKUP).contains(NS + "/steady"));
  }

  @Test
  void maintenanceNeverDeletesFilesARetainedBackupNeeds() throws Exception {
    TestingCatalogs.ready(K8S.client, NS, "tidy", CatalogBackend.postgres, 30000, volumes);
    app = start();
    DuckLakeBackup backup = new DuckLakeBackup();
    backup.getMetadata().setName("tidy-before-delete");
    backup.getMetadata().setNamespace(NS);
    backup.setSpec(new dev.featherman.api.v1alpha1.DuckLakeBackupSpec());
    backup.getSpec().setCatalogRef("tidy");
    backup.getSpec().setTrigger("manual");
    K8S.client.resource(backup).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> inPhase("tidy", BackupPhase.Completed).size() == 1);
    DuckLakeBackup done = inPhase("tidy", BackupPhase.Completed).get(0);

    // Rewrite everything after the backup, then maintain with ages of one second.
    Map<String, String> env = workerEnv(catalog("tidy"));
    assertThat(
            OneShot.run(env, new Operation.RunSql("DELETE FROM numbers WHERE n <= 29000"))
                .exitCode())
        .isEqualTo(ExitCode.OK);
    assertThat(OneShot.run(env, new Operation.RunSql("INSERT INTO numbers VALUES (-5)")).exitCode())
        .isEqualTo(ExitCode.OK);
    Thread.sleep(1500);
    editCatalog(
        "tidy",
        c -> {
          MaintenanceSpec m = new MaintenanceSpec();
          m.setSchedule("@every 2s");
          m.setExpireSnapshotsOlderThan("1s");
          m.setCleanupFilesOlderThan("1s");
          c.getSpec().setMaintenance(m);
        });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                catalog("tidy").getStatus().getMaintenance() != null
                    && catalog("tidy").getStatus().getMaintenance().getSnapshotsExpired() != null
                    && catalog("tidy").getStatus().getMaintenance().getSnapshotsExpired() > 0);
    var maintenance = catalog("tidy").getStatus().getMaintenance();
    assertThat(maintenance.getResult()).isEqualTo("Succeeded");
    assertThat(maintenance.getMessage()).contains("oldest retained backup");
    assertThat(Instant.parse(maintenance.getCleanupCutoff()))
        .isBeforeOrEqualTo(Instant.parse(done.getStatus().getExportStartedAt()));

    // The backup still restores with every row it had.
    var restoredSpec = TestingLakes.spec(CatalogBackend.postgres, "pool-lakes");
    Map<String, String> restoredEnv = new HashMap<>(env);
    restoredEnv.put(WorkerEnv.CATALOG, "tidy_restored");
    restoredEnv.put(WorkerEnv.CATALOG_SPEC, Serialization.asJson(restoredSpec));
    OneShot.Result restored =
        OneShot.run(
            restoredEnv,
            new Operation.Restore(done.getStatus().getBucket(), done.getStatus().getObjectKey()));
    assertThat(restored.exitCode()).as(restored.json().toString()).isEqualTo(ExitCode.OK);
    OneShot.Result count =
        OneShot.run(
            restoredEnv,
            new Operation.RunSql("CREATE TABLE c AS SELECT count(*) AS n FROM numbers"));
    assertThat(count.exitCode()).as(count.json().toString()).isEqualTo(ExitCode.OK);
    try (var lake =
        dev.featherman.worker.CatalogAttach.open(
            dev.featherman.worker.WorkerConfig.fromEnvironment(restoredEnv), restoredEnv)) {
      assertThat(lake.queryLong("SELECT n FROM c")).isEqualTo(30000);
    }
    assertThat(catalog("tidy").getStatus().getMaintenance().getFilesMerged()).isNotNull();
    editCatalog("tidy", c -> c.getSpec().setMaintenance(null));
  }

  @Test
  void pinningARunningBackupNeverStartsASecondExport() throws Exception {
    TestingCatalogs.ready(K8S.client, NS, "pinned", CatalogBackend.postgres, 100, volumes);
    app = start();
    kubelet.gate.acquire(Integer.MAX_VALUE); // the export Job waits until released
    try {
      DuckLakeBackup backup = new DuckLakeBackup();
      backup.getMetadata().setName("pinned-now");
      backup.getMetadata().setNamespace(NS);
      backup.setSpec(new dev.featherman.api.v1alpha1.DuckLakeBackupSpec());
      backup.getSpec().setCatalogRef("pinned");
      K8S.client.resource(backup).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !inPhase("pinned", BackupPhase.Running).isEmpty());
      edit(DuckLakeBackup.class, "pinned-now", b -> b.getSpec().setPinned(true));
      Thread.sleep(1500); // several reconciles of the changed spec
    } finally {
      kubelet.gate.release(Integer.MAX_VALUE);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> inPhase("pinned", BackupPhase.Completed).size() == 1);
    assertThat(
            K8S.client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith("pinned-now-backup-"))
                .count())
        .isEqualTo(1);
  }

  static Map<String, String> workerEnv(DuckLakeCatalog catalog) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(WorkerEnv.CATALOG, catalog.getMetadata().getName());
    env.put(WorkerEnv.CATALOG_SPEC, Serialization.asJson(catalog.getSpec()));
    env.put(WorkerEnv.S3_ACCESS_KEY_ID, TestingLakes.s3().accessKey());
    env.put(WorkerEnv.S3_SECRET_ACCESS_KEY, TestingLakes.s3().secretKey());
    env.put(WorkerEnv.PG_USER, TestingPostgres.USER);
    env.put(WorkerEnv.PG_PASSWORD, TestingPostgres.PASSWORD);
    return env;
  }
}
