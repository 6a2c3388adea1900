package dev.featherman.backup.schedule;

import dev.featherman.api.Annotations;
import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * A backup trigger fired: create the DuckLakeBackup for this slot. Its name derives from the slot,
 * so a second fire for the same slot (a new leader, a catch-up racing a regular fire) finds it
 * already there and makes nothing.
 */
public class ScheduledBackupJob implements Job {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ScheduledBackupJob.class);
  private static final DateTimeFormatter SLOT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;

  public ScheduledBackupJob(KubernetesClient client) {
    this.client = client;
  }

  /** {@code <catalog>-<yyyyMMdd-HHmmss>} (UTC), within the 253 characters of an object name. */
  public static String name(String catalog, Instant slot) {
    String suffix = "-" + SLOT.format(slot);
    String base =
        catalog.length() + suffix.length() > 253
            ? catalog.substring(0, 253 - suffix.length())
            : catalog;
    return base.replaceAll("[.-]+$", "") + suffix;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String ns = data.getString(CatalogSchedules.NAMESPACE);
    String catalogName = data.getString(CatalogSchedules.CATALOG);
    DuckLakeCatalog catalog =
        client.resources(DuckLakeCatalog.class).inNamespace(ns).withName(catalogName).get();
    if (catalog == null || catalog.getSpec().getBackupPolicy() == null) {
      try {
        context.getScheduler().unscheduleJob(context.getTrigger().getKey());
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      }
      return;
    }
    Instant slot = context.getScheduledFireTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    DuckLakeBackup backup = new DuckLakeBackup();
    backup.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(catalogName, slot))
            .withNamespace(ns)
            .addToLabels(Labels.CATALOG, catalogName)
            .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
            .addToAnnotations(Annotations.SCHEDULED_FOR, slot.toString())
            .build());
    DuckLakeBackupSpec spec = new DuckLakeBackupSpec();
    spec.setCatalogRef(catalogName);
    spec.setTrigger("scheduled");
    backup.setSpec(spec);
    try {
      client.resource(backup).create();
      log.info("scheduled backup {}/{} created", ns, backup.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw new JobExecutionException(e);
      }
      log.info("backup {}/{} already exists for this slot", ns, backup.getMetadata().getName());
    }
  }
}
