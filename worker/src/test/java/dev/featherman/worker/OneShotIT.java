package dev.featherman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot mode against real DuckDB, the in-JVM S3 server and PostgreSQL, as a Job would run it.
 */
class OneShotIT {
  @TempDir Path dir;

  Map<String, String> env(CatalogBackend backend, String bucket) throws Exception {
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, bucket);
    Map<String, String> env = new HashMap<>();
    env.put(WorkerEnv.CATALOG, "lake");
    env.put(WorkerEnv.CATALOG_SPEC, WorkerConfig.JSON.writeValueAsString(spec));
    env.put(WorkerEnv.CATALOG_FILE, dir.resolve("catalog.ducklake").toString());
    env.put(WorkerEnv.S3_ACCESS_KEY_ID, TestingLakes.s3().accessKey());
    env.put(WorkerEnv.S3_SECRET_ACCESS_KEY, TestingLakes.s3().secretKey());
    env.put(WorkerEnv.PG_USER, TestingPostgres.USER);
    env.put(WorkerEnv.PG_PASSWORD, TestingPostgres.PASSWORD);
    return env;
  }

  static DuckLakeTableSpec users(String... partitioning) {
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setCatalogRef("lake");
    spec.setName("users");
    ColumnSpec name = new ColumnSpec("name", "VARCHAR");
    name.setNullable(true);
    spec.setColumns(new java.util.ArrayList<>(List.of(new ColumnSpec("id", "INTEGER"), name)));
    TableFormat format = new TableFormat();
    format.setPartitioning(List.of(partitioning));
    spec.setFormat(format);
    return spec;
  }

  @Test
  void applyIsIdempotentAndStatsAreReported() throws Exception {
    Map<String, String> env = env(CatalogBackend.postgres, "oneshot-pg");
    assertThat(OneShot.run(env, new Operation.Initialize()).exitCode()).isEqualTo(ExitCode.OK);
    OneShot.Result first = OneShot.run(env, new Operation.ApplyTable(users()));
    assertThat(first.exitCode()).as(first.json().toString()).isEqualTo(ExitCode.OK);
    assertThat(first.json().get("statements").get(0).asText())
        .startsWith("CREATE TABLE IF NOT EXISTS");
    OneShot.Result second = OneShot.run(env, new Operation.ApplyTable(users()));
    assertThat(second.json().get("statements")).isEmpty();
    assertThat(second.report().snapshotId()).isEqualTo(first.report().snapshotId()).isNotNull();
    OneShot.Result load =
        OneShot.run(
            env,
            new Operation.RunSql(
                "INSERT INTO users SELECT i, 'user ' || i FROM range(200000) t(i); DELETE FROM users WHERE id < 10;"));
    assertThat(load.json().get("statementsRun").asInt()).isEqualTo(2);
    OperationResult stats = OneShot.run(env, new Operation.InspectTable("users")).report();
    assertThat(stats.rowCount()).isEqualTo(199_990);
    assertThat(stats.dataFiles()).isPositive();
    assertThat(stats.bytes()).isPositive();
    assertThat(OneShot.run(env, new Operation.DropTable("users")).exitCode())
        .isEqualTo(ExitCode.OK);
    assertThat(
            OneShot.run(env, new Operation.InspectTable("users")).json().get("exists").asBoolean())
        .isFalse();
  }

  @Test
  void parquetFilesUnderTheTablesLocationAreRegisteredOnceEach() throws Exception {
    Map<String, String> env = env(CatalogBackend.postgres, "oneshot-location");
    DuckLakeCatalogSpec catalog =
        WorkerConfig.JSON.readValue(env.get(WorkerEnv.CATALOG_SPEC), DuckLakeCatalogSpec.class);
    String prefix = catalog.getObjectStore().getPrefix() + "/imports/users/";
    Path local = Files.createTempDirectory("featherman-imports-");
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement s = duck.createStatement()) {
      s.execute(
          "COPY (SELECT range::INTEGER AS id, 'u' || range AS name FROM range(30)) TO '"
              + local.resolve("a.parquet")
              + "'");
      s.execute(
          "COPY (SELECT range::INTEGER AS id, NULL::VARCHAR AS name FROM range(12)) TO '"
              + local.resolve("b.parquet")
              + "'");
      s.execute(
          "COPY (SELECT 'x' AS id FROM range(1)) TO '" + local.resolve("wrong.parquet") + "'");
    }
    try (var s3 = TestingLakes.s3Client()) {
      s3.putObject(
          b -> b.bucket("oneshot-location").key(prefix + "a.parquet"), local.resolve("a.parquet"));
    }
    assertThat(OneShot.run(env, new Operation.Initialize()).exitCode()).isEqualTo(ExitCode.OK);
    DuckLakeTableSpec users = users();
    users.setLocation("imports/users");
    OneShot.Result first = OneShot.run(env, new Operation.ApplyTable(users));
    assertThat(first.exitCode()).as(first.json().toString()).isEqualTo(ExitCode.OK);
    assertThat(first.json().get("filesRegistered").asInt()).isEqualTo(1);
    assertThat(first.json().get("rowCount").asLong()).isEqualTo(30);

    // Applied again with one more file there: only the new one is added.
    try (var s3 = TestingLakes.s3Client()) {
      s3.putObject(
          b -> b.bucket("oneshot-location").key(prefix + "more/b.parquet"),
          local.resolve("b.parquet"));
    }
    OneShot.Result second = OneShot.run(env, new Operation.ApplyTable(users));
    assertThat(second.json().get("filesRegistered").asInt()).isEqualTo(1);
    assertThat(second.json().get("rowCount").asLong()).isEqualTo(42);
    OneShot.Result again = OneShot.run(env, new Operation.ApplyTable(users));
    assertThat(again.json().get("filesRegistered").asInt()).isZero();
    assertThat(again.json().get("snapshotId")).isEqualTo(second.json().get("snapshotId"));

    // A file whose columns do not fit is the spec's problem, named, and nothing is added.
    try (var s3 = TestingLakes.s3Client()) {
      s3.putObject(
          b -> b.bucket("oneshot-location").key(prefix + "wrong.parquet"),
          local.resolve("wrong.parquet"));
    }
    OneShot.Result wrong = OneShot.run(env, new Operation.ApplyTable(users));
    assertThat(wrong.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(wrong.json().toString()).contains("spec.location").contains("wrong.parquet");
    assertThat(
            OneShot.run(env, new Operation.InspectTable("users")).json().get("rowCount").asLong())
        .isEqualTo(42);
  }

  @Test
  void destroyRemovesAPostgresCatalogsMetadata() throws Exception {
    Map<String, String> env = env(CatalogBackend.postgres, "oneshot-destroy");
    assertThat(OneShot.run(env, new Operation.ApplyTable(users())).exitCode())
        .isEqualTo(ExitCode.OK);
    OneShot.Result destroyed = OneShot.run(env, new Operation.DestroyCatalog());
    assertThat(destroyed.exitCode()).as(destroyed.json().toString()).isEqualTo(ExitCode.OK);
    assertThat(destroyed.json().get("metadataTablesDropped").asInt()).isGreaterThan(10);
    // Attaching again creates a fresh, empty catalog: the table is gone with the old metadata.
    assertThat(
            OneShot.run(env, new Operation.InspectTable("users")).json().get("exists").asBoolean())
        .isFalse();
  }

  @Test
  void materializeWritesParquetToAnotherBucket() throws Exception {
    Map<String, String> env = env(CatalogBackend.duckdb, "oneshot-mat");
    TestingLakes.s3().createBucket("exports");
    OneShot.run(env, new Operation.ApplyTable(users()));
    OneShot.run(
        env,
        new Operation.RunSql(
            "INSERT INTO users SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END FROM range(1000) t(i)"));
    OneShot.Result r =
        OneShot.run(
            env,
            new Operation.Materialize(
                "SELECT name, count(*) AS n FROM users GROUP BY name",
                "exports",
                "views/by_name.parquet",
                "zstd",
                List.of(),
                null));
    assertThat(r.exitCode()).as(r.json().toString()).isEqualTo(ExitCode.OK);
    assertThat(r.report().rowCount()).isEqualTo(2);
    assertThat(r.report().outputPath()).isEqualTo("s3://exports/views/by_name.parquet");
    assertThat(r.report().durationMillis()).isNotNull();
    try (var s3 = TestingLakes.s3Client()) {
      assertThat(
              s3.headObject(b -> b.bucket("exports").key("views/by_name.parquet")).contentLength())
          .isPositive();
    }
    OneShot.Result write =
        OneShot.run(
            env,
            new Operation.Materialize(
                "DELETE FROM users", "exports", "views/x.parquet", "zstd", List.of(), null));
    assertThat(write.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(write.json().get("message").asText())
        .contains("spec.materializeTo.sql: must be a single SELECT");
    for (String attack :
        List.of(
            "SELECT * FROM read_text('/proc/self/environ')",
            "SELECT content FROM read_blob('/etc/passwd')",
            "SELECT * FROM 'http://169.254.169.254/latest/meta-data/'",
            "SELECT 1 --x\r; DROP TABLE users",
            "SELECT * FROM duckdb_settings()",
            "SELECT current_setting('s3_secret_access_key')",
            "SELECT * FROM users, duckdb_databases",
            "SELECT * FROM example.set_option('require_commit_message', true)")) {
      OneShot.Result refused =
          OneShot.run(
              env,
              new Operation.Materialize(
                  attack, "exports", "views/x.parquet", "zstd", List.of(), null));
      assertThat(refused.exitCode())
          .as(attack + " " + refused.json())
          .isEqualTo(ExitCode.INVALID_SPEC);
      assertThat(refused.json().get("message").asText()).startsWith("spec.materializeTo.sql: ");
    }
    try (var s3 = TestingLakes.s3Client()) {
      assertThat(s3.listObjectsV2(b -> b.bucket("exports").prefix("views/x")).contents()).isEmpty();
    }
  }

  @Test
  void specProblemsAreNotRetryable() throws Exception {
    Map<String, String> env = env(CatalogBackend.duckdb, "oneshot-spec");
    OneShot.Result readme = OneShot.run(env, new Operation.ApplyTable(users("created_at")));
    assertThat(readme.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(readme.json().get("reason").asText()).isEqualTo("InvalidSpec");
    assertThat(readme.json().get("message").asText())
        .startsWith("spec.format.partitioning[0]: 'created_at' is not a column");

    assertThat(OneShot.run(env, new Operation.ApplyTable(users())).exitCode())
        .isEqualTo(ExitCode.OK);
    DuckLakeTableSpec narrowed = users();
    narrowed.getColumns().get(1).setType("INTEGER");
    OneShot.Result change = OneShot.run(env, new Operation.ApplyTable(narrowed));
    assertThat(change.exitCode()).isEqualTo(ExitCode.UNSUPPORTED_CHANGE);
    assertThat(change.json().get("message").asText())
        .contains("spec.columns[1].type: cannot change column 'name' from VARCHAR to INTEGER");
  }

  @Test
  void missingConfigurationNamesTheVariable() throws Exception {
    Map<String, String> env = env(CatalogBackend.duckdb, "oneshot-config");
    env.remove(WorkerEnv.CATALOG_SPEC);
    OneShot.Result r = OneShot.run(env, new Operation.Initialize());
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(r.json().get("message").asText())
        .isEqualTo("environment variable FEATHERMAN_CATALOG_SPEC is required");
    Map<String, String> half = env(CatalogBackend.duckdb, "oneshot-config");
    half.remove(WorkerEnv.S3_SECRET_ACCESS_KEY);
    assertThat(OneShot.run(half, new Operation.Initialize()).json().get("message").asText())
        .contains(WorkerEnv.S3_SECRET_ACCESS_KEY)
        .doesNotContain(TestingLakes.s3().accessKey());
  }

  @Test
  void unreachableCatalogDatabaseIsRetryable() throws Exception {
    Map<String, String> env = env(CatalogBackend.postgres, "oneshot-down");
    DuckLakeCatalogSpec spec =
        WorkerConfig.JSON.readValue(env.get(WorkerEnv.CATALOG_SPEC), DuckLakeCatalogSpec.class);
    spec.getPostgres().setPort(1);
    env.put(WorkerEnv.CATALOG_SPEC, WorkerConfig.JSON.writeValueAsString(spec));
    OneShot.Result r = OneShot.run(env, new Operation.Initialize());
    assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(r.json().get("reason").asText()).isEqualTo("CatalogUnavailable");
    assertThat(r.json().toString()).doesNotContain(TestingPostgres.PASSWORD);
  }

  @Test
  void resultsFitATerminationMessage() {
    var node = WorkerConfig.JSON.createObjectNode();
    node.put("ok", false);
    node.put("message", "x".repeat(20_000));
    assertThat(OneShot.fit(node).toString().length()).isLessThanOrEqualTo(OneShot.MAX_RESULT_BYTES);
  }

  @Test
  void commandLineWritesTheResultFileAndExitCode() throws Exception {
    Path op =
        Files.writeString(dir.resolve("op.json"), "{\"type\":\"dropTable\",\"name\":\"missing\"}");
    Path result = dir.resolve("result.json");
    // The process environment has no catalog, so the configuration error is reported.
    assertThat(
            WorkerMain.run(
                new String[] {
                  "oneshot", "--operation", op.toString(), "--result-file", result.toString()
                }))
        .isEqualTo(ExitCode.INVALID_SPEC.code());
    assertThat(Files.readString(result))
        .contains("\"reason\":\"InvalidSpec\"")
        .contains("FEATHERMAN_CATALOG");
    assertThat(WorkerMain.run(new String[] {"frobnicate"})).isEqualTo(ExitCode.INVALID_SPEC.code());
    assertThat(WorkerMain.run(new String[] {"serve"}))
        .as("no token, no catalog")
        .isEqualTo(ExitCode.INVALID_SPEC.code());
  }
}
