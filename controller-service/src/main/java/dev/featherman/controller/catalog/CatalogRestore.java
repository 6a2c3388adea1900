package dev.featherman.controller.catalog;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.CatalogPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.api.v1alpha1.RestoreSpec;
import dev.featherman.api.validation.CatalogValidator;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.objectstore.BackupLayout;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * The restore step of a new catalog with spec.restore: find the backup (a Completed DuckLakeBackup
 * or a manifest key), then a worker Job downloads it, verifies every file against the manifest and
 * loads it into the still-empty catalog. It runs once: after Restored=True the catalog is an
 * ordinary one. Never in place: the catalog being restored is the new one.
 */
class CatalogRestore {
  private final KubernetesClient client;
  private final OperationJobs jobs;
  private final Clock clock;

  CatalogRestore(KubernetesClient client, OperationJobs jobs, Clock clock) {
    this.client = client;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Where a backup lives. */
  record Location(String bucket, String manifestKey) {}

  /**
   * Why the restore cannot start yet: a Ready=False step with this phase, reason and message;
   * {@code later} when looking again can help.
   */
  record Blocked(CatalogPhase phase, String reason, String message, boolean later) {}

  /** The backup's location, or why there is none yet: exactly one is set. */
  record Source(Location location, Blocked blocked) {}

  /** Null once restored (go on with initialization); else the step to report. */
  CatalogReconciler.Step advance(
      DuckLakeCatalog catalog, DuckLakeCatalogStatus status, Long generation, long wait) {
    RestoreSpec spec = catalog.getSpec().getRestore();
    boolean byKey = spec != null && spec.getObjectKey() != null;
    DuckLakeBackup backup =
        byKey
            ? null
            : client
                .resources(DuckLakeBackup.class)
                .inNamespace(catalog.getMetadata().getNamespace())
                .withName(CatalogValidator.restoreSource(catalog.getSpec()))
                .get();
    Source source = locate(catalog, backup);
    if (source.blocked() != null) {
      Blocked b = source.blocked();
      return waiting(status, generation, b.phase(), b.reason(), b.message(), b.later() ? wait : 0);
    }
    Location location = source.location();
    String op = new Operation.Restore(location.bucket(), location.manifestKey()).toJson();
    OperationJobs.Outcome outcome = jobs.run(catalog, catalog, "restore", op);
    return report(catalog, status, generation, location, outcome, wait);
  }

  /**
   * Where the backup named by the catalog's spec is ({@code backup}: the DuckLakeBackup it names,
   * as read, or null; unused for a manifest key), or why the restore has to wait or cannot be.
   */
  static Source locate(DuckLakeCatalog catalog, DuckLakeBackup backup) {
    RestoreSpec spec = catalog.getSpec().getRestore();
    if (spec != null && spec.getObjectKey() != null) {
      String bucket =
          spec.getBucket() != null
              ? spec.getBucket()
              : catalog.getSpec().getObjectStore().getBucket();
      return new Source(new Location(bucket, BackupLayout.manifestKey(spec.getObjectKey())), null);
    }
    String name = CatalogValidator.restoreSource(catalog.getSpec());
    String field = spec != null ? "spec.restore.backupName" : "spec.restoreVersion";
    if (backup == null) {
      return blocked(
          CatalogPhase.Pending,
          ConditionReasons.BACKUP_NOT_FOUND,
          "DuckLakeBackup '"
              + name
              + "' ("
              + field
              + ") does not exist in namespace '"
              + catalog.getMetadata().getNamespace()
              + "'",
          true);
    }
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
    if (phase == BackupPhase.Failed) {
      return blocked(
          CatalogPhase.Failed,
          ConditionReasons.BACKUP_NOT_COMPLETED,
          "DuckLakeBackup '"
              + name
              + "' Failed ("
              + backup.getStatus().getError()
              + "); create a new catalog from another backup",
          false);
    }
    if (phase != BackupPhase.Completed) {
      return blocked(
          CatalogPhase.Pending,
          ConditionReasons.BACKUP_NOT_COMPLETED,
          "waiting for DuckLakeBackup '" + name + "' to complete (now " + phase + ")",
          true);
    }
    return new Source(
        new Location(backup.getStatus().getBucket(), backup.getStatus().getObjectKey()), null);
  }

  private static Source blocked(CatalogPhase phase, String reason, String message, boolean later) {
    return new Source(null, new Blocked(phase, reason, message, later));
  }

  /** The restore Job's outcome as the catalog's step; null once the catalog is restored. */
  private CatalogReconciler.Step report(
      DuckLakeCatalog catalog,
      DuckLakeCatalogStatus status,
      Long generation,
      Location location,
      OperationJobs.Outcome outcome,
      long wait) {
    String where = "s3://" + location.bucket() + "/" + location.manifestKey();
    switch (outcome.state()) {
      case RUNNING, WAITING -> {
        return waiting(
            status,
            generation,
            CatalogPhase.Running,
            ConditionReasons.RESTORING,
            "verifying and restoring " + where + " in Job " + outcome.jobName(),
            outcome.state() == OperationJobs.State.WAITING ? wait : 0);
      }
      case FAILED -> {
        boolean retry = "ObjectStoreUnavailable".equals(outcome.reason());
        if (retry) {
          jobs.retry(catalog.getMetadata().getNamespace(), outcome.jobName());
        }
        return waiting(
            status,
            generation,
            retry ? CatalogPhase.Pending : CatalogPhase.Failed,
            outcome.reason(),
            "restoring " + where + " failed: " + outcome.message(),
            retry ? wait : 0);
      }
      default -> {
        Conditions.set(
            status,
            ConditionTypes.RESTORED,
            true,
            ConditionReasons.RECONCILED,
            "restored from "
                + where
                + " (DuckLake snapshot "
                + OperationResult.orZero(outcome.result().backupSnapshotId())
                + ")",
            generation,
            clock);
        status.setRestoredFrom(CatalogValidator.restoreSource(catalog.getSpec()));
        return null;
      }
    }
  }

  private CatalogReconciler.Step waiting(
      DuckLakeCatalogStatus status,
      Long generation,
      CatalogPhase phase,
      String reason,
      String message,
      long after) {
    Conditions.set(status, ConditionTypes.RESTORED, false, reason, message, generation, clock);
    return CatalogReconciler.Step.waiting(phase, reason, message, after);
  }
}
