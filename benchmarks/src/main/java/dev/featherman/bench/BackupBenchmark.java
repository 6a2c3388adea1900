package dev.featherman.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.TestingLakes;
import dev.featherman.objectstore.BackupVerifier;
import dev.featherman.objectstore.ObjectTransfer;
import dev.featherman.objectstore.S3Clients;
import dev.featherman.objectstore.S3Keys;
import dev.featherman.testkit.TestingPostgres;
import dev.featherman.worker.OneShot;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Section f): what a backup costs as a catalog's metadata grows. A catalog of T tables, each
 * written by I separate inserts (one commit each), is backed up by the worker's backup operation
 * (export + upload with SHA-256 + manifest), verified the way the backup-service does (every object
 * read back and hashed), and restored into a new catalog.
 */
final class BackupBenchmark {
  private BackupBenchmark() {}

  record Shape(int tables, int inserts) {
    int files() {
      return tables * inserts;
    }
  }

  static String run(int runs) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("## f) Backups: export + upload, verification, restore\n\n")
        .append(
            "A catalog of T tables, each written by I separate inserts of 1000 rows (T×I commits")
        .append("), backed up by the worker's `backup` operation (metadata export,")
        .append(
            " upload with SHA-256, manifest last), verified like the backup-service does (every")
        .append(" object read back and hashed), and restored into a new catalog (download, verify,")
        .append(" load). Object store: the in-JVM S3 server on loopback. Median of ")
        .append(runs)
        .append(" runs.\n\n")
        .append(
            "| backend | tables × inserts | metadata files | backup size | backup ms | verify ms |")
        .append(" restore ms |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (CatalogBackend backend : List.of(CatalogBackend.duckdb, CatalogBackend.postgres)) {
      for (Shape shape : List.of(new Shape(10, 10), new Shape(50, 20))) {
        out.append(row(backend, shape, runs));
      }
    }
    out.append(
            "\nThe backup is of metadata only (the Parquet data files stay where they are), so its")
        .append(" size grows with files and snapshots, not with rows. Command: `make bench`, or")
        .append(" section f) alone: `cd benchmarks && mvn -q -o exec:exec")
        .append(" -Dexec.args=\"-Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED -classpath")
        .append(
            " %classpath dev.featherman.bench.GatewayBenchmark /tmp/backup-bench.md backup\"`.\n\n");
    return out.toString();
  }

  private static String row(CatalogBackend backend, Shape shape, int runs) throws Exception {
    List<Double> backupMs = new ArrayList<>();
    List<Double> verifyMs = new ArrayList<>();
    List<Double> restoreMs = new ArrayList<>();
    long size = 0;
    int objects = 0;
    for (int run = 0; run < runs; run++) {
      DuckLakeCatalogSpec spec = TestingLakes.spec(backend, "bench-backups");
      Map<String, String> env = env("src", spec);
      StringBuilder sql = new StringBuilder();
      for (int t = 0; t < shape.tables(); t++) {
        sql.append("CREATE TABLE t").append(t).append(" (id BIGINT, v DOUBLE);");
      }
      ok(OneShot.run(env, new Operation.RunSql(sql.toString())));
      for (int i = 0; i < shape.inserts(); i++) {
        StringBuilder inserts = new StringBuilder();
        for (int t = 0; t < shape.tables(); t++) {
          inserts
              .append("INSERT INTO t")
              .append(t)
              .append(" SELECT range, random() FROM range(1000);");
        }
        ok(OneShot.run(env, new Operation.RunSql(inserts.toString())));
      }
      String folder = spec.getObjectStore().getPrefix() + "/backups/bench/src/run-" + run + "/";
      long t0 = System.nanoTime();
      JsonNode backup =
          ok(OneShot.run(env, new Operation.Backup("bench-backups", folder, "b", "bench", null)));
      backupMs.add((System.nanoTime() - t0) / 1e6);
      size = backup.get("sizeBytes").asLong();
      objects = backup.get("files").asInt();
      try (S3Client s3 =
          S3Clients.create(
              spec.getObjectStore(),
              new S3Keys(TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey(), null),
              Duration.ofSeconds(60),
              3)) {
        long t1 = System.nanoTime();
        new BackupVerifier(new ObjectTransfer(s3, ObjectTransfer.MIN_PART_SIZE))
            .verify("bench-backups", backup.get("objectKey").asText());
        verifyMs.add((System.nanoTime() - t1) / 1e6);
      }
      Map<String, String> target = env("dst", TestingLakes.spec(backend, "bench-backups"));
      long t2 = System.nanoTime();
      ok(
          OneShot.run(
              target, new Operation.Restore("bench-backups", backup.get("objectKey").asText())));
      restoreMs.add((System.nanoTime() - t2) / 1e6);
    }
    return String.format(
        "| %s | %d × %d | %d | %.1f KiB | %.0f | %.0f | %.0f |%n",
        backend,
        shape.tables(),
        shape.inserts(),
        objects,
        size / 1024.0,
        Samples.median(backupMs),
        Samples.median(verifyMs),
        Samples.median(restoreMs));
  }

  private static Map<String, String> env(String catalog, DuckLakeCatalogSpec spec)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(WorkerEnv.CATALOG, catalog);
    env.put(WorkerEnv.CATALOG_SPEC, Serialization.asJson(spec));
    env.put(
        WorkerEnv.CATALOG_FILE,
        Files.createTempDirectory("bench-backup-").resolve("catalog.ducklake").toString());
    env.put(WorkerEnv.S3_ACCESS_KEY_ID, TestingLakes.s3().accessKey());
    env.put(WorkerEnv.S3_SECRET_ACCESS_KEY, TestingLakes.s3().secretKey());
    env.put(WorkerEnv.PG_USER, TestingPostgres.USER);
    env.put(WorkerEnv.PG_PASSWORD, TestingPostgres.PASSWORD);
    return env;
  }

  private static JsonNode ok(OneShot.Result r) {
    if (r.exitCode() != ExitCode.OK) {
      throw new IllegalStateException("worker operation failed: " + r.json());
    }
    return r.json();
  }
}
