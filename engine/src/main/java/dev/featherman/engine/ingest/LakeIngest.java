package dev.featherman.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBConnection;

/**
 * Appends one request's rows to a lake table as one DuckLake snapshot. The rows reach DuckDB as an
 * Arrow stream (the body's own, or DuckDB's readers' for CSV, JSON lines and Parquet), checked on
 * the way (names and types against the table by DuckDB, NOT NULL and the row cap per batch), and
 * are inserted in one transaction whose commit message records the idempotency key, so the lake
 * itself says whether a retried request was already committed.
 */
public final class LakeIngest {
  private static final BufferAllocator ROOT = new RootAllocator(1L << 30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** DuckDB type names safe to write back into SQL: no quotes, so no identifiers inside. */
  private static final Pattern PLAIN_TYPE = Pattern.compile("^[A-Za-z0-9_(), \\[\\]]+$");

  /** Idempotency keys being committed in this process (another replica: see DESIGN notes). */
  private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  private LakeIngest() {}

  /**
   * One append: where to, what, and on whose behalf.
   *
   * @param body the bytes in {@code format}, or null when {@code batches} are given
   * @param batches Arrow batches already decoded (a Flight SQL bulk ingest), or null
   * @param create whether a missing table is created from the data's columns
   * @param allocator the root {@code batches} were read into (Arrow moves buffers only within one
   *     root), or null for the engine's own
   */
  public record Request(
      String table,
      IngestFormat format,
      InputStream body,
      ArrowReader batches,
      String idempotencyKey,
      String principal,
      IngestLimits limits,
      boolean create,
      BufferAllocator allocator) {

    /** Rows in a request body. */
    public Request(
        String table,
        IngestFormat format,
        InputStream body,
        String idempotencyKey,
        String principal,
        IngestLimits limits) {
      this(table, format, body, null, idempotencyKey, principal, limits, false, null);
    }

    /** This request with its rows read from {@code body} or {@code batches} instead. */
    public Request withRows(InputStream body, ArrowReader batches) {
      return new Request(
          table, format, body, batches, idempotencyKey, principal, limits, create, allocator);
    }

    /** Rows already in Arrow batches, read into {@code allocator}. */
    public static Request ofBatches(
        String table,
        ArrowReader batches,
        BufferAllocator allocator,
        String principal,
        IngestLimits limits,
        boolean create) {
      return new Request(
          table, IngestFormat.ARROW, null, batches, null, principal, limits, create, allocator);
    }
  }

  /** Where the append's connection comes from: one of its own, closed when the append ends. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  /**
   * Appends {@code request}'s rows to the lake attached as {@code alias}, through a connection of
   * its own from {@code connections} (closed before the Arrow memory it read is released).
   *
   * @throws QueryException naming the column and row for bad data, the cap for a large body
   */
  public static IngestResult append(Connections connections, String alias, Request request)
      throws SQLException, IOException {
    CappedInput body =
        new CappedInput(
            request.body() == null ? InputStream.nullInputStream() : request.body(),
            request.limits().maxBytes());
    BufferAllocator root = request.allocator() != null ? request.allocator() : ROOT;
    try (BufferAllocator allocator = root.newChildAllocator("ingest", 0, Long.MAX_VALUE);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        Connection connection = connections.open()) {
      List<TableColumn> columns = columns(connection, alias, request.table());
      String table = columns.isEmpty() ? null : tableName(connection, alias, request.table());
      if (table == null && request.create()) {
        return create(connection, allocator, stream, alias, request, body);
      }
      if (table == null) {
        throw new QueryException(
            QueryException.Reason.NOT_FOUND,
            "table '" + request.table() + "' does not exist in catalog " + alias);
      }
      String key = request.idempotencyKey();
      String flight = alias + "/" + table + "/" + request.principal() + "/" + key;
      if (key != null) {
        IngestResult earlier = committed(connection, alias, table, key, request.principal());
        if (earlier != null) {
          return earlier;
        }
        if (!IN_FLIGHT.add(flight)) {
          throw new QueryException(
              QueryException.Reason.CONFLICT,
              "a request with Idempotency-Key '" + key + "' is being committed; retry it later");
        }
      }
      try {
        return insert(connection, allocator, stream, alias, table, columns, request, body);
      } finally {
        if (key != null) {
          IN_FLIGHT.remove(flight);
        }
      }
    }
  }

  /** A new table from the data's own columns, created and filled in one snapshot. */
  private static IngestResult create(
      Connection connection,
      BufferAllocator allocator,
      ArrowArrayStream stream,
      String alias,
      Request request,
      CappedInput body)
      throws SQLException, IOException {
    CheckedBatches checked =
        new CheckedBatches(
            open(body, request.format(), List.of(), allocator, request).batches(),
            Set.of(),
            request.limits().maxRows(),
            allocator);
    String view = "ingest_" + UUID.randomUUID().toString().replace("-", "");
    try {
      Data.exportArrayStream(allocator, checked, stream);
      connection.unwrap(DuckDBConnection.class).registerArrowStream(view, stream);
      return commit(
          connection,
          alias,
          request.table(),
          "CREATE TABLE "
              + Sql.qualified(alias, "main", request.table())
              + " AS SELECT * FROM "
              + Sql.identifier(view),
          request,
          body,
          checked);
    } catch (SQLException | RuntimeException e) {
      throw firstCause(e, body, checked);
    } finally {
      checked.close();
    }
  }

  /** The body's batches, and what to release once they are read. */
  private record Source(ArrowReader batches, AutoCloseable afterwards) {}

  private static IngestResult insert(
      Connection connection,
      BufferAllocator allocator,
      ArrowArrayStream stream,
      String alias,
      String table,
      List<TableColumn> columns,
      Request request,
      CappedInput body)
      throws SQLException, IOException {
    Source source;
    try {
      source = open(body, request.format(), columns, allocator, request);
    } catch (SQLException | IOException | RuntimeException e) {
      throw firstCause(e, body, null);
    }
    CheckedBatches checked =
        new CheckedBatches(
            source.batches(), notNullColumns(columns), request.limits().maxRows(), allocator);
    String view = "ingest_" + UUID.randomUUID().toString().replace("-", "");
    try {
      Data.exportArrayStream(allocator, checked, stream);
      connection.unwrap(DuckDBConnection.class).registerArrowStream(view, stream);
      checkShape(connection, view, columns, table);
      return commit(
          connection,
          alias,
          table,
          "INSERT INTO "
              + Sql.qualified(alias, "main", table)
              + " BY NAME SELECT * FROM "
              + Sql.identifier(view),
          request,
          body,
          checked);
    } catch (SQLException | RuntimeException e) {
      throw firstCause(e, body, checked);
    } finally {
      // The reader is closed once, here or by DuckDB releasing the stream (CheckedBatches guards).
      checked.close();
      try {
        source.afterwards().close();
      } catch (Exception e) {
        throw new IOException("releasing the decoded body failed", e);
      }
    }
  }

  /** The batches of the body: the Arrow stream itself, or DuckDB's reading of a spooled file. */
  private static Source open(
      CappedInput body,
      IngestFormat format,
      List<TableColumn> columns,
      BufferAllocator allocator,
      Request request)
      throws SQLException, IOException {
    if (request.batches() != null) {
      return new Source(request.batches(), () -> {});
    }
    if (format == IngestFormat.ARROW) {
      return new Source(new ArrowStreamReader(body, allocator), () -> {});
    }
    IngestDecoder decoder = IngestDecoder.shared();
    IngestDecoder.Decoded decoded =
        decoder.decode(decoder.spool(body, format), format, columns, allocator);
    return new Source(decoded.batches(), decoded);
  }

  /** Every column of the data is one of the table's, every table column is given, types fit. */
  private static void checkShape(
      Connection connection, String view, List<TableColumn> columns, String table)
      throws SQLException {
    Map<String, String> data = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + Sql.identifier(view))) {
      while (rs.next()) {
        data.put(rs.getString(1), rs.getString(2));
      }
    }
    Map<String, TableColumn> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
    for (String name : data.keySet()) {
      if (!byName.containsKey(name.toLowerCase(Locale.ROOT))) {
        throw bad(
            "column \""
                + name
                + "\" is not a column of table "
                + table
                + " (its columns: "
                + columns.stream().map(TableColumn::name).collect(Collectors.joining(", "))
                + ")");
      }
    }
    Set<String> given =
        data.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (TableColumn column : columns) {
      if (!given.contains(column.name().toLowerCase(Locale.ROOT))) {
        throw bad(
            "column \""
                + column.name()
                + "\" of table "
                + table
                + " is missing from the data"
                + (column.nullable() ? " (send it with NULLs to leave it empty)" : ""));
      }
    }
    for (var entry : data.entrySet()) {
      TableColumn column = byName.get(entry.getKey().toLowerCase(Locale.ROOT));
      if (!entry.getValue().equals(column.type())
          && !castsImplicitly(connection, entry.getValue(), column.type())) {
        throw bad(
            "column \""
                + entry.getKey()
                + "\" is "
                + entry.getValue()
                + " in the data but "
                + column.type()
                + " in table "
                + table
                + ", and DuckDB does not convert that implicitly: send it as "
                + column.type());
      }
    }
  }

  /** DuckDB's own rule: can a value of {@code from} go where {@code to} is expected? */
  private static boolean castsImplicitly(Connection connection, String from, String to)
      throws SQLException {
    if (!PLAIN_TYPE.matcher(from).matches() || !PLAIN_TYPE.matcher(to).matches()) {
      return false;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT can_cast_implicitly(NULL::" + from + ", NULL::" + to + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Runs {@code statement} in one transaction whose commit message carries the request. */
  private static IngestResult commit(
      Connection connection,
      String alias,
      String table,
      String statement,
      Request request,
      CappedInput body,
      CheckedBatches checked)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long rows;
      try (Statement s = connection.createStatement()) {
        rows = s.executeLargeUpdate(statement);
      }
      if (rows < 0) {
        rows = checked.rows(); // CREATE TABLE AS reports no count: the rows DuckDB read
      }
      ObjectNode info = JSON.createObjectNode();
      info.put("ingest", UUID.randomUUID().toString());
      info.put("table", table);
      info.put("principal", request.principal());
      if (request.idempotencyKey() != null) {
        info.put("idempotencyKey", request.idempotencyKey());
      }
      info.put("rows", rows).put("bytes", body.bytesRead());
      String extra = info.toString();
      try (PreparedStatement p =
          connection.prepareStatement(
              "CALL "
                  + Sql.identifier(alias)
                  + ".set_commit_message('featherman', ?, extra_info => ?)")) {
        p.setString(1, "append " + rows + " rows to " + table + " (" + request.format() + ")");
        p.setString(2, extra);
        p.execute();
      }
      connection.commit();
      return new IngestResult(rows, body.bytesRead(), snapshotOf(connection, alias, extra), false);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The snapshot whose commit info is exactly {@code extra}, or -1. */
  static long snapshotOf(Connection connection, String alias, String extra) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT snapshot_id FROM "
                + Sql.identifier(alias)
                + ".snapshots() WHERE commit_extra_info = ?")) {
      p.setString(1, extra);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** The earlier commit of {@code key} by {@code principal} to {@code table}, or null. */
  private static IngestResult committed(
      Connection connection, String alias, String table, String key, String principal)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT snapshot_id, commit_extra_info FROM "
                + Sql.identifier(alias)
                + ".snapshots() WHERE commit_extra_info IS NOT NULL"
                + " AND json_extract_string(commit_extra_info, '$.idempotencyKey') = ?"
                + " AND json_extract_string(commit_extra_info, '$.table') = ?"
                + " AND json_extract_string(commit_extra_info, '$.principal') = ?")) {
      p.setString(1, key);
      p.setString(2, table);
      p.setString(3, principal);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        JsonNode info = JSON.readTree(rs.getString(2));
        return new IngestResult(
            info.path("rows").asLong(), info.path("bytes").asLong(), rs.getLong(1), true);
      } catch (IOException e) {
        throw new SQLException("unreadable commit info of snapshot: " + e.getMessage(), e);
      }
    }
  }

  /** The table's columns, in order, as DuckDB reports them; empty when there is no such table. */
  static List<TableColumn> columns(Connection connection, String alias, String table)
      throws SQLException {
    List<TableColumn> columns = new ArrayList<>();
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT column_name, data_type, is_nullable FROM duckdb_columns()"
                + " WHERE database_name = ? AND schema_name = 'main'"
                + " AND lower(table_name) = lower(?) ORDER BY column_index")) {
      p.setString(1, alias);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.add(new TableColumn(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
    }
    return columns;
  }

  /** The table's name as the lake spells it; 404 when there is none. */
  static String existingTable(Connection connection, String alias, String table)
      throws SQLException {
    String name = tableName(connection, alias, table);
    if (name == null) {
      throw new QueryException(
          QueryException.Reason.NOT_FOUND,
          "table '" + table + "' does not exist in catalog " + alias);
    }
    return name;
  }

  private static String tableName(Connection connection, String alias, String table)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?"
                + " AND schema_name = 'main' AND lower(table_name) = lower(?)")) {
      p.setString(1, alias);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static Set<String> notNullColumns(List<TableColumn> columns) {
    return columns.stream()
        .filter(c -> !c.nullable())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  private static QueryException bad(String message) {
    return new QueryException(QueryException.Reason.BAD_REQUEST, message);
  }

  /**
   * The failure to report: a cap or a NULL found on the way (DuckDB only saw a failed read), else
   * DuckDB's own words, shortened to what names the problem.
   */
  private static QueryException firstCause(Exception e, CappedInput body, CheckedBatches checked) {
    if (e instanceof QueryException q) {
      return q;
    }
    if (body.refusal() != null) {
      return body.refusal();
    }
    if (checked != null && checked.refusal() != null) {
      return checked.refusal();
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("Transaction conflict") || message.contains("conflict")) {
      return new QueryException(
          QueryException.Reason.CONFLICT,
          "another change to the table committed first; send the request again (with the same"
              + " Idempotency-Key): "
              + DuckDbErrors.firstLines(message, 2));
    }
    return bad(DuckDbErrors.firstLines(message, 3));
  }
}
