package dev.featherman.gateway.flightsql;

import dev.featherman.engine.Sql;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.gateway.api.LakeBrowser;
import dev.featherman.gateway.auth.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What BI tools browse, asked of the lakes through the same sandboxed query path as any statement
 * of the caller: the catalogs the caller may query, their schema, their tables ({@code SHOW
 * TABLES}) and each table's Arrow schema as DuckDB exports it ({@code SELECT * ... LIMIT 0}).
 */
final class LakeMetadata {
  /** DuckLakeTables are created in DuckDB's default schema. */
  static final String SCHEMA = "main";

  private static final String TABLE = "TABLE";

  private final LakeBrowser browser;
  private final BufferAllocator allocator;

  LakeMetadata(LakeBrowser browser, BufferAllocator allocator) {
    this.browser = browser;
    this.allocator = allocator;
  }

  /** Which tables a GetTables call asks for (null: any). */
  record TableFilter(
      String catalog, Pattern schema, Pattern table, List<String> types, boolean includeSchema) {}

  void catalogs(Principal caller, ServerStreamListener listener) {
    List<List<Object>> rows = new ArrayList<>();
    browser.catalogs(caller).forEach(c -> rows.add(List.of(c)));
    send(Schemas.GET_CATALOGS_SCHEMA, rows, listener);
  }

  void schemas(
      Principal caller, String catalog, Pattern schemaPattern, ServerStreamListener listener) {
    List<List<Object>> rows = new ArrayList<>();
    for (String c : catalogs(caller, catalog)) {
      if (matches(schemaPattern, SCHEMA)) {
        rows.add(List.of(c, SCHEMA));
      }
    }
    send(Schemas.GET_SCHEMAS_SCHEMA, rows, listener);
  }

  void tables(Principal caller, TableFilter filter, ServerStreamListener listener) {
    try {
      List<List<Object>> rows = new ArrayList<>();
      boolean wanted = filter.types().isEmpty() || filter.types().contains(TABLE);
      if (wanted && matches(filter.schema(), SCHEMA)) {
        for (String catalog : catalogs(caller, filter.catalog())) {
          for (String table : browser.tables(caller, catalog)) {
            if (!matches(filter.table(), table)) {
              continue;
            }
            List<Object> row = new ArrayList<>(List.of(catalog, SCHEMA, table, TABLE));
            if (filter.includeSchema()) {
              row.add(tableSchema(caller, catalog, table));
            }
            rows.add(row);
          }
        }
      }
      send(
          filter.includeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
          rows,
          listener);
    } catch (Exception e) {
      listener.error(FlightErrors.of(e));
    }
  }

  void tableTypes(ServerStreamListener listener) {
    send(Schemas.GET_TABLE_TYPES_SCHEMA, List.of(List.of(TABLE)), listener);
  }

  /** An empty answer of the given shape (keys: DuckLake has none). */
  void none(Schema schema, ServerStreamListener listener) {
    send(schema, List.of(), listener);
  }

  private List<String> catalogs(Principal caller, String only) {
    return browser.catalogs(caller).stream().filter(c -> only == null || only.equals(c)).toList();
  }

  /** The table's Arrow schema as DuckDB exports it, IPC-encoded as Flight SQL wants it. */
  private byte[] tableSchema(Principal caller, String catalog, String table) throws Exception {
    String sql = "SELECT * FROM " + Sql.identifier(table) + " LIMIT 0";
    return ipc(arrowSchema(caller, catalog, sql, List.of()));
  }

  /** The Arrow schema of {@code sql}'s result, as DuckDB exports it (runs it: use LIMIT 0). */
  Schema arrowSchema(Principal caller, String catalog, String sql, List<Object> params)
      throws Exception {
    byte[] arrow = browser.result(caller, catalog, sql, params, OutputFormat.ARROW);
    try (BufferAllocator child = allocator.newChildAllocator("schema", 0, Long.MAX_VALUE);
        ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow), child)) {
      return reader.getVectorSchemaRoot().getSchema();
    }
  }

  /** {@code schema} as one IPC message, the encoding Flight SQL uses for schemas in messages. */
  static byte[] ipc(Schema schema) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean matches(Pattern pattern, String value) {
    return pattern == null || pattern.matcher(value).matches();
  }

  /** Sends {@code rows} (strings and byte arrays, in the schema's column order) as one batch. */
  private void send(Schema schema, List<List<Object>> rows, ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        List<Object> row = rows.get(r);
        for (int c = 0; c < row.size(); c++) {
          FieldVector vector = root.getVector(c);
          byte[] bytes =
              row.get(c) instanceof byte[] b
                  ? b
                  : String.valueOf(row.get(c)).getBytes(StandardCharsets.UTF_8);
          if (vector instanceof VarCharVector text) {
            text.setSafe(r, bytes);
          } else if (vector instanceof VarBinaryVector binary) {
            binary.setSafe(r, bytes);
          }
        }
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }
}
