package dev.featherman.engine.sandbox;

import dev.featherman.engine.query.SqlLexer;
import java.util.List;
import java.util.Set;

/**
 * What a single statement does, decided from the keywords the DuckDB grammar dispatches on (the
 * leading keyword, and the object type after CREATE/DROP/ALTER), not from a scan for bad words.
 */
public enum StatementKind {
  /** Reads only: SELECT and friends (WITH … is confirmed by DuckDB's parser). */
  READ,
  /** Changes lake data or schema: INSERT, UPDATE, DELETE, CREATE/DROP/ALTER TABLE, VIEW, SCHEMA. */
  WRITE,
  /** Anything else (ATTACH, SET, PRAGMA, COPY, INSTALL, CALL, CREATE SECRET, …). */
  FORBIDDEN,
  /** Not a statement keyword at all: DuckDB's parser is asked for the syntax error. */
  UNRECOGNIZED;

  private static final Set<String> READ_LEADS =
      Set.of(
          "SELECT",
          "WITH",
          "FROM",
          "VALUES",
          "TABLE",
          "DESCRIBE",
          "SHOW",
          "SUMMARIZE",
          "PIVOT",
          "UNPIVOT");
  private static final Set<String> WRITE_LEADS =
      Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE", "COMMENT");
  private static final Set<String> DDL_OBJECTS = Set.of("TABLE", "VIEW", "SCHEMA");

  /** Leading keywords of DuckDB statements that are never allowed. */
  private static final Set<String> OTHER_LEADS =
      Set.of(
          "ATTACH",
          "DETACH",
          "SET",
          "RESET",
          "PRAGMA",
          "COPY",
          "EXPORT",
          "IMPORT",
          "INSTALL",
          "LOAD",
          "FORCE",
          "CALL",
          "USE",
          "BEGIN",
          "START",
          "COMMIT",
          "ROLLBACK",
          "ABORT",
          "END",
          "CHECKPOINT",
          "VACUUM",
          "ANALYZE",
          "PREPARE",
          "EXECUTE",
          "DEALLOCATE",
          "MERGE",
          "CREATE",
          "DROP",
          "ALTER");

  /** Classifies one statement (already known to be exactly one). */
  public static StatementKind of(String statement) {
    return of(SqlLexer.tokenize(statement), 0);
  }

  static StatementKind of(List<SqlLexer.Token> tokens, int from) {
    int i = from;
    while (i < tokens.size() && tokens.get(i).is('(')) {
      i++; // (SELECT …) UNION (SELECT …)
    }
    String first = word(tokens, i);
    if (first.equals("EXPLAIN")) {
      // EXPLAIN ANALYZE runs the statement, so it is whatever the statement is.
      String next = word(tokens, i + 1);
      if (next.equals("ANALYZE") || next.equals("ANALYSE")) {
        return of(tokens, i + 2);
      }
      // EXPLAIN (options) …: the options may say ANALYZE; judge it as what it explains would be.
      return i + 1 < tokens.size() && tokens.get(i + 1).is('(') ? FORBIDDEN : READ;
    }
    if (READ_LEADS.contains(first)) {
      return READ;
    }
    if (first.equals("UPDATE") && word(tokens, i + 1).equals("EXTENSIONS")) {
      return FORBIDDEN;
    }
    if (WRITE_LEADS.contains(first)) {
      return WRITE;
    }
    if (first.equals("CREATE")) {
      int j = i + 1;
      if (word(tokens, j).equals("OR") && word(tokens, j + 1).equals("REPLACE")) {
        j += 2;
      }
      return DDL_OBJECTS.contains(word(tokens, j)) ? WRITE : FORBIDDEN;
    }
    if (first.equals("DROP") || first.equals("ALTER")) {
      return DDL_OBJECTS.contains(word(tokens, i + 1)) ? WRITE : FORBIDDEN;
    }
    return OTHER_LEADS.contains(first) ? FORBIDDEN : UNRECOGNIZED;
  }

  private static String word(List<SqlLexer.Token> tokens, int i) {
    return i < tokens.size() && tokens.get(i).kind() == SqlLexer.Kind.WORD
        ? tokens.get(i).text()
        : "";
  }
}
