package dev.featherman.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming in every format against real DuckDB: bounded memory, equal values, caps and
 * cancellation.
 */
class QueryStreamingIT {
  static Connection connection;
  static QueryExecutor executor;

  @BeforeAll
  static void open() throws Exception {
    connection = new LakeSessionFactory(EngineSettings.defaults()).openDatabase();
    executor = new QueryExecutor();
  }

  @AfterAll
  static void close() throws Exception {
    executor.close();
    connection.close();
  }

  /** Counts bytes and discards them, like a client reading a socket. */
  static final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void streamsResultsLargerThanTheHeap(OutputFormat format) {
    long heap = Runtime.getRuntime().maxMemory();
    long rows = heap * 3 / 2 / 100 + 1; // every row encodes to well over 100 bytes in each format
    CountingSink sink = new CountingSink();
    // Parquet compresses repeated text to nothing: thirteen hashes are 104 bytes it cannot shrink.
    String columns =
        format == OutputFormat.PARQUET
            ? "i, hash(i) AS h1, hash(i + 1) AS h2, hash(i + 2) AS h3, hash(i + 3) AS h4,"
                + " hash(i + 4) AS h5, hash(i + 5) AS h6, hash(i + 6) AS h7, hash(i + 7) AS h8,"
                + " hash(i + 8) AS h9, hash(i + 9) AS h10, hash(i + 10) AS h11,"
                + " hash(i + 11) AS h12, hash(i + 12) AS h13"
            : "i, repeat('x', 100) AS pad, i * 0.5 AS half";
    QueryOutcome outcome =
        executor.execute(
            connection,
            "SELECT " + columns + " FROM range(" + rows + ") t(i)",
            format,
            sink,
            QueryLimits.none(),
            new QueryControl());
    assertThat(outcome.rows()).isEqualTo(rows);
    assertThat(outcome.bytes()).isEqualTo(sink.bytes).isGreaterThan(heap * 3 / 2);
  }

  static final String TYPED =
      "SELECT i::INTEGER AS i, (i * 1000000007)::BIGINT AS big, (i * 0.25)::DOUBLE AS dbl,"
          + " (i / 4)::DECIMAL(10,2) AS dec, i % 2 = 0 AS flag, DATE '2024-01-01' + i::INTEGER AS day,"
          + " CASE WHEN i % 7 = 0 THEN NULL ELSE 'row ' || i || CASE WHEN i % 5 = 0 THEN ', \"quoted\"\n' ELSE '' END END AS txt"
          + " FROM range(20000) t(i)";

  @Test
  void arrowCsvAndJsonCarryTheSameValues() throws Exception {
    List<List<String>> csv = parseCsv(run(TYPED, OutputFormat.CSV));
    assertThat(csv.get(0)).containsExactly("i", "big", "dbl", "dec", "flag", "day", "txt");
    List<List<String>> rows = csv.subList(1, csv.size());
    assertThat(rows).hasSize(20000);

    List<List<Object>> arrow = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator();
        ArrowStreamReader reader =
            new ArrowStreamReader(
                new ByteArrayInputStream(run(TYPED, OutputFormat.ARROW)), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertThat(root.getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("i", "big", "dbl", "dec", "flag", "day", "txt");
      while (reader.loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            row.add(v.getObject(r));
          }
          arrow.add(row);
        }
      }
    }
    assertThat(arrow).hasSize(rows.size());

    ObjectMapper json = new ObjectMapper();
    String[] lines = new String(run(TYPED, OutputFormat.JSON), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(rows.size());

    for (int r = 0; r < rows.size(); r++) {
      List<String> c = rows.get(r);
      List<Object> a = arrow.get(r);
      JsonNode j = json.readTree(lines[r]);
      assertThat(a.get(0).toString()).isEqualTo(c.get(0)).isEqualTo(j.get("i").asText());
      assertThat(a.get(1).toString()).isEqualTo(c.get(1)).isEqualTo(j.get("big").asText());
      assertThat((Double) a.get(2))
          .isEqualTo(Double.parseDouble(c.get(2)))
          .isEqualTo(j.get("dbl").asDouble());
      assertThat((BigDecimal) a.get(3))
          .isEqualByComparingTo(new BigDecimal(c.get(3)))
          .isEqualByComparingTo(j.get("dec").decimalValue());
      assertThat(a.get(4).toString()).isEqualTo(c.get(4)).isEqualTo(j.get("flag").asText());
      assertThat(j.get("flag").isBoolean()).isTrue();
      assertThat(java.time.LocalDate.ofEpochDay(((Number) a.get(5)).longValue()).toString())
          .isEqualTo(c.get(5))
          .isEqualTo(j.get("day").asText());
      if (c.get(6) == null) {
        assertThat(a.get(6)).isNull();
        assertThat(j.get("txt").isNull()).isTrue();
      } else {
        assertThat(a.get(6).toString()).isEqualTo(c.get(6)).isEqualTo(j.get("txt").asText());
      }
    }
  }

  @Test
  void nestedValuesBecomeJson() throws Exception {
    String out =
        new String(
            run(
                "SELECT [1, 2, NULL] AS l, {'a': 1, 'b': 'x'} AS s, MAP {'k': 2.5} AS m, 'nan'::DOUBLE AS n",
                OutputFormat.JSON),
            StandardCharsets.UTF_8);
    JsonNode row = new ObjectMapper().readTree(out);
    assertThat(row.get("l").toString()).isEqualTo("[1,2,null]");
    assertThat(row.get("s").get("b").asText()).isEqualTo("x");
    assertThat(row.get("m").get("k").asDouble()).isEqualTo(2.5);
    assertThat(row.get("n").asText()).isEqualToIgnoringCase("nan");
  }

  @Test
  void csvQuotesAndDistinguishesEmptyFromNull() {
    String out =
        new String(
            run(
                "SELECT 'a,b' AS x, 'say \"hi\"' AS y, '' AS e, NULL AS n, 'line\nbreak' AS z",
                OutputFormat.CSV),
            StandardCharsets.UTF_8);
    assertThat(out).isEqualTo("x,y,e,n,z\r\n\"a,b\",\"say \"\"hi\"\"\",\"\",,\"line\nbreak\"\r\n");
  }

  @Test
  void rowAndByteCapsStopTheQuery() {
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT * FROM range(1000)",
                    OutputFormat.CSV,
                    new CountingSink(),
                    new QueryLimits(100, 0, null),
                    new QueryControl()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("more than 100 rows")
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.RESULT_TOO_LARGE);
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT * FROM range(100000)",
                    OutputFormat.ARROW,
                    new CountingSink(),
                    new QueryLimits(0, 10_000, null),
                    new QueryControl()))
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.RESULT_TOO_LARGE);
    assertThat(
            executor
                .execute(
                    connection,
                    "SELECT 1",
                    OutputFormat.CSV,
                    new CountingSink(),
                    new QueryLimits(1, 100, null),
                    new QueryControl())
                .rows())
        .isEqualTo(1);
  }

  static final String SLOW = "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b";

  @Test
  void timeoutInterruptsARunningQuery() {
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    SLOW,
                    OutputFormat.CSV,
                    new CountingSink(),
                    new QueryLimits(0, 0, Duration.ofMillis(300)),
                    new QueryControl()))
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(run("SELECT 42", OutputFormat.CSV)).asString().contains("42");
  }

  @Test
  void cancelFromAnotherThread() throws Exception {
    QueryControl control = new QueryControl();
    CompletableFuture<QueryOutcome> running =
        CompletableFuture.supplyAsync(
            () ->
                executor.execute(
                    connection,
                    SLOW,
                    OutputFormat.CSV,
                    new CountingSink(),
                    QueryLimits.none(),
                    control));
    Thread.sleep(300);
    control.cancel();
    assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(QueryException.class)
        .cause()
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.CANCELLED);
  }

  @Test
  void clientThatGoesAwayEndsTheQueryAndLeavesTheConnectionUsable() {
    OutputStream hangsUp =
        new OutputStream() {
          long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 100_000) {
              throw new IOException("Broken pipe");
            }
          }
        };
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT * FROM range(10000000)",
                    OutputFormat.JSON,
                    hangsUp,
                    QueryLimits.none(),
                    new QueryControl()))
        .isInstanceOf(QueryException.class);
    assertThat(run("SELECT 7", OutputFormat.CSV)).asString().isEqualTo("7\r\n7\r\n");
  }

  @Test
  void secondStatementNeverRuns() throws Exception {
    assertThatThrownBy(() -> run("CREATE TABLE pwned AS SELECT 1; SELECT 1", OutputFormat.CSV))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("2 SQL statements");
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pwned'")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void statementsWithoutResultsAnswerWithACount() {
    assertThat(
            new String(
                run("CREATE TEMP TABLE t AS SELECT * FROM range(3)", OutputFormat.CSV),
                StandardCharsets.UTF_8))
        .startsWith("Count\r\n");
    assertThat(
            new String(
                run("INSERT INTO t SELECT * FROM range(5)", OutputFormat.CSV),
                StandardCharsets.UTF_8))
        .isEqualTo("Count\r\n5\r\n");
  }

  @Test
  void badSqlIsABadRequestWithDuckDbsMessage() {
    assertThatThrownBy(() -> run("SELEC 1", OutputFormat.CSV))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("syntax error")
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.BAD_REQUEST);
  }

  static byte[] run(String sql, OutputFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    executor.execute(connection, sql, format, out, QueryLimits.none(), new QueryControl());
    return out.toByteArray();
  }

  /** A small RFC 4180 reader: an empty unquoted field is NULL. */
  static List<List<String>> parseCsv(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',' || c == '\r') {
        row.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (c == '\r') {
          rows.add(row);
          row = new ArrayList<>();
          i++; // skip \n
        }
      } else {
        field.append(c);
      }
    }
    return rows;
  }

  @Test
  void parquetCarriesTheSameValuesAsArrow() throws Exception {
    byte[] parquet = run(TYPED, OutputFormat.PARQUET);
    assertThat(new String(parquet, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("result-", ".parquet");
    try {
      java.nio.file.Files.write(file, parquet);
      // DuckDB reads the file back and compares it with the query row by row.
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(20000);
      }
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM (("
                      + TYPED
                      + ") EXCEPT ALL (SELECT * FROM read_parquet('"
                      + file
                      + "')))")) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows that differ").isZero();
      }
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE"
                      + " SELECT * FROM read_parquet('"
                      + file
                      + "'))")) {
        rs.next();
        assertThat(rs.getString(1))
            .isEqualTo(
                "i INTEGER, big BIGINT, dbl DOUBLE, dec DECIMAL(10,2), flag BOOLEAN, day DATE,"
                    + " txt VARCHAR");
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void parquetStopsAtTheCapsAndWhenTheClientGoesAway() {
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT * FROM range(1000000)",
                    OutputFormat.PARQUET,
                    new CountingSink(),
                    new QueryLimits(100, 0, null),
                    new QueryControl()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("more than 100 rows");
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT hash(range) FROM range(10000000)",
                    OutputFormat.PARQUET,
                    new CountingSink(),
                    new QueryLimits(0, 100_000, null),
                    new QueryControl()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("100000-byte cap");
    OutputStream hangsUp =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT hash(range) FROM range(10000000)",
                    OutputFormat.PARQUET,
                    hangsUp,
                    QueryLimits.none(),
                    new QueryControl()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("Broken pipe");
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    "SELECT no_such_column FROM range(3)",
                    OutputFormat.PARQUET,
                    new CountingSink(),
                    QueryLimits.none(),
                    new QueryControl()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("no_such_column");
    assertThat(run("SELECT 7", OutputFormat.CSV)).asString().isEqualTo("7\r\n7\r\n");
    assertThat(run("SELECT 8 AS n", OutputFormat.PARQUET)).hasSizeGreaterThan(8);
  }

  @Test
  void parquetIsCancelledAndTimesOut() throws Exception {
    QueryControl control = new QueryControl();
    CompletableFuture<QueryOutcome> running =
        CompletableFuture.supplyAsync(
            () ->
                executor.execute(
                    connection,
                    "SELECT a.range * b.range FROM range(200000) a, range(200000) b",
                    OutputFormat.PARQUET,
                    new CountingSink(),
                    QueryLimits.none(),
                    control));
    Thread.sleep(300);
    control.cancel();
    assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
        .cause()
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.CANCELLED);
    assertThatThrownBy(
            () ->
                executor.execute(
                    connection,
                    SLOW,
                    OutputFormat.PARQUET,
                    new CountingSink(),
                    new QueryLimits(0, 0, Duration.ofMillis(300)),
                    new QueryControl()))
        .extracting(e -> ((QueryException) e).reason())
        .isEqualTo(QueryException.Reason.TIMEOUT);
  }
}
