package dev.featherman.gateway.executor;

import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import java.io.OutputStream;

/**
 * Where queries run: in this process (embedded mode, tests), on a warm worker, or in a one-shot
 * Job. The gateway only knows this seam.
 */
public interface CatalogExecutor {
  /** Whether this executor serves {@code catalog}. */
  boolean serves(String catalog);

  /**
   * Runs one statement against a catalog and streams the result.
   *
   * @param mayWrite whether the caller may change data; read-only callers run SELECTs only
   * @param route filled in with where the query runs, before the first result byte is written
   */
  QueryOutcome execute(
      String catalog,
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite,
      Route route);
}
