package dev.featherman.controller.table;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.DuckLakeTableStatus;
import dev.featherman.api.v1alpha1.MaterializationStatus;
import dev.featherman.api.v1alpha1.MaterializeSpec;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A table's materializeTo: decides whether an export is due ({@link #plan}, pure), runs it as a
 * worker Job and reports it in the table's status (Materialized condition, status.materialization).
 */
final class Materialization {
  /**
   * What is due now.
   *
   * @param slot the run this is (a requested run, a generation, or a cron slot), null when none is
   *     due
   * @param recheckMillis when to look again after this run (or instead of one)
   */
  record Plan(String slot, long recheckMillis) {
    boolean due() {
      return slot != null;
    }
  }

  private final OperationJobs jobs;
  private final Duration waitInterval;
  private final Clock clock;
  private final ReconcileSupport support;

  Materialization(
      OperationJobs jobs, Duration waitInterval, Clock clock, ReconcileSupport support) {
    this.jobs = jobs;
    this.waitInterval = waitInterval;
    this.clock = clock;
    this.support = support;
  }

  /**
   * Runs materializeTo when due: once per spec generation, or at each cron slot of its schedule.
   * Returns when to look again (0: soon, the Job is running). A failed export leaves the table
   * Ready and says why in the Materialized condition; the next slot (or a spec change) tries again.
   */
  long reconcile(
      DuckLakeTable table,
      DuckLakeCatalog catalog,
      DuckLakeTableStatus status,
      Long generation,
      Duration resync) {
    Instant now = Instant.now(clock);
    Plan plan = plan(table, status, generation, now, resync.toMillis());
    if (!plan.due()) {
      return plan.recheckMillis();
    }
    MaterializeSpec m = table.getSpec().getMaterializeTo();
    Operation.Materialize op = operation(m, table.getSpec().getName(), plan.slot());
    OperationJobs.Outcome outcome = jobs.run(catalog, table, "materialize", op.toJson());
    return report(table, status, generation, plan, outcome, now);
  }

  /** Whether a run is due for {@code table} at {@code now}, and when to look again. */
  static Plan plan(
      DuckLakeTable table,
      DuckLakeTableStatus status,
      Long generation,
      Instant now,
      long resyncMillis) {
    MaterializeSpec m = table.getSpec().getMaterializeTo();
    if (m == null || Boolean.FALSE.equals(m.getEnabled())) {
      return new Plan(null, resyncMillis);
    }
    MaterializationStatus previous = status.getMaterialization();
    String request = m.getRequestedAt();
    if (request != null && (previous == null || !request.equals(previous.getRequestedAt()))) {
      // Asked for by featherman materialize: once now, whatever the schedule says.
      return new Plan("request-" + request, resyncMillis);
    }
    if (m.getSchedule() == null) {
      boolean exported =
          Conditions.find(status, ConditionTypes.MATERIALIZED)
              .filter(
                  c -> "True".equals(c.getStatus()) && generation.equals(c.getObservedGeneration()))
              .isPresent();
      return new Plan(exported ? null : "generation-" + generation, resyncMillis);
    }
    Instant since =
        previous != null && previous.getLastRun() != null
            ? Instant.parse(previous.getLastRun())
            : Instant.parse(table.getMetadata().getCreationTimestamp());
    long untilNext =
        Math.max(
            1000,
            MaterializationSchedule.next(m.getSchedule(), now).toEpochMilli() - now.toEpochMilli());
    return MaterializationSchedule.due(m.getSchedule(), since, now)
        .map(slot -> new Plan(slot.toString(), untilNext))
        .orElseGet(() -> new Plan(null, Math.min(untilNext, resyncMillis)));
  }

  /** The export a run performs: where the Parquet goes, how it is compressed and partitioned. */
  static Operation.Materialize operation(MaterializeSpec m, String tableName, String slot) {
    String name = m.getName() != null ? m.getName() : tableName;
    String prefix = m.getDestination().getPrefix();
    if (prefix == null) {
      prefix = "";
    } else if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    var format = m.getFormat();
    List<String> partitionBy = format == null ? List.of() : format.getPartitionBy();
    String path = prefix + name + (partitionBy.isEmpty() ? ".parquet" : "/");
    String compression =
        (format == null || format.getCompression() == null
                ? "ZSTD"
                : format.getCompression().name())
            .toLowerCase(Locale.ROOT);
    return new Operation.Materialize(
        m.getSql(), m.getDestination().getBucket(), path, compression, partitionBy, slot);
  }

  private long report(
      DuckLakeTable table,
      DuckLakeTableStatus status,
      Long generation,
      Plan plan,
      OperationJobs.Outcome outcome,
      Instant now) {
    switch (outcome.state()) {
      case RUNNING, WAITING -> {
        Conditions.set(
            status,
            ConditionTypes.MATERIALIZED,
            false,
            ConditionReasons.RECONCILING,
            "exporting in Job " + outcome.jobName(),
            generation,
            clock);
        return outcome.state() == OperationJobs.State.WAITING ? waitInterval.toMillis() : 0;
      }
      case FAILED -> {
        if (Conditions.set(
            status,
            ConditionTypes.MATERIALIZED,
            false,
            outcome.reason(),
            outcome.message(),
            generation,
            clock)) {
          support
              .events()
              .warning(table, outcome.reason(), "materialization failed: " + outcome.message());
        }
        return plan.recheckMillis();
      }
      default -> {
        MaterializeSpec m = table.getSpec().getMaterializeTo();
        MaterializationStatus done = new MaterializationStatus();
        done.setLastRun(lastRun(m, plan.slot(), status.getMaterialization(), now));
        done.setRequestedAt(m.getRequestedAt());
        OperationResult r = outcome.result();
        done.setDuration(OperationResult.orZero(r.durationMillis()) / 1000.0 + "s");
        done.setOutputPath(r.outputPath() == null ? "" : r.outputPath());
        done.setRowCount(OperationResult.orZero(r.rowCount()));
        status.setMaterialization(done);
        Conditions.set(
            status,
            ConditionTypes.MATERIALIZED,
            true,
            ConditionReasons.RECONCILED,
            "exported " + done.getRowCount() + " rows to " + done.getOutputPath(),
            generation,
            clock);
        return plan.recheckMillis();
      }
    }
  }

  /**
   * What lastRun records: the run's time without a schedule; with one, the cron slot it served (a
   * requested run keeps the previous slot, so the schedule goes on from there).
   */
  static String lastRun(
      MaterializeSpec m, String slot, MaterializationStatus previous, Instant now) {
    String runTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (m.getSchedule() == null) {
      return runTime;
    }
    if (!slot.startsWith("request-")) {
      return slot;
    }
    return previous != null && previous.getLastRun() != null ? previous.getLastRun() : runTime;
  }
}
