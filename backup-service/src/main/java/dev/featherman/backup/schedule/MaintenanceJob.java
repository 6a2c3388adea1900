package dev.featherman.backup.schedule;

import dev.featherman.api.types.GoDuration;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.v1alpha1.MaintenanceStatus;
import dev.featherman.api.validation.CatalogValidator;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.backup.config.BackupProperties;
import dev.featherman.backup.metrics.BackupMetrics;
import dev.featherman.backup.reconcile.Backups;
import dev.featherman.operator.EventRecorder;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * A maintenance trigger fired: run expire → merge → cleanup in a worker Job and record the result
 * in the catalog's status.maintenance and an Event. File cleanup never reaches past the oldest
 * retained backup (its files must stay restorable), and is skipped for a restored catalog, whose
 * older data files belong to the catalog it was restored from.
 */
@DisallowConcurrentExecution
public class MaintenanceJob implements Job {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MaintenanceJob.class);

  private final KubernetesClient client;
  private final OperationJobs jobs;
  private final BackupProperties properties;
  private final BackupMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;

  public MaintenanceJob(
      KubernetesClient client,
      OperationJobs jobs,
      BackupProperties properties,
      BackupMetrics metrics,
      EventRecorder events,
      Clock clock) {
    this.client = client;
    this.jobs = jobs;
    this.properties = properties;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  /**
   * The operation for {@code catalog} now, with its cut-offs; also says why cleanup was limited.
   */
  public record Plan(Operation.Maintain operation, String note) {}

  /** Computes the cut-offs and builds the operation. */
  public Plan plan(DuckLakeCatalog catalog, String slot) {
    MaintenanceSpec m = catalog.getSpec().getMaintenance();
    Instant now = clock.instant();
    Instant expire = now.minus(GoDuration.parse(m.getExpireSnapshotsOlderThan()));
    Instant cleanup = now.minus(GoDuration.parse(m.getCleanupFilesOlderThan()));
    String note = "";
    Optional<Instant> oldestBackup =
        Backups.of(client, catalog.getMetadata().getNamespace(), catalog.getMetadata().getName())
            .stream()
            .filter(
                b ->
                    Backups.phase(b) == BackupPhase.Completed
                        || Backups.phase(b) == BackupPhase.Running)
            .map(MaintenanceJob::exportStart)
            .min(Instant::compareTo);
    if (oldestBackup.isPresent() && oldestBackup.get().isBefore(cleanup)) {
      cleanup = oldestBackup.get();
      note = "cleanup limited to files unreferenced before the oldest retained backup; ";
    }
    boolean restored = CatalogValidator.restoreSource(catalog.getSpec()) != null;
    if (restored) {
      note = "cleanup skipped: a restored catalog shares older data files with its source; ";
    }
    Operation.Maintain op =
        new Operation.Maintain(
            expire.toString(),
            !Boolean.FALSE.equals(m.getMergeAdjacentFiles()),
            restored ? null : cleanup.toString(),
            Boolean.TRUE.equals(m.getDryRun()),
            slot);
    return new Plan(op, note);
  }

  private static Instant exportStart(DuckLakeBackup b) {
    return b.getStatus() != null && b.getStatus().getExportStartedAt() != null
        ? Instant.parse(b.getStatus().getExportStartedAt())
        : Backups.created(b);
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    String ns = data.getString(CatalogSchedules.NAMESPACE);
    String name = data.getString(CatalogSchedules.CATALOG);
    DuckLakeCatalog catalog =
        client.resources(DuckLakeCatalog.class).inNamespace(ns).withName(name).get();
    if (catalog == null || catalog.getSpec().getMaintenance() == null) {
      return;
    }
    Plan plan = plan(catalog, context.getScheduledFireTime().toInstant().toString());
    Instant deadline = clock.instant().plus(properties.jobDeadline());
    OperationJobs.Outcome outcome;
    try {
      do {
        outcome = jobs.run(catalog, catalog, "maintain", plan.operation().toJson());
        if (outcome.state() == OperationJobs.State.SUCCEEDED
            || outcome.state() == OperationJobs.State.FAILED) {
          break;
        }
        Thread.sleep(properties.waitInterval().toMillis());
      } while (clock.instant().isBefore(deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down (or leadership lost): the next slot runs it
    }
    record(catalog, plan, outcome);
  }

  private void record(DuckLakeCatalog catalog, Plan plan, OperationJobs.Outcome outcome) {
    String ns = catalog.getMetadata().getNamespace();
    String name = catalog.getMetadata().getName();
    boolean ok = outcome.state() == OperationJobs.State.SUCCEEDED;
    OperationResult r = outcome.result();
    MaintenanceStatus status = new MaintenanceStatus();
    status.setLastRun(clock.instant().toString());
    status.setResult(ok ? "Succeeded" : "Failed");
    status.setDryRun(plan.operation().dryRun());
    if (ok) {
      status.setSnapshotsExpired(r.snapshotsExpired());
      status.setFilesMerged(r.filesMerged());
      status.setFilesDeleted(r.filesDeleted());
      status.setCleanupCutoff(r.cleanupCutoff());
      status.setMessage(
          plan.note()
              + (status.getDryRun() ? "dry run: " : "")
              + status.getSnapshotsExpired()
              + " snapshot(s) expired, "
              + (status.getFilesMerged() == null
                  ? "no merge"
                  : status.getFilesMerged() + " file(s) merged")
              + ", "
              + (status.getFilesDeleted() == null
                  ? "no cleanup"
                  : status.getFilesDeleted() + " file(s) deleted"));
    } else {
      status.setMessage(
          outcome.state() == OperationJobs.State.FAILED
              ? outcome.message()
              : "Job " + outcome.jobName() + " did not finish within " + properties.jobDeadline());
    }
    metrics.maintenance(ns, name, ok);
    if (ok) {
      events.normal(catalog, "MaintenanceCompleted", status.getMessage());
    } else {
      events.warning(catalog, "MaintenanceFailed", status.getMessage());
    }
    log.info("maintenance of {}/{}: {} ({})", ns, name, status.getResult(), status.getMessage());
    client
        .resources(DuckLakeCatalog.class)
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            c -> {
              DuckLakeCatalogStatus s =
                  c.getStatus() == null ? new DuckLakeCatalogStatus() : c.getStatus();
              s.setMaintenance(status);
              c.setStatus(s);
              return c;
            });
  }
}
