package dev.featherman.engine.sandbox;

import dev.featherman.api.worker.Inspection;
import dev.featherman.engine.connect.ConnectionPool;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.ingest.LakeIngest;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryExecutor;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A lake that serves user SQL: its session locked down by the {@link SqlSandbox}, warm pooled
 * connections, and one statement per call checked and streamed. Reads run in a read-only
 * transaction; a connection a write left in any other state than it was lent is closed instead of
 * reused. The embedded gateway and the worker's internal API both run queries through this.
 */
public final class SandboxedLake implements AutoCloseable {
  private final LakeSession session;
  private final SqlSandbox sandbox;
  private final ConnectionPool connections;
  private final int databases;
  private final QueryExecutor executor = new QueryExecutor();

  private SandboxedLake(
      LakeSession session, SqlSandbox sandbox, int warmConnections, int databases) {
    this.session = session;
    this.sandbox = sandbox;
    this.connections = new ConnectionPool(session, warmConnections);
    this.databases = databases;
  }

  /**
   * Locks the session down (after any trusted setup) and takes ownership of it.
   *
   * @param warmConnections connections kept for reuse: the number of queries run at once
   */
  public static SandboxedLake lockDown(LakeSession session, int warmConnections)
      throws SQLException {
    // DuckLake's reads of S3 data pass DuckDB's allowed_directories check, so the data path
    // stays allowed; queries cannot name files there (only the lake's tables are tables).
    List<String> paths = List.of(session.config().dataPath());
    SqlSandbox sandbox = SqlSandbox.lockDown(session.connection(), session.alias(), paths);
    return new SandboxedLake(session, sandbox, warmConnections, countDatabases(session));
  }

  /** The catalog's alias. */
  public String alias() {
    return session.alias();
  }

  /**
   * Checks and runs one user statement, streaming its result.
   *
   * @param mayWrite whether the caller may change data; read-only callers run queries only
   * @throws QueryException with the reason a REST layer answers with
   */
  public QueryOutcome execute(
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite) {
    return execute(sql, java.util.List.of(), format, out, limits, control, mayWrite);
  }

  /**
   * As {@link #execute(String, OutputFormat, OutputStream, QueryLimits, QueryControl, boolean)},
   * with {@code params} bound to the statement's placeholders by DuckDB (never spliced into the
   * text, so they cannot change what the sandbox judged). Queries only: a change takes its values
   * in its SQL, since DuckDB's plan of a write, which the sandbox reads, needs them bound.
   */
  public QueryOutcome execute(
      String sql,
      java.util.List<Object> params,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control,
      boolean mayWrite) {
    Connection connection = connections.borrow();
    SandboxedStatement statement = null;
    boolean succeeded = false;
    try {
      // Classifying parses on the sandbox's own parser database: it never touches the connection.
      statement = sandbox.classify(connection, sql, mayWrite);
      if (!params.isEmpty() && !statement.isRead()) {
        throw new QueryException(
            QueryException.Reason.BAD_REQUEST,
            "bound parameters are for queries; write the values of a change into its SQL");
      }
      QueryOutcome outcome =
          statement.isRead()
              ? read(connection, statement, params, format, out, limits, control)
              : write(connection, statement, format, out, limits, control);
      succeeded = true;
      return outcome;
    } finally {
      // A successful read ran in a read-only transaction that is committed; anything that wrote
      // or failed midway must show the connection is as it was lent before it is reused.
      boolean reusable =
          statement == null
              || (succeeded && statement.isRead())
              || sandbox.isClean(connection, databases);
      if (reusable) {
        connections.giveBack(connection);
      } else {
        connections.discard(connection);
      }
    }
  }

  /**
   * Appends rows to one of the lake's tables as one snapshot ({@link LakeIngest}): the body is
   * data, never SQL, and the statements that run are written there. Only for callers that may
   * write.
   */
  public IngestResult ingest(LakeIngest.Request request) throws SQLException, java.io.IOException {
    return LakeIngest.append(session::newConnection, session.alias(), request);
  }

  /** Registers Parquet files under the lake's data path into a table ({@link LakeFiles}). */
  public LakeFiles.Result registerFiles(LakeFiles.Request request) throws SQLException {
    return LakeFiles.register(session::newConnection, session.alias(), request);
  }

  /**
   * Answers one {@link Inspection} about {@code subject} from the lake's own catalog, streamed like
   * a query's result, in a read-only transaction. The statement that runs is written here; the
   * subject is only ever a bound value or, for {@link Inspection#PARAMETER_TYPES}, a query the
   * sandbox judges first.
   */
  public QueryOutcome inspect(
      Inspection inspection,
      String subject,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control) {
    Connection connection = connections.borrow();
    boolean succeeded = false;
    try {
      QueryOutcome outcome =
          switch (inspection) {
            case PARTITIONING ->
                inTransaction(
                    connection,
                    "BEGIN TRANSACTION READ ONLY",
                    () ->
                        executor.execute(
                            connection,
                            TableInspector.partitioningSql(
                                session.alias(), session.config().store()),
                            List.of(subject),
                            format,
                            out,
                            limits,
                            control));
            case PARAMETER_TYPES -> {
              SandboxedStatement statement = sandbox.classify(connection, subject, false);
              yield inTransaction(
                  connection,
                  "BEGIN TRANSACTION READ ONLY",
                  () -> {
                    sandbox.checkRead(connection, statement);
                    List<Object> types = parameterTypes(connection, statement.sql());
                    return executor.execute(
                        connection,
                        ParameterTypes.sql(types.size()),
                        types,
                        format,
                        out,
                        limits,
                        control);
                  });
            }
          };
      succeeded = true;
      return outcome;
    } finally {
      if (succeeded || sandbox.isClean(connection, databases)) {
        connections.giveBack(connection);
      } else {
        connections.discard(connection);
      }
    }
  }

  /** DuckDB's type name for each placeholder of {@code sql}, in order. */
  private static List<Object> parameterTypes(Connection connection, String sql) {
    try (java.sql.PreparedStatement prepared = connection.prepareStatement(sql)) {
      java.sql.ParameterMetaData md = prepared.getParameterMetaData();
      List<Object> types = new java.util.ArrayList<>();
      for (int i = 1; i <= md.getParameterCount(); i++) {
        types.add(md.getParameterTypeName(i));
      }
      return types;
    } catch (SQLException e) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, dev.featherman.engine.DuckDbErrors.message(e), e);
    }
  }

  /**
   * Whether the lake still answers: attached, its catalog readable. A worker whose lake was
   * detached or whose metadata store went away fails its health check and leaves rotation.
   */
  public boolean isHealthy() {
    Connection connection;
    try {
      connection = connections.borrow();
    } catch (RuntimeException e) {
      return false;
    }
    boolean healthy = false;
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM "
                    + dev.featherman.engine.Sql.identifier(session.alias())
                    + ".current_snapshot()")) {
      healthy = rs.next();
    } catch (SQLException e) {
      healthy = false;
    } finally {
      if (healthy) {
        connections.giveBack(connection);
      } else {
        connections.discard(connection);
      }
    }
    return healthy;
  }

  /** Whether a pooled connection is as lent (for tests that check nothing leaks between calls). */
  public boolean isClean(Connection connection) {
    return sandbox.isClean(connection, databases);
  }

  private QueryOutcome read(
      Connection connection,
      SandboxedStatement statement,
      java.util.List<Object> params,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control) {
    return inTransaction(
        connection,
        "BEGIN TRANSACTION READ ONLY",
        () -> {
          sandbox.checkRead(connection, statement);
          return executor.execute(
              connection, statement.sql(), params, format, out, limits, control);
        });
  }

  private QueryOutcome write(
      Connection connection,
      SandboxedStatement statement,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control) {
    if (!sandbox.checkWrite(connection, statement)) {
      return executor.execute(connection, statement.sql(), format, out, limits, control);
    }
    // A view's definition is not in its plan: create it, check what DuckDB stored, then commit.
    java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    QueryOutcome outcome =
        inTransaction(
            connection,
            "BEGIN TRANSACTION",
            () -> {
              java.util.Map<String, String> before = sandbox.views(connection);
              QueryOutcome created =
                  executor.execute(connection, statement.sql(), format, held, limits, control);
              sandbox.checkNewViews(connection, before);
              return created;
            });
    try {
      held.writeTo(out);
    } catch (java.io.IOException e) {
      throw new QueryException(QueryException.Reason.CANCELLED, "the client went away", e);
    }
    return outcome;
  }

  /** Runs {@code work} between {@code begin} and COMMIT; anything thrown rolls it back. */
  private static QueryOutcome inTransaction(
      Connection connection, String begin, java.util.function.Supplier<QueryOutcome> work) {
    run(connection, begin);
    boolean committed = false;
    try {
      QueryOutcome outcome = work.get();
      run(connection, "COMMIT");
      committed = true;
      return outcome;
    } finally {
      if (!committed) {
        rollbackQuietly(connection);
      }
    }
  }

  private static void run(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, dev.featherman.engine.DuckDbErrors.message(e), e);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction left to roll back (DuckDB ended it on the error): nothing to do.
    }
  }

  private static int countDatabases(LakeSession session) throws SQLException {
    try (Statement s = session.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_databases()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public void close() {
    executor.close();
    connections.close();
    sandbox.close();
    session.close();
  }
}
