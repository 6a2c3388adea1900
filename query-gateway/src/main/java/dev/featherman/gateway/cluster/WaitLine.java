package dev.featherman.gateway.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's queries waiting for a worker of one pool, served first come, first served: only
 * the query at the head of the line (or a newcomer when nobody waits) looks for a free worker, so a
 * query that just arrived never takes the worker a longer-waiting one was woken for. Queries of
 * other replicas are not in the line; the workers' own 429 settles races with them.
 */
final class WaitLine {
  private final Deque<Object> line = new ArrayDeque<>();

  /** How many wait, as reported to the pool-service and the metrics (shared per pool name). */
  private final AtomicInteger waiting;

  WaitLine(AtomicInteger waiting) {
    this.waiting = waiting;
  }

  /** Joins at the back; the returned ticket is the place in the line. */
  synchronized Object join() {
    Object ticket = new Object();
    line.addLast(ticket);
    waiting.incrementAndGet();
    return ticket;
  }

  /** Whether the holder of {@code ticket} (null: not in the line) may look for a worker now. */
  synchronized boolean mayTry(Object ticket) {
    return ticket == null ? line.isEmpty() : line.peekFirst() == ticket;
  }

  /**
   * Steps out of the line (a worker was reserved, or the query gave up; null or already out:
   * no-op); the next one looks.
   */
  synchronized void leave(Object ticket) {
    if (ticket != null && line.remove(ticket)) {
      waiting.decrementAndGet();
      notifyAll();
    }
  }

  /**
   * Back to the head after a reserved worker turned out to be taken or unreachable (null: the query
   * never waited, nothing to do).
   */
  synchronized void returnToFront(Object ticket) {
    if (ticket != null && !line.contains(ticket)) {
      line.addFirst(ticket);
      waiting.incrementAndGet();
    }
  }

  /** A worker of the pool was given back on this replica: the head of the line looks again. */
  synchronized void released() {
    notifyAll();
  }

  /**
   * Waits for a release or a new head, at most {@code millis} (other replicas' releases are seen by
   * polling).
   */
  synchronized void await(long millis) throws InterruptedException {
    wait(Math.max(1, millis));
  }
}
