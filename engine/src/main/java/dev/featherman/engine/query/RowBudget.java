package dev.featherman.engine.query;

/** Counts streamed rows against the row cap and stops work that was cancelled. */
final class RowBudget {
  private final long maxRows;
  private final QueryControl control;
  private long rows;

  RowBudget(long maxRows, QueryControl control) {
    this.maxRows = maxRows;
    this.control = control;
  }

  /** Accounts for {@code n} more rows before they are written. */
  void take(long n) {
    control.throwIfStopped();
    rows += n;
    if (maxRows > 0 && rows > maxRows) {
      throw new QueryException(
          QueryException.Reason.RESULT_TOO_LARGE,
          "the result has more than " + maxRows + " rows; add a LIMIT or aggregate further");
    }
  }

  long rows() {
    return rows;
  }
}
