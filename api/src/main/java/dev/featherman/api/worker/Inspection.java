package dev.featherman.api.worker;

/**
 * A question about a lake that its own catalog answers, asked instead of running a statement: the
 * SQL is written by the executing side, never taken from the caller, and runs read-only.
 */
public enum Inspection {
  /**
   * The current partition keys of the table named by the request's {@code sql}, in key order:
   * columns {@code key_index}, {@code column_name}, {@code transform}.
   */
  PARTITIONING,
  /**
   * The types DuckDB infers for the placeholders of the query in the request's {@code sql} (which
   * the sandbox judges like any query): columns {@code parameter_index}, {@code parameter_type}
   * ({@code INVALID} where the query gives no type).
   */
  PARAMETER_TYPES
}
