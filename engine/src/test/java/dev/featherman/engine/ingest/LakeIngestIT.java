package dev.featherman.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.sandbox.SandboxedLake;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Appends through a locked-down lake, as the gateway does, in every body format. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeIngestIT {
  static final IngestLimits LIMITS = new IngestLimits(1 << 20, 1_000);
  LakeSession session;
  SandboxedLake lake;
  Path dataDir;

  @BeforeAll
  void openLake() throws Exception {
    Path dir = Files.createTempDirectory("featherman-ingest-");
    dataDir = Files.createDirectories(dir.resolve("data"));
    LakeConfig config =
        LakeConfig.of(
            "lake",
            new CatalogStore.DuckDbFile(dir.resolve("lake.ducklake")),
            dir + "/data/",
            null);
    session =
        new LakeSessionFactory(EngineSettings.defaults().withThreads(2).withMemoryLimit("256MiB"))
            .open(config);
    session.execute(
        "CREATE TABLE lake.main.events (id INTEGER NOT NULL, name VARCHAR, score DOUBLE)");
    lake = SandboxedLake.lockDown(session, 1);
  }

  @AfterAll
  void close() {
    lake.close();
  }

  IngestResult append(IngestFormat format, String body, String key) throws Exception {
    return append(format, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), key);
  }

  IngestResult append(IngestFormat format, InputStream body, String key) throws Exception {
    return lake.ingest(new LakeIngest.Request("events", format, body, key, "writer", LIMITS));
  }

  long count(String where) throws Exception {
    try (Connection c = session.newConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM lake.main.events WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long snapshots() throws Exception {
    try (Connection c = session.newConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(snapshot_id) FROM lake.snapshots()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void csvJsonLinesArrowAndParquetEachLandAsOneSnapshot() throws Exception {
    IngestResult csv =
        append(IngestFormat.CSV, "score,id,name\r\n1.5,1,\"a, b\"\r\n,2,\"\"\r\n3,3,\r\n", null);
    assertThat(csv.rows()).isEqualTo(3);
    assertThat(csv.snapshotId()).isEqualTo(snapshots());
    assertThat(count("id <= 3 AND name IS NULL")).as("empty field is NULL").isEqualTo(1);
    assertThat(count("id = 2 AND name = '' AND score IS NULL")).as("\"\" is ''").isEqualTo(1);

    IngestResult json =
        append(
            IngestFormat.JSON_LINES,
            "{\"id\": 10, \"name\": \"x\"}\n{\"id\": 11, \"score\": 2}\n",
            null);
    assertThat(json.rows()).isEqualTo(2);
    assertThat(json.snapshotId()).isEqualTo(csv.snapshotId() + 1);

    IngestResult arrow = append(IngestFormat.ARROW, arrow(20, 5), null);
    assertThat(arrow.rows()).isEqualTo(5);
    assertThat(count("id BETWEEN 20 AND 24 AND name = 'n' || id")).isEqualTo(5);

    IngestResult parquet = append(IngestFormat.PARQUET, parquet(), null);
    assertThat(parquet.rows()).isEqualTo(4);
    assertThat(count("id BETWEEN 100 AND 103")).isEqualTo(4);
    assertThat(parquet.snapshotId()).isEqualTo(snapshots());
  }

  @Test
  void badDataIsRefusedNamingTheColumnAndRowAndLeavesNoSnapshot() throws Exception {
    long before = snapshots();
    assertRefused(IngestFormat.CSV, "id,name\n1,a\nx,b\n", "Line: 3", "\"id\"");
    assertRefused(IngestFormat.CSV, "id,name,colour\n1,a,red\n", "\"colour\" is not a column");
    assertRefused(IngestFormat.CSV, "id,score\n1,2\n", "\"name\" of table events is missing");
    assertRefused(IngestFormat.CSV, "id,name,score\n1,a,1\n,b,2\n", "row 2: column \"id\" is NULL");
    assertRefused(
        IngestFormat.JSON_LINES, "{\"id\": 1}\n{\"id\": 2, \"extra\": true}\n", "row 2: \"extra\"");
    assertRefused(IngestFormat.JSON_LINES, "{\"id\": 1}\n{\"id\": \"zz\"}\n", "line 2");
    assertRefused(
        IngestFormat.JSON_LINES, "{\"name\": \"no id\"}\n", "row 1: column \"id\" is NULL");
    assertRefused(IngestFormat.ARROW, "not arrow at all", "");
    assertThat(snapshots()).as("nothing committed").isEqualTo(before);

    // A BIGINT cannot go into an INTEGER column implicitly: DuckDB decides, the answer says so.
    QueryException wide =
        (QueryException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> append(IngestFormat.ARROW, arrowBigint(), null));
    assertThat(wide.getMessage()).contains("\"id\" is BIGINT in the data but INTEGER");
  }

  @Test
  void capsOnBytesAndRowsAnswerTooLarge() throws Exception {
    StringBuilder many = new StringBuilder("id,name,score\n");
    for (int i = 0; i < 1_500; i++) {
      many.append(i).append(",n,1\n");
    }
    QueryException rows =
        (QueryException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> append(IngestFormat.ARROW, arrow(0, 1_500), null));
    assertThat(rows.reason()).isEqualTo(QueryException.Reason.BODY_TOO_LARGE);
    assertThat(rows.getMessage()).contains("more than 1000 rows");
    QueryException bytes =
        (QueryException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    lake.ingest(
                        new LakeIngest.Request(
                            "events",
                            IngestFormat.CSV,
                            new ByteArrayInputStream(
                                many.toString().getBytes(StandardCharsets.UTF_8)),
                            null,
                            "writer",
                            new IngestLimits(100, 1_000_000))));
    assertThat(bytes.reason()).isEqualTo(QueryException.Reason.BODY_TOO_LARGE);
    assertThat(bytes.getMessage()).contains("larger than 100 bytes");
  }

  @Test
  void aRetriedRequestWithTheSameKeyIsNotAppendedTwice() throws Exception {
    IngestResult first = append(IngestFormat.CSV, "id,name,score\n500,k,1\n501,k,2\n", "batch-7");
    IngestResult again = append(IngestFormat.CSV, "id,name,score\n500,k,1\n501,k,2\n", "batch-7");
    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(again.rows()).isEqualTo(2);
    assertThat(count("id IN (500, 501)")).isEqualTo(2);
    // Another principal's key is its own.
    IngestResult other =
        lake.ingest(
            new LakeIngest.Request(
                "events",
                IngestFormat.CSV,
                new ByteArrayInputStream(
                    "id,name,score\n502,k,1\n".getBytes(StandardCharsets.UTF_8)),
                "batch-7",
                "someone-else",
                LIMITS));
    assertThat(other.duplicate()).isFalse();
  }

  @Test
  void aBodyCutHalfWayLeavesNoSnapshotAndNoDataFile() throws Exception {
    long before = snapshots();
    List<Path> filesBefore = dataFiles();
    // Enough rows that DuckLake writes Parquet files rather than inlining them in the catalog.
    byte[] whole = arrow(10_000, 200_000).readAllBytes();
    InputStream cut =
        new java.io.FilterInputStream(new ByteArrayInputStream(whole)) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (read > whole.length * 3 / 4) {
              throw new java.io.IOException("client went away");
            }
            int n = super.read(b, off, Math.min(len, 64 * 1024));
            read += Math.max(n, 0);
            return n;
          }
        };
    LakeIngest.Request request =
        new LakeIngest.Request(
            "events", IngestFormat.ARROW, cut, null, "writer", new IngestLimits(1L << 30, 1 << 20));
    assertThatThrownBy(() -> lake.ingest(request))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("client went away");
    assertThat(snapshots()).isEqualTo(before);
    assertThat(count("id >= 10000")).isZero();
    assertThat(dataFiles()).as("files of the rolled-back insert").isEqualTo(filesBefore);
  }

  @Test
  void parquetFilesUnderTheDataPathAreRegisteredInOneSnapshotAndOthersRefused() throws Exception {
    session.execute("CREATE TABLE lake.main.imported (id INTEGER NOT NULL, name VARCHAR)");
    Path incoming = Files.createDirectories(dataDir.resolve("incoming"));
    Path outside = Files.createTempDirectory("featherman-outside-");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT range::INTEGER AS id, 'a' || range AS name FROM range(10)) TO '"
              + incoming.resolve("a.parquet")
              + "'");
      s.execute(
          "COPY (SELECT range::INTEGER AS id, 'b' || range AS name FROM range(5)) TO '"
              + incoming.resolve("b.parquet")
              + "'");
      s.execute(
          "COPY (SELECT range AS id, 'c' AS other FROM range(5)) TO '"
              + incoming.resolve("wrong.parquet")
              + "'");
      s.execute(
          "COPY (SELECT range::INTEGER AS id, 'x' AS name FROM range(5)) TO '"
              + outside.resolve("x.parquet")
              + "'");
    }
    long before = snapshots();
    Throwable wrong =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                lake.registerFiles(
                    new LakeFiles.Request(
                        "imported",
                        List.of(
                            incoming.resolve("a.parquet").toString(),
                            incoming.resolve("wrong.parquet").toString()),
                        "writer")));
    assertThat(wrong).isInstanceOf(QueryException.class).hasMessageContaining("\"id\"");
    assertThat(snapshots()).as("all or nothing").isEqualTo(before);

    Throwable elsewhere =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                lake.registerFiles(
                    new LakeFiles.Request(
                        "imported", List.of(outside.resolve("x.parquet").toString()), "writer")));
    assertThat(elsewhere).isInstanceOf(QueryException.class);
    assertThat(((QueryException) elsewhere).reason()).isEqualTo(QueryException.Reason.FORBIDDEN);

    LakeFiles.Result done =
        lake.registerFiles(
            new LakeFiles.Request(
                "imported",
                List.of(incoming.resolve("a.parquet").toString(), incoming + "/b*.parquet"),
                "writer"));
    assertThat(done.files()).isEqualTo(2);
    assertThat(done.snapshotId()).isEqualTo(before + 1);
    try (Connection c = session.newConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM lake.main.imported")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(15);
    }
  }

  List<Path> dataFiles() throws Exception {
    try (var files = Files.walk(dataDir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void aMissingTableIsNotFoundAndTableNamesAreNeverSql() {
    for (String table : List.of("nope", "events; DROP TABLE events", "events\" --")) {
      assertThatThrownBy(
              () ->
                  lake.ingest(
                      new LakeIngest.Request(
                          table,
                          IngestFormat.CSV,
                          new ByteArrayInputStream("id\n1\n".getBytes(StandardCharsets.UTF_8)),
                          null,
                          "writer",
                          LIMITS)))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_FOUND));
    }
  }

  void assertRefused(IngestFormat format, String body, String... expected) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> append(format, body, null));
    assertThat(thrown).isInstanceOf(QueryException.class);
    assertThat(((QueryException) thrown).reason()).isEqualTo(QueryException.Reason.BAD_REQUEST);
    for (String e : expected) {
      assertThat(thrown.getMessage()).contains(e);
    }
  }

  static InputStream arrow(int from, int n) throws Exception {
    try (RootAllocator allocator = new RootAllocator();
        IntVector id = new IntVector("id", allocator);
        VarCharVector name = new VarCharVector("name", allocator);
        org.apache.arrow.vector.Float8Vector score =
            new org.apache.arrow.vector.Float8Vector("score", allocator)) {
      id.allocateNew(n);
      name.allocateNew(n);
      score.allocateNew(n);
      for (int i = 0; i < n; i++) {
        id.set(i, from + i);
        name.setSafe(i, ("n" + (from + i)).getBytes(StandardCharsets.UTF_8));
        score.set(i, i);
      }
      id.setValueCount(n);
      name.setValueCount(n);
      score.setValueCount(n);
      return write(VectorSchemaRoot.of(id, name, score));
    }
  }

  static InputStream arrowBigint() throws Exception {
    try (RootAllocator allocator = new RootAllocator();
        BigIntVector id = new BigIntVector("id", allocator);
        VarCharVector name = new VarCharVector("name", allocator);
        org.apache.arrow.vector.Float8Vector score =
            new org.apache.arrow.vector.Float8Vector("score", allocator)) {
      id.allocateNew(1);
      name.allocateNew(1);
      score.allocateNew(1);
      id.set(0, 1);
      name.setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
      score.set(0, 1);
      id.setValueCount(1);
      name.setValueCount(1);
      score.setValueCount(1);
      return write(VectorSchemaRoot.of(id, name, score));
    }
  }

  static InputStream write(VectorSchemaRoot root) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (root;
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return new ByteArrayInputStream(out.toByteArray());
  }

  /** A Parquet file written by DuckDB itself, with columns in another order. */
  static InputStream parquet() throws Exception {
    Path file = Files.createTempFile("featherman-ingest-", ".parquet");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT 'p' AS name, (100 + range)::INTEGER AS id, range * 0.5 AS score"
              + " FROM range(4)) TO '"
              + file
              + "' (FORMAT parquet)");
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(file);
    return new ByteArrayInputStream(bytes);
  }
}
