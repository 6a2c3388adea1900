package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.SandboxAttacks;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Attempts to leave the sandbox through the REST API, with a token that may write (the strongest
 * caller) unless noted: every one fails with 400 or 403, and afterwards the lake, the data
 * directory and the file system are exactly as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxEscapeIT extends GatewayTestBase {
  static final Path DATA = newDataDirectory();
  static final Path OUTSIDE =
      DATA.getParent().resolve("featherman-escape-" + ProcessHandle.current().pid());

  String snapshotBefore;
  List<Path> filesBefore;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, DATA);
  }

  /** Escape attempts: SQL and the statuses it may end with. */
  static Stream<String> escapes() {
    String out = OUTSIDE.toString();
    String inside = DATA.resolve("example/data/planted.csv").toString();
    return Stream.of(
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM read_parquet('http://127.0.0.1:1/x.parquet')",
        "COPY trips TO '" + out + "'",
        "COPY (SELECT 1) TO '" + inside + "'",
        "EXPORT DATABASE '" + out + "'",
        "ATTACH ':memory:' AS scratch",
        "ATTACH '" + out + ".duckdb' AS evil",
        "DETACH example",
        "USE memory",
        "INSTALL spatial",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "SET VARIABLE x = 1",
        "PRAGMA database_list",
        "CALL ducklake_expire_snapshots('example', older_than => now())",
        "SELECT * FROM ducklake_expire_snapshots('example', older_than => now())",
        "SELECT * FROM duckdb_secrets()",
        "SELECT * FROM duckdb_settings()",
        "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
        "SELECT * FROM __ducklake_metadata_example.ducklake_snapshot",
        "DELETE FROM \"__ducklake_metadata_example\".main.ducklake_snapshot",
        "SELECT * FROM query('SELECT * FROM __ducklake_metadata_example.ducklake_snapshot')",
        "SELECT * FROM query_table('trips')",
        "CREATE TABLE memory.main.stash AS SELECT 1",
        "CREATE TEMP TABLE stash AS SELECT 1",
        "CREATE MACRO m() AS 1",
        "CHECKPOINT",
        "EXPLAIN ANALYZE COPY trips TO '" + out + "'",
        "SELECT 1; DROP TABLE trips",
        "SELECT 'a'; DROP TABLE trips; --",
        "SELECT /* unterminated",
        "UPDATE EXTENSIONS",
        "CREATE VIEW leak AS SELECT * FROM read_csv('/etc/passwd')",
        "INSERT INTO trips SELECT * FROM duckdb_secrets()",
        "SELECT * FROM system.main.duckdb_secrets()");
  }

  @BeforeAll
  void recordState() throws Exception {
    for (String setup : SandboxAttacks.setup("victims")) {
      assertThat(client().query(WRITER, setup, "example", null).statusCode())
          .as(setup)
          .isEqualTo(200);
    }
    snapshotBefore = latestSnapshot();
    filesBefore = files();
  }

  @ParameterizedTest
  @MethodSource("escapes")
  @Order(1)
  void escapeFails(String sql) throws Exception {
    HttpResponse<String> r = client().query(WRITER, sql, "example", null);
    assertThat(r.statusCode()).as(sql + " -> " + r.body()).isIn(400, 403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @ParameterizedTest
  @MethodSource("readOnlyEscapes")
  @Order(2)
  void readOnlyCannotWrite(String sql) throws Exception {
    HttpResponse<String> r = client().query(READER, sql, "example", null);
    assertThat(r.statusCode()).as(sql + " -> " + r.body()).isEqualTo(403);
  }

  static Stream<String> readOnlyEscapes() {
    return Stream.of(
        "DROP TABLE trips",
        "DELETE FROM trips",
        "UPDATE trips SET fare_amount = 0",
        "INSERT INTO trips SELECT * FROM trips LIMIT 1",
        "CREATE TABLE copy AS SELECT * FROM trips",
        "CREATE VIEW v AS SELECT 1",
        "ALTER TABLE trips ADD COLUMN x INTEGER",
        "COMMENT ON TABLE trips IS 'x'",
        "WITH x AS (SELECT 1) DELETE FROM trips",
        "EXPLAIN ANALYZE DELETE FROM trips");
  }

  /** The shared attack corpus, each with the token it names. */
  static Stream<SandboxAttacks.Attack> corpus() {
    return SandboxAttacks.all().stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  @Order(2)
  void corpusAttackIsRefused(SandboxAttacks.Attack attack) throws Exception {
    String data = DATA.resolve("example/data").toString();
    String sql = attack.render(data, OUTSIDE.toString(), "victims");
    HttpResponse<String> r =
        client().query(attack.writer() ? WRITER : READER, sql, "example", null);
    assertThat(r.statusCode()).as(sql + " -> " + r.body()).isIn(400, 403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> count =
        client().query(READER, "SELECT count(*) FROM victims", "example", null);
    assertThat(count.body()).as("after " + sql).endsWith("\r\n4900\r\n");
  }

  @Test
  @Order(3)
  void nothingChanged() throws Exception {
    assertThat(latestSnapshot()).isEqualTo(snapshotBefore);
    assertThat(files()).isEqualTo(filesBefore);
    assertThat(Files.exists(OUTSIDE)).isFalse();
    assertThat(Files.exists(Path.of(OUTSIDE + ".duckdb"))).isFalse();
    HttpResponse<String> count =
        client().query(READER, "SELECT count(*) FROM trips", "example", null);
    assertThat(count.body()).endsWith("\r\n" + DEMO_ROWS + "\r\n");
  }

  @Test
  @Order(4)
  void legitimateQueriesStillWork() throws Exception {
    for (String sql :
        List.of(
            "SELECT * FROM example.snapshots()",
            "DESCRIBE trips",
            "SHOW TABLES",
            "SELECT count(*) FROM range(10)",
            "WITH z AS (SELECT pickup_zone FROM trips) SELECT count(*) FROM z",
            "SELECT * FROM example.table_info()",
            "EXPLAIN SELECT * FROM trips")) {
      HttpResponse<String> r = client().query(READER, sql, "example", null);
      assertThat(r.statusCode()).as(sql + " -> " + r.body()).isEqualTo(200);
    }
  }

  @Test
  @Order(5)
  void aHugeValueFailsTheQueryNotTheProcess() throws Exception {
    HttpResponse<String> r =
        client().query(READER, "SELECT repeat('x', 1000000000) AS x", "example", null);
    assertThat(r.statusCode())
        .as(r.body().length() > 300 ? r.body().substring(0, 300) : r.body())
        .isGreaterThanOrEqualTo(400);
    HttpResponse<String> after = client().query(READER, "SELECT 42", "example", null);
    assertThat(after.body()).endsWith("\r\n42\r\n");
  }

  String latestSnapshot() throws Exception {
    return client()
        .query(READER, "SELECT max(snapshot_id) FROM example.snapshots()", "example", null)
        .body();
  }

  static List<Path> files() throws Exception {
    try (Stream<Path> walk = Files.walk(DATA)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".wal"))
          .sorted()
          .toList();
    }
  }
}
