package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.gateway.flightsql.FlightSqlEndpoint;
import dev.featherman.testkit.Command;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded gateway's Flight SQL endpoint through clients nobody here wrote: the Arrow Flight
 * SQL JDBC driver (what DBeaver and other JDBC tools load) and Python's ADBC driver with pyarrow.
 * Statements, prepared statements, metadata browsing, writes, a 10M-row stream, and the same tokens
 * and sandbox as the REST API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlightSqlIT extends GatewayTestBase {
  static final String NOBODY = OTHER; // may query catalog 'sales' only
  static final long ROWS = DEMO_ROWS;

  @Autowired FlightSqlEndpoint endpoint;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
  }

  Connection connect(String token, String... extra) throws SQLException {
    StringBuilder url =
        new StringBuilder("jdbc:arrow-flight-sql://127.0.0.1:")
            .append(endpoint.port())
            .append("/?useEncryption=false");
    for (String e : extra) {
      url.append('&').append(e);
    }
    Properties properties = new Properties();
    if (token != null) {
      properties.setProperty("token", token);
    }
    return DriverManager.getConnection(url.toString(), properties);
  }

  @Test
  void aQueryOfTheDemoCatalogWithTypedColumns() throws Exception {
    try (Connection c = connect(READER);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) AS trips, count(DISTINCT trip_id) AS ids, min(pickup_zone) AS zone FROM trips")) {
      ResultSetMetaData meta = rs.getMetaData();
      assertThat(meta.getColumnCount()).isEqualTo(3);
      assertThat(meta.getColumnName(1)).isEqualTo("trips");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("trips")).isEqualTo(ROWS);
      assertThat(rs.getLong("ids")).isEqualTo(ROWS);
      assertThat(rs.getString("zone")).isNotBlank();
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void aLargeResultStreamsInBatches() throws Exception {
    long count = 0;
    long sum = 0;
    try (Connection c = connect(READER);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT range AS n FROM range(3000000)")) {
      while (rs.next()) {
        count++;
        sum += rs.getLong(1);
      }
    }
    assertThat(count).isEqualTo(3_000_000);
    assertThat(sum).isEqualTo(3_000_000L * 2_999_999L / 2);
  }

  @Test
  void preparedStatementsWithoutParametersRunAgainAndAgain() throws Exception {
    try (Connection c = connect(READER);
        PreparedStatement p =
            c.prepareStatement("SELECT count(*) FROM trips WHERE payment_type = 'card'")) {
      long first;
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        first = rs.getLong(1);
      }
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(first).isPositive();
      }
    }
  }

  @Test
  void jdbcPreparedStatementsBindTypedParameters() throws Exception {
    long spliced;
    try (Connection c = connect(READER);
        Statement s = c.createStatement()) {
      spliced =
          count(
              s,
              "SELECT count(*) FROM trips WHERE passenger_count >= 2 AND payment_type = 'card'"
                  + " AND pickup_at < TIMESTAMP '2024-01-05 12:00:00'"
                  + " AND pickup_at >= DATE '2024-01-02'");
    }
    assertThat(spliced).isPositive();
    try (Connection c = connect(READER);
        PreparedStatement p =
            c.prepareStatement(
                "SELECT count(*) FROM trips WHERE passenger_count >= ? AND payment_type = ?"
                    + " AND pickup_at < ? AND CAST(pickup_at AS DATE) >= ?")) {
      // The parameter types DuckDB inferred reach the driver, which converts by them.
      java.sql.ParameterMetaData md = p.getParameterMetaData();
      assertThat(md.getParameterCount()).isEqualTo(4);
      p.setInt(1, 2);
      p.setString(2, "card");
      p.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-05 12:00:00"));
      p.setDate(4, java.sql.Date.valueOf("2024-01-02"));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(spliced);
      }
      // Bound again with other values: the same statement, a value that is only a value.
      p.setInt(1, 2);
      p.setString(2, "card' OR 1=1 --");
      p.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-05 12:00:00"));
      p.setDate(4, java.sql.Date.valueOf("2024-01-02"));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
    // The sandbox judges a prepared statement when it is prepared, with the same answer as later.
    try (Connection c = connect(READER)) {
      assertThatThrownBy(() -> c.prepareStatement("SELECT * FROM read_csv(?)"))
          .hasMessageContaining("read_csv");
    }
  }

  @Test
  void aRunningStatementIsCancelledByItsOwnerOnly() throws Exception {
    try (org.apache.arrow.memory.BufferAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        org.apache.arrow.flight.FlightClient flight =
            org.apache.arrow.flight.FlightClient.builder(
                    allocator,
                    org.apache.arrow.flight.Location.forGrpcInsecure("127.0.0.1", endpoint.port()))
                .build();
        org.apache.arrow.flight.sql.FlightSqlClient client =
            new org.apache.arrow.flight.sql.FlightSqlClient(flight)) {
      org.apache.arrow.flight.CallOption reader = bearer(READER);
      org.apache.arrow.flight.FlightInfo info =
          client.execute(
              "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b", reader);
      java.util.concurrent.CompletableFuture<Throwable> streamed =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (org.apache.arrow.flight.FlightStream stream =
                    client.getStream(info.getEndpoints().get(0).getTicket(), reader)) {
                  while (stream.next()) {
                    // a single row would come after minutes
                  }
                  return null;
                } catch (Exception e) {
                  return e;
                }
              });
      org.apache.arrow.flight.CancelFlightInfoRequest cancel =
          new org.apache.arrow.flight.CancelFlightInfoRequest(info);
      long deadline = System.nanoTime() + 10_000_000_000L;
      org.apache.arrow.flight.CancelStatus status = null;
      while (status != org.apache.arrow.flight.CancelStatus.CANCELLED
          && System.nanoTime() < deadline) {
        assertThat(client.cancelFlightInfo(cancel, bearer(WRITER)).getStatus())
            .as("another token cannot cancel it")
            .isEqualTo(org.apache.arrow.flight.CancelStatus.NOT_CANCELLABLE);
        status = client.cancelFlightInfo(cancel, reader).getStatus();
        Thread.sleep(50);
      }
      assertThat(status).isEqualTo(org.apache.arrow.flight.CancelStatus.CANCELLED);
      Throwable failure = streamed.get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(failure).as("the stream ends with an error, not a result").isNotNull();
      assertThat(failure.getMessage()).containsIgnoringCase("cancel");
    }
  }

  static org.apache.arrow.flight.CallOption bearer(String token) {
    org.apache.arrow.flight.CallHeaders headers = new org.apache.arrow.flight.FlightCallHeaders();
    headers.insert("authorization", "Bearer " + token);
    headers.insert("x-featherman-catalog", "example");
    return new org.apache.arrow.flight.HeaderCallOption(headers);
  }

  @Test
  void browsingListsTheCatalogItsSchemaTablesAndColumns() throws Exception {
    try (Connection c = connect(READER)) {
      DatabaseMetaData meta = c.getMetaData();
      assertThat(strings(meta.getCatalogs(), "TABLE_CAT")).containsExactly("example");
      assertThat(strings(meta.getSchemas("example", null), "TABLE_SCHEM")).containsExactly("main");
      assertThat(strings(meta.getTables("example", "main", "%", null), "TABLE_NAME"))
          .contains("trips");
      assertThat(strings(meta.getTables("example", "main", "tr_ps", null), "TABLE_NAME"))
          .containsExactly("trips");
      assertThat(strings(meta.getTables(null, null, "nothing%", null), "TABLE_NAME")).isEmpty();
      assertThat(strings(meta.getColumns("example", "main", "trips", "%"), "COLUMN_NAME"))
          .startsWith("trip_id", "pickup_at")
          .contains("fare_amount", "pickup_zone");
      assertThat(strings(meta.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE");
      assertThat(meta.getDatabaseProductName()).isEqualTo("Featherman");
    }
  }

  @Test
  void theSameTokensAndSandboxAsTheRestApi() throws Exception {
    assertThatThrownBy(() -> query(connect("not-a-token"), "SELECT 1"))
        .hasMessageContaining("valid token");
    assertThatThrownBy(() -> query(connect(null), "SELECT 1")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> query(connect(READER), "SELECT * FROM read_csv('/etc/passwd')"))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> query(connect(READER), "DELETE FROM trips"))
        .isInstanceOf(SQLException.class);
    // A token for another catalog sees none of this one, whatever header it sends.
    assertThatThrownBy(() -> query(connect(NOBODY, "x-featherman-catalog=example"), "SELECT 1"))
        .hasMessageContaining("may not query catalog 'example'");
    try (Connection c = connect(NOBODY)) {
      assertThat(strings(c.getMetaData().getCatalogs(), "TABLE_CAT")).isEmpty();
    }
  }

  @Test
  void aWriterChangesDataAndSeesTheCount() throws Exception {
    try (Connection c = connect(WRITER);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS flight_notes (id INTEGER, note VARCHAR)");
      assertThat(s.executeUpdate("INSERT INTO flight_notes VALUES (1, 'a'), (2, 'b')"))
          .isEqualTo(2);
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM flight_notes")) {
        rs.next();
        assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void adbcFromPythonQueriesBrowsesAndStreamsTenMillionRows() throws Exception {
    Path script = Path.of(getClass().getResource("adbc_client.py").toURI()).toAbsolutePath();
    long rows = 10_000_000;
    Command.Result run =
        Command.python(
            script, "grpc://127.0.0.1:" + endpoint.port(), READER, "example", String.valueOf(rows));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String report = run.stdout().strip();
    System.out.println("[adbc] " + report);
    JsonNode r = JsonMapper.builder().build().readTree(report);
    assertThat(r.get("trips").asLong()).isEqualTo(ROWS);
    assertThat(r.get("columns").toString()).isEqualTo("[\"trips\",\"first_payment\"]");
    assertThat(r.get("types").toString()).isEqualTo("[\"int64\",\"string\"]");
    assertThat(r.get("catalogs").toString()).isEqualTo("[\"example\"]");
    assertThat(r.get("tables").toString()).contains("\"trips\"");
    assertThat(r.get("trip_columns").toString()).startsWith("[\"trip_id\",\"pickup_at\"");
    assertThat(r.get("streamed_rows").asLong()).isEqualTo(rows);
    assertThat(r.get("streamed_sum").asLong()).isEqualTo(rows * (rows - 1) / 2);
    assertThat(r.get("streamed_batches").asLong()).as("streamed, not one buffer").isGreaterThan(10);
    assertThat(r.get("sandbox").asText()).doesNotContain("escaped").contains("read_csv");
    assertThat(r.get("bound_cards").asLong()).isPositive();
    assertThat(r.get("bound_injection").asLong()).isZero();
  }

  @Test
  void pythonAdbcIngestCreatesAndAppendsAsSnapshots() throws Exception {
    Path script = Path.of(getClass().getResource("adbc_ingest.py").toURI()).toAbsolutePath();
    Command.Result run =
        Command.python(script, "grpc://127.0.0.1:" + endpoint.port(), WRITER, "example");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String report = run.stdout().strip();
    System.out.println("[adbc ingest] " + report);
    tools.jackson.databind.JsonNode r =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(report);
    assertThat(r.get("created").asLong()).isEqualTo(200_000);
    assertThat(r.get("appended").asLong()).isEqualTo(1_000);
    assertThat(r.get("create_again").asText()).contains("exists").contains("mode append");
    assertThat(r.get("bad_column").asText()).contains("\"wind\" is not a column of table weather");
    assertThat(r.at("/count/n").asLong()).isEqualTo(201_000);
    assertThat(r.at("/count/cities").asLong()).isEqualTo(3);
    // Reader tokens may not ingest.
    Command.Result reader =
        Command.python(script, "grpc://127.0.0.1:" + endpoint.port(), READER, "example");
    assertThat(reader.exitCode()).isNotZero();
    assertThat(reader.stderr()).contains("may not write to catalog 'example'");
  }

  @Test
  void supersetsSqlAlchemyDialectBrowsesAndQueries() throws Exception {
    Path script = Path.of(getClass().getResource("superset_client.py").toURI()).toAbsolutePath();
    Command.Result run =
        Command.python(script, "127.0.0.1", String.valueOf(endpoint.port()), READER, "example");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String report = run.stdout().strip();
    System.out.println("[superset] " + report);
    JsonNode r = JsonMapper.builder().build().readTree(report);
    assertThat(r.get("probe").asInt()).isEqualTo(1);
    assertThat(r.get("schemas").toString()).contains("\"main\"");
    assertThat(r.get("tables").toString()).contains("\"trips\"");
    assertThat(r.get("trip_columns").toString()).startsWith("[\"trip_id\",\"pickup_at\"");
    long total = 0;
    for (JsonNode n : r.get("by_payment")) {
      total += n.asLong();
    }
    assertThat(total).isEqualTo(ROWS);
  }

  @Test
  void timeTravelThroughFlightSqlAndRest() throws Exception {
    long before;
    long after;
    try (Connection c = connect(WRITER);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS travel (n INTEGER)");
      before = latestSnapshot(s);
      s.executeUpdate("INSERT INTO travel SELECT range FROM range(5)");
      after = latestSnapshot(s);
      assertThat(after).isGreaterThan(before);
      assertThat(count(s, "SELECT count(*) FROM travel AT (VERSION => " + before + ")")).isZero();
      assertThat(count(s, "SELECT count(*) FROM travel AT (VERSION => " + after + ")"))
          .isEqualTo(5);
      assertThat(count(s, "SELECT count(*) FROM travel AT (TIMESTAMP => now())")).isEqualTo(5);
    }
    java.net.http.HttpResponse<String> rest =
        client()
            .query(
                READER,
                "SELECT count(*) FROM travel AT (VERSION => " + before + ")",
                "example",
                "csv");
    assertThat(rest.body()).isEqualTo("count_star()\r\n0\r\n");
  }

  static long latestSnapshot(Statement s) throws SQLException {
    return count(s, "SELECT max(snapshot_id) FROM example.snapshots()");
  }

  static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void query(Connection c, String sql) throws SQLException {
    try (c;
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        // drain
      }
    }
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(column));
      }
    }
    return values;
  }
}
