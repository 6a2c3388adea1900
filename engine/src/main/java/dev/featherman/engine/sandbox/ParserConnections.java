package dev.featherman.engine.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * Connections to an in-memory DuckDB that only parses: no catalog attached, no files, its
 * configuration locked. Parsing here never touches a lake (on a lake's own connection, binding even
 * {@code json_serialize_sql} makes DuckLake load its catalog, about a millisecond).
 */
public final class ParserConnections implements AutoCloseable {
  private final Connection database;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

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

  /** Runs {@code work} on a parser connection no other thread uses meanwhile. */
  public <T> T with(Function<Connection, T> work) {
    Connection c = idle.pollFirst();
    if (c == null) {
      try {
        c = database.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
      } catch (SQLException e) {
        throw new IllegalStateException("could not open a DuckDB connection: " + e.getMessage(), e);
      }
    }
    try {
      return work.apply(c);
    } finally {
      idle.offerFirst(c);
    }
  }

  @Override
  public void close() {
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      closeQuietly(c);
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
