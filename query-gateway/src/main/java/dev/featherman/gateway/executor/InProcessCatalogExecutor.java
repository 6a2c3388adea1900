package dev.featherman.gateway.executor;

import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.sandbox.SandboxedLake;
import java.io.OutputStream;
import java.util.Map;

/** Runs queries in this JVM against locked-down lakes, one DuckDB database per catalog. */
public final class InProcessCatalogExecutor implements CatalogExecutor, AutoCloseable {
  private final Map<String, SandboxedLake> lakes;

  /**
   * @param lakes catalog name to its sandboxed lake (owned by this executor from now on)
   */
  public InProcessCatalogExecutor(Map<String, SandboxedLake> lakes) {
    this.lakes = Map.copyOf(lakes);
  }

  @Override
  public boolean serves(String catalog) {
    return lakes.containsKey(catalog);
  }

  @Override
  public QueryOutcome execute(
      String catalog,
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite,
      Route route) {
    route.set("embedded", "embedded");
    return lakes.get(catalog).execute(sql, format, out, limits, control, mayWrite);
  }

  @Override
  public void close() {
    lakes.values().forEach(SandboxedLake::close);
  }
}
