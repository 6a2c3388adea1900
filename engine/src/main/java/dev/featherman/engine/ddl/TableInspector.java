package dev.featherman.engine.ddl;

import dev.featherman.api.schema.LiveColumn;
import dev.featherman.api.types.ColumnType;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.Sql;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a table's live state from DuckLake: columns, comment, partitioning, options and size. */
public final class TableInspector {
  private final LakeSession session;

  public TableInspector(LakeSession session) {
    this.session = session;
  }

  /** Size and file facts from DuckLake's table_info(). */
  public record TableStats(long dataFiles, long dataBytes, long deleteFiles) {}

  /** Whether the table exists in the catalog's main schema. */
  public boolean exists(String table) {
    return !query(
            "SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
            rs -> true,
            session.alias(),
            TableDdl.SCHEMA,
            table)
        .isEmpty();
  }

  /** Columns in declaration order. */
  public List<LiveColumn> columns(String table) {
    return query(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns()"
            + " WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index",
        rs ->
            new LiveColumn(
                rs.getString(1),
                ColumnType.parse(rs.getString(2)),
                !rs.getBoolean(3),
                rs.getString(4)),
        session.alias(),
        TableDdl.SCHEMA,
        table);
  }

  /** The table comment, if any. */
  public Optional<String> comment(String table) {
    return query(
            "SELECT comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
            rs -> Optional.ofNullable(rs.getString(1)),
            session.alias(),
            TableDdl.SCHEMA,
            table)
        .stream()
        .findFirst()
        .flatMap(o -> o);
  }

  /**
   * Current partition keys rendered like the spec writes them: {@code col}, {@code year(col)},
   * {@code bucket(8, col)}.
   */
  public List<String> partitioning(String table) {
    return query(
        partitioningSql(session.alias(), session.config().store()),
        rs -> renderKey(rs.getString(3), rs.getString(2)),
        table);
  }

  /**
   * The statement that reads a table's current partition keys from the lake's metadata catalog, the
   * table name bound to its one placeholder: rows of {@code key_index}, {@code column_name}, {@code
   * transform}, in key order.
   */
  public static String partitioningSql(String alias, CatalogStore store) {
    String meta =
        Sql.identifier("__ducklake_metadata_" + alias)
            + "."
            + Sql.identifier(metadataSchema(store));
    return "SELECT pc.partition_key_index AS key_index, c.column_name, pc.transform FROM "
        + meta
        + ".ducklake_partition_info pi"
        + " JOIN "
        + meta
        + ".ducklake_partition_column pc ON pc.partition_id = pi.partition_id AND pc.table_id = pi.table_id"
        + " JOIN "
        + meta
        + ".ducklake_table t ON t.table_id = pi.table_id AND t.end_snapshot IS NULL"
        + " JOIN "
        + meta
        + ".ducklake_column c ON c.column_id = pc.column_id AND c.table_id = pi.table_id AND c.end_snapshot IS NULL"
        + " WHERE pi.end_snapshot IS NULL AND t.table_name = ? ORDER BY pc.partition_key_index";
  }

  /** The table-scoped parquet_compression, if set. */
  public Optional<String> compression(String table) {
    return query(
            "SELECT value FROM "
                + Sql.identifier(session.alias())
                + ".options()"
                + " WHERE option_name = 'parquet_compression' AND scope = 'TABLE' AND scope_entry = ?",
            rs -> rs.getString(1),
            TableDdl.SCHEMA + "." + table)
        .stream()
        .findFirst();
  }

  /** Data file count and bytes of the table. */
  public TableStats stats(String table) {
    return query(
            "SELECT file_count, file_size_bytes, delete_file_count FROM "
                + Sql.identifier(session.alias())
                + ".table_info() WHERE table_name = ?",
            rs -> new TableStats(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
            table)
        .stream()
        .findFirst()
        .orElse(new TableStats(0, 0, 0));
  }

  private static String metadataSchema(CatalogStore store) {
    if (store instanceof CatalogStore.Postgres pg) {
      return pg.schema() == null ? "public" : pg.schema();
    }
    return "main";
  }

  /** One partition key as a spec writes it, from DuckLake's transform and column. */
  public static String renderKey(String transform, String column) {
    if (transform == null || transform.equals("identity")) {
      return column;
    }
    if (transform.startsWith("bucket(") && transform.endsWith(")")) {
      return "bucket(" + transform.substring(7, transform.length() - 1) + ", " + column + ")";
    }
    return transform + "(" + column + ")";
  }

  /** Maps one result row. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper, String... params) {
    try (PreparedStatement ps = session.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new EngineException("reading table metadata failed: " + e.getMessage(), e);
    }
  }
}
