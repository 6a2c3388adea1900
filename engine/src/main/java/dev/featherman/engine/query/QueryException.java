package dev.featherman.engine.query;

import dev.featherman.engine.EngineException;

/** A query that could not run or finish; {@link #reason()} tells callers which status to send. */
public class QueryException extends EngineException {
  /** Why a query failed, in terms a REST layer maps to status codes. */
  public enum Reason {
    /** The SQL is malformed, not a single statement, or DuckDB rejected it (400). */
    BAD_REQUEST,
    /** The sandbox forbids the statement (403). */
    FORBIDDEN,
    /** The result passed the row or byte cap (413). */
    RESULT_TOO_LARGE,
    /** The query ran longer than its timeout (408/504). */
    TIMEOUT,
    /** The client or an operator cancelled it. */
    CANCELLED
  }

  private final Reason reason;

  public QueryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public QueryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
