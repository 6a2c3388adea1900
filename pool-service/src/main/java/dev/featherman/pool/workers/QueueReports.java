package dev.featherman.pool.workers;

import dev.featherman.api.Annotations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reads the queue lengths gateway replicas keep on a pool ({@link Annotations#QUEUE_PREFIX}):
 * {@code "<waiting> <epoch-seconds>"} per replica; reports older than the freshness limit are from
 * replicas that went away and count as zero.
 */
public final class QueueReports {
  private QueueReports() {}

  /** Queries waiting for a worker of this pool across all gateway replicas. */
  public static int waiting(Map<String, String> annotations, Instant now, Duration freshness) {
    if (annotations == null) {
      return 0;
    }
    int total = 0;
    for (var e : annotations.entrySet()) {
      if (!e.getKey().startsWith(Annotations.QUEUE_PREFIX)) {
        continue;
      }
      String[] parts = e.getValue().trim().split("\\s+");
      try {
        int waiting = Integer.parseInt(parts[0]);
        Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        if (waiting > 0 && !at.isBefore(now.minus(freshness))) {
          total += waiting;
        }
      } catch (RuntimeException malformed) {
        // not written by a gateway: ignore
      }
    }
    return total;
  }
}
