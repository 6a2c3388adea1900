package dev.featherman.engine.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which functions user SQL may call: allowlists, so a function DuckDB adds is refused until it is
 * reviewed. Scalar, aggregate and window functions come from {@code allowed-functions.txt}; table
 * functions are the generators, catalog introspection and the lake's read-only views listed here.
 */
public final class FunctionPolicy {
  /** Table functions any query may scan. */
  public static final Set<String> TABLE_FUNCTIONS =
      Set.of(
          "range",
          "generate_series",
          "unnest",
          "json_each",
          "json_tree",
          "duckdb_tables",
          "duckdb_columns",
          "duckdb_views",
          "duckdb_schemas",
          "duckdb_types",
          "duckdb_constraints",
          "duckdb_functions",
          "duckdb_keywords",
          "duckdb_indexes",
          "pragma_version",
          "icu_calendar_names",
          "pg_timezone_names",
          "ducklake_snapshots",
          "ducklake_current_snapshot",
          "ducklake_last_committed_snapshot",
          "ducklake_table_info",
          "ducklake_table_changes",
          "ducklake_table_insertions",
          "ducklake_table_deletions",
          "ducklake_options");

  /** The lake's own read-only functions, called through the catalog: {@code lake.snapshots()}. */
  public static final Set<String> LAKE_FUNCTIONS =
      Set.of(
          "snapshots",
          "current_snapshot",
          "last_committed_snapshot",
          "table_info",
          "table_changes",
          "table_insertions",
          "table_deletions",
          "options");

  /** Qualifiers that name DuckDB's built-in functions rather than a database's. */
  static final Set<String> BUILT_IN_QUALIFIERS = Set.of("", "system", "main", "pg_catalog");

  private static final Set<String> ALLOWED = load("allowed-functions.txt").keySet();
  private static final Map<String, String> REFUSED = load("refused-functions.txt");

  private FunctionPolicy() {}

  /** Whether a scalar, aggregate or window function may be called. */
  public static boolean allowsFunction(String name) {
    return ALLOWED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Why a function is refused, for the error message. */
  public static String reasonRefused(String name) {
    return REFUSED.getOrDefault(
        name.toLowerCase(Locale.ROOT), "not on the list of functions queries may use");
  }

  /** The reviewed lists, for the test that keeps them complete. */
  public static Set<String> allowedFunctions() {
    return ALLOWED;
  }

  /** The reviewed refusals, for the test that keeps them complete. */
  public static Set<String> refusedFunctions() {
    return REFUSED.keySet();
  }

  /** Plan operator names DuckDB gives the allowed table functions (EXPLAIN shows these). */
  static Set<String> tableFunctionOperators() {
    return TABLE_FUNCTIONS.stream()
        .map(f -> f.toUpperCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Map<String, String> load(String resource) {
    Map<String, String> names = new HashMap<>();
    try (InputStream in = FunctionPolicy.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String name = tab < 0 ? line.strip() : line.substring(0, tab).strip();
        names.put(name.toLowerCase(Locale.ROOT), tab < 0 ? "" : line.substring(tab + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(names);
  }
}
