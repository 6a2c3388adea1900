package dev.featherman.webhook;

import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.validation.Validation;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.sandbox.SqlSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks {@code spec.materializeTo.sql} at admission with the query sandbox's own code: DuckDB's
 * parser must see exactly one SELECT, calling only allowed functions, so {@code kubectl apply}
 * refuses what the materialization Job would refuse, naming the field. Whether the tables it reads
 * exist is left to the Job, which sees the lake.
 */
public final class MaterializationSql implements AutoCloseable {
  private final Connection parser;

  /** Opens an in-memory DuckDB used only to parse (no catalog, no files, configuration locked). */
  public MaterializationSql() {
    try {
      parser = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = parser.createStatement()) {
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not start DuckDB to check SQL: " + e.getMessage(), e);
    }
  }

  /** Adds an error on {@code spec.materializeTo.sql} when the sandbox would refuse it. */
  public void check(DuckLakeTableSpec spec, Validation v) {
    if (spec == null || spec.getMaterializeTo() == null) {
      return;
    }
    String sql = spec.getMaterializeTo().getSql();
    if (sql == null || sql.isBlank()) {
      return; // TableValidator reports the missing field
    }
    String catalog = spec.getCatalogRef() == null ? "" : spec.getCatalogRef();
    try {
      synchronized (parser) {
        SqlSandbox.checkQueryText(parser, catalog, sql);
      }
    } catch (QueryException e) {
      v.error("spec.materializeTo.sql", e.getMessage());
    }
  }

  @Override
  public void close() throws SQLException {
    parser.close();
  }
}
