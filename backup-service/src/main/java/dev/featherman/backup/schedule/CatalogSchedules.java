package dev.featherman.backup.schedule;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.validation.Cron;
import dev.featherman.backup.reconcile.Backups;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The Quartz triggers, rebuilt from Kubernetes state: at most one backup trigger and one
 * maintenance trigger per catalog, keyed by {@code namespace/name}, so a repeated sync never adds a
 * second. An unchanged schedule keeps its trigger; a changed one replaces it; a removed policy or
 * catalog removes it.
 *
 * <p>Catch-up: a backup trigger starts at the time of the catalog's newest scheduled backup (or the
 * catalog's creation), so after downtime its first fire lies in the past, counts as a misfire, and
 * Quartz fires it once at once (fire-and-proceed) rather than once per missed slot.
 */
public class CatalogSchedules {
  public static final String BACKUP = "backup";
  public static final String MAINTENANCE = "maintenance";
  static final String NAMESPACE = "namespace";
  static final String CATALOG = "catalog";

  private final Scheduler scheduler;
  private final KubernetesClient client;
  private final Clock clock;

  public CatalogSchedules(Scheduler scheduler, KubernetesClient client, Clock clock) {
    this.scheduler = scheduler;
    this.client = client;
    this.clock = clock;
  }

  /** {@code namespace/name}: the trigger and job name of a catalog in either group. */
  public static String key(DuckLakeCatalog catalog) {
    return catalog.getMetadata().getNamespace() + "/" + catalog.getMetadata().getName();
  }

  /** Makes the catalog's triggers match its spec. */
  public void sync(DuckLakeCatalog catalog) throws SchedulerException {
    BackupPolicy policy = catalog.getSpec().getBackupPolicy();
    if (policy == null || policy.getSchedule() == null) {
      remove(BACKUP, key(catalog));
    } else {
      ensure(
          BACKUP,
          catalog,
          policy.getSchedule(),
          policy.getTimeZone(),
          () -> backupAnchor(catalog),
          ScheduledBackupJob.class,
          true);
    }
    MaintenanceSpec maintenance = catalog.getSpec().getMaintenance();
    if (maintenance == null || maintenance.getSchedule() == null) {
      remove(MAINTENANCE, key(catalog));
    } else {
      ensure(
          MAINTENANCE,
          catalog,
          maintenance.getSchedule(),
          maintenance.getTimeZone(),
          clock::instant,
          MaintenanceJob.class,
          false);
    }
  }

  /** Removes both triggers of a catalog. */
  public void remove(DuckLakeCatalog catalog) throws SchedulerException {
    remove(BACKUP, key(catalog));
    remove(MAINTENANCE, key(catalog));
  }

  /** Removes the triggers of catalogs not in {@code live} (keys as {@link #key}). */
  public void prune(Set<String> live) throws SchedulerException {
    for (String group : new String[] {BACKUP, MAINTENANCE}) {
      for (TriggerKey k : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
        if (!live.contains(k.getName())) {
          remove(group, k.getName());
        }
      }
    }
  }

  /** Triggers held, in both groups. */
  public int count() {
    try {
      return scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup()).size();
    } catch (SchedulerException e) {
      return -1;
    }
  }

  /** The keys of the catalogs with a trigger in {@code group}. */
  public Set<String> keys(String group) throws SchedulerException {
    Set<String> keys = new HashSet<>();
    scheduler
        .getTriggerKeys(GroupMatcher.triggerGroupEquals(group))
        .forEach(k -> keys.add(k.getName()));
    return keys;
  }

  private void ensure(
      String group,
      DuckLakeCatalog catalog,
      String schedule,
      String timeZone,
      Supplier<Instant> startAt,
      Class<? extends Job> jobClass,
      boolean catchUp)
      throws SchedulerException {
    String key = key(catalog);
    TriggerKey triggerKey = TriggerKey.triggerKey(key, group);
    Trigger existing = scheduler.getTrigger(triggerKey);
    ScheduleBuilder<?> builder;
    if (schedule.trim().startsWith(Cron.EVERY)) {
      long interval = Cron.every(schedule).toMillis();
      if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval) {
        return;
      }
      SimpleScheduleBuilder every =
          SimpleScheduleBuilder.simpleSchedule()
              .withIntervalInMilliseconds(interval)
              .repeatForever();
      builder =
          catchUp
              ? every.withMisfireHandlingInstructionFireNow()
              : every.withMisfireHandlingInstructionNextWithRemainingCount();
    } else {
      String cron = QuartzCron.of(schedule);
      TimeZone zone = TimeZone.getTimeZone(ZoneId.of(timeZone == null ? "UTC" : timeZone));
      if (existing instanceof CronTrigger c
          && c.getCronExpression().equals(cron)
          && c.getTimeZone().getID().equals(zone.getID())) {
        return;
      }
      CronScheduleBuilder cronSchedule = CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone);
      builder =
          catchUp
              ? cronSchedule.withMisfireHandlingInstructionFireAndProceed()
              : cronSchedule.withMisfireHandlingInstructionDoNothing();
    }
    JobDetail job =
        JobBuilder.newJob(jobClass)
            .withIdentity(key, group)
            .usingJobData(NAMESPACE, catalog.getMetadata().getNamespace())
            .usingJobData(CATALOG, catalog.getMetadata().getName())
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey)
            .forJob(job)
            .withSchedule(builder)
            .startAt(Date.from(startAt.get())) // read only when (re)built: it lists backups
            .build();
    scheduler.scheduleJob(job, Set.of(trigger), true);
  }

  private void remove(String group, String key) throws SchedulerException {
    scheduler.unscheduleJob(TriggerKey.triggerKey(key, group));
    scheduler.deleteJob(JobKey.jobKey(key, group));
  }

  /**
   * Just after the newest scheduled backup's slot (or the catalog's creation): the first fire after
   * it is the first slot nobody has backed up yet.
   */
  private Instant backupAnchor(DuckLakeCatalog catalog) {
    Instant created =
        catalog.getMetadata().getCreationTimestamp() == null
            ? clock.instant()
            : Instant.parse(catalog.getMetadata().getCreationTimestamp());
    return Backups.of(client, catalog.getMetadata().getNamespace(), catalog.getMetadata().getName())
        .stream()
        .map(b -> b.getMetadata().getAnnotations())
        .filter(a -> a != null && a.get(Annotations.SCHEDULED_FOR) != null)
        .map(a -> Instant.parse(a.get(Annotations.SCHEDULED_FOR)).plusSeconds(1))
        .reduce(created, (a, b) -> a.isAfter(b) ? a : b);
  }
}
