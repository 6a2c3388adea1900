package dev.featherman.engine.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at top-level semicolons found by {@link SqlLexer}.
 *
 * <p>Why it exists: DuckDB's JDBC {@code prepareStatement} silently <em>executes</em> every
 * statement but the last when given several, so "one statement per call" has to be decided before
 * DuckDB sees the text.
 */
public final class SqlStatements {
  private SqlStatements() {}

  /**
   * Returns the single statement in {@code sql}, trimmed, without a trailing semicolon.
   *
   * @throws QueryException BAD_REQUEST when there is no statement or more than one
   */
  public static String requireSingle(String sql) {
    List<String> statements = split(sql);
    requireOne(statements.size());
    return statements.get(0);
  }

  /**
   * @throws QueryException BAD_REQUEST unless {@code count} statements is exactly one
   */
  public static void requireOne(int count) {
    if (count == 0) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, "the request contains no SQL statement");
    }
    if (count > 1) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST,
          "the request contains " + count + " SQL statements; send exactly one per request");
    }
  }

  /** The non-empty statements of {@code sql}, trimmed, without their terminating semicolons. */
  public static List<String> split(String sql) {
    if (sql == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int start = -1;
    int end = -1;
    for (SqlLexer.Token token : SqlLexer.tokenize(sql)) {
      if (token.is(';')) {
        if (start >= 0) {
          out.add(sql.substring(start, end).strip());
        }
        start = -1;
      } else {
        if (start < 0) {
          start = token.start();
        }
        end = token.end();
      }
    }
    if (start >= 0) {
      out.add(sql.substring(start, end).strip());
    }
    return out;
  }
}
