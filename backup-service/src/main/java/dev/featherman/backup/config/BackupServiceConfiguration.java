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
import dev.featherman.operator.Operators;
import dev.featherman.operator.ReconcileMetrics;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.StatusWriter;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the backup-service: one leader-elected Operator with the DuckLakeBackup reconciler and the
 * catalog schedule reconciler, and an in-memory Quartz scheduler that those rebuild from Kubernetes
 * state after every start (nothing lives only in this process).
 */
@Configuration(proxyBeanMethods = false)
public class BackupServiceConfiguration {

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

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
  EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
    return new EventRecorder(client, clock, "featherman-backup-service");
  }

  @Bean
  public Operator operator(
      KubernetesClient client,
      BackupProperties p,
      OperationJobs jobs,
      Scheduler quartz,
      CatalogSchedules schedules,
      BackupMetrics metrics,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock)
      throws SchedulerException {
    MaintenanceJob maintenance = new MaintenanceJob(client, jobs, p, metrics, events, clock);
    ScheduledBackupJob backups = new ScheduledBackupJob(client);
    quartz.setJobFactory(
        (bundle, scheduler) -> {
          Class<?> type = bundle.getJobDetail().getJobClass();
          if (type == ScheduledBackupJob.class) {
            return backups;
          }
          if (type == MaintenanceJob.class) {
            return maintenance;
          }
          throw new SchedulerException("no job of type " + type.getName());
        });
    Operator operator = Operators.create(client);
    ReconcileSupport support =
        new ReconcileSupport(
            events,
            new ReconcileMetrics(registry, "backup"),
            clock,
            new StatusWriter(client, Set.of()));
    Set<String> namespaces = Set.copyOf(p.namespaces());
    operator.register(
        new BackupReconciler(
            client,
            p,
            jobs,
            new CatalogObjects(client, p.s3Timeout()),
            new CatalogBackupSummary(client),
            metrics,
            support,
            clock),
        Operators.watching(namespaces));
    operator.register(
        new ScheduleReconciler(schedules, new Retention(client, metrics, clock), p, events),
        Operators.watching(namespaces));
    return operator;
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

  @Bean
  public SmartLifecycle operatorLifecycle(
      Operator operator, KubernetesClient client, BackupProperties p) {
    return Operators.lifecycle(operator, client, p);
  }
}
