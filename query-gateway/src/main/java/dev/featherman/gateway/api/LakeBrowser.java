package dev.featherman.gateway.api;

import dev.featherman.api.worker.Inspection;
import dev.featherman.engine.Sql;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.executor.Route;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a caller may see of the lakes, asked of the lakes themselves through the caller's own
 * sandboxed query path (so a token sees exactly what it could query): catalogs, their tables
 * ({@code SHOW TABLES}), a table's columns ({@code DESCRIBE}) and the lake's own views such as
 * {@code snapshots()}. Shared by the REST discovery API and Flight SQL browsing.
 */
public final class LakeBrowser {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final QueryService queries;

  public LakeBrowser(QueryService queries) {
    this.queries = queries;
  }

  /** The catalogs served here that the caller may query, by name. */
  public List<String> catalogs(Principal caller) {
    return queries.catalogs(caller);
  }

  /** The tables of the catalog's default schema, by name. */
  public List<String> tables(Principal caller, String catalog) throws Exception {
    return rows(caller, catalog, "SHOW TABLES").stream()
        .map(r -> String.valueOf(r.get("name")))
        .sorted()
        .toList();
  }

  /** The table, or 404 naming the tables there are. */
  public String requireTable(Principal caller, String catalog, String table) throws Exception {
    List<String> tables = tables(caller, catalog);
    if (!tables.contains(table)) {
      throw new GatewayException(
          HttpStatus.NOT_FOUND,
          "catalog '"
              + catalog
              + "' has no table '"
              + table
              + "'"
              + (tables.isEmpty() ? "" : "; it has " + String.join(", ", tables)));
    }
    return table;
  }

  /** The table's columns as DuckDB describes them: name, type, whether nulls are allowed. */
  public List<Map<String, Object>> columns(Principal caller, String catalog, String table)
      throws Exception {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (Map<String, Object> r : rows(caller, catalog, "DESCRIBE " + Sql.identifier(table))) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", r.get("column_name"));
      column.put("type", r.get("column_type"));
      column.put("nullable", "YES".equals(r.get("null")));
      columns.add(column);
    }
    return columns;
  }

  /** The table's current partition keys as a spec writes them: {@code col}, {@code year(col)}. */
  public List<String> partitioning(Principal caller, String catalog, String table)
      throws Exception {
    return jsonRows(
            run(caller, catalog, table, List.of(), OutputFormat.JSON, Inspection.PARTITIONING))
        .stream()
        .map(
            r ->
                TableInspector.renderKey(
                    (String) r.get("transform"), String.valueOf(r.get("column_name"))))
        .toList();
  }

  /**
   * DuckDB's type for each placeholder of {@code query}, in order ({@code INVALID} where the query
   * gives none), judged by the sandbox like the query itself.
   */
  public List<String> parameterTypes(Principal caller, String catalog, String query)
      throws Exception {
    return jsonRows(
            run(caller, catalog, query, List.of(), OutputFormat.JSON, Inspection.PARAMETER_TYPES))
        .stream()
        .map(r -> String.valueOf(r.get("parameter_type")))
        .toList();
  }

  /** The rows of one statement's result, each a map from column name to its JSON value. */
  public List<Map<String, Object>> rows(Principal caller, String catalog, String sql)
      throws Exception {
    return jsonRows(result(caller, catalog, sql, List.of(), OutputFormat.JSON));
  }

  private static List<Map<String, Object>> jsonRows(byte[] jsonLines) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : new String(jsonLines, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JSON.readValue(line, LinkedHashMap.class);
        rows.add(row);
      }
    }
    return rows;
  }

  /** One small statement's whole result in {@code format}, run as the caller. */
  public byte[] result(
      Principal caller, String catalog, String sql, List<Object> params, OutputFormat format)
      throws Exception {
    return run(caller, catalog, sql, params, format, null);
  }

  private byte[] run(
      Principal caller,
      String catalog,
      String sql,
      List<Object> params,
      OutputFormat format,
      Inspection inspect)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    queries.run(
        caller,
        new QueryService.Statement(
            UUID.randomUUID().toString(),
            catalog,
            sql,
            params,
            format,
            out,
            new QueryControl(),
            new Route(),
            inspect));
    return out.toByteArray();
  }
}
