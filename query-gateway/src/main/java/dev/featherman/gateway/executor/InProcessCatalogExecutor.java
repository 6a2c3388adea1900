package dev.featherman.gateway.executor;

import dev.featherman.engine.connect.ConnectionPool;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryExecutor;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.query.SqlStatements;
import dev.featherman.engine.sandbox.SqlSandbox;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs queries in this JVM against locked-down DuckDB databases, one per catalog, on warm pooled
 * connections to the shared database.
 */
public final class InProcessCatalogExecutor implements CatalogExecutor, AutoCloseable {
  /** A catalog's database and the sandbox that guards it. */
  public record SandboxedLake(LakeSession session, SqlSandbox sandbox) {}

  private record Lake(SandboxedLake lake, ConnectionPool connections) {}

  private final Map<String, Lake> lakes = new HashMap<>();
  private final QueryExecutor executor = new QueryExecutor();

  /**
   * @param lakes catalog name to its locked-down session
   * @param warmConnections connections kept per catalog (the gateway's max concurrency)
   */
  public InProcessCatalogExecutor(Map<String, SandboxedLake> lakes, int warmConnections) {
    lakes.forEach(
        (name, lake) ->
            this.lakes.put(
                name, new Lake(lake, new ConnectionPool(lake.session(), warmConnections))));
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
      String catalog,
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite) {
    String statement = SqlStatements.requireSingle(sql);
    Lake lake = lakes.get(catalog);
    Connection connection = lake.connections().borrow();
    boolean reusable = false;
    try {
      lake.lake().sandbox().check(connection, statement, mayWrite);
      QueryOutcome outcome = executor.execute(connection, statement, format, out, limits, control);
      reusable = true;
      return outcome;
    } catch (QueryException e) {
      // Refused, capped, timed out or failed in DuckDB: the connection itself is fine.
      reusable = true;
      throw e;
    } finally {
      if (reusable) {
        lake.connections().giveBack(connection);
      } else {
        lake.connections().discard(connection);
      }
    }
  }

  @Override
  public void close() {
    executor.close();
    lakes
        .values()
        .forEach(
            lake -> {
              lake.connections().close();
              lake.lake().session().close();
            });
  }
}
