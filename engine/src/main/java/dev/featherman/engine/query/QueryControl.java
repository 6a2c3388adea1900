package dev.featherman.engine.query;

import dev.featherman.engine.DuckDbErrors;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Handle on one running query: cancel it from another thread (a client disconnect, an operator) or
 * let the executor time it out. Safe to cancel before the statement exists.
 */
public final class QueryControl {
  private volatile Statement statement;
  private volatile QueryException.Reason stopped;
  private volatile Runnable onStop;

  /** Stops the query; the caller of execute() gets a CANCELLED failure. */
  public void cancel() {
    stop(QueryException.Reason.CANCELLED);
  }

  /**
   * Runs {@code action} when the query is cancelled or times out (at once if it already was): how a
   * query running elsewhere (on a worker) is stopped.
   */
  public void onStop(Runnable action) {
    onStop = action;
    if (stopped != null) {
      action.run();
    }
  }

  /** Why the query was stopped, or null while it is not. */
  public QueryException.Reason stoppedReason() {
    return stopped;
  }

  public boolean isStopped() {
    return stopped != null;
  }

  void timeout() {
    stop(QueryException.Reason.TIMEOUT);
  }

  void attach(Statement s) {
    statement = s;
    if (stopped != null) {
      interrupt(s);
    }
  }

  void detach() {
    statement = null;
  }

  void throwIfStopped() {
    QueryException.Reason reason = stopped;
    if (reason != null) {
      throw stoppedException(reason, null);
    }
  }

  /** The failure to report for an error raised while running: the stop reason wins. */
  QueryException translate(Exception e) {
    QueryException.Reason reason = stopped;
    if (reason != null) {
      return stoppedException(reason, e);
    }
    if (e instanceof QueryException q) {
      return q;
    }
    String message = e instanceof SQLException sql ? DuckDbErrors.message(sql) : e.getMessage();
    return new QueryException(QueryException.Reason.BAD_REQUEST, firstLine(message), e);
  }

  private synchronized void stop(QueryException.Reason reason) {
    if (stopped == null) {
      stopped = reason;
    }
    Statement s = statement;
    if (s != null) {
      interrupt(s);
    }
    Runnable action = onStop;
    if (action != null) {
      action.run();
    }
  }

  private static void interrupt(Statement s) {
    try {
      s.cancel();
    } catch (SQLException ignored) {
      // The statement finished or closed meanwhile; nothing left to interrupt.
    }
  }

  private static QueryException stoppedException(QueryException.Reason reason, Exception cause) {
    String message =
        reason == QueryException.Reason.TIMEOUT
            ? "the query ran longer than its timeout and was stopped"
            : "the query was cancelled";
    return new QueryException(reason, message, cause);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "query failed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
