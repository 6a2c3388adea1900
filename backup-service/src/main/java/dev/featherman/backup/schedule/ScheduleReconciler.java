package dev.featherman.backup.schedule;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.backup.config.BackupProperties;
import dev.featherman.backup.retention.Retention;
import dev.featherman.operator.EventRecorder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Set;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;

/**
 * Watches DuckLakeCatalogs (leader only, like every reconciler here) and keeps the Quartz triggers
 * in step with their backupPolicy and maintenance, pruning the triggers of catalogs that are gone;
 * applies each catalog's retention every retentionInterval. It never writes to the catalog (no
 * finalizer, no status): the controller owns it.
 */
public class ScheduleReconciler implements Reconciler<DuckLakeCatalog> {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ScheduleReconciler.class);
  private final CatalogSchedules schedules;
  private final Retention retention;
  private final BackupProperties properties;
  private final EventRecorder events;

  public ScheduleReconciler(
      CatalogSchedules schedules,
      Retention retention,
      BackupProperties properties,
      EventRecorder events) {
    this.schedules = schedules;
    this.retention = retention;
    this.properties = properties;
    this.events = events;
  }

  @Override
  public UpdateControl<DuckLakeCatalog> reconcile(
      DuckLakeCatalog catalog, Context<DuckLakeCatalog> context) throws SchedulerException {
    if (catalog.getMetadata().getDeletionTimestamp() != null) {
      schedules.remove(catalog);
      return UpdateControl.noUpdate();
    }
    try {
      schedules.sync(catalog);
    } catch (IllegalArgumentException e) {
      // The webhook rejects such schedules; one that got in anyway is reported, not retried.
      events.warning(catalog, "InvalidSchedule", e.getMessage());
      log.warn("catalog {}: {}", CatalogSchedules.key(catalog), e.getMessage());
    }
    Set<String> live =
        context.getPrimaryCache().list().map(CatalogSchedules::key).collect(Collectors.toSet());
    live.add(CatalogSchedules.key(catalog));
    schedules.prune(live);
    retention.apply(catalog);
    return UpdateControl.<DuckLakeCatalog>noUpdate()
        .rescheduleAfter(properties.retentionInterval().toMillis());
  }
}
