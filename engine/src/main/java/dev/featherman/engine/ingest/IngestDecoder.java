package dev.featherman.engine.ingest;

import dev.featherman.engine.PrivateDuckDb;
import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Reads CSV, JSON lines and Parquet bodies with DuckDB's own readers, typed by the table's columns,
 * into Arrow batches. A private in-memory DuckDB (no lake, file access only to its own 0700
 * directory, configuration locked) reads a body spooled to disk there, so conversion errors come
 * with DuckDB's line numbers and nothing a client sends is ever SQL.
 */
public final class IngestDecoder {
  private static volatile IngestDecoder shared;
  private static final int BATCH_ROWS = 8192;

  private final DuckDBConnection database;
  private final Path directory;
  private final AtomicLong sequence = new AtomicLong();

  private IngestDecoder(DuckDBConnection database, Path directory) {
    this.database = database;
    this.directory = directory;
  }

  /** The process's decoder, started on first use. */
  public static IngestDecoder shared() throws SQLException, IOException {
    IngestDecoder decoder = shared;
    if (decoder == null) {
      synchronized (IngestDecoder.class) {
        if (shared == null) {
          shared = start();
        }
        decoder = shared;
      }
    }
    return decoder;
  }

  private static IngestDecoder start() throws SQLException, IOException {
    PrivateDuckDb duck = PrivateDuckDb.start("featherman-ingest-");
    return new IngestDecoder(duck.database(), duck.directory());
  }

  /** Rows decoded from one spooled body; closing it releases the query and the file. */
  public record Decoded(ArrowReader batches, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      resources.close();
    }
  }

  /** Copies a body to a private file (the caller caps it), for DuckDB's readers. */
  Path spool(InputStream body, IngestFormat format) throws IOException {
    Path file =
        directory.resolve(
            "body-" + sequence.incrementAndGet() + "." + format.name().toLowerCase(Locale.ROOT));
    try (OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      body.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  /**
   * Starts reading {@code file}: CSV by its header, JSON lines by the table's columns (a key that
   * is no column is refused with its first row), Parquet as written.
   */
  Decoded decode(
      Path file, IngestFormat format, List<TableColumn> columns, BufferAllocator allocator)
      throws SQLException, IOException {
    Connection connection = database.duplicate();
    try {
      String source =
          switch (format) {
            case CSV -> csv(connection, file, columns);
            case JSON_LINES -> jsonLines(connection, file, columns);
            case PARQUET -> "read_parquet(" + Sql.literal(file.toString()) + ")";
            case ARROW -> throw new IllegalArgumentException("Arrow streams need no decoding");
          };
      Statement statement = connection.createStatement();
      ResultSet rows = statement.executeQuery("SELECT * FROM " + source);
      ArrowReader batches =
          (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, BATCH_ROWS);
      return new Decoded(
          batches,
          () -> {
            // The batches themselves are closed by their reader's owner (see CheckedBatches).
            try {
              rows.close();
              statement.close();
              connection.close();
            } finally {
              Files.deleteIfExists(file);
            }
          });
    } catch (SQLException | RuntimeException e) {
      connection.close();
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** read_csv with the header's columns, each typed as the table's column of that name. */
  private static String csv(Connection connection, Path file, List<TableColumn> columns)
      throws SQLException {
    String dialect = "header = true, delim = ',', quote = '\"', escape = '\"'";
    List<String> header = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv("
                    + Sql.literal(file.toString())
                    + ", "
                    + dialect
                    + ", all_varchar = true))")) {
      while (rs.next()) {
        header.add(rs.getString(1));
      }
    }
    Map<String, String> types = byName(columns);
    String struct =
        header.stream()
            .map(
                name ->
                    Sql.literal(name)
                        + ": "
                        + Sql.literal(types.getOrDefault(name.toLowerCase(Locale.ROOT), "VARCHAR")))
            .collect(Collectors.joining(", ", "{", "}"));
    // A quoted empty field is an empty string, an empty field NULL: the gateway's CSV convention.
    return "read_csv("
        + Sql.literal(file.toString())
        + ", "
        + dialect
        + ", allow_quoted_nulls = false, columns = "
        + struct
        + ")";
  }

  /** read_json with the table's columns, after refusing keys that are no column. */
  private static String jsonLines(Connection connection, Path file, List<TableColumn> columns)
      throws SQLException {
    Map<String, String> types = byName(columns);
    String path = Sql.literal(file.toString());
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT k, min(rn) FROM (SELECT row_number() OVER () AS rn,"
                    + " unnest(json_keys(json)) AS k FROM read_json_objects("
                    + path
                    + ", format = 'newline_delimited')) GROUP BY k ORDER BY min(rn), k")) {
      while (rs.next()) {
        if (!types.containsKey(rs.getString(1).toLowerCase(Locale.ROOT))) {
          throw new QueryException(
              QueryException.Reason.BAD_REQUEST,
              "row "
                  + rs.getLong(2)
                  + ": \""
                  + rs.getString(1)
                  + "\" is not a column of the table (its columns: "
                  + columns.stream().map(TableColumn::name).collect(Collectors.joining(", "))
                  + ")");
        }
      }
    }
    String struct =
        columns.stream()
            .map(c -> Sql.literal(c.name()) + ": " + Sql.literal(c.type()))
            .collect(Collectors.joining(", ", "{", "}"));
    return "read_json(" + path + ", format = 'newline_delimited', columns = " + struct + ")";
  }

  private static Map<String, String> byName(List<TableColumn> columns) {
    Map<String, String> types = new TreeMap<>();
    columns.forEach(c -> types.put(c.name().toLowerCase(Locale.ROOT), c.type()));
    return types;
  }
}
