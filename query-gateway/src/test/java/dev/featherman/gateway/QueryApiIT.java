package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** POST /query over HTTP: the README curls, every format, and every error status. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryApiIT extends GatewayTestBase {
  static final Path DATA = newDataDirectory();
  static final String DASHBOARD = "dashboard-token";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, DATA);
    registry.add("featherman.gateway.limits.max-rows", () -> 5_000);
    token(registry, 3, "dashboard", DASHBOARD, "example", false);
    registry.add("featherman.gateway.tokens[3].max-rows", () -> 10);
    registry.add("featherman.gateway.limits.timeout", () -> "2s");
  }

  String ownerToken() throws Exception {
    return Files.readString(DATA.resolve("token")).trim();
  }

  @Test
  void readmeCurlWithTheGeneratedToken() throws Exception {
    HttpResponse<String> r = client().query(ownerToken(), "SELECT 1", "example", "csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("1\r\n1\r\n");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(r.headers().firstValue("X-Featherman-Catalog")).hasValue("example");
    assertThat(r.headers().firstValue("X-Featherman-Pod")).hasValue("embedded");
    assertThat(r.headers().firstValue("X-Featherman-Duration"))
        .hasValueSatisfying(v -> assertThat(v).endsWith("ms"));
  }

  @Test
  void boundParametersAreValuesNeverSql() throws Exception {
    String spliced =
        client()
            .query(
                READER,
                "SELECT count(*) FROM trips WHERE passenger_count >= 2 AND payment_type = 'card'",
                "example",
                "csv")
            .body();
    HttpResponse<String> bound =
        client()
            .post(
                READER,
                "{\"catalog\":\"example\",\"format\":\"csv\",\"sql\":\"SELECT count(*) FROM trips"
                    + " WHERE passenger_count >= ? AND payment_type = ?\",\"params\":[2,\"card\"]}");
    assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
    assertThat(bound.body()).isEqualTo(spliced).isNotEqualTo("count_star()\r\n0\r\n");
    // A value that would be an injection if spliced is only a value.
    HttpResponse<String> injected =
        client()
            .post(
                READER,
                "{\"catalog\":\"example\",\"format\":\"csv\",\"sql\":\"SELECT count(*) FROM trips"
                    + " WHERE payment_type = $1\",\"params\":[\"card' OR 1=1 --\"]}");
    assertThat(injected.body()).isEqualTo("count_star()\r\n0\r\n");
    assertProblem(
        client()
            .post(READER, "{\"catalog\":\"example\",\"sql\":\"SELECT ?\",\"params\":[{\"a\":1}]}"),
        400,
        "params[0] must be a string, number, boolean or null");
    assertProblem(
        client().post(READER, "{\"catalog\":\"example\",\"sql\":\"SELECT ?, ?\",\"params\":[1]}"),
        400,
        "has 2 placeholder(s) but 1 parameter value(s) were given");
    assertProblem(
        client()
            .post(
                WRITER,
                "{\"catalog\":\"example\",\"sql\":\"DELETE FROM trips WHERE trip_id = ?\",\"params\":[1]}"),
        400,
        "bound parameters are for queries");
    // The sandbox judges the statement, whatever the values: a refused function stays refused.
    assertProblem(
        client()
            .post(
                READER,
                "{\"catalog\":\"example\",\"sql\":\"SELECT * FROM read_csv(?)\",\"params\":[\"/etc/passwd\"]}"),
        403,
        "read_csv");
  }

  @Test
  void aggregateOverTheDemoTable() throws Exception {
    HttpResponse<String> r =
        client()
            .query(
                READER,
                "SELECT count(*) AS trips, count(DISTINCT pickup_zone) AS zones, min(trip_id), max(trip_id) FROM trips",
                "example",
                null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "trips,zones,min(trip_id),max(trip_id)\r\n"
                + DEMO_ROWS
                + ",8,0,"
                + (DEMO_ROWS - 1)
                + "\r\n");
  }

  @Test
  void jsonLinesAndArrow() throws Exception {
    HttpResponse<String> json =
        client()
            .query(
                READER,
                "SELECT trip_id, pickup_zone FROM trips ORDER BY trip_id LIMIT 2",
                "example",
                "json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    assertThat(json.body())
        .startsWith("{\"trip_id\":0,\"pickup_zone\":\"")
        .contains("\n{\"trip_id\":1,");

    HttpResponse<byte[]> arrow =
        client()
            .queryBytes(
                READER, "SELECT trip_id FROM trips WHERE trip_id < 5000", "example", "arrow");
    assertThat(arrow.statusCode()).isEqualTo(200);
    assertThat(arrow.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.apache.arrow.stream");
    long rows = 0;
    long sum = 0;
    try (RootAllocator allocator = new RootAllocator();
        ArrowStreamReader reader =
            new ArrowStreamReader(new ByteArrayInputStream(arrow.body()), allocator)) {
      while (reader.loadNextBatch()) {
        var vector =
            (org.apache.arrow.vector.BigIntVector)
                reader.getVectorSchemaRoot().getVector("trip_id");
        for (int i = 0; i < vector.getValueCount(); i++) {
          sum += vector.get(i);
        }
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    assertThat(rows).isEqualTo(5000);
    assertThat(sum).isEqualTo(5000L * 4999 / 2);
  }

  @Test
  void writerCanChangeDataReaderCannot() throws Exception {
    assertThat(
            client()
                .query(WRITER, "CREATE TABLE notes (id INTEGER, body VARCHAR)", "example", null)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> insert =
        client().query(WRITER, "INSERT INTO notes VALUES (1, 'a'), (2, 'b')", "example", null);
    assertThat(insert.body()).isEqualTo("Count\r\n2\r\n");
    assertProblem(
        client().query(READER, "INSERT INTO notes VALUES (3, 'c')", "example", null),
        403,
        "may only read");
    assertProblem(
        client()
            .query(
                READER,
                "WITH x AS (SELECT 3, 'c') INSERT INTO notes SELECT * FROM x",
                "example",
                null),
        403,
        "not a SELECT");
    assertThat(client().query(READER, "SELECT count(*) FROM notes", "example", null).body())
        .endsWith("\r\n2\r\n");
  }

  @Test
  void errorStatuses() throws Exception {
    GatewayClient c = client();
    assertProblem(c.query(null, "SELECT 1", "example", null), 401, "Bearer");
    assertThat(c.query(null, "SELECT 1", "example", null).headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer");
    assertProblem(c.query("wrong", "SELECT 1", "example", null), 401, "valid token");
    assertProblem(c.query(READER, "SELEC 1", "example", null), 400, "syntax error");
    assertProblem(
        c.query(READER, "SELECT 1", "example", "avro"), 400, "format 'avro' is not supported");
    assertProblem(c.query(READER, "SELECT 1; SELECT 2", "example", null), 400, "exactly one");
    assertProblem(c.query(READER, "  ", "example", null), 400, "'sql' is required");
    assertProblem(c.query(READER, "SELECT 1", null, null), 400, "'catalog' is required");
    assertProblem(c.post(READER, "{not json"), 400, "body must be JSON");
    assertProblem(
        c.query(OTHER, "SELECT 1", "example", null), 403, "may not query catalog 'example'");
    assertProblem(c.query(READER, "DROP TABLE trips", "example", null), 403, "may only read");
    assertProblem(c.query(OTHER, "SELECT 1", "sales", null), 404, "catalog 'sales' does not exist");
    assertProblem(
        c.query(READER, "SELECT * FROM range(10000)", "example", null), 413, "more than 5000 rows");
    assertProblem(
        c.query(
            READER,
            "SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b",
            "example",
            null),
        504,
        "timeout");
  }

  @Test
  void unknownPathsAreNotFoundProblems() throws Exception {
    for (String path : java.util.List.of("/nope", "/v1/nope", "/v1/queries/x/y", "/query/extra")) {
      HttpResponse<String> get = client().get(path);
      assertThat(get.statusCode()).as("GET " + path + " -> " + get.body()).isIn(401, 404, 405);
      assertThat(get.headers().firstValue("Content-Type"))
          .as("GET " + path)
          .hasValue("application/problem+json");
    }
    HttpResponse<String> post = client().post(READER, "{}");
    assertThat(post.statusCode()).isNotEqualTo(500);
    assertThat(client().get("/nope").body()).contains("\"status\":404").contains("openapi");
  }

  @Test
  void aTokensOwnRowCapIsTighterThanTheGateways() throws Exception {
    HttpResponse<String> small =
        client().query(DASHBOARD, "SELECT range FROM range(10)", "example", "csv");
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
    HttpResponse<String> large =
        client().query(DASHBOARD, "SELECT range FROM range(11)", "example", "csv");
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(large.body()).contains("more than 10 rows");
    // Other tokens keep the gateway's cap (5000 rows here).
    assertThat(client().query(READER, "SELECT range FROM range(11)", "example", "csv").statusCode())
        .isEqualTo(200);
  }

  @Test
  void wrongMethodsTypesAndShapesAreClientErrorsThatSayWhatFits() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> put =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/catalogs"))
                .header("Authorization", "Bearer " + READER)
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET");
    assertThat(put.body()).contains("PUT is not allowed here; use GET");
    HttpResponse<String> multipart =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/queries"))
                .header("Authorization", "Bearer " + READER)
                .header("Content-Type", "multipart/form-data")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(415);
    HttpResponse<String> number = client().post(READER, "{\"sql\": \"SELECT 1\", \"catalog\": 7}");
    assertThat(number.statusCode()).as(number.body()).isEqualTo(400);
  }

  @Test
  void healthAndMetrics() throws Exception {
    assertThat(client().get("/healthz").statusCode()).isEqualTo(200);
    assertThat(client().get("/actuator/health/liveness").body()).contains("UP");
    assertThat(client().get("/actuator/health/readiness").body()).contains("UP");
    client().query(READER, "SELECT 1", "example", "csv");
    String metrics = client().get("/actuator/prometheus").body();
    assertThat(metrics)
        .contains(
            "featherman_gateway_requests_total{catalog=\"example\",format=\"csv\",status=\"200\"}")
        .contains("featherman_gateway_query_duration_seconds_count")
        .contains("featherman_gateway_query_duration_seconds_bucket{")
        .contains("featherman_gateway_rows_streamed_rows_sum")
        .contains("featherman_gateway_queries_active")
        .contains("featherman_gateway_queries_queued");
  }

  static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body())
        .contains("\"status\":" + status)
        .containsIgnoringCase(detailPart)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("token\":");
  }
}
