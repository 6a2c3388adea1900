package dev.featherman.pool.scaling;

import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import java.time.Duration;

/**
 * A pool's sizing and lifecycle rules, resolved from its spec.
 *
 * @param min never fewer serving workers (unless paused)
 * @param max never more serving workers (replacements may briefly add to it)
 * @param targetUtilization busy/total ratio aimed for
 * @param concurrency queries one worker runs at once
 * @param maxIdle idle workers older than this are removed (down to min)
 * @param maxLifetime workers older than this are recycled
 * @param maxQueries workers that served this many queries are recycled
 * @param scaleUpRate most workers added per interval
 * @param scaleDownRate most workers removed per interval
 * @param interval shortest time between two scaling steps
 * @param stabilizationWindow how long demand must stay low before scaling down
 * @param startTimeout a worker not Ready this long after creation is replaced
 * @param singleProcess the catalog allows one process (a DuckDB file opened for writing): one
 *     worker, never two at once
 * @param paused a catalog Job needs the DuckDB file to itself: zero workers
 */
public record PoolLimits(
    int min,
    int max,
    double targetUtilization,
    int concurrency,
    Duration maxIdle,
    Duration maxLifetime,
    int maxQueries,
    int scaleUpRate,
    int scaleDownRate,
    Duration interval,
    Duration stabilizationWindow,
    Duration startTimeout,
    boolean singleProcess,
    boolean paused) {

  /** The limits of {@code spec}; a single-process catalog caps the pool at one worker. */
  public static PoolLimits of(
      DuckLakePoolSpec spec, boolean singleProcess, boolean paused, Duration startTimeout) {
    int min = spec.resolvedMinSize();
    int max = spec.resolvedMaxSize();
    if (singleProcess) {
      min = Math.min(min, 1);
      max = 1;
    }
    if (paused) {
      min = 0;
      max = 0;
    }
    return new PoolLimits(
        min,
        max,
        spec.resolvedTargetUtilization(),
        spec.resolvedConcurrencyPerWorker(),
        spec.resolvedMaxIdleTime(),
        spec.resolvedMaxLifetime(),
        spec.resolvedMaxQueries(),
        spec.resolvedScaleUpRate(),
        spec.resolvedScaleDownRate(),
        spec.resolvedScaleInterval(),
        spec.resolvedStabilizationWindow(),
        startTimeout,
        singleProcess,
        paused);
  }
}
