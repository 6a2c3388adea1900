package dev.featherman.gateway.auth;

import dev.featherman.engine.query.QueryLimits;

/**
 * A caller's own caps on what one result may hold, tighter than the gateway's (0 = the gateway's
 * cap applies unchanged): a dashboard's token can be held to small results while analysts keep the
 * gateway's limits.
 *
 * @param maxRows rows per result, or 0
 * @param maxBytes encoded bytes per result, or 0
 */
public record ResultCaps(long maxRows, long maxBytes) {
  /** No caps of the caller's own. */
  public static final ResultCaps NONE = new ResultCaps(0, 0);

  /** {@code gateway}'s limits, with each cap of the caller's that is tighter in its place. */
  public QueryLimits within(QueryLimits gateway) {
    return new QueryLimits(
        tighter(gateway.maxRows(), maxRows),
        tighter(gateway.maxBytes(), maxBytes),
        gateway.timeout());
  }

  private static long tighter(long gateway, long own) {
    if (own <= 0) {
      return gateway;
    }
    return gateway <= 0 ? own : Math.min(gateway, own);
  }
}
