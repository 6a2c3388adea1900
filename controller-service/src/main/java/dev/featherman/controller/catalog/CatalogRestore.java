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
  private record Location(String bucket, String manifestKey) {}

  /** Null once restored (go on with initialization); else the step to report. */
  CatalogReconciler.Step advance(
      DuckLakeCatalog catalog, DuckLakeCatalogStatus status, Long generation, long wait) {
    String source = CatalogValidator.restoreSource(catalog.getSpec());
    RestoreSpec spec = catalog.getSpec().getRestore();
    Location location;
    if (spec != null && spec.getObjectKey() != null) {
      location =
          new Location(
              spec.getBucket() != null
                  ? spec.getBucket()
                  : catalog.getSpec().getObjectStore().getBucket(),
              BackupLayout.manifestKey(spec.getObjectKey()));
    } else {
      String field = spec != null ? "spec.restore.backupName" : "spec.restoreVersion";
      DuckLakeBackup backup =
          client
              .resources(DuckLakeBackup.class)
              .inNamespace(catalog.getMetadata().getNamespace())
              .withName(source)
              .get();
      if (backup == null) {
        return waiting(
            status,
            generation,
            CatalogPhase.Pending,
            ConditionReasons.BACKUP_NOT_FOUND,
            "DuckLakeBackup '"
                + source
                + "' ("
                + field
                + ") does not exist in namespace '"
                + catalog.getMetadata().getNamespace()
                + "'",
            wait);
      }
      BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
      if (phase == BackupPhase.Failed) {
        return waiting(
            status,
            generation,
            CatalogPhase.Failed,
            ConditionReasons.BACKUP_NOT_COMPLETED,
            "DuckLakeBackup '"
                + source
                + "' Failed ("
                + backup.getStatus().getError()
                + "); create a new catalog from another backup",
            0);
      }
      if (phase != BackupPhase.Completed) {
        return waiting(
            status,
            generation,
            CatalogPhase.Pending,
            ConditionReasons.BACKUP_NOT_COMPLETED,
            "waiting for DuckLakeBackup '" + source + "' to complete (now " + phase + ")",
            wait);
      }
      location = new Location(backup.getStatus().getBucket(), backup.getStatus().getObjectKey());
    }
    String op = new Operation.Restore(location.bucket(), location.manifestKey()).toJson();
    OperationJobs.Outcome outcome = jobs.run(catalog, catalog, "restore", op);
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
        status.setRestoredFrom(source);
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
