package dev.featherman.controller.table;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.DuckLakeTableStatus;
import dev.featherman.api.v1alpha1.MaterializationStatus;
import dev.featherman.api.v1alpha1.MaterializeSpec;
import dev.featherman.api.v1alpha1.TablePhase;
import dev.featherman.api.v1alpha1.VersionEntry;
import dev.featherman.api.validation.TableValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.controller.config.ControllerProperties;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings a DuckLakeTable to its spec: waits for the catalog, then a worker Job creates the table or
 * evolves it (only the differences run, so repeats change nothing); the Job's result fills the
 * status (snapshot, rows, files, bytes) or explains why DuckLake refused.
 */
public class TableReconciler implements Reconciler<DuckLakeTable>, Cleaner<DuckLakeTable> {
  /** How many applied snapshots status.versionHistory keeps. */
  static final int VERSION_HISTORY = 10;

  private final KubernetesClient client;
  private final ControllerProperties properties;
  private final OperationJobs jobs;
  private final Clock clock;
  private final ReconcileSupport support;

  public TableReconciler(
      KubernetesClient client,
      ControllerProperties properties,
      OperationJobs jobs,
      Clock clock,
      ReconcileSupport support) {
    this.client = client;
    this.properties = properties;
    this.jobs = jobs;
    this.clock = clock;
    this.support = support;
  }

  @Override
  public List<EventSource<?, DuckLakeTable>> prepareEventSources(
      EventSourceContext<DuckLakeTable> context) {
    List<EventSource<?, DuckLakeTable>> sources =
        new java.util.ArrayList<>(ReconcileSupport.workerJobs(DuckLakeTable.class, context));
    sources.add(catalogs(context));
    return sources;
  }

  /**
   * The catalogs tables refer to, from an informer: a table reads its catalog from the cache (no
   * API call per reconcile) and is reconciled again when the catalog changes, e.g. becomes Ready.
   */
  private static EventSource<?, DuckLakeTable> catalogs(EventSourceContext<DuckLakeTable> context) {
    var config =
        InformerEventSourceConfiguration.from(DuckLakeCatalog.class, DuckLakeTable.class)
            .withPrimaryToSecondaryMapper(
                (DuckLakeTable t) ->
                    Set.of(
                        new ResourceID(
                            t.getSpec().getCatalogRef(), t.getMetadata().getNamespace())))
            .withSecondaryToPrimaryMapper(
                catalog ->
                    context
                        .getPrimaryCache()
                        .list(
                            catalog.getMetadata().getNamespace(),
                            t ->
                                catalog.getMetadata().getName().equals(t.getSpec().getCatalogRef()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  @Override
  public UpdateControl<DuckLakeTable> reconcile(
      DuckLakeTable table, Context<DuckLakeTable> context) {
    return support.reconcile(
        table,
        DuckLakeTableStatus::new,
        status ->
            apply(
                table,
                status,
                table.getMetadata().getGeneration(),
                context.getSecondaryResource(DuckLakeCatalog.class).orElse(null)));
  }

  @Override
  public ErrorStatusUpdateControl<DuckLakeTable> updateErrorStatus(
      DuckLakeTable table, Context<DuckLakeTable> context, Exception e) {
    return support.error(table, DuckLakeTableStatus::new, e);
  }

  /** Moves the table one step; returns when to look again in ms (0: wait for an event). */
  private long apply(
      DuckLakeTable table, DuckLakeTableStatus status, Long generation, DuckLakeCatalog catalog) {
    long wait = properties.waitInterval().toMillis();
    Validation v = TableValidator.validate(table.getSpec(), null);
    if (!v.isValid()) {
      return notReady(
          status,
          TablePhase.Failed,
          ConditionReasons.INVALID_SPEC,
          v.errorMessage(),
          generation,
          0);
    }
    String ns = table.getMetadata().getNamespace();
    if (catalog == null) {
      return notReady(
          status,
          TablePhase.Pending,
          ConditionReasons.CATALOG_NOT_FOUND,
          "DuckLakeCatalog '"
              + table.getSpec().getCatalogRef()
              + "' (spec.catalogRef) does not exist in namespace '"
              + ns
              + "'",
          generation,
          wait);
    }
    if (catalog.getStatus() == null
        || !Conditions.isTrue(catalog.getStatus(), ConditionTypes.READY)) {
      return notReady(
          status,
          TablePhase.Pending,
          ConditionReasons.CATALOG_NOT_READY,
          "waiting for DuckLakeCatalog '" + catalog.getMetadata().getName() + "' to become Ready",
          generation,
          wait);
    }
    OperationJobs.Outcome outcome =
        jobs.run(catalog, table, "apply", new Operation.ApplyTable(table.getSpec()).toJson());
    switch (outcome.state()) {
      case WAITING -> {
        return notReady(
            status,
            TablePhase.Pending,
            ConditionReasons.RECONCILING,
            "waiting for another Job on file catalog '"
                + catalog.getMetadata().getName()
                + "' to finish",
            generation,
            2000);
      }
      case RUNNING -> {
        return notReady(
            status,
            TablePhase.Pending,
            ConditionReasons.RECONCILING,
            "applying the spec in Job " + outcome.jobName(),
            generation,
            0);
      }
      case FAILED -> {
        Conditions.set(
            status,
            ConditionTypes.SCHEMA_APPLIED,
            false,
            outcome.reason(),
            outcome.message(),
            generation,
            clock);
        if ("CatalogUnavailable".equals(outcome.reason())) {
          jobs.retry(ns, outcome.jobName());
          return notReady(
              status, TablePhase.Pending, outcome.reason(), outcome.message(), generation, wait);
        }
        return notReady(
            status, TablePhase.Failed, outcome.reason(), outcome.message(), generation, 0);
      }
      default -> {
        OperationResult r = outcome.result();
        Conditions.set(
            status,
            ConditionTypes.SCHEMA_APPLIED,
            true,
            ConditionReasons.RECONCILED,
            "table matches its spec",
            generation,
            clock);
        Conditions.set(
            status,
            ConditionTypes.READY,
            true,
            ConditionReasons.RECONCILED,
            "table is ready",
            generation,
            clock);
        status.setPhase(TablePhase.Succeeded);
        if (r.snapshotId() != null && !r.snapshotId().equals(status.getLastAppliedSnapshot())) {
          status.setLastAppliedSnapshot(r.snapshotId());
          status.setSnapshotId(r.snapshotId());
          status.setRowCount(OperationResult.orZero(r.rowCount()));
          status.setDataFiles(OperationResult.orZero(r.dataFiles()));
          status.setBytesWritten(OperationResult.orZero(r.bytes()));
          status.setLastModified(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
          remember(status, status.getSnapshotId(), status.getLastModified());
        }
        return materialize(table, catalog, status, generation);
      }
    }
  }

  /**
   * deletionPolicy Retain (default) lets the object go and keeps the table; Delete drops it in
   * DuckLake first (a Job owned by the catalog, since this object is on its way out).
   */
  @Override
  public DeleteControl cleanup(DuckLakeTable table, Context<DuckLakeTable> context) {
    if (table.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
      return DeleteControl.defaultDelete();
    }
    DuckLakeCatalog catalog =
        client
            .resources(DuckLakeCatalog.class)
            .inNamespace(table.getMetadata().getNamespace())
            .withName(table.getSpec().getCatalogRef())
            .get();
    if (catalog == null) {
      return DeleteControl.defaultDelete(); // no catalog, nothing left to drop the table from
    }
    String op = new Operation.DropTable(table.getSpec().getName()).toJson();
    OperationJobs.Outcome outcome = jobs.run(catalog, table, catalog, "drop", op);
    long wait = properties.waitInterval().toMillis();
    return switch (outcome.state()) {
      case SUCCEEDED -> DeleteControl.defaultDelete();
      case FAILED -> {
        jobs.retry(table.getMetadata().getNamespace(), outcome.jobName());
        yield DeleteControl.noFinalizerRemoval().rescheduleAfter(wait * 10);
      }
      default -> DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
    };
  }

  /**
   * Runs materializeTo when due: once per spec generation, or at each cron slot of its schedule.
   * Returns when to look again. A failed export leaves the table Ready and says why in the
   * Materialized condition; the next slot (or a spec change) tries again.
   */
  /** Puts {@code snapshot} first in the table's version history, keeping the newest few. */
  static void remember(DuckLakeTableStatus status, long snapshot, String at) {
    List<VersionEntry> history = new ArrayList<>(status.getVersionHistory());
    history.removeIf(v -> v.getId() != null && v.getId() == snapshot);
    history.add(0, new VersionEntry(snapshot, at));
    status.setVersionHistory(
        List.copyOf(history.subList(0, Math.min(history.size(), VERSION_HISTORY))));
  }

  private long materialize(
      DuckLakeTable table, DuckLakeCatalog catalog, DuckLakeTableStatus status, Long generation) {
    MaterializeSpec m = table.getSpec().getMaterializeTo();
    long resync = properties.resyncInterval().toMillis();
    if (m == null || Boolean.FALSE.equals(m.getEnabled())) {
      return resync;
    }
    Instant now = Instant.now(clock);
    String slot;
    long recheck = resync;
    MaterializationStatus previous = status.getMaterialization();
    String request = m.getRequestedAt();
    if (request != null && (previous == null || !request.equals(previous.getRequestedAt()))) {
      // Asked for by featherman materialize: once now, whatever the schedule says.
      slot = "request-" + request;
    } else if (m.getSchedule() == null) {
      if (Conditions.find(status, ConditionTypes.MATERIALIZED)
          .filter(c -> "True".equals(c.getStatus()) && generation.equals(c.getObservedGeneration()))
          .isPresent()) {
        return resync;
      }
      slot = "generation-" + generation;
    } else {
      Instant since =
          previous != null && previous.getLastRun() != null
              ? Instant.parse(previous.getLastRun())
              : Instant.parse(table.getMetadata().getCreationTimestamp());
      var due = MaterializationSchedule.due(m.getSchedule(), since, now);
      recheck =
          Math.max(
              1000,
              MaterializationSchedule.next(m.getSchedule(), now).toEpochMilli()
                  - now.toEpochMilli());
      if (due.isEmpty()) {
        return Math.min(recheck, resync);
      }
      slot = due.get().toString();
    }
    String name = m.getName() != null ? m.getName() : table.getSpec().getName();
    String prefix =
        m.getDestination().getPrefix() == null || m.getDestination().getPrefix().isEmpty()
            ? ""
            : m.getDestination().getPrefix().endsWith("/")
                ? m.getDestination().getPrefix()
                : m.getDestination().getPrefix() + "/";
    var format = m.getFormat();
    List<String> partitionBy = format == null ? List.of() : format.getPartitionBy();
    String path = prefix + name + (partitionBy.isEmpty() ? ".parquet" : "/");
    String compression =
        (format == null || format.getCompression() == null
                ? "ZSTD"
                : format.getCompression().name())
            .toLowerCase(java.util.Locale.ROOT);
    Operation op =
        new Operation.Materialize(
            m.getSql(), m.getDestination().getBucket(), path, compression, partitionBy, slot);
    OperationJobs.Outcome outcome = jobs.run(catalog, table, "materialize", op.toJson());
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
        return outcome.state() == OperationJobs.State.WAITING
            ? properties.waitInterval().toMillis()
            : 0;
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
        return recheck;
      }
      default -> {
        MaterializationStatus done = new MaterializationStatus();
        done.setLastRun(lastRun(m, slot, previous, now));
        done.setRequestedAt(request);
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
        return recheck;
      }
    }
  }

  /**
   * What lastRun records: the run's time without a schedule; with one, the cron slot it served (a
   * requested run keeps the previous slot, so the schedule goes on from there).
   */
  private static String lastRun(
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

  private long notReady(
      DuckLakeTableStatus status,
      TablePhase phase,
      String reason,
      String message,
      Long generation,
      long recheck) {
    Conditions.set(status, ConditionTypes.READY, false, reason, message, generation, clock);
    status.setPhase(phase);
    return recheck;
  }
}
