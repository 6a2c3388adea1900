package dev.featherman.engine.query;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs exactly one SQL statement and streams its result in the requested format, under row, byte
 * and time caps, cancellable from another thread. Memory stays bounded: rows flow from DuckDB's
 * streaming result through a fixed-size buffer to the output stream.
 */
public final class QueryExecutor implements AutoCloseable {
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "query-timeouts");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param connection a DuckDB connection (one query at a time per connection)
   * @param sql exactly one statement, as the sandbox decided with DuckDB's parser
   * @param format encoding of the streamed result
   * @param out where the result goes; not closed here
   * @param limits caps on rows, bytes and time
   * @param control handle to cancel the query from another thread
   * @throws QueryException with a reason a REST layer maps to a status code
   */
  public QueryOutcome execute(
      Connection connection,
      String sql,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control) {
    return execute(connection, sql, List.of(), format, out, limits, control);
  }

  /** As above, with {@code params} bound to the statement's placeholders, in order. */
  public QueryOutcome execute(
      Connection connection,
      String sql,
      List<Object> params,
      OutputFormat format,
      OutputStream out,
      QueryLimits limits,
      QueryControl control) {
    // The sandbox has DuckDB's word that this is one statement; the lexer is a second opinion.
    String statement = SqlStatements.requireSingle(sql);
    long started = System.nanoTime();
    CappedOutputStream capped = new CappedOutputStream(out, limits.maxBytes());
    RowBudget budget = new RowBudget(limits.maxRows(), control);
    ScheduledFuture<?> timer = null;
    // Direct execution, not prepare-then-execute: DuckLake loads the catalog's state once per
    // transaction, and a separate prepare costs a second load (about 2.5 ms per query).
    try (Statement st = statementFor(connection, statement, params)) {
      control.attach(st);
      if (limits.timeout() != null) {
        timer =
            timers.schedule(control::timeout, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      control.throwIfStopped();
      // DuckDB's plain statements are PreparedStatements too: tell them apart by the values.
      boolean hasResult =
          params.isEmpty() ? st.execute(statement) : ((PreparedStatement) st).execute();
      ResultWriter writer = ResultWriter.forFormat(format);
      if (hasResult) {
        try (ResultSet rs = st.getResultSet()) {
          writer.write(rs, capped, budget);
        }
      } else {
        writeUpdateCount(connection, st.getUpdateCount(), writer, capped, budget);
      }
      capped.flush();
      control.throwIfStopped();
      return new QueryOutcome(
          budget.rows(), capped.count(), Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException | IOException | RuntimeException e) {
      throw control.translate(e);
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      control.detach();
    }
  }

  /** Statements without a result (DDL, INSERT) answer with one row: the changed-row count. */
  private static void writeUpdateCount(
      Connection connection, long count, ResultWriter writer, OutputStream out, RowBudget budget)
      throws SQLException, IOException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT CAST(? AS BIGINT) AS \"Count\"")) {
      ps.setLong(1, Math.max(0, count));
      try (ResultSet rs = ps.executeQuery()) {
        writer.write(rs, out, budget);
      }
    }
  }

  /**
   * A plain statement without parameters (one catalog load, see above); a prepared one with the
   * values bound when there are parameters.
   */
  private static Statement statementFor(Connection connection, String sql, List<Object> params)
      throws SQLException {
    if (params.isEmpty()) {
      return connection.createStatement();
    }
    PreparedStatement prepared = connection.prepareStatement(sql);
    try {
      int placeholders = prepared.getParameterMetaData().getParameterCount();
      if (placeholders != params.size()) {
        // DuckDB's driver would bind the missing ones as NULL: a silent wrong answer.
        throw new QueryException(
            QueryException.Reason.BAD_REQUEST,
            "the statement has "
                + placeholders
                + " placeholder(s) but "
                + params.size()
                + " parameter value(s) were given");
      }
      for (int i = 0; i < params.size(); i++) {
        prepared.setObject(i + 1, params.get(i));
      }
      return prepared;
    } catch (SQLException | RuntimeException e) {
      prepared.close();
      throw e;
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
