package dev.featherman.api.worker;

import java.util.List;

/**
 * The body of a worker's {@code POST /v1/execute}: one statement with its bound values, the
 * result's format and caps, and who runs it (so the owner can cancel it by id). The gateway writes
 * it and the worker reads it: one record on both sides of the seam.
 *
 * @param sql exactly one statement; {@code ?} or {@code $n} placeholders take {@code params}
 * @param params values bound to the placeholders in order (strings, numbers, booleans, nulls),
 *     never spliced into the text; empty for none
 * @param format csv, json, arrow or parquet
 * @param write whether the caller may change data (else only queries run)
 * @param queryId the query's id, for {@code POST /v1/cancel}
 * @param owner who runs it; only they may cancel it
 * @param maxRows rows per result (0: no cap)
 * @param maxBytes encoded bytes per result (0: no cap)
 * @param timeoutMillis wall-clock time (0: the worker's default of 60 s)
 * @param inspect null to run {@code sql}; else the question asked of the lake's catalog about
 *     {@code sql} (a table name or a query, see {@link Inspection})
 */
public record ExecuteRequest(
    String sql,
    List<Object> params,
    String format,
    boolean write,
    String queryId,
    String owner,
    long maxRows,
    long maxBytes,
    long timeoutMillis,
    Inspection inspect) {

  /** The default when a request names no timeout. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

  public ExecuteRequest {
    sql = sql == null ? "" : sql;
    params =
        params == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    timeoutMillis = timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
  }
}
