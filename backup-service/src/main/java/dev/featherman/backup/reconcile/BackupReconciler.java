package dev.featherman.backup.reconcile;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeBackupStatus;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.validation.BackupValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.backup.config.BackupProperties;
import dev.featherman.backup.metrics.BackupMetrics;
import dev.featherman.objectstore.BackupLayout;
import dev.featherman.objectstore.BackupVerifier;
import dev.featherman.objectstore.CorruptBackupException;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Takes one DuckLakeBackup from Pending to Completed or Failed: the catalog must be Ready; a worker
 * Job (the catalog's own worker image and volume) exports and uploads; this service then verifies
 * every object against the manifest before calling it Completed. A failure at any step is Failed
 * with the reason, and whatever was uploaded is removed. Deleting the object deletes the backup's
 * objects.
 */
public class BackupReconciler implements Reconciler<DuckLakeBackup>, Cleaner<DuckLakeBackup> {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(BackupReconciler.class);

  private final KubernetesClient client;
  private final BackupProperties properties;
  private final OperationJobs jobs;
  private final CatalogObjects objects;
  private final CatalogBackupSummary summary;
  private final BackupMetrics metrics;
  private final ReconcileSupport support;
  private final Clock clock;

  public BackupReconciler(
      KubernetesClient client,
      BackupProperties properties,
      OperationJobs jobs,
      CatalogObjects objects,
      CatalogBackupSummary summary,
      BackupMetrics metrics,
      ReconcileSupport support,
      Clock clock) {
    this.client = client;
    this.properties = properties;
    this.jobs = jobs;
    this.objects = objects;
    this.summary = summary;
    this.metrics = metrics;
    this.support = support;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DuckLakeBackup>> prepareEventSources(
      EventSourceContext<DuckLakeBackup> context) {
    return ReconcileSupport.workerJobs(DuckLakeBackup.class, context);
  }

  @Override
  public UpdateControl<DuckLakeBackup> reconcile(
      DuckLakeBackup backup, Context<DuckLakeBackup> context) {
    BackupPhase before = Backups.phase(backup);
    UpdateControl<DuckLakeBackup> control =
        support.reconcile(backup, DuckLakeBackupStatus::new, status -> advance(backup, status));
    BackupPhase after = backup.getStatus().getPhase();
    if (after != before && (after == BackupPhase.Completed || after == BackupPhase.Failed)) {
      finished(backup);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<DuckLakeBackup> updateErrorStatus(
      DuckLakeBackup backup, Context<DuckLakeBackup> context, Exception e) {
    return support.error(backup, DuckLakeBackupStatus::new, e);
  }

  /** Moves the backup one step; returns when to look again in ms (0: on events). */
  private long advance(DuckLakeBackup backup, DuckLakeBackupStatus status) {
    if (status.getPhase() == BackupPhase.Completed || status.getPhase() == BackupPhase.Failed) {
      return 0; // a finished backup is a record; it never runs again
    }
    long wait = properties.waitInterval().toMillis();
    Validation v = BackupValidator.validate(backup.getSpec(), null);
    if (!v.isValid()) {
      return fail(backup, status, ConditionReasons.INVALID_SPEC, v.errorMessage());
    }
    String ns = backup.getMetadata().getNamespace();
    String catalogName = backup.getSpec().getCatalogRef();
    DuckLakeCatalog catalog =
        client.resources(DuckLakeCatalog.class).inNamespace(ns).withName(catalogName).get();
    if (catalog == null) {
      return fail(
          backup,
          status,
          ConditionReasons.CATALOG_NOT_FOUND,
          "DuckLakeCatalog '"
              + catalogName
              + "' (spec.catalogRef) does not exist in namespace '"
              + ns
              + "'");
    }
    if (catalog.getStatus() == null
        || !Conditions.isTrue(catalog.getStatus(), ConditionTypes.READY)) {
      status.setPhase(BackupPhase.Pending);
      condition(
          backup,
          status,
          false,
          ConditionReasons.CATALOG_NOT_READY,
          "waiting for DuckLakeCatalog '" + catalogName + "' to be Ready");
      return wait;
    }
    String bucket = catalog.getSpec().getObjectStore().getBucket();
    String folder =
        BackupLayout.folder(
            catalog.getSpec().getObjectStore(), ns, catalogName, backup.getMetadata().getName());
    Operation op =
        new Operation.Backup(
            bucket, folder, backup.getMetadata().getName(), ns, properties.partSize().toBytes());
    OperationJobs.Outcome outcome =
        jobs.run(catalog, jobSubject(backup), backup, "backup", op.toJson());
    if (status.getStartedAt() == null) {
      status.setStartedAt(clock.instant().toString());
    }
    status.setBucket(bucket);
    switch (outcome.state()) {
      case RUNNING, WAITING -> {
        status.setPhase(BackupPhase.Running);
        condition(
            backup,
            status,
            false,
            ConditionReasons.RECONCILING,
            outcome.state() == OperationJobs.State.WAITING
                ? "waiting for another Job of catalog '" + catalogName + "' to finish"
                : "exporting in Job " + outcome.jobName());
        if (overdue(status)) {
          return fail(
              backup,
              status,
              "DeadlineExceeded",
              "Job " + outcome.jobName() + " did not finish within " + properties.jobDeadline());
        }
        return outcome.state() == OperationJobs.State.WAITING ? wait : wait * 6;
      }
      case FAILED -> {
        removeObjects(catalog, bucket, folder);
        return fail(backup, status, outcome.reason(), outcome.message());
      }
      default -> {
        return verify(backup, status, catalog, outcome.result(), bucket, folder);
      }
    }
  }

  /**
   * What names the backup's Job: the backup at a fixed generation, so pinning it (a spec change)
   * while it runs never starts a second export.
   */
  private static DuckLakeBackup jobSubject(DuckLakeBackup backup) {
    DuckLakeBackup subject = new DuckLakeBackup();
    subject.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(backup.getMetadata().getName())
            .withNamespace(backup.getMetadata().getNamespace())
            .withUid(backup.getMetadata().getUid())
            .withGeneration(1L)
            .build());
    return subject;
  }

  /** The Job uploaded: every object is read back and checked before the backup counts. */
  private long verify(
      DuckLakeBackup backup,
      DuckLakeBackupStatus status,
      DuckLakeCatalog catalog,
      OperationResult result,
      String bucket,
      String folder) {
    String manifestKey =
        result.objectKey() != null ? result.objectKey() : BackupLayout.manifestKey(folder);
    BackupVerifier.Verified verified;
    try {
      verified = objects.with(catalog, t -> new BackupVerifier(t).verify(bucket, manifestKey));
    } catch (CorruptBackupException e) {
      removeObjects(catalog, bucket, folder);
      return fail(
          backup,
          status,
          ConditionReasons.BACKUP_CORRUPTED,
          "verification failed: " + e.getMessage());
    } catch (SdkException e) {
      // The export is there; reading it back failed. Try again until the deadline.
      String message =
          "verifying s3://" + bucket + "/" + manifestKey + " failed: " + e.getMessage();
      if (overdue(status)) {
        removeObjects(catalog, bucket, folder);
        return fail(backup, status, "ObjectStoreUnavailable", message);
      }
      condition(backup, status, false, "ObjectStoreUnavailable", message);
      return properties.waitInterval().toMillis();
    }
    if (result.sha256() != null && !result.sha256().equals(verified.manifestSha256())) {
      removeObjects(catalog, bucket, folder);
      return fail(
          backup,
          status,
          ConditionReasons.BACKUP_CORRUPTED,
          "the manifest in the bucket is not the one the export wrote (SHA-256 differs)");
    }
    status.setPhase(BackupPhase.Completed);
    status.setCompletedAt(clock.instant().toString());
    status.setObjectKey(manifestKey);
    status.setSizeBytes(verified.totalBytes());
    status.setSha256(verified.manifestSha256());
    status.setSnapshotId(verified.manifest().snapshotId());
    status.setExportStartedAt(verified.manifest().exportStartedAt());
    status.setDuckdbVersion(verified.manifest().duckdbVersion());
    status.setDucklakeVersion(verified.manifest().ducklakeVersion());
    status.setError(null);
    condition(
        backup,
        status,
        true,
        ConditionReasons.RECONCILED,
        "verified "
            + verified.manifest().files().size()
            + " files ("
            + verified.totalBytes()
            + " bytes) at snapshot "
            + verified.manifest().snapshotId());
    return 0;
  }

  private boolean overdue(DuckLakeBackupStatus status) {
    return status.getStartedAt() != null
        && Instant.parse(status.getStartedAt())
            .plus(properties.jobDeadline())
            .plus(Duration.ofMinutes(1))
            .isBefore(clock.instant());
  }

  private long fail(
      DuckLakeBackup backup, DuckLakeBackupStatus status, String reason, String message) {
    status.setPhase(BackupPhase.Failed);
    status.setCompletedAt(clock.instant().toString());
    status.setError(message);
    condition(backup, status, false, reason, message);
    return 0;
  }

  private void condition(
      DuckLakeBackup backup,
      DuckLakeBackupStatus status,
      boolean ok,
      String reason,
      String message) {
    Conditions.set(
        status,
        ConditionTypes.READY,
        ok,
        reason,
        message,
        backup.getMetadata().getGeneration(),
        clock);
  }

  /** Records a finished backup: metrics, an Event, and the catalog's backup summary. */
  private void finished(DuckLakeBackup backup) {
    DuckLakeBackupStatus s = backup.getStatus();
    String ns = backup.getMetadata().getNamespace();
    String catalog = backup.getSpec().getCatalogRef();
    if (s.getPhase() == BackupPhase.Completed) {
      Instant done = Instant.parse(s.getCompletedAt());
      Instant started = s.getStartedAt() == null ? done : Instant.parse(s.getStartedAt());
      metrics.completed(ns, catalog, Duration.between(started, done), s.getSizeBytes(), done);
      support
          .events()
          .normal(
              backup,
              "BackupCompleted",
              "backup of "
                  + catalog
                  + " verified at s3://"
                  + s.getBucket()
                  + "/"
                  + s.getObjectKey());
    } else {
      metrics.failed(ns, catalog);
      support.events().warning(backup, "BackupFailed", s.getError());
    }
    try {
      summary.update(ns, catalog, backup);
    } catch (RuntimeException e) {
      log.warn(
          "updating the backup summary of catalog {}/{} failed: {}", ns, catalog, e.toString());
    }
  }

  private void removeObjects(DuckLakeCatalog catalog, String bucket, String folder) {
    try {
      int n = objects.with(catalog, t -> t.deletePrefix(bucket, folder));
      log.info("removed {} object(s) of an unfinished backup under s3://{}/{}", n, bucket, folder);
    } catch (RuntimeException e) {
      // Without a manifest nothing here can pass for a backup; deletion retries on CR deletion.
      log.warn("could not remove s3://{}/{}: {}", bucket, folder, e.toString());
    }
  }

  /** Deleting a DuckLakeBackup deletes its objects (retention deletes backups this way). */
  @Override
  public DeleteControl cleanup(DuckLakeBackup backup, Context<DuckLakeBackup> context) {
    String ns = backup.getMetadata().getNamespace();
    DuckLakeCatalog catalog =
        client
            .resources(DuckLakeCatalog.class)
            .inNamespace(ns)
            .withName(backup.getSpec().getCatalogRef())
            .get();
    DuckLakeBackupStatus s = backup.getStatus();
    if (catalog != null && s != null && s.getBucket() != null) {
      String folder =
          s.getObjectKey() != null
              ? BackupLayout.folderOf(s.getObjectKey())
              : BackupLayout.folder(
                  catalog.getSpec().getObjectStore(),
                  ns,
                  catalog.getMetadata().getName(),
                  backup.getMetadata().getName());
      try {
        objects.with(catalog, t -> t.deletePrefix(s.getBucket(), folder));
      } catch (SdkException e) {
        support
            .events()
            .warning(
                backup,
                "BackupObjectsRemain",
                "deleting s3://"
                    + s.getBucket()
                    + "/"
                    + folder
                    + " failed: "
                    + e.getMessage()
                    + "; retrying");
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(properties.waitInterval().toMillis() * 6);
      }
    } else if (s != null && s.getObjectKey() != null) {
      support
          .events()
          .warning(
              backup,
              "BackupObjectsRemain",
              "catalog "
                  + backup.getSpec().getCatalogRef()
                  + " is gone, so its credentials are too: s3://"
                  + s.getBucket()
                  + "/"
                  + BackupLayout.folderOf(s.getObjectKey())
                  + " stays; delete it by hand if it is no longer needed");
    }
    try {
      summary.update(ns, backup.getSpec().getCatalogRef());
    } catch (RuntimeException e) {
      log.warn(
          "updating the backup summary after deleting {} failed: {}",
          backup.getMetadata().getName(),
          e.toString());
    }
    return DeleteControl.defaultDelete();
  }
}
