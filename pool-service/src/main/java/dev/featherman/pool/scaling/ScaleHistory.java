package dev.featherman.pool.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The autoscaler's recent recommendations for one pool, so that scaling down follows the highest
 * recommendation of the stabilization window (as Kubernetes' HPA does). Kept in memory: after a
 * restart the window starts empty and fills before anything is scaled down, which only delays a
 * scale-down.
 */
public final class ScaleHistory {
  private record Entry(Instant at, int recommended) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private final Instant since;

  public ScaleHistory(Instant since) {
    this.since = since;
  }

  /** Records {@code recommended} and returns the highest one within {@code window}. */
  public synchronized int recordAndMax(Instant now, int recommended, Duration window) {
    entries.addLast(new Entry(now, recommended));
    while (!entries.isEmpty() && entries.peekFirst().at().isBefore(now.minus(window))) {
      entries.removeFirst();
    }
    return entries.stream().mapToInt(Entry::recommended).max().orElse(recommended);
  }

  /** Whether the history covers the whole window (no scale-down on a partial window). */
  public boolean covers(Instant now, Duration window) {
    return !since.isAfter(now.minus(window));
  }
}
