package dev.featherman.webhook;

import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.validation.Validation;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.sandbox.ParserConnections;
import dev.featherman.engine.sandbox.SqlSandbox;

/**
 * Checks {@code spec.materializeTo.sql} at admission with the query sandbox's own code: DuckDB's
 * parser must see exactly one SELECT, calling only allowed functions, so {@code kubectl apply}
 * refuses what the materialization Job would refuse, naming the field. Whether the tables it reads
 * exist is left to the Job, which sees the lake.
 */
public final class MaterializationSql implements AutoCloseable {
  private final ParserConnections parsers = new ParserConnections();

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
      parsers.with(
          p -> {
            SqlSandbox.checkQueryText(p.connection(), catalog, sql);
            return null;
          });
    } catch (QueryException e) {
      v.error("spec.materializeTo.sql", e.getMessage());
    }
  }

  @Override
  public void close() {
    parsers.close();
  }
}
