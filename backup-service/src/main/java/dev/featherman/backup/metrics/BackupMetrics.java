package dev.featherman.backup.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Backup and maintenance metrics, labelled by namespace and catalog: {@code ducklake_backups_total
 * {result}}, {@code ducklake_backup_duration_seconds}, {@code ducklake_backup_size_bytes}, {@code
 * ducklake_backup_last_success_timestamp_seconds}, {@code
 * ducklake_backup_retention_deletions_total}, {@code ducklake_maintenance_runs_total{result}} and
 * {@code ducklake_backup_schedules}.
 */
public class BackupMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public BackupMetrics(MeterRegistry registry, Supplier<Number> schedules) {
    this.registry = registry;
    Gauge.builder("ducklake.backup.schedules", schedules)
        .description("Quartz triggers held for backup and maintenance schedules")
        .register(registry);
  }

  private static Tags tags(String namespace, String catalog) {
    return Tags.of("namespace", namespace, "catalog", catalog);
  }

  /** A backup reached Completed. */
  public void completed(
      String namespace, String catalog, Duration took, long sizeBytes, Instant at) {
    count("ducklake.backups", tags(namespace, catalog).and("result", "completed"));
    Timer.builder("ducklake.backup.duration")
        .description("Time from a backup's start to its verified completion")
        .tags(tags(namespace, catalog))
        .register(registry)
        .record(took);
    gauge(
            sizes,
            "ducklake.backup.size",
            "bytes",
            "Size of the newest completed backup",
            namespace,
            catalog)
        .set(sizeBytes);
    gauge(
            lastSuccess,
            "ducklake.backup.last.success.timestamp",
            "seconds",
            "When the newest backup completed (Unix seconds)",
            namespace,
            catalog)
        .set(at.getEpochSecond());
  }

  /** A backup reached Failed. */
  public void failed(String namespace, String catalog) {
    count("ducklake.backups", tags(namespace, catalog).and("result", "failed"));
  }

  /** Retention deleted a backup. */
  public void retentionDeleted(String namespace, String catalog) {
    count("ducklake.backup.retention.deletions", tags(namespace, catalog));
  }

  /** A maintenance run finished. */
  public void maintenance(String namespace, String catalog, boolean succeeded) {
    count(
        "ducklake.maintenance.runs",
        tags(namespace, catalog).and("result", succeeded ? "succeeded" : "failed"));
  }

  private void count(String name, Tags tags) {
    Counter.builder(name).tags(tags).register(registry).increment();
  }

  private AtomicLong gauge(
      Map<String, AtomicLong> values,
      String name,
      String baseUnit,
      String description,
      String namespace,
      String catalog) {
    return values.computeIfAbsent(
        namespace + "/" + catalog,
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .baseUnit(baseUnit)
              .description(description)
              .tags(tags(namespace, catalog))
              .register(registry);
          return value;
        });
  }
}
