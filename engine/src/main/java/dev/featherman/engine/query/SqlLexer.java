package dev.featherman.engine.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tokens of SQL text under DuckDB's lexical rules: quoted strings ('' doubling), E'' escape
 * strings, quoted identifiers, dollar quoting, nested block comments and line comments. Anything
 * the lexer cannot close is rejected rather than guessed at. Shared by statement splitting and the
 * sandbox, so both see the same boundaries.
 */
public final class SqlLexer {
  /** Kinds of token. */
  public enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    SYMBOL
  }

  /**
   * One token.
   *
   * @param text for WORD the upper-cased word; for QUOTED_IDENTIFIER the unquoted name; else raw
   * @param start offset in the source
   * @param end offset just past the token
   */
  public record Token(Kind kind, String text, int start, int end) {
    /** Whether this is the single character {@code c}. */
    public boolean is(char c) {
      return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    /** An identifier, quoted or not, lower-cased as DuckDB compares them. */
    public boolean isIdentifier() {
      return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The identifier in DuckDB's case-insensitive form. */
    public String name() {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  private SqlLexer() {}

  /**
   * @throws QueryException BAD_REQUEST for NUL characters or unterminated constructs
   */
  public static List<Token> tokenize(String sql) {
    if (sql.indexOf('\0') >= 0) {
      throw bad("SQL contains a NUL character");
    }
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = lineCommentEnd(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else if (c == '\'') {
        int end = skipQuoted(sql, i, '\'', false);
        out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
        i = end;
      } else if (c == '"') {
        int end = skipQuoted(sql, i, '"', false);
        out.add(
            new Token(
                Kind.QUOTED_IDENTIFIER,
                sql.substring(i + 1, end - 1).replace("\"\"", "\""),
                i,
                end));
        i = end;
      } else if (c == '$' && i + 1 < n && !isDigit(sql.charAt(i + 1)) && isDollarTag(sql, i)) {
        int end = skipDollarQuoted(sql, i);
        out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
        i = end;
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && (isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '$')) {
          i++;
        }
        if (i - start == 1 && (c == 'e' || c == 'E') && i < n && sql.charAt(i) == '\'') {
          int end = skipQuoted(sql, i, '\'', true);
          out.add(new Token(Kind.STRING, sql.substring(start, end), start, end));
          i = end;
        } else {
          out.add(new Token(Kind.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT), start, i));
        }
      } else if (isDigit(c)) {
        int start = i;
        while (i < n && (isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
        i++;
      }
    }
    return out;
  }

  /** DuckDB's scanner: space is exactly these six characters; anything else is a token. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
  }

  /** A line comment ends at a line feed or a carriage return, as in DuckDB's scanner. */
  private static int lineCommentEnd(String sql, int start) {
    for (int i = start; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        return i + 1;
      }
    }
    return sql.length();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** ASCII letters, underscore and every non-ASCII character start identifiers and dollar tags. */
  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }

  private static boolean isDollarTag(String sql, int open) {
    int i = open + 1;
    if (i < sql.length() && sql.charAt(i) == '$') {
      return true; // $$
    }
    if (i >= sql.length() || !isIdentifierStart(sql.charAt(i))) {
      return false;
    }
    while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$';
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
    throw bad(
        "SQL has an unterminated " + (quote == '\'' ? "string literal" : "quoted identifier"));
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
    throw bad("SQL has an unterminated block comment");
  }

  private static int skipDollarQuoted(String sql, int open) {
    int tagEnd = sql.indexOf('$', open + 1);
    String tag = sql.substring(open, tagEnd + 1);
    int close = sql.indexOf(tag, tagEnd + 1);
    if (close < 0) {
      throw bad("SQL has an unterminated dollar-quoted string");
    }
    return close + tag.length();
  }

  private static QueryException bad(String message) {
    return new QueryException(QueryException.Reason.BAD_REQUEST, message);
  }
}
