package dev.featherman.pool.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolPlannerTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  static final Instant NOW = T0.plus(Duration.ofMinutes(10));

  static PoolLimits limits(int min, int max) {
    return new PoolLimits(
        min,
        max,
        0.8,
        1,
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        100,
        2,
        1,
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        false,
        false);
  }

  static WorkerView serving(String name, int active, long served, Instant lastUsed) {
    return new WorkerView(
        name,
        NOW.minus(Duration.ofMinutes(20)),
        WorkerView.Phase.SERVING,
        active,
        served,
        lastUsed,
        false);
  }

  /** A serving worker started with a worker token that has since been rotated. */
  static WorkerView outdated(String name, int active) {
    return new WorkerView(
        name, NOW.minus(Duration.ofMinutes(20)), WorkerView.Phase.SERVING, active, 1, NOW, true);
  }

  static List<WorkerView> busy(int n) {
    List<WorkerView> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(serving("busy-" + i, 1, 1, NOW));
    }
    return list;
  }

  static ScaleHistory history() {
    return new ScaleHistory(T0);
  }

  @Test
  void anEmptyPoolGetsMinSizeAtOnce() {
    PoolPlan plan = PoolPlanner.plan(limits(2, 10), List.of(), 0, NOW, null, NOW, history());
    assertThat(plan.create()).isEqualTo(2);
    assertThat(plan.desired()).isEqualTo(2);
  }

  @Test
  void scalesUpByUtilizationAtMostScaleUpRatePerInterval() {
    // 4 busy at 0.8 -> 5 wanted; 2 busy + 6 queued -> 10 wanted, but at most +2 per step.
    assertThat(PoolPlanner.plan(limits(1, 10), busy(4), 0, NOW, 4, null, history()).create())
        .isEqualTo(1);
    PoolPlan burst = PoolPlanner.plan(limits(1, 10), busy(2), 6, NOW, 2, null, history());
    assertThat(burst.recommended()).isEqualTo(10);
    assertThat(burst.create()).isEqualTo(2);
    assertThat(burst.scaled()).isTrue();
    // Within the interval since the last scale: no step.
    PoolPlan tooSoon =
        PoolPlanner.plan(limits(1, 10), busy(2), 6, NOW, 2, NOW.minusSeconds(10), history());
    assertThat(tooSoon.create()).isZero();
    // Never above max.
    assertThat(PoolPlanner.plan(limits(1, 3), busy(3), 20, NOW, 3, null, history()).create())
        .isZero();
  }

  @Test
  void scalesDownOnlyAfterTheWindowByScaleDownRateAndOnlyIdleWorkers() {
    List<WorkerView> workers = new ArrayList<>(busy(1));
    workers.add(serving("idle-old", 0, 3, NOW.minusSeconds(60)));
    workers.add(serving("idle-new", 0, 3, NOW.minusSeconds(5)));
    workers.add(serving("idle-mid", 0, 3, NOW.minusSeconds(30)));
    // A fresh history (service just started) does not cover the window: nothing happens.
    PoolPlan fresh =
        PoolPlanner.plan(limits(1, 10), workers, 0, NOW, 4, null, new ScaleHistory(NOW));
    assertThat(fresh.drain()).isEmpty();
    PoolPlan plan = PoolPlanner.plan(limits(1, 10), workers, 0, NOW, 4, null, history());
    assertThat(plan.desired()).isEqualTo(3);
    assertThat(plan.drain()).containsExactly("idle-old");
    // A high recommendation earlier in the window holds the size.
    ScaleHistory h = history();
    h.recordAndMax(NOW.minusSeconds(60), 4, Duration.ofMinutes(2));
    assertThat(PoolPlanner.plan(limits(1, 10), workers, 0, NOW, 4, null, h).drain()).isEmpty();
  }

  @Test
  void neverDrainsABusyWorker() {
    PoolPlan plan = PoolPlanner.plan(limits(0, 10), busy(3), 0, NOW, 5, null, history());
    // Demand is 3 busy -> 4 wanted; 3 exist, none idle: nothing drained even though desired moved.
    assertThat(plan.drain()).isEmpty();
  }

  @Test
  void idleWorkersPastMaxIdleTimeGoButNeverBelowMinSize() {
    List<WorkerView> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(serving("idle-" + i, 0, 1, NOW.minus(Duration.ofMinutes(6 + i))));
    }
    PoolPlan plan =
        PoolPlanner.plan(limits(2, 10), workers, 0, NOW, 4, NOW.minusSeconds(1), history());
    assertThat(plan.desired()).isEqualTo(2);
    assertThat(plan.drain()).containsExactlyInAnyOrder("idle-3", "idle-2");
  }

  @Test
  void workersWithARotatedTokenAreReplacedFirstAndDrainedWhenIdle() {
    List<WorkerView> rotated = List.of(outdated("old-busy", 1), outdated("old-idle", 0));
    PoolPlan first = PoolPlanner.plan(limits(2, 4), rotated, 0, NOW, 2, null, history());
    assertThat(first.create()).as("replacements before anything is drained").isEqualTo(2);
    assertThat(first.drain()).isEmpty();
    assertThat(first.delete()).isEmpty();
    List<WorkerView> replaced =
        List.of(
            outdated("old-busy", 1),
            outdated("old-idle", 0),
            serving("new-1", 0, 0, NOW),
            serving("new-2", 0, 0, NOW));
    PoolPlan second = PoolPlanner.plan(limits(2, 4), replaced, 0, NOW, 2, null, history());
    assertThat(second.create()).isZero();
    // Draining stops new queries; a busy one finishes its query and is deleted once idle.
    assertThat(second.drain()).containsExactlyInAnyOrder("old-busy", "old-idle");
  }

  @Test
  void workersWhoseTokenWasRevokedAreDeletedAtOnceEvenBusyAndReplaced() {
    List<WorkerView> workers =
        List.of(
            WorkerView.revoked("old-busy", T0),
            WorkerView.revoked("old-idle", T0),
            serving("new", 0, 0, NOW));
    PoolPlan plan = PoolPlanner.plan(limits(2, 4), workers, 0, NOW, 2, null, history());
    assertThat(plan.delete())
        .containsEntry("old-busy", "token revoked")
        .containsEntry("old-idle", "token revoked");
    assertThat(plan.create()).isEqualTo(1);
  }

  @Test
  void recyclesAfterMaxQueriesReplacementFirst() {
    List<WorkerView> workers = List.of(serving("old", 0, 100, NOW), serving("ok", 0, 5, NOW));
    PoolPlan first = PoolPlanner.plan(limits(2, 2), workers, 0, NOW, 2, null, history());
    assertThat(first.create()).isEqualTo(1);
    assertThat(first.drain()).isEmpty();
    List<WorkerView> replacing =
        List.of(
            serving("old", 0, 100, NOW),
            serving("ok", 0, 5, NOW),
            WorkerView.starting("new", NOW.minusSeconds(2)));
    PoolPlan second = PoolPlanner.plan(limits(2, 2), replacing, 0, NOW, 2, null, history());
    assertThat(second.create()).isZero();
    assertThat(second.drain()).isEmpty();
    List<WorkerView> replaced =
        List.of(serving("old", 0, 100, NOW), serving("ok", 0, 5, NOW), serving("new", 0, 0, NOW));
    PoolPlan third = PoolPlanner.plan(limits(2, 2), replaced, 0, NOW, 2, null, history());
    assertThat(third.drain()).containsExactly("old");
    // Drained and idle: deleted.
    List<WorkerView> drained =
        List.of(
            new WorkerView("old", T0, WorkerView.Phase.DRAINING, 0, 100, NOW, false),
            serving("ok", 0, 5, NOW),
            serving("new", 0, 0, NOW));
    assertThat(PoolPlanner.plan(limits(2, 2), drained, 0, NOW, 2, null, history()).delete())
        .containsEntry("old", "drained");
  }

  @Test
  void replacesFailedAndStuckPods() {
    List<WorkerView> workers =
        List.of(
            WorkerView.gone("crashed", T0),
            WorkerView.starting("stuck", NOW.minus(Duration.ofMinutes(6))),
            serving("ok", 0, 1, NOW));
    PoolPlan plan = PoolPlanner.plan(limits(3, 5), workers, 0, NOW, 3, NOW, history());
    assertThat(plan.delete()).containsOnlyKeys("crashed", "stuck");
    assertThat(plan.create()).isEqualTo(2);
  }

  @Test
  void aSingleProcessCatalogNeverHasTwoWorkers() {
    PoolLimits single =
        PoolLimits.of(spec(3, 10), true, false, Duration.ofMinutes(5)); // min 3 -> 1, max -> 1
    assertThat(single.max()).isEqualTo(1);
    assertThat(PoolPlanner.plan(single, List.of(), 5, NOW, null, null, history()).create())
        .isEqualTo(1);
    // Expired: drained first, nothing created while it still exists.
    List<WorkerView> expired = List.of(serving("only", 0, 100, NOW));
    PoolPlan plan = PoolPlanner.plan(single, expired, 0, NOW, 1, null, history());
    assertThat(plan.drain()).containsExactly("only");
    assertThat(plan.create()).isZero();
    // Paused for a catalog Job: the worker is drained, none created.
    PoolLimits paused = PoolLimits.of(spec(1, 1), true, true, Duration.ofMinutes(5));
    PoolPlan pause =
        PoolPlanner.plan(paused, List.of(serving("only", 0, 1, NOW)), 0, NOW, 1, null, history());
    assertThat(pause.drain()).containsExactly("only");
    assertThat(PoolPlanner.plan(paused, List.of(), 0, NOW, 0, null, history()).create()).isZero();
  }

  static dev.featherman.api.v1alpha1.DuckLakePoolSpec spec(int min, int max) {
    var spec = new dev.featherman.api.v1alpha1.DuckLakePoolSpec();
    spec.setMinSize(min);
    spec.setMaxSize(max);
    return spec;
  }
}
