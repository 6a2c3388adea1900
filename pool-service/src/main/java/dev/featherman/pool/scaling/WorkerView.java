package dev.featherman.pool.scaling;

import java.time.Instant;

/**
 * One worker pod as the planner sees it: the pod's phase from Kubernetes and, when reachable, what
 * the worker itself reports.
 *
 * @param name the pod's name
 * @param created when the pod was created
 * @param phase what the pod is doing
 * @param active queries running on it now (0 unless SERVING or DRAINING)
 * @param queriesServed queries it has served since it started
 * @param lastUsed when it last finished a query (its start when it never ran one)
 * @param tokenOutdated whether it was started with a worker token that has since been rotated
 */
public record WorkerView(
    String name,
    Instant created,
    Phase phase,
    int active,
    long queriesServed,
    Instant lastUsed,
    boolean tokenOutdated) {

  /** Where a worker pod is in its life. */
  public enum Phase {
    /** Created but not Ready yet (scheduling, pulling, attaching the catalog). */
    STARTING,
    /** Ready and accepting queries. */
    SERVING,
    /** Finishing its queries, refusing new ones, to be deleted once idle. */
    DRAINING,
    /** Failed, exited, or Ready but unreachable: to be replaced. */
    GONE,
    /**
     * Started with a worker token that no longer works (its rotation grace is over): deleted at
     * once, even mid-query, so a rotated token stops working within a bounded time.
     */
    REVOKED
  }

  /** A starting pod. */
  public static WorkerView starting(String name, Instant created) {
    return new WorkerView(name, created, Phase.STARTING, 0, 0, created, false);
  }

  /** A pod to replace. */
  public static WorkerView gone(String name, Instant created) {
    return new WorkerView(name, created, Phase.GONE, 0, 0, created, false);
  }

  /** A pod whose worker token was revoked. */
  public static WorkerView revoked(String name, Instant created) {
    return new WorkerView(name, created, Phase.REVOKED, 0, 0, created, true);
  }

  /** Whether it runs no query. */
  public boolean idle() {
    return active == 0;
  }
}
