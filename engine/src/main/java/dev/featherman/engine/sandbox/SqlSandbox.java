package dev.featherman.engine.sandbox;

import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlLexer;
import dev.featherman.engine.query.SqlStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Confines user SQL in a DuckDB database that has one lake attached (see sandbox/DESIGN.md).
 *
 * <p>DuckDB is the authority at every step: its settings fence files, network, extensions and
 * configuration; its parser says how many statements a text holds and whether they are queries; the
 * query's syntax tree names every function and table, judged against allowlists and the lake's own
 * catalog; a write's physical plan says what it changes. Reads then run in a read-only transaction,
 * so DuckDB refuses any write a query might still reach.
 */
public final class SqlSandbox implements AutoCloseable {
  private final String lakeAlias;
  private final QueryPolicy policy;
  private final java.util.Set<String> tableFunctions;
  private final ParserConnections parsers;

  /**
   * @param parsers where texts are parsed, or null to parse on the caller's connection
   */
  private SqlSandbox(
      String lakeAlias, java.util.Set<String> tableFunctions, ParserConnections parsers) {
    this.lakeAlias = lakeAlias;
    this.tableFunctions = tableFunctions;
    this.parsers = parsers;
    this.policy = new QueryPolicy(lakeAlias, this::parse);
  }

  /** DuckDB's table functions, as the database lists them. */
  private static java.util.Set<String> tableFunctions(Connection connection) throws SQLException {
    java.util.Set<String> names = new java.util.HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT function_name FROM duckdb_functions()"
                    + " WHERE function_type IN ('table', 'table_macro')")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return java.util.Set.copyOf(names);
  }

  /**
   * Locks a database down and returns the checker for its user statements. Call once, after the
   * catalog is attached (and any trusted setup is done), before any user SQL.
   *
   * @param allowedPaths directories (local or s3://) DuckDB may still use: the lake's data path
   *     (and an export's prefix)
   */
  public static SqlSandbox lockDown(
      Connection connection, String lakeAlias, List<String> allowedPaths) throws SQLException {
    java.util.Set<String> tableFunctions = tableFunctions(connection);
    try (Statement s = connection.createStatement()) {
      String dirs = allowedPaths.stream().map(Sql::literal).collect(Collectors.joining(", "));
      s.execute("SET allowed_directories = [" + dirs + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET allow_community_extensions = false");
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET allow_unredacted_secrets = false");
      // memory_limit, max_temp_directory_size and threads were set when the database was opened
      // (EngineSettings); locking the configuration makes them caps no query can raise.
      s.execute("SET lock_configuration = true");
    }
    return new SqlSandbox(lakeAlias, tableFunctions, new ParserConnections());
  }

  /**
   * Decides what a user text is and what will run for it, before anything runs.
   *
   * @throws QueryException FORBIDDEN naming what is not allowed, or BAD_REQUEST for bad SQL
   */
  public SandboxedStatement classify(Connection connection, String sql, boolean mayWrite) {
    if (sql == null || sql.isBlank()) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, "the request contains no SQL statement");
    }
    if (sql.indexOf('\0') >= 0) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, "SQL contains a NUL character");
    }
    if (parse(connection, sql) instanceof DuckDbParser.Query query) {
      return read(sql, query);
    }
    SandboxedStatement explain = explainOfQuery(connection, sql);
    if (explain != null) {
      return explain;
    }
    return classifyWrite(connection, sql, mayWrite);
  }

  /**
   * A text that must be exactly one query (a materialization's SELECT): parsed by DuckDB, its
   * functions and the lake tables it reads checked on {@code connection}, which must have the lake
   * attached. Returns the query ready to be wrapped, without a trailing semicolon.
   *
   * @throws QueryException FORBIDDEN or BAD_REQUEST naming what is wrong
   */
  public String checkQuery(Connection connection, String sql) {
    SandboxedStatement statement = classifyQueryOnly(connection, sql);
    policy.check(connection, statement.references());
    return SqlStatements.requireSingle(statement.sql()); // without its terminating semicolons
  }

  /**
   * What can be checked without the lake (at admission): DuckDB parses {@code sql} as exactly one
   * query and every function it calls is allowed. {@code connection} may be any DuckDB.
   */
  public static void checkQueryText(Connection connection, String lakeAlias, String sql) {
    new SqlSandbox(lakeAlias, java.util.Set.of(), null).classifyQueryOnly(connection, sql);
  }

  private SandboxedStatement classifyQueryOnly(Connection connection, String sql) {
    if (sql == null || sql.isBlank() || sql.indexOf('\0') >= 0) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, "must be one SELECT query, without NUL characters");
    }
    if (!(parse(connection, sql) instanceof DuckDbParser.Query query)) {
      throw QueryPolicy.forbidden("must be a single SELECT query");
    }
    return read(sql, query);
  }

  /** A read that runs {@code sql}, for the query DuckDB parsed, once its functions are allowed. */
  private SandboxedStatement read(String sql, DuckDbParser.Query query) {
    QueryReferences refs = QueryReferences.of(query.statement());
    policy.checkFunctions(refs);
    return SandboxedStatement.read(sql, refs);
  }

  /**
   * Checks what a read names against the lake, inside the transaction the read will run in, so the
   * check and the query see the same catalog.
   */
  public void checkRead(Connection connection, SandboxedStatement statement) {
    policy.check(connection, statement.references());
  }

  /**
   * Checks a write's plan just before it runs.
   *
   * @return whether it creates or replaces a view, whose definition DuckDB's plan does not show:
   *     run it in a transaction and call {@link #checkNewViews} before committing
   */
  public boolean checkWrite(Connection connection, SandboxedStatement statement) {
    try {
      return WritePlan.check(connection, statement.sql()).equals("CREATE_VIEW");
    } catch (QueryException e) {
      if (e.getMessage().contains("read-only mode")) {
        throw QueryPolicy.forbidden(
            "catalog '" + lakeAlias + "' is attached read-only here; this lake cannot be changed");
      }
      throw e;
    }
  }

  /** The lake's views, before a CREATE VIEW runs. */
  public java.util.Map<String, String> views(Connection connection) {
    return policy.views(connection);
  }

  /** Checks the views a CREATE VIEW made, as DuckDB stored them, under the rules for queries. */
  public void checkNewViews(Connection connection, java.util.Map<String, String> before) {
    policy.checkChangedViews(connection, before);
  }

  /**
   * Whether a connection is as a pool lent it: the lake selected, nothing temporary, prepared or
   * set, and no database attached or detached.
   */
  public boolean isClean(Connection connection, int databases) {
    String sql =
        "SELECT current_database() = ?"
            + " AND (SELECT count(*) FROM duckdb_tables() WHERE temporary) = 0"
            + " AND (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) = 0"
            + " AND (SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp') = 0"
            + " AND (SELECT count(*) FROM duckdb_prepared_statements()) = 0"
            + " AND (SELECT count(*) FROM duckdb_variables()) = 0"
            + " AND (SELECT count(*) FROM duckdb_databases()) = ?";
    try (var ps = connection.prepareStatement(sql)) {
      ps.setString(1, lakeAlias);
      ps.setInt(2, databases);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * {@code EXPLAIN [ANALYZE] <query>}: the query after the keywords must be exactly one query to
   * DuckDB's parser, and what runs is built here from that query, so nothing the lexer might have
   * misread reaches DuckDB.
   */
  private SandboxedStatement explainOfQuery(Connection connection, String sql) {
    List<SqlLexer.Token> tokens = tokens(sql);
    if (tokens.isEmpty() || !isWord(tokens.get(0), "EXPLAIN")) {
      return null;
    }
    int next = 1;
    boolean analyze =
        tokens.size() > 1 && (isWord(tokens.get(1), "ANALYZE") || isWord(tokens.get(1), "ANALYSE"));
    if (analyze) {
      next = 2;
    }
    if (next >= tokens.size()) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, "EXPLAIN needs a query");
    }
    String query = sql.substring(tokens.get(next).start());
    if (!(parse(connection, query) instanceof DuckDbParser.Query q)) {
      throw QueryPolicy.forbidden(
          "only queries can be explained: EXPLAIN [ANALYZE] followed by one SELECT");
    }
    return read((analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + query, q);
  }

  private SandboxedStatement classifyWrite(Connection connection, String sql, boolean mayWrite) {
    String statement = withoutTerminator(sql);
    List<SqlLexer.Token> tokens = tokens(statement);
    StatementKind kind = StatementKind.of(tokens, 0);
    if (kind == StatementKind.UNRECOGNIZED || kind == StatementKind.READ) {
      kind = StatementKind.FORBIDDEN;
    }
    if (kind == StatementKind.WRITE && !mayWrite) {
      throw QueryPolicy.forbidden(
          "this token may only read catalog '"
              + lakeAlias
              + "'; ask for write access to change data");
    }
    if (kind != StatementKind.WRITE) {
      throw QueryPolicy.forbidden(
          mayWrite
              ? "this kind of statement is not allowed; send a SELECT, or an INSERT, UPDATE,"
                  + " DELETE, or CREATE/ALTER/DROP of a TABLE, VIEW or SCHEMA"
              : "this token may only read catalog '"
                  + lakeAlias
                  + "', and DuckDB parsed a statement that is not a SELECT; send one SELECT (or"
                  + " EXPLAIN of one)");
    }
    if (statement.indexOf(';') >= 0) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST,
          "a write may contain ';' only at its end, so that DuckDB sees exactly one statement;"
              + " write values containing ';' with chr(59)");
    }
    for (SqlLexer.Token t : tokens) {
      if (isWord(t, "TEMP") || isWord(t, "TEMPORARY") || isWord(t, "MACRO")) {
        throw QueryPolicy.forbidden("temporary objects and macros cannot be created here");
      }
    }
    WriteReferences.check(tokens, lakeAlias, tableFunctions);
    return SandboxedStatement.write(statement);
  }

  /** DuckDB's parse of {@code sql}, on the parser database when there is one. */
  private DuckDbParser.Parsed parse(Connection connection, String sql) {
    return parsers == null ? DuckDbParser.parse(connection, sql) : parsers.with(p -> p.parse(sql));
  }

  @Override
  public void close() {
    if (parsers != null) {
      parsers.close();
    }
  }

  private static String withoutTerminator(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  private static List<SqlLexer.Token> tokens(String sql) {
    return SqlLexer.tokenize(sql);
  }

  private static boolean isWord(SqlLexer.Token token, String word) {
    return token.kind() == SqlLexer.Kind.WORD && token.text().equals(word.toUpperCase(Locale.ROOT));
  }
}
