package dev.featherman.pool.scaling;

import java.util.Map;
import java.util.Set;

/**
 * What one planning step decided.
 *
 * @param recommended the autoscaler's size for the current demand, clamped to min..max
 * @param desired the serving size this step moves to
 * @param create workers to create now
 * @param drain workers to stop sending queries to (deleted once idle)
 * @param delete workers to delete now, with the reason (failed, unready, recycled, idle,
 *     scaledDown)
 * @param scaled whether this step scaled (up or down), which restarts the scale interval
 */
public record PoolPlan(
    int recommended,
    int desired,
    int create,
    Set<String> drain,
    Map<String, String> delete,
    boolean scaled) {}
