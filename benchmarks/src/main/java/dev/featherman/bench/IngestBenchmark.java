package dev.featherman.bench;

import dev.featherman.engine.connect.LakeSession;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Section j: appending rows through the gateway's rows endpoint (Arrow IPC and CSV bodies) against
 * DuckDB doing the same in-process on the same bytes (the limit), and the commit rate of 1, 4 and
 * 16 concurrent appenders.
 */
final class IngestBenchmark {
  static final long ROWS = 1_000_000;
  static final String TABLE_DDL =
      " (trip_id BIGINT NOT NULL, pickup_at TIMESTAMP, fare DOUBLE, zone VARCHAR)";
  static final String DATA =
      "SELECT range AS trip_id, TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND AS pickup_at,"
          + " round(3 + (range % 7919) / 100.0, 2) AS fare,"
          + " ['Midtown','Harlem','SoHo','Chelsea'][1 + range % 4] AS zone FROM range("
          + ROWS
          + ")";

  private IngestBenchmark() {}

  static String run(Path root, int runs) throws Exception {
    byte[] arrow = arrowBytes();
    byte[] csv = csvBytes(root);
    StringBuilder report = new StringBuilder();
    report
        .append("## j) Appending rows (")
        .append(java.time.LocalDate.now())
        .append(")\n\n")
        .append(
            "`make bench` (`GatewayBenchmark ... ingest` for this section alone). The same "
                + ROWS
                + " taxi-shaped rows (BIGINT, TIMESTAMP, DOUBLE, VARCHAR) as an Arrow IPC stream ("
                + mb(arrow.length)
                + " MB) and as CSV ("
                + mb(csv.length)
                + " MB), appended to an empty DuckLake table on local disk (DuckDB-file catalog),"
                + " each run into a new table. In-process is DuckDB appending the same bytes in"
                + " the same JVM (`INSERT ... SELECT * FROM` the registered Arrow stream, or"
                + " `read_csv` of the file): the limit. The gateway's figure includes the HTTP"
                + " client on the same 2 cores. Median of "
                + runs
                + ".\n\n");
    BenchLake lake = new BenchLake(root.resolve("ingest-in-process"), 0);
    double inArrow;
    double inCsv;
    try (LakeSession session = lake.open()) {
      Path csvFile = root.resolve("rows.csv");
      Files.write(csvFile, csv);
      inArrow = median(runs, i -> inProcessArrow(session, arrow, "a" + i));
      inCsv = median(runs, i -> inProcessCsv(session, csvFile, "c" + i));
    }
    double gwArrow;
    double gwCsv;
    double[] rates = new double[3];
    try (BenchGateway gateway = new BenchGateway(root.resolve("ingest-gateway"), 0)) {
      gwArrow =
          median(
              runs,
              i -> {
                gateway.query("CREATE TABLE ga" + i + TABLE_DDL, "csv");
                long t = System.nanoTime();
                gateway.appendRows("ga" + i, "application/vnd.apache.arrow.stream", arrow);
                return (System.nanoTime() - t) / 1e9;
              });
      gwCsv =
          median(
              runs,
              i -> {
                gateway.query("CREATE TABLE gc" + i + TABLE_DDL, "csv");
                long t = System.nanoTime();
                gateway.appendRows("gc" + i, "text/csv", csv);
                return (System.nanoTime() - t) / 1e9;
              });
      int[] clients = {1, 4, 16};
      for (int c = 0; c < clients.length; c++) {
        rates[c] = commitRate(gateway, clients[c]);
      }
    }
    report
        .append(
            "| body | gateway rows/s | gateway MB/s | in-process rows/s | gateway / in-process |\n")
        .append("|---|---:|---:|---:|---:|\n")
        .append(line("Arrow IPC", gwArrow, inArrow, arrow.length))
        .append(line("CSV", gwCsv, inCsv, csv.length))
        .append("\nCommits (one small CSV append of 100 rows each, one table) by concurrent")
        .append(" appenders, 64 appends per client count:\n\n")
        .append("| appenders | commits/s |\n|---:|---:|\n");
    int[] clients = {1, 4, 16};
    for (int c = 0; c < clients.length; c++) {
      report.append(String.format(Locale.ROOT, "| %d | %.0f |%n", clients[c], rates[c]));
    }
    report.append("\n");
    return report.toString();
  }

  private static String line(String body, double gateway, double inProcess, long bytes) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2fM | %.0f | %.2fM | %.0f %% |%n",
        body,
        ROWS / gateway / 1e6,
        bytes / gateway / 1e6,
        ROWS / inProcess / 1e6,
        100 * inProcess / gateway);
  }

  /** Commits per second of {@code clients} appenders sending 100-row CSV bodies. */
  private static double commitRate(BenchGateway gateway, int clients) throws Exception {
    String table = "commits" + clients;
    gateway.query("CREATE TABLE " + table + " (client INTEGER, n INTEGER)", "csv");
    StringBuilder body = new StringBuilder("client,n\n");
    for (int n = 0; n < 100; n++) {
      body.append(clients).append(',').append(n).append('\n');
    }
    byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int total = 64;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < total / clients; i++) {
                  gateway.appendRows(table, "text/csv", bytes);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return total / seconds;
  }

  private static double inProcessArrow(LakeSession session, byte[] arrow, String table)
      throws Exception {
    session.execute("CREATE TABLE example.main." + table + TABLE_DDL);
    try (RootAllocator allocator = new RootAllocator();
        ArrowStreamReader reader =
            new ArrowStreamReader(new java.io.ByteArrayInputStream(arrow), allocator);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        Connection c = session.newConnection();
        Statement s = c.createStatement()) {
      long t = System.nanoTime();
      Data.exportArrayStream(allocator, reader, stream);
      c.unwrap(DuckDBConnection.class).registerArrowStream("rows_in", stream);
      s.execute("INSERT INTO example.main." + table + " SELECT * FROM rows_in");
      return (System.nanoTime() - t) / 1e9;
    }
  }

  private static double inProcessCsv(LakeSession session, Path csv, String table) throws Exception {
    session.execute("CREATE TABLE example.main." + table + TABLE_DDL);
    long t = System.nanoTime();
    session.execute(
        "INSERT INTO example.main."
            + table
            + " SELECT * FROM read_csv('"
            + csv
            + "', header = true, columns = {'trip_id': 'BIGINT', 'pickup_at': 'TIMESTAMP',"
            + " 'fare': 'DOUBLE', 'zone': 'VARCHAR'})");
    return (System.nanoTime() - t) / 1e9;
  }

  private static byte[] arrowBytes() throws Exception {
    try (RootAllocator allocator = new RootAllocator();
        Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(DATA);
        ArrowReader reader =
            (ArrowReader) rs.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, 65536)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArrowStreamWriter writer =
          new ArrowStreamWriter(reader.getVectorSchemaRoot(), null, out)) {
        writer.start();
        while (reader.loadNextBatch()) {
          writer.writeBatch();
        }
        writer.end();
      }
      return out.toByteArray();
    }
  }

  private static byte[] csvBytes(Path root) throws Exception {
    Path file = root.resolve("data.csv");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("COPY (" + DATA + ") TO '" + file + "' (FORMAT csv, HEADER)");
    }
    return Files.readAllBytes(file);
  }

  interface Run {
    double seconds(int i) throws Exception;
  }

  private static double median(int runs, Run run) throws Exception {
    double[] s = new double[runs];
    for (int i = 0; i < runs; i++) {
      s[i] = run.seconds(i);
    }
    java.util.Arrays.sort(s);
    return s[runs / 2];
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
