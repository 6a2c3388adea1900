package dev.featherman.engine.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements with DuckDB's lexical rules (quoted strings and identifiers,
 * E'' escape strings, dollar quoting, nested block comments, line comments).
 *
 * <p>Why it exists: DuckDB's JDBC {@code prepareStatement} silently <em>executes</em> every
 * statement but the last when given several, so "one statement per call" has to be decided
 * before DuckDB sees the text. Anything the lexer cannot close (an unterminated quote or comment)
 * is rejected rather than guessed at.
 */
public final class SqlStatements {
  private SqlStatements() {}

  /**
   * Returns the single statement in {@code sql} without a trailing semicolon.
   *
   * @throws QueryException BAD_REQUEST when there is no statement or more than one
   */
  public static String requireSingle(String sql) {
    List<String> statements = split(sql);
    if (statements.isEmpty()) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, "the request contains no SQL statement");
    }
    if (statements.size() > 1) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST,
          "the request contains " + statements.size() + " SQL statements; send exactly one per request");
    }
    return statements.get(0);
  }

  /** The non-empty statements of {@code sql}, trimmed, without their terminating semicolons. */
  public static List<String> split(String sql) {
    if (sql == null) {
      return List.of();
    }
    if (sql.indexOf('\0') >= 0) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, "SQL contains a NUL character");
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E') && !identifierCharBefore(sql, i - 1);
        i = skipQuoted(sql, i, '\'', escapes);
      } else if (c == '"') {
        i = skipQuoted(sql, i, '"', false);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else if (c == '$' && !identifierCharBefore(sql, i)) {
        i = skipDollarQuoted(sql, i);
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
      } else if (c == ';') {
        addIfNotBlank(out, sql.substring(start, i));
        start = ++i;
      } else {
        i++;
      }
    }
    addIfNotBlank(out, sql.substring(start));
    return out;
  }

  private static boolean identifierCharBefore(String sql, int i) {
    if (i == 0) {
      return false;
    }
    char p = sql.charAt(i - 1);
    return Character.isLetterOrDigit(p) || p == '_' || p == '$';
  }

  private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw unterminated(quote == '\'' ? "string literal" : "quoted identifier");
  }

  private static int skipBlockComment(String sql, int open) {
    int depth = 0;
    int i = open;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    throw unterminated("block comment");
  }

  /** $tag$ … $tag$ (tag may be empty); a '$' followed by digits is a parameter, not a quote. */
  private static int skipDollarQuoted(String sql, int open) {
    int i = open + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i >= sql.length() || sql.charAt(i) != '$' || (i > open + 1 && Character.isDigit(sql.charAt(open + 1)))) {
      return open + 1;
    }
    String tag = sql.substring(open, i + 1);
    int close = sql.indexOf(tag, i + 1);
    if (close < 0) {
      throw unterminated("dollar-quoted string");
    }
    return close + tag.length();
  }

  private static void addIfNotBlank(List<String> out, String statement) {
    String trimmed = statement.strip();
    if (!trimmed.isEmpty() && !onlyComments(trimmed)) {
      out.add(trimmed);
    }
  }

  private static boolean onlyComments(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end + 1;
      } else if (text.startsWith("/*", i)) {
        i = skipBlockComment(text, i);
      } else {
        return false;
      }
    }
    return true;
  }

  private static QueryException unterminated(String what) {
    return new QueryException(QueryException.Reason.BAD_REQUEST, "SQL has an unterminated " + what);
  }
}
