package dev.featherman.engine.sandbox;

import dev.featherman.engine.connect.ConnectionPool;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryExecutor;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.query.SqlStatements;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A lake that serves user SQL: its session locked down by the {@link SqlSandbox}, warm pooled
 * connections, and one statement per call checked and streamed. The embedded gateway and the
 * worker's internal API both run queries through this.
 */
public final class SandboxedLake implements AutoCloseable {
  private final LakeSession session;
  private final SqlSandbox sandbox;
  private final ConnectionPool connections;
  private final QueryExecutor executor = new QueryExecutor();

  private SandboxedLake(LakeSession session, SqlSandbox sandbox, int warmConnections) {
    this.session = session;
    this.sandbox = sandbox;
    this.connections = new ConnectionPool(session, warmConnections);
  }

  /**
   * Locks the session down (after any trusted setup) and takes ownership of it.
   *
   * @param warmConnections connections kept for reuse: the number of queries run at once
   */
  public static SandboxedLake lockDown(LakeSession session, int warmConnections)
      throws SQLException {
    SqlSandbox sandbox =
        SqlSandbox.lockDown(
            session.connection(), session.alias(), List.of(session.config().dataPath()));
    return new SandboxedLake(session, sandbox, warmConnections);
  }

  /** The catalog's alias. */
  public String alias() {
    return session.alias();
  }

  /**
   * Checks and runs one user statement, streaming its result.
   *
   * @param mayWrite whether the caller may change data; read-only callers run SELECTs only
   * @throws QueryException with the reason a REST layer answers with
   */
  public QueryOutcome execute(
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite) {
    String statement = SqlStatements.requireSingle(sql);
    Connection connection = connections.borrow();
    boolean reusable = false;
    try {
      sandbox.check(connection, statement, mayWrite);
      QueryOutcome outcome = executor.execute(connection, statement, format, out, limits, control);
      reusable = true;
      return outcome;
    } catch (QueryException e) {
      // Refused, capped, timed out or failed in DuckDB: the connection itself is fine.
      reusable = true;
      throw e;
    } finally {
      if (reusable) {
        connections.giveBack(connection);
      } else {
        connections.discard(connection);
      }
    }
  }

  @Override
  public void close() {
    executor.close();
    connections.close();
    session.close();
  }
}
