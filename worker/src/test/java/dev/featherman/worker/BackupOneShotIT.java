package dev.featherman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingPostgres;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The backup, restore and maintenance operations as Jobs run them: real DuckDB, the in-JVM S3
 * server, PostgreSQL.
 */
class BackupOneShotIT {
  Map<String, String> env(String catalog, DuckLakeCatalogSpec spec) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(WorkerEnv.CATALOG, catalog);
    env.put(WorkerEnv.CATALOG_SPEC, WorkerConfig.JSON.writeValueAsString(spec));
    env.put(
        WorkerEnv.CATALOG_FILE,
        Files.createTempDirectory("oneshot-backup-").resolve("catalog.ducklake").toString());
    env.put(WorkerEnv.S3_ACCESS_KEY_ID, TestingLakes.s3().accessKey());
    env.put(WorkerEnv.S3_SECRET_ACCESS_KEY, TestingLakes.s3().secretKey());
    env.put(WorkerEnv.PG_USER, TestingPostgres.USER);
    env.put(WorkerEnv.PG_PASSWORD, TestingPostgres.PASSWORD);
    return env;
  }

  static JsonNode ok(OneShot.Result r) {
    assertThat(r.exitCode()).as(r.json().toString()).isEqualTo(ExitCode.OK);
    return r.json();
  }

  @ParameterizedTest
  @EnumSource(
      value = CatalogBackend.class,
      names = {"duckdb", "postgres"})
  void backupThenRestoreBringsDeletedRowsBackAndDamageIsRefused(CatalogBackend backend)
      throws Exception {
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, "oneshot-backups");
    Map<String, String> sales = env("sales", spec);
    ok(
        OneShot.run(
            sales,
            new Operation.RunSql(
                "CREATE TABLE orders AS SELECT range AS id FROM range(20000);"
                    + " INSERT INTO orders VALUES (-1)")));
    String folder = spec.getObjectStore().getPrefix() + "/backups/ns/sales/b1/";
    JsonNode backup =
        ok(OneShot.run(sales, new Operation.Backup("oneshot-backups", folder, "b1", "ns", null)));
    OperationResult report = OperationResult.parse(backup.toString());
    assertThat(report.objectKey()).isEqualTo(folder + "manifest.json");
    assertThat(report.sha256()).hasSize(64);
    assertThat(report.backupSnapshotId()).isEqualTo(report.snapshotId()).isNotNull();
    assertThat(backup.get("sizeBytes").asLong()).isPositive();
    assertThat(backup.get("sha256").asText()).hasSize(64);
    assertThat(backup.get("ducklakeVersion").asText()).isNotBlank();
    assertThat(backup.get("backupSnapshotId").asLong())
        .isEqualTo(backup.get("snapshotId").asLong());
    ok(OneShot.run(sales, new Operation.RunSql("DELETE FROM orders WHERE id < 10000")));

    DuckLakeCatalogSpec restoredSpec = TestingLakes.spec(backend, "oneshot-backups");
    Map<String, String> restored = env("restored", restoredSpec);
    JsonNode restore =
        ok(
            OneShot.run(
                restored,
                new Operation.Restore("oneshot-backups", backup.get("objectKey").asText())));
    assertThat(OperationResult.parse(restore.toString()).backupSnapshotId())
        .isEqualTo(report.backupSnapshotId());
    JsonNode count =
        ok(
            OneShot.run(
                restored,
                new Operation.RunSql("CREATE TABLE checks AS SELECT count(*) AS n FROM orders")));
    assertThat(count.get("ok").asBoolean()).isTrue();
    try (var session = CatalogAttach.open(WorkerConfig.fromEnvironment(restored), restored)) {
      assertThat(session.queryLong("SELECT n FROM checks")).isEqualTo(20001);
    }

    // One damaged object: the restore stops before touching the new catalog, and says why.
    TestingLakes.s3Client()
        .putObject(
            b -> b.bucket("oneshot-backups").key(folder + "ducklake_snapshot.parquet"),
            RequestBody.fromString("not parquet"));
    OneShot.Result damaged =
        OneShot.run(
            env("damaged", TestingLakes.spec(backend, "oneshot-backups")),
            new Operation.Restore("oneshot-backups", backup.get("objectKey").asText()));
    assertThat(damaged.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(damaged.json().get("reason").asText()).isEqualTo(ConditionReasons.BACKUP_CORRUPTED);
    assertThat(damaged.json().get("message").asText())
        .contains("ducklake_snapshot.parquet")
        .contains("does not match the manifest");
  }

  @ParameterizedTest
  @EnumSource(
      value = CatalogBackend.class,
      names = {"sqlite"})
  void anOutageMidUploadFailsTheBackupAndLeavesNoManifest(CatalogBackend backend) throws Exception {
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, "oneshot-outage");
    Map<String, String> env = env("sales", spec);
    ok(OneShot.run(env, new Operation.RunSql("CREATE TABLE t AS SELECT 1 AS id")));
    String folder = spec.getObjectStore().getPrefix() + "/backups/ns/sales/b2/";
    TestingLakes.s3().failAfter("/backups/ns/sales/b2/", 3);
    OneShot.Result failed;
    try {
      failed = OneShot.run(env, new Operation.Backup("oneshot-outage", folder, "b2", "ns", null));
    } finally {
      TestingLakes.s3().heal();
    }
    assertThat(failed.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(failed.json().get("reason").asText()).isEqualTo("ObjectStoreUnavailable");
    assertThat(failed.json().get("message").asText()).contains("after 3 file(s)");
    assertThat(
            TestingLakes.s3Client()
                .listObjectsV2(b -> b.bucket("oneshot-outage").prefix(folder))
                .contents())
        .noneMatch(o -> o.key().endsWith("manifest.json"));
    ok(OneShot.run(env, new Operation.Backup("oneshot-outage", folder, "b2", "ns", null)));
  }

  @ParameterizedTest
  @EnumSource(
      value = CatalogBackend.class,
      names = {"duckdb"})
  void maintenanceExpiresMergesAndCleansUpInOrder(CatalogBackend backend) throws Exception {
    Map<String, String> env = env("maint", TestingLakes.spec(backend, "oneshot-maint"));
    ok(OneShot.run(env, new Operation.RunSql("CREATE TABLE t (id INTEGER)")));
    for (int i = 0; i < 5; i++) {
      ok(
          OneShot.run(
              env,
              new Operation.RunSql(
                  "INSERT INTO t SELECT range FROM range("
                      + i * 1000
                      + ", "
                      + (i + 1) * 1000
                      + ")")));
    }
    ok(OneShot.run(env, new Operation.RunSql("DELETE FROM t WHERE id < 1000")));
    String now = Instant.now().plusSeconds(1).toString();
    JsonNode dry = ok(OneShot.run(env, new Operation.Maintain(now, true, now, true, "a")));
    assertThat(dry.get("dryRun").asBoolean()).isTrue();
    assertThat(dry.get("snapshotsExpired").asLong()).isPositive();
    assertThat(dry.has("filesMerged")).as("a dry run changes nothing").isFalse();

    JsonNode real = ok(OneShot.run(env, new Operation.Maintain(now, true, now, false, "b")));
    assertThat(real.get("snapshotsExpired").asLong())
        .isEqualTo(dry.get("snapshotsExpired").asLong());
    assertThat(real.get("filesMerged").asLong()).isPositive();
    OperationResult maintained = OperationResult.parse(real.toString());
    assertThat(maintained.snapshotsExpired()).isPositive();
    assertThat(maintained.filesMerged()).isPositive();
    assertThat(maintained.cleanupCutoff()).isEqualTo(now);
    JsonNode after =
        ok(OneShot.run(env, new Operation.RunSql("CREATE TABLE c AS SELECT sum(id) AS s FROM t")));
    assertThat(after.get("ok").asBoolean()).isTrue();
    try (var session = CatalogAttach.open(WorkerConfig.fromEnvironment(env), env)) {
      assertThat(session.queryLong("SELECT s FROM c"))
          .isEqualTo(4999L * 5000 / 2 - 999L * 1000 / 2);
    }
  }
}
