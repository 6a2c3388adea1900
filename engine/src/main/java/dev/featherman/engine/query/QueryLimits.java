package dev.featherman.engine.query;

import java.time.Duration;

/**
 * Caps on one query; zero or null means no cap.
 *
 * @param maxRows rows streamed before the query fails with RESULT_TOO_LARGE
 * @param maxBytes encoded bytes streamed before the query fails with RESULT_TOO_LARGE
 * @param timeout wall-clock time before the query is interrupted with TIMEOUT
 */
public record QueryLimits(long maxRows, long maxBytes, Duration timeout) {
  /** No caps at all (trusted, internal work). */
  public static QueryLimits none() {
    return new QueryLimits(0, 0, null);
  }
}
