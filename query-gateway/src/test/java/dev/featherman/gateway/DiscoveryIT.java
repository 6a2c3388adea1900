package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /v1/catalogs and below: what a token may query, asked of the lake through its sandbox. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiscoveryIT extends GatewayTestBase {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
  }

  JsonNode get(String token, String path, int status) throws Exception {
    HttpResponse<String> r = client().get(path, token);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  @Test
  void catalogsTablesAndATableWithItsColumnsAndFigures() throws Exception {
    assertThat(get(READER, "/v1/catalogs", 200).toString())
        .isEqualTo("{\"catalogs\":[{\"name\":\"example\"}]}");
    assertThat(get(READER, "/v1/catalogs/example/tables", 200).get("tables").toString())
        .contains("{\"name\":\"trips\"}");
    JsonNode trips = get(READER, "/v1/catalogs/example/tables/trips", 200);
    assertThat(trips.get("rowCount").asLong()).isEqualTo(DEMO_ROWS);
    assertThat(trips.get("currentSnapshot").asLong()).isPositive();
    assertThat(trips.get("files").get("file_count").asLong()).isPositive();
    JsonNode first = trips.get("columns").get(0);
    assertThat(first.get("name").asText()).isEqualTo("trip_id");
    assertThat(first.get("type").asText()).isEqualTo("BIGINT");
    assertThat(first.get("nullable").asBoolean()).isFalse();
    List<String> names =
        trips.get("columns").valueStream().map(c -> c.get("name").asText()).toList();
    assertThat(names).contains("pickup_zone", "fare_amount");
    assertThat(trips.get("partitioning").toString()).isEqualTo("[\"month(pickup_at)\"]");
  }

  @Test
  void partitionKeysAsTheLakeKeepsThemNow() throws Exception {
    String[] statements = {
      "CREATE TABLE events (day DATE, zone VARCHAR, n INTEGER)",
      "ALTER TABLE events SET PARTITIONED BY (year(day), zone)"
    };
    for (String sql : statements) {
      HttpResponse<String> r = client().query(WRITER, sql, "example", "csv");
      assertThat(r.statusCode()).as(sql + ": " + r.body()).isEqualTo(200);
    }
    assertThat(
            get(READER, "/v1/catalogs/example/tables/events", 200).get("partitioning").toString())
        .isEqualTo("[\"year(day)\",\"zone\"]");
    HttpResponse<String> reset =
        client().query(WRITER, "ALTER TABLE events RESET PARTITIONED BY", "example", "csv");
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    assertThat(
            get(READER, "/v1/catalogs/example/tables/events", 200).get("partitioning").toString())
        .isEqualTo("[]");
  }

  @Test
  void snapshotsForTimeTravel() throws Exception {
    JsonNode snapshots = get(READER, "/v1/catalogs/example/snapshots", 200).get("snapshots");
    assertThat(snapshots.size()).isGreaterThanOrEqualTo(2);
    assertThat(snapshots.get(0).get("snapshot_id").asLong()).isZero();
    assertThat(snapshots.get(0).has("snapshot_time")).isTrue();
  }

  @Test
  void eachTokenSeesOnlyWhatItMayQuery() throws Exception {
    assertThat(get(OTHER, "/v1/catalogs", 200).toString()).isEqualTo("{\"catalogs\":[]}");
    assertThat(get(OTHER, "/v1/catalogs/example/tables", 403).get("detail").asText())
        .contains("may not query catalog 'example'");
    assertThat(get("nope", "/v1/catalogs", 401).get("detail").asText()).contains("valid token");
    assertThat(get(READER, "/v1/catalogs/example/tables/nothing", 404).get("detail").asText())
        .contains("has no table 'nothing'")
        .contains("trips");
    // A name is never spliced into SQL: odd names are just unknown tables.
    get(READER, "/v1/catalogs/example/tables/trips%22%20--", 404);
  }
}
