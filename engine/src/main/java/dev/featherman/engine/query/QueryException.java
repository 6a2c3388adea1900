package dev.featherman.engine.query;

import dev.featherman.engine.EngineException;

/** A query that could not run or finish; {@link #reason()} tells callers which status to send. */
public class QueryException extends EngineException {
  /** Why a query failed, in terms a REST layer maps to status codes. */
  public enum Reason {
    /** The SQL is malformed, not a single statement, or DuckDB rejected it. */
    BAD_REQUEST(400),
    /** The sandbox forbids the statement. */
    FORBIDDEN(403),
    /** The result passed the row or byte cap. */
    RESULT_TOO_LARGE(413),
    /** The query ran longer than its timeout. */
    TIMEOUT(504),
    /** The client or an operator cancelled it. */
    CANCELLED(503),
    /** The table (or another object the request names) does not exist. */
    NOT_FOUND(404),
    /** A request body passed its byte or row cap. */
    BODY_TOO_LARGE(413),
    /** A concurrent change won; the same request (same idempotency key) may be retried. */
    CONFLICT(409);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status every Featherman API answers this failure with. */
    public int httpStatus() {
      return httpStatus;
    }
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
