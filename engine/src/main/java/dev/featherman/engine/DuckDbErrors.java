package dev.featherman.engine;

import java.sql.SQLException;

/** Turns DuckDB JDBC exceptions into the user-meaningful part of their message. */
public final class DuckDbErrors {
  /** The JDBC driver wraps execution errors in this preamble; the real error follows it. */
  private static final String PENDING_PREAMBLE =
      "Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result";

  private DuckDbErrors() {}

  /** DuckDB's own message, without the driver's preamble, trimmed. */
  public static String message(SQLException e) {
    String m = e.getMessage() == null ? "DuckDB error" : e.getMessage().strip();
    if (m.startsWith(PENDING_PREAMBLE)) {
      m = m.substring(PENDING_PREAMBLE.length()).strip();
      if (m.startsWith("Error:")) {
        m = m.substring("Error:".length()).strip();
      }
    }
    return m;
  }

  /**
   * The first {@code lines} non-blank lines of a DuckDB message: what names the problem (a CSV
   * error's line and column), without the reader's option dump that follows.
   */
  public static String firstLines(String message, int lines) {
    String m = message;
    if (m.strip().startsWith(PENDING_PREAMBLE)) {
      m = message(new SQLException(m));
    }
    return m.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .limit(lines)
        .collect(java.util.stream.Collectors.joining(" "));
  }
}
