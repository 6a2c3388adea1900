package dev.featherman.engine.sandbox;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlLexer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges what a parsed query names: every function on the allowlists, every table or view one of
 * the lake's own (or a CTE), and every view's definition under the same rules. Built-in views
 * ({@code duckdb_databases}, {@code information_schema.*}), other databases and file paths are not
 * the lake's tables, so they are refused by the same rule that admits the lake's.
 */
final class QueryPolicy {
  /** Views may use views; a definition nested deeper than this is refused. */
  private static final int MAX_VIEW_DEPTH = 8;

  /** Parses a view's definition (on the parser database, not the lake's connection). */
  interface Parser {
    DuckDbParser.Parsed parse(Connection connection, String sql);
  }

  private final String lake;
  private final Parser parser;

  /** The lake's relations as of the snapshot they were read in (reloaded when it moves). */
  private volatile LakeRelations cached;

  QueryPolicy(String lake, Parser parser) {
    this.lake = lake.toLowerCase(Locale.ROOT);
    this.parser = parser;
  }

  /** Checks the functions alone: what can be judged without the lake (e.g. at admission). */
  void checkFunctions(QueryReferences refs) {
    for (QueryReferences.Name f : refs.functions()) {
      boolean builtIn =
          f.catalog().isEmpty() && FunctionPolicy.BUILT_IN_QUALIFIERS.contains(f.schema());
      if (!builtIn || !FunctionPolicy.allowsFunction(f.name())) {
        throw forbidden(
            "function '"
                + f.display()
                + "' is not allowed in queries ("
                + FunctionPolicy.reasonRefused(f.name())
                + ")");
      }
    }
    for (QueryReferences.Name f : refs.tableFunctions()) {
      if (!tableFunctionAllowed(f)) {
        throw forbidden(
            "table function '"
                + f.display()
                + "' is not allowed: query the lake's tables, or its snapshots(), table_info(),"
                + " table_changes() views");
      }
    }
    for (String show : refs.shows()) {
      if (!show.startsWith("DESCRIBE:")
          && !show.startsWith("SUMMARY:")
          && !show.equals("SHOW_UNQUALIFIED:\"tables\"")) {
        throw forbidden("only SHOW TABLES, DESCRIBE and SUMMARIZE are available");
      }
    }
  }

  /** Checks everything, resolving table names in the lake inside the caller's transaction. */
  void check(Connection connection, QueryReferences refs) {
    new Walk(connection, true).check(refs, 0);
  }

  /** The lake's views and their definitions, to see what a CREATE VIEW changed. */
  Map<String, String> views(Connection connection) {
    Map<String, String> views = new HashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE database_name = ?")) {
      ps.setString(1, lake);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.put(
              rs.getString(1).toLowerCase(Locale.ROOT)
                  + "."
                  + rs.getString(2).toLowerCase(Locale.ROOT),
              rs.getString(3));
        }
      }
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    }
    return views;
  }

  /**
   * Checks every view that is new or changed since {@code before}, as its readers will see it. Runs
   * inside the write's own transaction, so its uncommitted catalog is read afresh and never cached.
   */
  void checkChangedViews(Connection connection, Map<String, String> before) {
    views(connection)
        .forEach(
            (key, sql) -> {
              if (!sql.equals(before.get(key))) {
                int dot = key.indexOf('.');
                Walk walk = new Walk(connection, false);
                walk.seen.add(key);
                walk.checkView(
                    new LakeRelations.Relation(key.substring(0, dot), key.substring(dot + 1), sql),
                    0);
              }
            });
  }

  /** One check of a query and the views it reads, sharing one look at the lake's catalog. */
  private final class Walk {
    final Connection connection;
    final boolean committedCatalog;
    final Set<String> seen = new HashSet<>();
    LakeRelations relations;

    Walk(Connection connection, boolean committedCatalog) {
      this.connection = connection;
      this.committedCatalog = committedCatalog;
    }

    void check(QueryReferences refs, int depth) {
      checkFunctions(refs);
      List<QueryReferences.Table> lakeTables =
          refs.tables().stream().filter(t -> !isCte(t, refs)).toList();
      for (QueryReferences.Table table : lakeTables) {
        LakeRelations.Relation relation = resolve(table, relations());
        if (relation.viewSql() != null && seen.add(relation.schema() + "." + relation.name())) {
          checkView(relation, depth);
        }
      }
    }

    void checkView(LakeRelations.Relation view, int depth) {
      if (depth >= MAX_VIEW_DEPTH) {
        throw forbidden(
            "view '" + view.name() + "' nests views more than " + MAX_VIEW_DEPTH + " deep");
      }
      String body = ViewDefinitions.body(view.viewSql());
      DuckDbParser.Parsed parsed;
      try {
        parsed = body == null ? null : parser.parse(connection, body);
      } catch (QueryException e) {
        parsed = null;
      }
      if (!(parsed instanceof DuckDbParser.Query query)) {
        throw forbidden("view '" + view.name() + "' has a definition the sandbox cannot check");
      }
      try {
        check(QueryReferences.of(query.statement()), depth + 1);
      } catch (QueryException e) {
        throw forbidden("view '" + view.name() + "' is not allowed: " + e.getMessage());
      }
    }

    LakeRelations relations() {
      if (relations == null) {
        relations =
            committedCatalog
                ? cachedRelations(connection)
                : LakeRelations.read(connection, lake, -1);
      }
      return relations;
    }
  }

  /**
   * The lake's relations in the caller's transaction: read again only when the lake's snapshot is
   * not the one the cached copy was read at (every change to tables or views makes a snapshot).
   */
  private LakeRelations cachedRelations(Connection connection) {
    long snapshot = LakeRelations.currentSnapshot(connection, lake);
    LakeRelations current = cached;
    if (current == null || current.snapshot() != snapshot) {
      current = LakeRelations.read(connection, lake, snapshot);
      cached = current;
    }
    return current;
  }

  private LakeRelations.Relation resolve(QueryReferences.Table table, LakeRelations relations) {
    String catalog = table.catalog();
    String schema = table.schema();
    if (catalog.isEmpty() && schema.equals(lake) && !relations.hasSchema(schema)) {
      schema = "main"; // lake.table: DuckDB reads a two-part name as catalog.table here
    } else if (!catalog.isEmpty() && !catalog.equals(lake)) {
      throw notInLake(table);
    }
    if (schema.isEmpty()) {
      schema = "main";
    }
    return relations.find(schema, table.name()).orElseThrow(() -> notInLake(table));
  }

  private static boolean isCte(QueryReferences.Table table, QueryReferences refs) {
    return table.catalog().isEmpty()
        && table.schema().isEmpty()
        && refs.cteNames().contains(table.name());
  }

  private boolean tableFunctionAllowed(QueryReferences.Name f) {
    boolean lakeQualified =
        (f.catalog().isEmpty() && f.schema().equals(lake))
            || (f.catalog().equals(lake) && (f.schema().isEmpty() || f.schema().equals("main")));
    if (lakeQualified) {
      return FunctionPolicy.LAKE_FUNCTIONS.contains(f.name());
    }
    if (!f.catalog().isEmpty() || !FunctionPolicy.BUILT_IN_QUALIFIERS.contains(f.schema())) {
      return false;
    }
    return FunctionPolicy.TABLE_FUNCTIONS.contains(f.name())
        || (f.schema().isEmpty() && FunctionPolicy.LAKE_FUNCTIONS.contains(f.name()));
  }

  private QueryException notInLake(QueryReferences.Table table) {
    return forbidden(
        "'"
            + table.display()
            + "' is not a table or view of catalog '"
            + lake
            + "'; only the lake's own tables can be queried");
  }

  static QueryException forbidden(String message) {
    return new QueryException(QueryException.Reason.FORBIDDEN, message);
  }

  /** Finds the SELECT inside DuckDB's canonical {@code CREATE VIEW name AS …;} text. */
  static final class ViewDefinitions {
    private ViewDefinitions() {}

    /** The query after the view's name and column list, or null when the text is not that shape. */
    static String body(String createView) {
      List<SqlLexer.Token> tokens;
      try {
        tokens = SqlLexer.tokenize(createView);
      } catch (QueryException e) {
        return null;
      }
      int i = 0;
      for (; i < tokens.size(); i++) {
        SqlLexer.Token t = tokens.get(i);
        if (t.kind() == SqlLexer.Kind.WORD && t.text().equals("AS") && i >= 3) {
          break;
        }
        if (t.is('(')) {
          i = closing(tokens, i);
        }
      }
      if (i + 1 >= tokens.size() || !tokens.get(0).text().equals("CREATE")) {
        return null;
      }
      String body = createView.substring(tokens.get(i + 1).start()).strip();
      return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
    }

    private static int closing(List<SqlLexer.Token> tokens, int open) {
      int depth = 0;
      for (int i = open; i < tokens.size(); i++) {
        if (tokens.get(i).is('(')) {
          depth++;
        } else if (tokens.get(i).is(')') && --depth == 0) {
          return i;
        }
      }
      return tokens.size();
    }
  }
}
