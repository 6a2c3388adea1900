package dev.featherman.controller.catalog;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogPhase;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.validation.CatalogValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.api.worker.Operation;
import dev.featherman.controller.config.ControllerProperties;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import dev.featherman.workloads.CatalogPvc;
import dev.featherman.workloads.CatalogStorage;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Brings a DuckLakeCatalog to Ready: valid spec, references present, bucket writable with the
 * catalog's own credentials, volume bound (file catalogs), DuckLake initialised by a worker Job.
 * Each step has its own condition; Ready sums them up with the first thing still to fix.
 */
public class CatalogReconciler implements Reconciler<DuckLakeCatalog>, Cleaner<DuckLakeCatalog> {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(CatalogReconciler.class);
  private final KubernetesClient client;
  private final ControllerProperties properties;
  private final CatalogReferences references;
  private final ObjectStoreProbe probe;
  private final OperationJobs jobs;
  private final Clock clock;
  private final ReconcileSupport support;
  private final CatalogRestore restores;

  public CatalogReconciler(
      KubernetesClient client,
      ControllerProperties properties,
      OperationJobs jobs,
      Clock clock,
      ReconcileSupport support) {
    this.client = client;
    this.properties = properties;
    this.references = new CatalogReferences(client);
    this.probe = new ObjectStoreProbe(properties.probeTimeout());
    this.jobs = jobs;
    this.clock = clock;
    this.support = support;
    this.restores = new CatalogRestore(client, jobs, clock);
  }

  @Override
  public List<EventSource<?, DuckLakeCatalog>> prepareEventSources(
      EventSourceContext<DuckLakeCatalog> context) {
    // Job completions wake the catalog that owns the Job.
    return ReconcileSupport.workerJobs(DuckLakeCatalog.class, context);
  }

  @Override
  public UpdateControl<DuckLakeCatalog> reconcile(
      DuckLakeCatalog catalog, Context<DuckLakeCatalog> context) {
    return support.reconcile(
        catalog, DuckLakeCatalogStatus::new, status -> advance(catalog, status));
  }

  @Override
  public ErrorStatusUpdateControl<DuckLakeCatalog> updateErrorStatus(
      DuckLakeCatalog catalog, Context<DuckLakeCatalog> context, Exception e) {
    return support.error(catalog, DuckLakeCatalogStatus::new, e);
  }

  /** Runs the steps, sums them up in Ready and the phase; returns when to look again in ms. */
  private long advance(DuckLakeCatalog catalog, DuckLakeCatalogStatus status) {
    Long generation = catalog.getMetadata().getGeneration();
    Step step = steps(catalog, status, generation);
    if (step.done()) {
      Conditions.set(
          status,
          ConditionTypes.READY,
          true,
          ConditionReasons.RECONCILED,
          "catalog is ready",
          generation,
          clock);
      status.setPhase(CatalogPhase.Succeeded);
    } else {
      Conditions.set(
          status, ConditionTypes.READY, false, step.reason(), step.message(), generation, clock);
      status.setPhase(step.phase());
    }
    return step.recheckAfterMillis();
  }

  /** Where reconciliation stopped, and when to look again (0: wait for an event). */
  record Step(
      boolean done, CatalogPhase phase, String reason, String message, long recheckAfterMillis) {
    static Step waiting(CatalogPhase phase, String reason, String message, long after) {
      return new Step(false, phase, reason, message, after);
    }
  }

  private Step steps(DuckLakeCatalog catalog, DuckLakeCatalogStatus status, Long generation) {
    long wait = properties.waitInterval().toMillis();
    Validation v = CatalogValidator.validate(catalog.getSpec(), null);
    if (!v.isValid()) {
      return Step.waiting(CatalogPhase.Failed, ConditionReasons.INVALID_SPEC, v.errorMessage(), 0);
    }
    Optional<CatalogReferences.Problem> missing = references.check(catalog);
    if (missing.isPresent()) {
      return Step.waiting(
          CatalogPhase.Pending, missing.get().reason(), missing.get().message(), wait);
    }
    Optional<CatalogReferences.Problem> unreachable =
        probe.check(
            catalog.getSpec().getObjectStore(),
            references.s3Keys(catalog),
            catalog.getMetadata().getUid());
    Conditions.set(
        status,
        ConditionTypes.OBJECT_STORE_REACHABLE,
        unreachable.isEmpty(),
        unreachable.map(CatalogReferences.Problem::reason).orElse(ConditionReasons.RECONCILED),
        unreachable
            .map(CatalogReferences.Problem::message)
            .orElse(
                "bucket '" + catalog.getSpec().getObjectStore().getBucket() + "' accepts writes"),
        generation,
        clock);
    if (unreachable.isPresent()) {
      return Step.waiting(
          CatalogPhase.Pending, unreachable.get().reason(), unreachable.get().message(), wait);
    }
    Optional<Step> storage = storage(catalog, status, generation, wait);
    if (storage.isPresent()) {
      return storage.get();
    }
    if (CatalogValidator.restoreSource(catalog.getSpec()) != null
        && !Conditions.isTrue(status, ConditionTypes.RESTORED)) {
      Step restoring = restores.advance(catalog, status, generation, wait);
      if (restoring != null) {
        return restoring;
      }
    }
    OperationJobs.Outcome init =
        jobs.run(catalog, catalog, "init", new Operation.Initialize().toJson());
    switch (init.state()) {
      case RUNNING, WAITING -> {
        Conditions.set(
            status,
            ConditionTypes.CATALOG_INITIALIZED,
            false,
            ConditionReasons.RECONCILING,
            "initialising DuckLake in Job " + init.jobName(),
            generation,
            clock);
        return Step.waiting(
            CatalogPhase.Running,
            ConditionReasons.RECONCILING,
            "waiting for Job " + init.jobName(),
            init.state() == OperationJobs.State.WAITING ? wait : 0);
      }
      case FAILED -> {
        Conditions.set(
            status,
            ConditionTypes.CATALOG_INITIALIZED,
            false,
            init.reason(),
            init.message(),
            generation,
            clock);
        if ("CatalogUnavailable".equals(init.reason())) {
          jobs.retry(catalog.getMetadata().getNamespace(), init.jobName());
          return Step.waiting(CatalogPhase.Pending, init.reason(), init.message(), wait);
        }
        return Step.waiting(CatalogPhase.Failed, init.reason(), init.message(), 0);
      }
      default -> {
        Conditions.set(
            status,
            ConditionTypes.CATALOG_INITIALIZED,
            true,
            ConditionReasons.RECONCILED,
            "DuckLake catalog attaches",
            generation,
            clock);
        if (init.result().snapshotId() != null) {
          status.setSnapshotId(init.result().snapshotId());
        }
        if (init.result().dataPath() != null) {
          status.setDataPath(init.result().dataPath());
        }
        return new Step(
            true,
            CatalogPhase.Succeeded,
            ConditionReasons.RECONCILED,
            "",
            properties.resyncInterval().toMillis());
      }
    }
  }

  /**
   * A catalog that still has DuckLakeTables waits (and says which). Then Retain (default) lets the
   * object go and keeps metadata, volume and data; Delete has a worker drop every table and delete
   * exactly DuckLake's data files (and a PostgreSQL catalog's metadata tables), then deletes the
   * volume of a file catalog.
   */
  @Override
  public DeleteControl cleanup(DuckLakeCatalog catalog, Context<DuckLakeCatalog> context) {
    String ns = catalog.getMetadata().getNamespace();
    List<String> tables =
        client.resources(DuckLakeTable.class).inNamespace(ns).list().getItems().stream()
            .filter(t -> catalog.getMetadata().getName().equals(t.getSpec().getCatalogRef()))
            .map(t -> t.getMetadata().getName())
            .sorted()
            .toList();
    long wait = properties.waitInterval().toMillis();
    log.info(
        "catalog {}/{} is being deleted (deletionPolicy {}); {} table(s) still use it",
        ns,
        catalog.getMetadata().getName(),
        catalog.getSpec().getDeletionPolicy(),
        tables.size());
    if (!tables.isEmpty()) {
      DuckLakeCatalogStatus status =
          catalog.getStatus() == null ? new DuckLakeCatalogStatus() : catalog.getStatus();
      catalog.setStatus(status);
      if (Conditions.set(
          status,
          ConditionTypes.READY,
          false,
          ConditionReasons.TABLES_REMAIN,
          tables.size()
              + " DuckLakeTable(s) still use this catalog: "
              + String.join(", ", tables)
              + "; delete them first",
          catalog.getMetadata().getGeneration(),
          clock)) {
        // editStatus re-reads the object and patches the difference: the finalizer and deletion
        // updates move the resourceVersion, and this condition must not lose to them.
        client
            .resources(DuckLakeCatalog.class)
            .inNamespace(ns)
            .withName(catalog.getMetadata().getName())
            .editStatus(
                current -> {
                  current.setStatus(status);
                  return current;
                });
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
    }
    if (catalog.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
      return DeleteControl.defaultDelete();
    }
    OperationJobs.Outcome destroy =
        jobs.run(catalog, catalog, "destroy", new Operation.DestroyCatalog().toJson());
    switch (destroy.state()) {
      case SUCCEEDED -> {
        if (CatalogStorage.usesVolume(catalog)) {
          client
              .persistentVolumeClaims()
              .inNamespace(ns)
              .withName(CatalogStorage.claimName(catalog))
              .delete();
        }
        return DeleteControl.defaultDelete();
      }
      case FAILED -> {
        jobs.retry(ns, destroy.jobName());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait * 10);
      }
      default -> {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
      }
    }
  }

  /**
   * Asks for a larger catalog volume when spec.size grew (a volume never shrinks); the API server
   * and the storage class decide whether it can. Returns why it could not, if it could not.
   */
  private Optional<String> grow(DuckLakeCatalog catalog, PersistentVolumeClaim pvc) {
    Quantity wanted = CatalogPvc.size(catalog);
    Quantity requested =
        pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null
            ? null
            : pvc.getSpec().getResources().getRequests().get("storage");
    if (requested == null
        || Quantity.getAmountInBytes(wanted).compareTo(Quantity.getAmountInBytes(requested)) <= 0) {
      return Optional.empty();
    }
    try {
      client
          .persistentVolumeClaims()
          .inNamespace(pvc.getMetadata().getNamespace())
          .withName(pvc.getMetadata().getName())
          .edit(
              p -> {
                p.getSpec().getResources().getRequests().put("storage", wanted);
                return p;
              });
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(
          "volume "
              + pvc.getMetadata().getName()
              + " stays at "
              + requested
              + ": growing it to spec.size "
              + wanted
              + " was refused ("
              + e.getStatus().getMessage()
              + "); use a storage class with allowVolumeExpansion: true");
    }
  }

  private Optional<Step> storage(
      DuckLakeCatalog catalog, DuckLakeCatalogStatus status, Long generation, long wait) {
    if (!CatalogStorage.usesVolume(catalog)) {
      Conditions.set(
          status,
          ConditionTypes.STORAGE_READY,
          true,
          ConditionReasons.RECONCILED,
          "metadata lives in PostgreSQL; no volume needed",
          generation,
          clock);
      return Optional.empty();
    }
    String ns = catalog.getMetadata().getNamespace();
    PersistentVolumeClaim pvc =
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withName(CatalogStorage.claimName(catalog))
            .get();
    if (pvc == null) {
      client.resource(CatalogPvc.desired(catalog)).create();
    }
    boolean bound =
        pvc != null && pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase());
    Optional<String> resize = bound ? grow(catalog, pvc) : Optional.empty();
    if (resize.isPresent()) {
      Conditions.set(
          status,
          ConditionTypes.STORAGE_READY,
          true,
          ConditionReasons.VOLUME_RESIZE_REFUSED,
          resize.get(),
          generation,
          clock);
      return Optional.empty();
    }
    Conditions.set(
        status,
        ConditionTypes.STORAGE_READY,
        bound,
        bound ? ConditionReasons.RECONCILED : ConditionReasons.VOLUME_PENDING,
        bound
            ? "volume " + CatalogStorage.claimName(catalog) + " is bound"
            : "waiting for PersistentVolumeClaim "
                + CatalogStorage.claimName(catalog)
                + " to be bound",
        generation,
        clock);
    return bound
        ? Optional.empty()
        : Optional.of(
            Step.waiting(
                CatalogPhase.Pending,
                ConditionReasons.VOLUME_PENDING,
                "waiting for PersistentVolumeClaim "
                    + CatalogStorage.claimName(catalog)
                    + " to be bound",
                wait));
  }
}
