package dev.featherman.engine.sandbox;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lake's schemas, tables and views as DuckDB's catalog shows them inside the caller's
 * transaction, tagged with the lake snapshot they belong to, so the names a query uses are judged
 * against what DuckDB will bind, including view definitions written by other processes a moment ago
 * (their commit is a new snapshot).
 */
final class LakeRelations {
  /** A table or view of the lake; {@code viewSql} is null for tables. */
  record Relation(String schema, String name, String viewSql) {}

  private final long snapshot;
  private final Set<String> schemas;
  private final Map<String, Relation> relations;

  private LakeRelations(long snapshot, Set<String> schemas, Map<String, Relation> relations) {
    this.snapshot = snapshot;
    this.schemas = schemas;
    this.relations = relations;
  }

  /** The lake snapshot these relations were read at. */
  long snapshot() {
    return snapshot;
  }

  /** The lake's snapshot as the caller's transaction sees it. */
  static long currentSnapshot(Connection connection, String lake) {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM " + Sql.identifier(lake) + ".current_snapshot()")) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    }
  }

  /**
   * Reads the lake's schemas, tables and views (with their definitions) on the caller's connection.
   */
  static LakeRelations read(Connection connection, String lake, long snapshot) {
    String sql =
        "SELECT 's', schema_name, NULL, NULL FROM duckdb_schemas() WHERE database_name = ?"
            + " UNION ALL SELECT 't', schema_name, table_name, NULL FROM duckdb_tables()"
            + " WHERE database_name = ?"
            + " UNION ALL SELECT 'v', schema_name, view_name, sql FROM duckdb_views()"
            + " WHERE database_name = ?";
    Set<String> schemas = new HashSet<>();
    Map<String, Relation> relations = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, lake);
      ps.setString(2, lake);
      ps.setString(3, lake);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String schema = rs.getString(2).toLowerCase(Locale.ROOT);
          if (rs.getString(1).equals("s")) {
            schemas.add(schema);
          } else {
            String name = rs.getString(3).toLowerCase(Locale.ROOT);
            relations.put(schema + "." + name, new Relation(schema, name, rs.getString(4)));
          }
        }
      }
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    }
    return new LakeRelations(snapshot, Set.copyOf(schemas), Map.copyOf(relations));
  }

  /** Whether the lake has this schema. */
  boolean hasSchema(String schema) {
    return schemas.contains(schema);
  }

  /** The relation {@code schema.name}, if the lake has it. */
  Optional<Relation> find(String schema, String name) {
    return Optional.ofNullable(relations.get(schema + "." + name));
  }
}
