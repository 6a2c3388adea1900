package dev.featherman.backup.config;

import dev.featherman.backup.metrics.BackupMetrics;
import dev.featherman.backup.reconcile.BackupReconciler;
import dev.featherman.backup.reconcile.CatalogBackupSummary;
import dev.featherman.backup.reconcile.CatalogObjects;
import dev.featherman.backup.retention.Retention;
import dev.featherman.backup.schedule.CatalogSchedules;
import dev.featherman.backup.schedule.MaintenanceJob;
import dev.featherman.backup.schedule.ScheduleReconciler;
import dev.featherman.backup.schedule.ScheduledBackupJob;
import dev.featherman.operator.EventRecorder;
import dev.featherman.operator.OperatorService;
import dev.featherman.operator.OperatorServiceConfiguration;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;
import org.quartz.spi.JobFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the backup-service: one leader-elected Operator with the DuckLakeBackup reconciler and the
 * catalog schedule reconciler, and an in-memory Quartz scheduler that those rebuild from Kubernetes
 * state after every start (nothing lives only in this process).
 */
@Configuration(proxyBeanMethods = false)
@Import(OperatorServiceConfiguration.class)
public class BackupServiceConfiguration {

  @Bean
  OperationJobs operationJobs(KubernetesClient client, BackupProperties p) {
    return OperationJobs.configured(client, p);
  }

  /** Shut down with the context, after the lifecycles below stopped (running jobs not awaited). */
  @Bean(destroyMethod = "shutdown")
  Scheduler quartz(BackupProperties p) throws SchedulerException {
    Properties q = new Properties();
    // A name of its own: Quartz hands out a live scheduler of the same name to anyone asking.
    q.setProperty(
        StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME,
        "featherman-backup-" + java.util.UUID.randomUUID());
    q.setProperty("org.quartz.threadPool.threadCount", Integer.toString(p.schedulerThreads()));
    q.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
    q.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(p.misfireThreshold().toMillis()));
    return new StdSchedulerFactory(q).getScheduler();
  }

  @Bean
  CatalogSchedules catalogSchedules(Scheduler quartz, KubernetesClient client, Clock clock) {
    return new CatalogSchedules(quartz, client, clock);
  }

  @Bean
  BackupMetrics backupMetrics(MeterRegistry registry, CatalogSchedules schedules) {
    return new BackupMetrics(registry, schedules::count);
  }

  @Bean
  public OperatorService operatorService(BackupProperties p) {
    return new OperatorService(
        "featherman-backup-service", "backup", Set.copyOf(p.namespaces()), p, Set.of());
  }

  @Bean
  MaintenanceJob maintenanceJob(
      KubernetesClient client,
      OperationJobs jobs,
      BackupProperties p,
      BackupMetrics metrics,
      EventRecorder events,
      Clock clock) {
    return new MaintenanceJob(client, jobs, p, metrics, events, clock);
  }

  /** Quartz builds no jobs itself: it runs these two, which hold their collaborators. */
  @Bean
  JobFactory quartzJobs(Scheduler quartz, MaintenanceJob maintenance, KubernetesClient client)
      throws SchedulerException {
    ScheduledBackupJob backups = new ScheduledBackupJob(client);
    JobFactory factory =
        (bundle, scheduler) -> {
          Class<?> type = bundle.getJobDetail().getJobClass();
          if (type == ScheduledBackupJob.class) {
            return backups;
          }
          if (type == MaintenanceJob.class) {
            return maintenance;
          }
          throw new SchedulerException("no job of type " + type.getName());
        };
    quartz.setJobFactory(factory);
    return factory;
  }

  @Bean
  public BackupReconciler backupReconciler(
      KubernetesClient client,
      BackupProperties p,
      OperationJobs jobs,
      BackupMetrics metrics,
      ReconcileSupport support,
      Clock clock) {
    return new BackupReconciler(
        client,
        p,
        jobs,
        new CatalogObjects(client, p.s3Timeout()),
        new CatalogBackupSummary(client),
        metrics,
        support,
        clock);
  }

  @Bean
  public ScheduleReconciler scheduleReconciler(
      CatalogSchedules schedules,
      KubernetesClient client,
      BackupMetrics metrics,
      BackupProperties p,
      EventRecorder events,
      Clock clock) {
    return new ScheduleReconciler(schedules, new Retention(client, metrics, clock), p, events);
  }

  /**
   * Quartz fires only while the operator runs: started after it, put in standby before it stops.
   * Triggers can be scheduled in standby, so reconcilers may sync them at any time; a trigger
   * firing during shutdown would create a backup no reconciler of this instance handles any more.
   */
  @Bean
  SmartLifecycle quartzLifecycle(Scheduler quartz) {
    return new SmartLifecycle() {
      @Override
      public void start() {
        try {
          quartz.start();
        } catch (SchedulerException e) {
          throw new IllegalStateException("Quartz did not start", e);
        }
      }

      @Override
      public void stop() {
        try {
          quartz.standby();
        } catch (SchedulerException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean isRunning() {
        try {
          return quartz.isStarted() && !quartz.isInStandbyMode() && !quartz.isShutdown();
        } catch (SchedulerException e) {
          return false;
        }
      }

      @Override
      public int getPhase() {
        return Integer.MAX_VALUE; // started after, stopped before the operator (phase 0)
      }
    };
  }
}
