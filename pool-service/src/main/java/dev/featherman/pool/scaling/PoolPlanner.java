package dev.featherman.pool.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pool's decisions, free of Kubernetes and I/O so that every rule is unit-tested. The desired
 * size is kept in the pool's status, so it survives restarts; each step:
 *
 * <ul>
 *   <li>replaces failed pods, pods not Ready within the start timeout, and pods whose worker token
 *       was revoked (past the rotation grace, even mid-query);
 *   <li>recommends clamp(ceil((busy + queued) / targetUtilization), min, max), where busy counts
 *       running queries in units of a worker's concurrency;
 *   <li>moves the desired size up by at most scaleUpRate, or down by at most scaleDownRate and
 *       never below the highest recommendation of the stabilization window, once per interval;
 *   <li>lowers it for workers idle past maxIdleTime (never below minSize);
 *   <li>creates workers up to the desired size, counting workers past maxLifetime or maxQueries, or
 *       started with a worker token since rotated, as gone, so their replacements start first;
 *       drains them once nothing is still starting;
 *   <li>drains surplus workers, idle ones only, least recently used first; drained workers are
 *       deleted once idle;
 *   <li>for a single-process catalog, never has two workers at once: drain first, start the next
 *       only when the last one is gone.
 * </ul>
 */
public final class PoolPlanner {
  private PoolPlanner() {}

  /**
   * @param previousDesired the desired size the last step chose (from status), null at first
   * @param lastScale when the desired size last changed by scaling, null if never
   */
  public static PoolPlan plan(
      PoolLimits limits,
      List<WorkerView> workers,
      int queued,
      Instant now,
      Integer previousDesired,
      Instant lastScale,
      ScaleHistory history) {
    Map<String, String> delete = new LinkedHashMap<>();
    Set<String> drain = new LinkedHashSet<>();
    int starting = 0;
    int busy = 0;
    List<WorkerView> fresh = new java.util.ArrayList<>();
    List<WorkerView> expiring = new java.util.ArrayList<>();
    for (WorkerView w : workers) {
      switch (w.phase()) {
        case GONE -> delete.put(w.name(), "failed");
        case REVOKED -> delete.put(w.name(), "token revoked");
        case STARTING -> {
          if (Duration.between(w.created(), now).compareTo(limits.startTimeout()) > 0) {
            delete.put(w.name(), "unready");
          } else {
            starting++;
          }
        }
        case DRAINING -> {
          if (w.idle()) {
            delete.put(w.name(), "drained");
          }
        }
        case SERVING -> {
          busy += w.active();
          (expired(limits, w, now) ? expiring : fresh).add(w);
        }
      }
    }

    double demand = (double) busy / limits.concurrency() + queued;
    int recommended =
        clamp(
            (int) Math.ceil(demand / limits.targetUtilization() - 1e-9),
            limits.min(),
            limits.max());
    int stabilized = history.recordAndMax(now, recommended, limits.stabilizationWindow());
    boolean intervalElapsed =
        lastScale == null || Duration.between(lastScale, now).compareTo(limits.interval()) >= 0;

    int desired =
        clamp(
            previousDesired == null ? fresh.size() + expiring.size() + starting : previousDesired,
            limits.min(),
            limits.max());
    boolean scaled = false;
    if (recommended > desired && intervalElapsed) {
      desired = Math.min(recommended, desired + limits.scaleUpRate());
      scaled = true;
    } else if (stabilized < desired
        && intervalElapsed
        && history.covers(now, limits.stabilizationWindow())) {
      desired = Math.max(stabilized, desired - limits.scaleDownRate());
      scaled = true;
    }

    List<WorkerView> idleFresh =
        fresh.stream()
            .filter(WorkerView::idle)
            .sorted(Comparator.comparing(WorkerView::lastUsed))
            .toList();
    int idleTimedOut =
        (int)
            idleFresh.stream()
                .filter(w -> Duration.between(w.lastUsed(), now).compareTo(limits.maxIdle()) > 0)
                .count();
    if (idleTimedOut > 0) {
      // Idle workers past maxIdleTime go regardless of rates, never below minSize.
      desired = Math.max(limits.min(), Math.min(desired, fresh.size() - idleTimedOut));
    }

    if (limits.singleProcess() || limits.paused()) {
      expiring.forEach(w -> drain.add(w.name()));
      if (desired == 0) {
        fresh.forEach(w -> drain.add(w.name()));
      }
      int existing = (int) workers.stream().filter(w -> !delete.containsKey(w.name())).count();
      int create = existing == 0 && desired > 0 ? 1 : 0;
      return new PoolPlan(recommended, desired, create, drain, delete, scaled);
    }

    int capacity = fresh.size() + starting;
    int create = Math.max(0, desired - capacity);
    if (create == 0 && starting == 0) {
      expiring.forEach(w -> drain.add(w.name()));
    }
    int surplus = capacity - desired;
    for (WorkerView w : idleFresh) {
      if (surplus <= 0) {
        break;
      }
      drain.add(w.name());
      surplus--;
    }
    return new PoolPlan(recommended, desired, create, drain, delete, scaled);
  }

  private static boolean expired(PoolLimits limits, WorkerView w, Instant now) {
    return Duration.between(w.created(), now).compareTo(limits.maxLifetime()) >= 0
        || w.queriesServed() >= limits.maxQueries()
        || w.tokenOutdated();
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
