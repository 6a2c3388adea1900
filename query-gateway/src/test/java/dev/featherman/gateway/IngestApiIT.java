package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /v1/catalogs/{c}/tables/{t}/rows on the embedded gateway, by curl-like and Python clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestApiIT extends GatewayTestBase {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final long MAX_INGEST_BYTES = 3_000_000;
  static final long INGEST_BYTES_PER_SECOND = 4_000_000;
  static final Path DATA = newDataDirectory();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, DATA);
    registry.add("featherman.gateway.limits.max-ingest-bytes", () -> MAX_INGEST_BYTES);
    registry.add(
        "featherman.gateway.limits.max-ingest-bytes-per-second", () -> INGEST_BYTES_PER_SECOND);
  }

  @BeforeAll
  void tables() throws Exception {
    for (String ddl :
        new String[] {
          "CREATE TABLE events (id INTEGER NOT NULL, name VARCHAR, score DOUBLE)",
          "CREATE TABLE readings (sensor VARCHAR NOT NULL, reading DOUBLE, read_at TIMESTAMP)"
        }) {
      HttpResponse<String> created = client().query(WRITER, ddl, "example", "csv");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }
  }

  HttpResponse<String> append(String token, String table, String type, String body, String key)
      throws Exception {
    return client()
        .appendRows(token, "example", table, type, body.getBytes(StandardCharsets.UTF_8), key);
  }

  String count(String sql) throws Exception {
    return client()
        .query(READER, sql, "example", "csv")
        .body()
        .lines()
        .skip(1)
        .findFirst()
        .orElse("");
  }

  @Test
  @Order(1)
  void csvRowsLandAsOneSnapshotAndARetryIsNotAppendedTwice() throws Exception {
    String csv = "id,name,score\n1,a,0.5\n2,b,\n3,,1.5\n";
    HttpResponse<String> created = append(WRITER, "events", "text/csv", csv, "load-1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode first = JSON.readTree(created.body());
    assertThat(first.get("rows").asLong()).isEqualTo(3);
    assertThat(first.get("bytes").asLong()).isEqualTo(csv.length());
    assertThat(first.get("duplicate").asBoolean()).isFalse();
    assertThat(count("SELECT max(snapshot_id) FROM example.snapshots()"))
        .isEqualTo(first.get("snapshotId").asText());

    HttpResponse<String> replay = append(WRITER, "events", "text/csv", csv, "load-1");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(JSON.readTree(replay.body()).get("snapshotId")).isEqualTo(first.get("snapshotId"));
    assertThat(count("SELECT count(*) FROM events")).isEqualTo("3");

    HttpResponse<String> json =
        append(
            WRITER,
            "events",
            "application/x-ndjson",
            "{\"id\": 4, \"name\": \"d\"}\n{\"id\": 5, \"score\": 9}\n",
            null);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
    assertThat(count("SELECT count(*) FROM events")).isEqualTo("5");
  }

  @Test
  @Order(2)
  void badRowsAreRefusedNamingColumnAndRowAndNothingLands() throws Exception {
    String before = count("SELECT max(snapshot_id) FROM example.snapshots()");
    HttpResponse<String> conversion =
        append(WRITER, "events", "text/csv", "id,name\n1,a\nseven,b\n", null);
    assertThat(conversion.statusCode()).isEqualTo(400);
    assertThat(conversion.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    assertThat(detail(conversion)).contains("Line: 3").contains("\"id\"");
    HttpResponse<String> nulls =
        append(WRITER, "events", "text/csv", "id,name,score\n1,a,1\n,b,2\n", null);
    assertThat(detail(nulls)).contains("row 2: column \"id\" is NULL");
    HttpResponse<String> extra =
        append(WRITER, "events", "text/csv", "id,name,score,colour\n1,a,1,red\n", null);
    assertThat(detail(extra)).contains("\"colour\" is not a column of table events");
    assertThat(count("SELECT max(snapshot_id) FROM example.snapshots()")).isEqualTo(before);
  }

  @Test
  @Order(3)
  void onlyWriteTokensOfTheCatalogMayAppendAndUnknownsAreNamed() throws Exception {
    String csv = "id,name,score\n9,x,1\n";
    assertThat(append(READER, "events", "text/csv", csv, null).statusCode()).isEqualTo(403);
    assertThat(append(OTHER, "events", "text/csv", csv, null).statusCode()).isEqualTo(403);
    assertThat(append("no-such-token", "events", "text/csv", csv, null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> table = append(WRITER, "nope", "text/csv", csv, null);
    assertThat(table.statusCode()).isEqualTo(404);
    assertThat(detail(table)).contains("table 'nope' does not exist");
    HttpResponse<String> type = append(WRITER, "events", "application/xml", "<x/>", null);
    assertThat(type.statusCode()).isEqualTo(415);
    assertThat(detail(type)).contains("text/csv").contains("application/vnd.apache.arrow.stream");
    HttpResponse<String> key = append(WRITER, "events", "text/csv", csv, "has space");
    assertThat(key.statusCode()).isEqualTo(400);
    assertThat(detail(key)).contains("Idempotency-Key");
    assertThat(count("SELECT count(*) FROM events WHERE id = 9")).isEqualTo("0");
  }

  @Test
  @Order(4)
  void theIngestCapIsItsOwnAndAnOversizedBodyLeavesNothing() throws Exception {
    // Larger than the 1 MiB cap on query bodies, within the ingest cap: accepted.
    StringBuilder big = new StringBuilder("id,name,score\n");
    for (int i = 0; big.length() < 2_000_000; i++) {
      big.append(1000 + i).append(",some name,").append(i).append('\n');
    }
    HttpResponse<String> accepted = append(WRITER, "events", "text/csv", big.toString(), null);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    String after = count("SELECT count(*) FROM events");
    StringBuilder huge = new StringBuilder(big);
    huge.append(big.substring("id,name,score\n".length()));
    HttpResponse<String> refused = append(WRITER, "events", "text/csv", huge.toString(), null);
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(detail(refused)).contains("larger than " + MAX_INGEST_BYTES + " bytes");
    assertThat(count("SELECT count(*) FROM events")).isEqualTo(after);
  }

  @Test
  @Order(5)
  void pythonAppendsArrowParquetAndAChunkedCsv() throws Exception {
    Path script = Path.of(getClass().getResource("ingest_client.py").toURI()).toAbsolutePath();
    Command.Result run = Command.python(script, "http://127.0.0.1:" + port, WRITER, "example");
    assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isZero();
    JsonNode r = JSON.readTree(run.stdout().strip());
    assertThat(r.at("/arrow/0").asInt()).as(r.toString()).isEqualTo(201);
    assertThat(r.at("/arrow/1/rows").asLong()).isEqualTo(3);
    assertThat(r.at("/parquet/0").asInt()).as(r.toString()).isEqualTo(201);
    assertThat(r.at("/replay/0").asInt()).isEqualTo(200);
    assertThat(r.at("/replay/1").asText()).isEqualTo("true");
    assertThat(r.at("/replay/2/snapshotId")).isEqualTo(r.at("/arrow/1/snapshotId"));
    assertThat(r.at("/csv/0").asInt()).as(r.toString()).isEqualTo(201);
    assertThat(r.at("/csv/1/rows").asLong()).isEqualTo(10_000);
    assertThat(r.at("/count/n").asLong()).isEqualTo(3 + 3 + 10_000);
    assertThat(r.at("/count/with_reading").asLong()).isEqualTo(2 + 2 + 10_000);
  }

  @Test
  @Order(6)
  void parquetFilesUnderTheDataPathAreRegisteredAndOthersRefused() throws Exception {
    Path incoming = java.nio.file.Files.createDirectories(DATA.resolve("example/data/incoming"));
    Path outside = java.nio.file.Files.createTempDirectory("featherman-outside-");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement s = c.createStatement()) {
      for (Path dir : List.of(incoming, outside)) {
        s.execute(
            "COPY (SELECT (1000000 + range)::INTEGER AS id, 'f' AS name, 1.0::DOUBLE AS score FROM range(7))"
                + " TO '"
                + dir.resolve("part-1.parquet")
                + "'");
      }
    }
    String before = count("SELECT count(*) FROM events");
    HttpResponse<String> refused =
        registerFiles(WRITER, "[\"" + outside.resolve("part-1.parquet") + "\"]");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(detail(refused)).contains("under the catalog's data path");
    assertThat(registerFiles(READER, "[\"" + incoming + "/*.parquet\"]").statusCode())
        .isEqualTo(403);
    HttpResponse<String> registered = registerFiles(WRITER, "[\"" + incoming + "/*.parquet\"]");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    assertThat(JSON.readTree(registered.body()).get("files").asInt()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE id >= 1000000")).isEqualTo("7");
    assertThat(Long.parseLong(count("SELECT count(*) FROM events")))
        .isEqualTo(Long.parseLong(before) + 7);
    assertThat(registerFiles(WRITER, "[]").statusCode()).isEqualTo(400);
  }

  @Test
  @Order(7)
  void aWriterPastItsIngestRateIsSlowedDownNotRefused() throws Exception {
    StringBuilder csv = new StringBuilder("id,name,score\n");
    for (int i = 0; csv.length() < 2_900_000; i++) {
      csv.append(2_000_000 + i).append(",paced,").append(i).append('\n');
    }
    double before = throttledSeconds();
    String rowsBefore = count("SELECT count(*) FROM events WHERE name = 'paced'");
    // Three appends of 2.9 MB in a row: 8.7 MB against 4 MB/s with one second of allowance take
    // at least (8.7 - 4) / 4 seconds.
    long started = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = append(WRITER, "events", "text/csv", csv.toString(), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    assertThat((System.nanoTime() - started) / 1e9).isGreaterThan(1.1);
    assertThat(throttledSeconds()).isGreaterThan(before);
    assertThat(Long.parseLong(count("SELECT count(*) FROM events WHERE name = 'paced'")))
        .isEqualTo(Long.parseLong(rowsBefore) + 3L * (csv.toString().lines().count() - 1));
  }

  double throttledSeconds() throws Exception {
    return client()
        .get("/actuator/prometheus")
        .body()
        .lines()
        .filter(l -> l.startsWith("featherman_gateway_ingest_throttled_seconds_total "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }

  HttpResponse<String> registerFiles(String token, String filesJson) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:" + port + "/v1/catalogs/example/tables/events/files"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"files\": " + filesJson + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String detail(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("detail").asText();
  }
}
