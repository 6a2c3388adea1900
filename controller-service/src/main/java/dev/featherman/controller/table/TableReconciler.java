package dev.featherman.controller.table;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.DuckLakeTableStatus;
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
  private final Materialization materialization;

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
    this.materialization = new Materialization(jobs, properties.waitInterval(), clock, support);
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
        return materialization.reconcile(
            table, catalog, status, generation, properties.resyncInterval());
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

  /** Puts {@code snapshot} first in the table's version history, keeping the newest few. */
  static void remember(DuckLakeTableStatus status, long snapshot, String at) {
    List<VersionEntry> history = new ArrayList<>(status.getVersionHistory());
    history.removeIf(v -> v.getId() != null && v.getId() == snapshot);
    history.add(0, new VersionEntry(snapshot, at));
    status.setVersionHistory(
        List.copyOf(history.subList(0, Math.min(history.size(), VERSION_HISTORY))));
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
