package dev.featherman.api.defaults;

import dev.featherman.api.types.GoDuration;
import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.Compression;
import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.LifecyclePolicies;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.v1alpha1.MaterializeSpec;
import dev.featherman.api.v1alpha1.QueueSpec;
import dev.featherman.api.v1alpha1.RestoreSpec;
import dev.featherman.api.v1alpha1.ScalingBehavior;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.api.v1alpha1.TableMode;
import dev.featherman.api.validation.Endpoint;

/**
 * Defaults applied on admission (and assumed by the reconcilers): everything the Go webhooks
 * defaulted, plus the fields Featherman adds. Applying them twice changes nothing.
 */
public final class Defaults {
  private static final String MAX_IDLE_TIME =
      GoDuration.format(DuckLakePoolSpec.DEFAULT_MAX_IDLE_TIME);
  private static final String MAX_LIFETIME =
      GoDuration.format(DuckLakePoolSpec.DEFAULT_MAX_LIFETIME);
  private static final String SCALE_INTERVAL =
      GoDuration.format(DuckLakePoolSpec.DEFAULT_SCALE_INTERVAL);
  private static final String STABILIZATION_WINDOW =
      GoDuration.format(DuckLakePoolSpec.DEFAULT_STABILIZATION_WINDOW);
  private static final String QUEUE_MAX_WAIT_TIME =
      GoDuration.format(QueueSpec.DEFAULT_MAX_WAIT_TIME);

  private Defaults() {}

  /**
   * Catalog: backend, catalog path, deletion policy, retention days, endpoint scheme, secret keys.
   */
  public static void catalog(DuckLakeCatalogSpec spec) {
    if (spec.getBackend() == null) {
      spec.setBackend(CatalogBackend.duckdb);
    }
    if (spec.getCatalogPath() == null) {
      spec.setCatalogPath("/catalog/catalog.db");
    }
    if (spec.getDeletionPolicy() == null) {
      spec.setDeletionPolicy(DeletionPolicy.Retain);
    }
    BackupPolicy backup = spec.getBackupPolicy();
    if (backup != null && backup.getRetentionDays() == null) {
      backup.setRetentionDays(7);
    }
    if (backup != null && backup.getTimeZone() == null) {
      backup.setTimeZone("UTC");
    }
    if (spec.getRestore() == null && spec.getRestoreVersion() != null) {
      // The Go API's field, spelled the new way so every reader looks in one place.
      RestoreSpec restore = new RestoreSpec();
      restore.setBackupName(spec.getRestoreVersion());
      spec.setRestore(restore);
    }
    MaintenanceSpec maintenance = spec.getMaintenance();
    if (maintenance != null) {
      if (maintenance.getTimeZone() == null) {
        maintenance.setTimeZone("UTC");
      }
      if (maintenance.getExpireSnapshotsOlderThan() == null) {
        maintenance.setExpireSnapshotsOlderThan("168h");
      }
      if (maintenance.getCleanupFilesOlderThan() == null) {
        maintenance.setCleanupFilesOlderThan("168h");
      }
      if (maintenance.getMergeAdjacentFiles() == null) {
        maintenance.setMergeAdjacentFiles(true);
      }
      if (maintenance.getDryRun() == null) {
        maintenance.setDryRun(false);
      }
    }
    if (spec.getObjectStore() != null) {
      String endpoint = spec.getObjectStore().getEndpoint();
      if (endpoint != null && !endpoint.isBlank() && !Endpoint.hasScheme(endpoint)) {
        spec.getObjectStore().setEndpoint("https://" + endpoint.trim());
      }
      CredentialsSecretRef secret = spec.getObjectStore().getCredentialsSecret();
      if (secret != null) {
        if (secret.getAccessKeyField() == null) {
          secret.setAccessKeyField("access-key");
        }
        if (secret.getSecretKeyField() == null) {
          secret.setSecretKeyField("secret-key");
        }
      }
    }
    if (spec.getPostgres() != null && spec.getPostgres().getPort() == null) {
      spec.getPostgres().setPort(5432);
    }
  }

  /** Backup: trigger manual (the schedule sets scheduled on the ones it makes). */
  public static void backup(DuckLakeBackupSpec spec) {
    if (spec.getTrigger() == null) {
      spec.setTrigger("manual");
    }
  }

  /**
   * Table: compression ZSTD, mode append, NOT NULL columns, materialization parquet/ZSTD, Retain.
   */
  public static void table(DuckLakeTableSpec spec) {
    if (spec.getFormat() == null) {
      spec.setFormat(new TableFormat());
    }
    if (spec.getFormat().getCompression() == null) {
      spec.getFormat().setCompression(Compression.ZSTD);
    }
    if (spec.getMode() == null) {
      spec.setMode(TableMode.append);
    }
    for (ColumnSpec column : spec.getColumns()) {
      if (column.getNullable() == null) {
        column.setNullable(false);
      }
    }
    MaterializeSpec m = spec.getMaterializeTo();
    if (m != null) {
      if (m.getFormat() == null) {
        m.setFormat(new MaterializeSpec.MaterializeFormat());
      }
      if (m.getFormat().getType() == null) {
        m.getFormat().setType("parquet");
      }
      if (m.getFormat().getCompression() == null) {
        m.getFormat().setCompression(Compression.ZSTD);
      }
    }
    if (spec.getDeletionPolicy() == null) {
      spec.setDeletionPolicy(DeletionPolicy.Retain);
    }
  }

  /**
   * Pool: sizes and utilization; for each lifecycle and scaling setting, the README's flat field is
   * filled unless the Go nested form sets it; a nested block that is present is completed, so no
   * reader ever meets a half-filled one (the Go operator's ticker panicked on that).
   */
  public static void pool(DuckLakePoolSpec spec) {
    if (spec.getMinSize() == null) {
      spec.setMinSize(DuckLakePoolSpec.DEFAULT_MIN_SIZE);
    }
    if (spec.getMaxSize() == null) {
      spec.setMaxSize(Math.max(spec.getMinSize(), DuckLakePoolSpec.DEFAULT_MAX_SIZE));
    }
    if (spec.getTargetUtilization() == null) {
      spec.setTargetUtilization(DuckLakePoolSpec.DEFAULT_TARGET_UTILIZATION);
    }
    LifecyclePolicies life = spec.getLifecyclePolicies();
    ScalingBehavior scaling = spec.getScalingBehavior();
    if (life != null) {
      life.setMaxIdleTime(first(life.getMaxIdleTime(), spec.getMaxIdleTime(), MAX_IDLE_TIME));
      life.setMaxLifetime(first(life.getMaxLifetime(), spec.getMaxLifetime(), MAX_LIFETIME));
      life.setMaxQueries(
          first(life.getMaxQueries(), spec.getMaxQueries(), DuckLakePoolSpec.DEFAULT_MAX_QUERIES));
    } else {
      spec.setMaxIdleTime(first(spec.getMaxIdleTime(), null, MAX_IDLE_TIME));
      spec.setMaxLifetime(first(spec.getMaxLifetime(), null, MAX_LIFETIME));
      spec.setMaxQueries(first(spec.getMaxQueries(), null, DuckLakePoolSpec.DEFAULT_MAX_QUERIES));
    }
    if (scaling != null) {
      scaling.setScaleUpRate(
          first(
              scaling.getScaleUpRate(),
              spec.getScaleUpRate(),
              DuckLakePoolSpec.DEFAULT_SCALE_UP_RATE));
      scaling.setScaleDownRate(
          first(
              scaling.getScaleDownRate(),
              spec.getScaleDownRate(),
              DuckLakePoolSpec.DEFAULT_SCALE_DOWN_RATE));
      scaling.setScaleInterval(
          first(scaling.getScaleInterval(), spec.getScaleInterval(), SCALE_INTERVAL));
      scaling.setStabilizationWindow(
          first(
              scaling.getStabilizationWindow(),
              spec.getStabilizationWindow(),
              STABILIZATION_WINDOW));
    } else {
      spec.setScaleUpRate(
          first(spec.getScaleUpRate(), null, DuckLakePoolSpec.DEFAULT_SCALE_UP_RATE));
      spec.setScaleDownRate(
          first(spec.getScaleDownRate(), null, DuckLakePoolSpec.DEFAULT_SCALE_DOWN_RATE));
      spec.setScaleInterval(first(spec.getScaleInterval(), null, SCALE_INTERVAL));
      spec.setStabilizationWindow(first(spec.getStabilizationWindow(), null, STABILIZATION_WINDOW));
    }
    // maxQueryDuration stays unset unless given: the gateway's own timeout governs then.
    spec.setMaxRetries(spec.resolvedMaxRetries());
    spec.setConcurrencyPerWorker(spec.resolvedConcurrencyPerWorker());
    QueueSpec queue = spec.resolvedQueue();
    queue.setMaxLength(queue.resolvedMaxLength());
    queue.setMaxWaitTime(first(queue.getMaxWaitTime(), null, QUEUE_MAX_WAIT_TIME));
    queue.setPolicy(first(queue.getPolicy(), null, QueueSpec.DEFAULT_POLICY));
    spec.setQueue(queue);
    if (spec.getCatalogRef() != null && spec.getCatalogRef().getReadOnly() == null) {
      spec.getCatalogRef().setReadOnly(false);
    }
  }

  private static <T> T first(T own, T other, T fallback) {
    return own != null ? own : other != null ? other : fallback;
  }
}
