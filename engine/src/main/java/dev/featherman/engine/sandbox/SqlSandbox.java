package dev.featherman.engine.sandbox;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlLexer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Confines user SQL in a DuckDB database that has one lake attached (see sandbox/DESIGN.md).
 *
 * <p>DuckDB enforces the outer boundary: external access is off except for the lake's data path,
 * and configuration is locked so no statement can switch it back. Statement checks cover what
 * settings cannot: the statement's kind (read, write, or anything else, which is refused), and the
 * objects it names, read from the same tokens DuckDB will parse: no other attached database (the
 * lake's own metadata catalog above all) and no table function outside {@link
 * #ALLOWED_TABLE_FUNCTIONS} (file readers, {@code query()}, {@code duckdb_secrets()}, maintenance
 * procedures).
 */
public final class SqlSandbox {
  /** Table functions users may call: generators, catalog introspection and the lake's views. */
  public static final Set<String> ALLOWED_TABLE_FUNCTIONS =
      Set.of(
          "range",
          "generate_series",
          "unnest",
          "json_each",
          "json_tree",
          "repeat_row",
          "duckdb_tables",
          "duckdb_columns",
          "duckdb_views",
          "duckdb_schemas",
          "duckdb_types",
          "duckdb_constraints",
          "duckdb_functions",
          "duckdb_keywords",
          "duckdb_indexes",
          "pragma_table_info",
          "pragma_show",
          "pragma_version",
          "snapshots",
          "current_snapshot",
          "last_committed_snapshot",
          "table_info",
          "table_changes",
          "table_insertions",
          "table_deletions",
          "options",
          "ducklake_snapshots",
          "ducklake_current_snapshot",
          "ducklake_last_committed_snapshot",
          "ducklake_table_info",
          "ducklake_table_changes",
          "ducklake_table_insertions",
          "ducklake_table_deletions",
          "ducklake_options");

  /** DuckLake attaches a lake's metadata database under this prefix plus the lake's alias. */
  private static final String METADATA_PREFIX = "__ducklake_metadata_";

  private final String lakeAlias;
  private final Set<String> otherDatabases;
  private final Set<String> tableFunctions;

  private SqlSandbox(String lakeAlias, Set<String> otherDatabases, Set<String> tableFunctions) {
    this.lakeAlias = lakeAlias;
    this.otherDatabases = otherDatabases;
    this.tableFunctions = tableFunctions;
  }

  /**
   * Locks a database down and returns the checker for its user statements. Call once, after the
   * catalog is attached (and any trusted setup is done), before any user SQL.
   *
   * @param lakeAlias the attached lake users may use
   * @param allowedPaths directories (local or s3://) DuckDB may still use: the lake's data path
   */
  public static SqlSandbox lockDown(
      Connection connection, String lakeAlias, List<String> allowedPaths) throws SQLException {
    Set<String> databases = new HashSet<>();
    Set<String> functions = new HashSet<>();
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT database_name FROM duckdb_databases()")) {
        while (rs.next()) {
          databases.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')")) {
        while (rs.next()) {
          functions.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
      String dirs = allowedPaths.stream().map(Sql::literal).collect(Collectors.joining(", "));
      s.execute("SET allowed_directories = [" + dirs + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET allow_community_extensions = false");
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET lock_configuration = true");
    }
    databases.remove(lakeAlias.toLowerCase(Locale.ROOT));
    // duckdb_databases() hides the lake's own metadata catalog; it matters most of all.
    databases.add(METADATA_PREFIX + lakeAlias.toLowerCase(Locale.ROOT));
    databases.add("temp");
    databases.add("system");
    return new SqlSandbox(lakeAlias, Set.copyOf(databases), Set.copyOf(functions));
  }

  /**
   * Checks one user statement before it runs.
   *
   * @throws QueryException FORBIDDEN naming what is not allowed, or BAD_REQUEST for bad SQL
   */
  public StatementKind check(Connection connection, String statement, boolean mayWrite) {
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(statement);
    StatementKind kind = StatementKind.of(tokens, 0);
    if (kind == StatementKind.UNRECOGNIZED) {
      // Most likely a typo: report DuckDB's syntax error; a valid statement of an unknown kind is
      // refused.
      parserVerdict(connection, statement)
          .ifPresent(
              error -> {
                throw new QueryException(QueryException.Reason.BAD_REQUEST, error);
              });
      kind = StatementKind.FORBIDDEN;
    }
    if (kind == StatementKind.FORBIDDEN) {
      throw forbidden(
          "this kind of statement is not allowed; send a SELECT, or with write access an"
              + " INSERT, UPDATE, DELETE, or CREATE/ALTER/DROP of a TABLE, VIEW or SCHEMA");
    }
    if (kind == StatementKind.WRITE && !mayWrite) {
      throw forbidden(
          "this token may only read catalog '"
              + lakeAlias
              + "'; ask for write access to change data");
    }
    checkReferences(tokens);
    if (kind == StatementKind.READ && !mayWrite && startsWithCte(tokens)) {
      requireSelect(connection, statement);
    }
    return kind;
  }

  private void checkReferences(List<SqlLexer.Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (!t.isIdentifier()) {
        continue;
      }
      boolean qualifier = i + 1 < tokens.size() && tokens.get(i + 1).is('.');
      boolean qualified = i > 0 && tokens.get(i - 1).is('.');
      if (qualifier
          && !qualified
          && (otherDatabases.contains(t.name()) || t.name().startsWith(METADATA_PREFIX))) {
        throw forbidden(
            "only catalog '" + lakeAlias + "' may be used; '" + t.text() + "' is not it");
      }
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is('(');
      if (call
          && tableFunctions.contains(t.name())
          && !ALLOWED_TABLE_FUNCTIONS.contains(t.name())) {
        throw forbidden(
            "table function '" + t.name() + "' is not allowed: query the lake's tables instead");
      }
    }
  }

  private static boolean startsWithCte(List<SqlLexer.Token> tokens) {
    return !tokens.isEmpty() && (tokens.get(0).is('(') || "WITH".equals(tokens.get(0).text()));
  }

  /**
   * DuckDB's parser serializes only SELECT statements; a CTE in front of a write fails that test.
   */
  private static void requireSelect(Connection connection, String statement) {
    parserVerdict(connection, statement)
        .ifPresent(
            error -> {
              throw error.startsWith("Parser Error")
                  ? new QueryException(QueryException.Reason.BAD_REQUEST, error)
                  : forbidden("this token may only read; the statement is not a SELECT");
            });
  }

  /**
   * Asks DuckDB's parser (without binding or running anything) about a statement: empty for a
   * SELECT, else the parser's error, e.g. "Parser Error: syntax error at or near …".
   */
  private static Optional<String> parserVerdict(Connection connection, String statement) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT j ->> '$.error_message' FROM (SELECT json_serialize_sql(?::VARCHAR)::JSON AS j)"
                + " WHERE (j ->> '$.error')::BOOLEAN")) {
      ps.setString(1, statement);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    }
  }

  private static QueryException forbidden(String message) {
    return new QueryException(QueryException.Reason.FORBIDDEN, message);
  }
}
