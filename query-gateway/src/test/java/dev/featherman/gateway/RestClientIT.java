package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API as docs/clients.md shows it to data users, driven by Python's requests and pyarrow
 * (clients nobody here wrote): Arrow and Parquet results, and time travel by version and by time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestClientIT extends GatewayTestBase {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
  }

  @Test
  void pythonReadsArrowAndParquetAndTravelsInTime() throws Exception {
    Path script = Path.of(getClass().getResource("rest_client.py").toURI()).toAbsolutePath();
    Command.Result run =
        Command.python(script, "http://127.0.0.1:" + port, READER, WRITER, "example");
    assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isZero();
    String report = run.stdout().strip();
    System.out.println("[rest] " + report);
    JsonNode r = JsonMapper.builder().build().readTree(report);
    assertThat(r.get("arrow_rows").asLong()).isEqualTo(DEMO_ROWS);
    assertThat(r.get("parquet_content_type").asText()).isEqualTo("application/vnd.apache.parquet");
    assertThat(r.get("parquet_rows").asLong()).isEqualTo(DEMO_ROWS);
    assertThat(r.get("parquet_columns").toString())
        .isEqualTo("[\"trip_id\",\"pickup_zone\",\"fare_amount\"]");
    assertThat(r.get("parquet_types").get(0).asText()).isEqualTo("int64");
    assertThat(r.get("parquet_first_ids").toString()).isEqualTo("[0,1,2]");
    assertThat(r.get("parquet_equals_arrow").asBoolean()).isTrue();
    assertThat(r.get("travel_now").asLong()).isEqualTo(3);
    assertThat(r.get("travel_at_version").asLong()).isEqualTo(1);
    assertThat(r.get("travel_at_timestamp").asLong()).isEqualTo(1);
  }
}
