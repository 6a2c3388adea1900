package dev.featherman.gateway.executor;

import dev.featherman.engine.EngineException;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryExecutor;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.query.SqlStatements;
import dev.featherman.engine.sandbox.SqlSandbox;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Runs queries in this JVM against locked-down DuckDB databases, one per catalog; each query gets
 * its own connection to the shared database.
 */
public final class InProcessCatalogExecutor implements CatalogExecutor, AutoCloseable {
  /** A catalog's database and the sandbox that guards it. */
  public record SandboxedLake(LakeSession session, SqlSandbox sandbox) {}

  private final Map<String, SandboxedLake> lakes;
  private final QueryExecutor executor = new QueryExecutor();

  /** @param lakes catalog name to its locked-down session */
  public InProcessCatalogExecutor(Map<String, SandboxedLake> lakes) {
    this.lakes = Map.copyOf(lakes);
  }

  @Override
  public boolean serves(String catalog) {
    return lakes.containsKey(catalog);
  }

  @Override
  public String location() {
    return "embedded";
  }

  @Override
  public QueryOutcome execute(
      String catalog, String sql, OutputFormat format, OutputStream out, QueryLimits limits,
      QueryControl control, boolean mayWrite) {
    String statement = SqlStatements.requireSingle(sql);
    SandboxedLake lake = lakes.get(catalog);
    try (Connection connection = lake.session().newConnection()) {
      lake.sandbox().check(connection, statement, mayWrite);
      return executor.execute(connection, statement, format, out, limits, control);
    } catch (SQLException e) {
      throw new EngineException("could not open a connection to catalog '" + catalog + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    executor.close();
    lakes.values().forEach(lake -> lake.session().close());
  }
}
