package dev.featherman.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything a query names, read from the syntax tree DuckDB's parser produced: the functions it
 * calls, the table functions it scans, the tables it reads, the CTEs it defines and the SHOW forms
 * it uses. The tree is walked generically, so a node kind this class does not know is still
 * searched for the names inside it.
 */
public record QueryReferences(
    List<Name> functions,
    List<Name> tableFunctions,
    List<Table> tables,
    Set<String> cteNames,
    List<String> shows) {

  /** A function as written: catalog and schema qualifiers may be empty. */
  public record Name(String catalog, String schema, String name) {
    /** How the caller wrote it, for messages. */
    public String display() {
      StringBuilder sb = new StringBuilder();
      if (!catalog.isEmpty()) {
        sb.append(catalog).append('.');
      }
      if (!schema.isEmpty()) {
        sb.append(schema).append('.');
      }
      return sb.append(name).toString();
    }
  }

  /** A table or view reference as written: catalog and schema may be empty. */
  public record Table(String catalog, String schema, String name) {
    /** How the caller wrote it, for messages. */
    public String display() {
      return new Name(catalog, schema, name).display();
    }
  }

  /** The references of one serialized statement. */
  public static QueryReferences of(JsonNode statement) {
    Collector c = new Collector();
    c.walk(statement);
    return new QueryReferences(
        List.copyOf(c.functions),
        List.copyOf(c.tableFunctions),
        List.copyOf(c.tables),
        Set.copyOf(c.ctes),
        List.copyOf(c.shows));
  }

  /** Accumulates names while walking the tree. */
  private static final class Collector {
    final List<Name> functions = new ArrayList<>();
    final List<Name> tableFunctions = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();
    final Set<String> ctes = new HashSet<>();
    final List<String> shows = new ArrayList<>();

    void walk(JsonNode node) {
      if (node == null) {
        return;
      }
      if (node.isArray()) {
        node.forEach(this::walk);
        return;
      }
      if (!node.isObject()) {
        return;
      }
      String type = node.path("type").asText("");
      String clazz = node.path("class").asText("");
      if (type.equals("TABLE_FUNCTION")) {
        JsonNode function = node.path("function");
        tableFunctions.add(name(function));
        walk(function.path("children"));
        walkExcept(node, Set.of("function"));
        return;
      }
      if (clazz.equals("FUNCTION") || clazz.equals("WINDOW") || clazz.equals("AGGREGATE")) {
        if (!node.path("is_operator").asBoolean(false)) {
          functions.add(name(node));
        }
      } else if (type.equals("BASE_TABLE")) {
        tables.add(
            new Table(
                lower(node.path("catalog_name")),
                lower(node.path("schema_name")),
                lower(node.path("table_name"))));
      } else if (type.equals("SHOW_REF")) {
        shows.add(node.path("show_type").asText("") + ":" + lower(node.path("table_name")));
      }
      JsonNode cteMap = node.path("cte_map").path("map");
      if (cteMap.isArray()) {
        cteMap.forEach(entry -> ctes.add(lower(entry.path("key"))));
      }
      walkExcept(node, Set.of());
    }

    private void walkExcept(JsonNode node, Set<String> skipped) {
      for (var it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!skipped.contains(field.getKey())) {
          walk(field.getValue());
        }
      }
    }

    private static Name name(JsonNode function) {
      return new Name(
          lower(function.path("catalog")),
          lower(function.path("schema")),
          lower(function.path("function_name")));
    }

    private static String lower(JsonNode text) {
      return text.asText("").toLowerCase(Locale.ROOT);
    }
  }
}
