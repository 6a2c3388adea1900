package dev.featherman.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.worker.Inspection;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.testkit.SandboxAttacks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attack corpus ({@link SandboxAttacks}) against a real DuckLake locked down as the gateway and
 * the workers run it: every attack is refused with 400 or 403, and afterwards the lake's snapshot,
 * its files, the engine's settings and attached databases are exactly as before, while ordinary
 * queries and writes still work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxAttackIT {
  static final QueryLimits LIMITS = new QueryLimits(1_000_000, 64L << 20, Duration.ofSeconds(30));

  Path dir;
  Path data;
  Path outside;
  LakeSession session;
  SandboxedLake lake;
  String snapshotBefore;
  List<String> filesBefore;
  String settingsBefore;

  @BeforeAll
  void openLake() throws Exception {
    dir = Files.createTempDirectory("featherman-attack-");
    data = dir.resolve("data");
    outside = dir.resolve("outside");
    LakeConfig config =
        LakeConfig.of(
            "example", new CatalogStore.DuckDbFile(dir.resolve("lake.ducklake")), data + "/", null);
    EngineSettings caps =
        EngineSettings.defaults()
            .withMemoryLimit("256MiB")
            .withMaxTempDirectorySize("16MiB")
            .withThreads(2)
            .withTempDirectory(dir.resolve("spill"));
    session = new LakeSessionFactory(caps).open(config);
    SandboxAttacks.setup("trips").forEach(session::execute);
    lake = SandboxedLake.lockDown(session, 2);
    snapshotBefore = run(false, "SELECT max(snapshot_id) FROM example.snapshots()");
    filesBefore = files();
    settingsBefore = settings(session);
  }

  @AfterAll
  void close() {
    lake.close();
  }

  static Stream<SandboxAttacks.Attack> attacks() {
    List<SandboxAttacks.Attack> all = SandboxAttacks.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(100);
    return all.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("attacks")
  @Order(1)
  void attackIsRefused(SandboxAttacks.Attack attack) {
    String sql = attack.render(data.toString(), outside.toString(), "trips");
    assertThatThrownBy(() -> run(attack.writer(), sql))
        .as(sql)
        .isInstanceOfSatisfying(
            QueryException.class,
            e ->
                assertThat(e.reason())
                    .as(sql + " -> " + e.getMessage())
                    .isIn(QueryException.Reason.BAD_REQUEST, QueryException.Reason.FORBIDDEN));
    // The next query on the pool (same warm connections) still sees the lake as before.
    assertThat(run(false, "SELECT count(*) FROM trips")).as("after " + sql).isEqualTo("4900");
  }

  @Test
  @Order(1)
  void boundValuesAndInspectionsAreNeverSql() {
    String path = outside.toString();
    String[][] refused = {
      {"SELECT * FROM read_csv(?)", path},
      {"SELECT * FROM read_parquet(?)", data + "/x.parquet"},
      {"SELECT * FROM query_table(?)", "trips"},
      {"SELECT getenv(?)", "HOME"},
      {"SELECT current_setting(?)", "s3_secret_access_key"},
    };
    for (String[] attack : refused) {
      assertThatThrownBy(() -> runBound(attack[0], attack[1]))
          .as(attack[0])
          .isInstanceOf(QueryException.class);
      assertThatThrownBy(() -> inspect(Inspection.PARAMETER_TYPES, attack[0]))
          .as("inspecting " + attack[0])
          .isInstanceOf(QueryException.class);
    }
    // A value that looks like SQL is only a value.
    assertThat(runBound("SELECT count(*) FROM trips WHERE zone = ?", "x'; DROP TABLE trips; --"))
        .isEqualTo("0");
    assertThat(runBound("SELECT CAST(? AS VARCHAR)", "'); ATTACH '" + path + "' AS x; --"))
        .startsWith("'); ATTACH");
    assertThatThrownBy(
            () -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              lake.execute(
                  "DELETE FROM trips WHERE id = ?",
                  List.of(1),
                  OutputFormat.CSV,
                  out,
                  LIMITS,
                  new QueryControl(),
                  true);
            })
        .as("bound values are for queries only")
        .hasMessageContaining("bound parameters are for queries");
    // An inspection's subject is a bound value too: a hostile table name names no table.
    assertThat(inspect(Inspection.PARTITIONING, "trips' OR '1'='1")).isEmpty();
    assertThat(inspect(Inspection.PARAMETER_TYPES, "SELECT * FROM trips WHERE id = ?"))
        .isEqualTo("parameter_index,parameter_type\r\n1,BIGINT\r\n");
    assertThatThrownBy(() -> inspect(Inspection.PARAMETER_TYPES, "DELETE FROM trips"))
        .isInstanceOf(QueryException.class);
  }

  private String runBound(String sql, Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lake.execute(sql, List.of(value), OutputFormat.CSV, out, LIMITS, new QueryControl(), false);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
    return lines.length > 1 ? lines[1] : "";
  }

  /** The inspection's CSV without its header, or everything when it has rows. */
  private String inspect(Inspection inspection, String subject) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lake.inspect(inspection, subject, OutputFormat.CSV, out, LIMITS, new QueryControl());
    String csv = out.toString(StandardCharsets.UTF_8);
    return csv.indexOf("\r\n") == csv.length() - 2 ? "" : csv;
  }

  @Test
  @Order(2)
  void nothingChanged() throws Exception {
    assertThat(run(false, "SELECT max(snapshot_id) FROM example.snapshots()"))
        .isEqualTo(snapshotBefore);
    assertThat(files()).isEqualTo(filesBefore);
    assertThat(Files.exists(outside)).isFalse();
    assertThat(Files.exists(Path.of(outside + ".db"))).isFalse();
    assertThat(Files.exists(Path.of(outside + ".duckdb"))).isFalse();
    assertThat(
            run(
                false,
                "SELECT value FROM example.options()"
                    + " WHERE option_name = 'require_commit_message'"))
        .isIn("", "false");
    assertThat(settings(session)).isEqualTo(settingsBefore);
    assertThat(databases(session)).isEqualTo("example,memory,system,temp");
  }

  @ParameterizedTest
  @MethodSource("legitimateReads")
  @Order(3)
  void queriesStillWork(String sql) {
    assertThat(run(false, sql)).as(sql).isNotNull();
  }

  static Stream<String> legitimateReads() {
    return Stream.of(
        "SELECT zone, count(*) FROM trips GROUP BY ALL ORDER BY 1",
        "FROM trips SELECT count(*)",
        "TABLE good_view",
        "SELECT * FROM good_view",
        "DESCRIBE trips",
        "SHOW TABLES",
        "SUMMARIZE trips",
        "SELECT * FROM example.snapshots()",
        "SELECT * FROM example.table_info()",
        "SELECT * FROM ducklake_snapshots('example')",
        "SELECT count(*) FROM trips AT (VERSION => 1)",
        "WITH z AS (SELECT zone FROM trips) SELECT count(*) FROM z",
        "SELECT count(*) FROM example.main.trips",
        "SELECT count(*) FROM example.trips",
        "SELECT count(*) FROM range(10)",
        "SELECT upper(zone), length(zone), regexp_replace(zone, 'z', 'Z') FROM trips LIMIT 1",
        "SELECT row_number() OVER (ORDER BY id) FROM trips LIMIT 1",
        "SELECT 'a;b', $$x;y$$, \"zone\" FROM trips LIMIT 1 -- a comment; with a semicolon",
        "EXPLAIN SELECT * FROM trips",
        "EXPLAIN ANALYZE SELECT count(*) FROM trips",
        "SELECT version()",
        "SELECT 42;");
  }

  @Test
  @Order(4)
  void writesStillWork() {
    assertThat(run(true, "INSERT INTO trips VALUES (99999, 'new', 1.0)")).isEqualTo("1");
    assertThat(run(true, "UPDATE trips SET fare = 2.0 WHERE id = 99999")).isEqualTo("1");
    assertThat(run(true, "DELETE FROM trips WHERE id = 99999")).isEqualTo("1");
    run(true, "CREATE TABLE copy AS SELECT * FROM trips WHERE id < 200");
    run(true, "ALTER TABLE copy ADD COLUMN note VARCHAR");
    run(true, "CREATE VIEW copy_view AS SELECT count(*) AS n FROM copy");
    assertThat(run(false, "SELECT n FROM copy_view")).isEqualTo("100");
    run(true, "DROP VIEW copy_view");
    run(true, "DROP TABLE copy;");
    assertThat(run(false, "SELECT count(*) FROM trips")).isEqualTo("4900");
  }

  @Test
  @Order(5)
  void aViewOverALeakingFunctionIsRefusedToItsReaders() {
    // Created through a trusted path (another tool writing the same catalog), not the API.
    assertThatThrownBy(() -> run(false, "SELECT * FROM leak")).isInstanceOf(QueryException.class);
    assertThatThrownBy(
            () -> run(true, "CREATE VIEW leak AS SELECT current_setting('threads') AS t"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.FORBIDDEN));
    run(true, "CREATE VIEW leak AS SELECT zone FROM trips");
    assertThat(run(false, "SELECT count(*) FROM leak")).isEqualTo("4900");
    run(true, "DROP VIEW leak");
  }

  @Test
  @Order(6)
  void resourceCapsHoldAndCannotBeRaised() throws Exception {
    assertThat(settings(session))
        .contains(";memory_limit=256.0 MiB;")
        .contains(";max_temp_directory_size=16.0 MiB;")
        .contains(";threads=2;");
    // Needs far more than 256 MB of memory plus 16 MB of spill: DuckDB stops it, not the host.
    assertThatThrownBy(
            () ->
                run(
                    false,
                    "SELECT sum(len(l)) FROM (SELECT range % 1000 AS k, list(range) AS l"
                        + " FROM range(60000000) GROUP BY k)"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("Out of Memory");
    assertThat(run(false, "SELECT count(*) FROM trips")).isEqualTo("4900");
  }

  @Test
  @Order(99)
  void aDetachedLakeIsNotHealthy() {
    assertThat(lake.isHealthy()).isTrue();
    session.execute("USE memory");
    session.execute("DETACH example");
    assertThat(lake.isHealthy()).as("a worker without its lake leaves rotation").isFalse();
  }

  private String run(boolean mayWrite, String sql) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lake.execute(sql, OutputFormat.CSV, out, LIMITS, new QueryControl(), mayWrite);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
    return lines.length > 1 ? lines[1] : "";
  }

  private List<String> files() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(Path::toString)
          .filter(p -> !p.endsWith(".wal"))
          .sorted()
          .toList();
    }
  }

  private static String databases(LakeSession session) throws Exception {
    try (var s = session.connection().createStatement();
        var rs =
            s.executeQuery(
                "SELECT string_agg(database_name, ',' ORDER BY database_name)"
                    + " FROM duckdb_databases()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String settings(LakeSession session) throws Exception {
    try (var s = session.connection().createStatement();
        var rs =
            s.executeQuery(
                "SELECT string_agg(name || '=' || coalesce(value, ''), ';' ORDER BY name)"
                    + " FROM duckdb_settings()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
