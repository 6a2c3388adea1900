package dev.featherman.engine.sandbox;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.query.QueryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lake's schemas, tables and views as DuckDB's catalog shows them inside the caller's
 * transaction, so the names a query uses are judged against what DuckDB will bind, including view
 * definitions written by other processes a moment ago.
 */
final class LakeRelations {
  /** A table or view of the lake; {@code viewSql} is null for tables. */
  record Relation(String schema, String name, String viewSql) {}

  private final Set<String> schemas;
  private final Map<String, Relation> relations;

  private LakeRelations(Set<String> schemas, Map<String, Relation> relations) {
    this.schemas = schemas;
    this.relations = relations;
  }

  /** Reads the lake's schemas and its relations among {@code names} on the caller's connection. */
  static LakeRelations read(Connection connection, String lake, Set<String> names) {
    String sql =
        "SELECT 's', schema_name, NULL, NULL FROM duckdb_schemas() WHERE database_name = ?"
            + " UNION ALL SELECT 't', schema_name, table_name, NULL FROM duckdb_tables()"
            + " WHERE database_name = ? AND lower(table_name) IN ("
            + placeholders(names.size())
            + ") UNION ALL SELECT 'v', schema_name, view_name, sql FROM duckdb_views()"
            + " WHERE database_name = ? AND lower(view_name) IN ("
            + placeholders(names.size())
            + ")";
    Set<String> schemas = new HashSet<>();
    Map<String, Relation> relations = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, lake);
      for (int pass = 0; pass < 2; pass++) { // tables, then views
        ps.setString(i++, lake);
        for (String name : names) {
          ps.setString(i++, name);
        }
      }
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
    return new LakeRelations(Set.copyOf(schemas), Map.copyOf(relations));
  }

  /** Whether the lake has this schema. */
  boolean hasSchema(String schema) {
    return schemas.contains(schema);
  }

  /** The relation {@code schema.name}, if the lake has it. */
  Optional<Relation> find(String schema, String name) {
    return Optional.ofNullable(relations.get(schema + "." + name));
  }

  /** {@code ?, ?, …}: NULL alone when there is no name, so the IN list stays valid SQL. */
  private static String placeholders(int count) {
    return count == 0 ? "NULL" : String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
