package dev.featherman.engine.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * Connections to an in-memory DuckDB that only parses: no catalog attached, no files, its
 * configuration locked. Parsing here never touches a lake (on a lake's own connection, binding even
 * {@code json_serialize_sql} makes DuckLake load its catalog, about a millisecond).
 */
public final class ParserConnections implements AutoCloseable {
  /** One parser connection with the parse statement prepared on it. */
  public record Parser(Connection connection, PreparedStatement serialize) {
    /** DuckDB's parse of {@code sql}. */
    public DuckDbParser.Parsed parse(String sql) {
      return DuckDbParser.parse(serialize, sql);
    }
  }

  private final Connection database;
  private final ConcurrentLinkedDeque<Parser> idle = new ConcurrentLinkedDeque<>();

  public ParserConnections() {
    try {
      database = DriverManager.getConnection("jdbc:duckdb:");
      try (var s = database.createStatement()) {
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not start DuckDB to parse SQL: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on a parser no other thread uses meanwhile. */
  public <T> T with(Function<Parser, T> work) {
    Parser p = idle.pollFirst();
    if (p == null) {
      try {
        Connection c = database.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
        p = new Parser(c, c.prepareStatement(DuckDbParser.SERIALIZE));
      } catch (SQLException e) {
        throw new IllegalStateException("could not open a DuckDB connection: " + e.getMessage(), e);
      }
    }
    try {
      return work.apply(p);
    } finally {
      idle.offerFirst(p);
    }
  }

  @Override
  public void close() {
    for (Parser p; (p = idle.pollFirst()) != null; ) {
      closeQuietly(p.connection());
    }
    closeQuietly(database);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
