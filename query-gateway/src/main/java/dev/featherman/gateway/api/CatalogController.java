package dev.featherman.gateway.api;

import dev.featherman.engine.Sql;
import dev.featherman.gateway.auth.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Discovery: the catalogs a token may query, their tables, a table's columns and figures, and the
 * catalog's snapshots (for time travel). Everything is asked of the lakes through the caller's own
 * sandboxed query path, so it shows exactly what the token could query.
 */
@RestController
public class CatalogController {
  private final LakeBrowser lakes;

  public CatalogController(LakeBrowser lakes) {
    this.lakes = lakes;
  }

  @GetMapping(path = "/v1/catalogs", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> catalogs(@RequestAttribute(RequestGuard.PRINCIPAL) Principal caller) {
    return Map.of("catalogs", lakes.catalogs(caller).stream().map(c -> Map.of("name", c)).toList());
  }

  @GetMapping(path = "/v1/catalogs/{catalog}/tables", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> tables(
      @RequestAttribute(RequestGuard.PRINCIPAL) Principal caller,
      @PathVariable("catalog") String catalog)
      throws Exception {
    return Map.of(
        "catalog",
        catalog,
        "tables",
        lakes.tables(caller, catalog).stream().map(t -> Map.of("name", t)).toList());
  }

  @GetMapping(
      path = "/v1/catalogs/{catalog}/tables/{table}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> table(
      @RequestAttribute(RequestGuard.PRINCIPAL) Principal caller,
      @PathVariable("catalog") String catalog,
      @PathVariable("table") String table)
      throws Exception {
    lakes.requireTable(caller, catalog, table);
    String quoted = Sql.identifier(table);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("catalog", catalog);
    answer.put("name", table);
    answer.put("columns", lakes.columns(caller, catalog, table));
    answer.put("partitioning", lakes.partitioning(caller, catalog, table));
    answer.put(
        "rowCount", single(lakes.rows(caller, catalog, "SELECT count(*) AS n FROM " + quoted)));
    answer.put(
        "currentSnapshot",
        single(
            lakes.rows(
                caller,
                catalog,
                "SELECT max(snapshot_id) AS id FROM " + Sql.identifier(catalog) + ".snapshots()")));
    List<Map<String, Object>> files =
        lakes.rows(
            caller,
            catalog,
            "SELECT file_count, file_size_bytes, delete_file_count, delete_file_size_bytes FROM "
                + Sql.identifier(catalog)
                + ".table_info() WHERE table_name = "
                + Sql.literal(table));
    answer.put("files", files.isEmpty() ? Map.of() : files.get(0));
    return answer;
  }

  @GetMapping(
      path = "/v1/catalogs/{catalog}/snapshots",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> snapshots(
      @RequestAttribute(RequestGuard.PRINCIPAL) Principal caller,
      @PathVariable("catalog") String catalog)
      throws Exception {
    return Map.of(
        "catalog",
        catalog,
        "snapshots",
        lakes.rows(
            caller,
            catalog,
            "SELECT * FROM " + Sql.identifier(catalog) + ".snapshots() ORDER BY snapshot_id"));
  }

  private static Object single(List<Map<String, Object>> rows) {
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }
}
