package dev.featherman.api.validation;

import dev.featherman.api.types.GoDuration;
import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.v1alpha1.PostgresCatalogSpec;
import dev.featherman.api.v1alpha1.RestoreSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/** Rules for DuckLakeCatalog specs, shared by the webhook and the controller. */
public final class CatalogValidator {
  private static final BigDecimal ONE_GI = new BigDecimal(1L << 30);

  private CatalogValidator() {}

  /**
   * @param spec the new spec
   * @param old the current spec on update, or null on create
   */
  public static Validation validate(DuckLakeCatalogSpec spec, DuckLakeCatalogSpec old) {
    return SchemaRules.check(spec, "spec", rules(spec, old));
  }

  private static Validation rules(DuckLakeCatalogSpec spec, DuckLakeCatalogSpec old) {
    Validation v = new Validation();
    if (spec == null) {
      return v.error("spec", "is required");
    }
    CatalogBackend backend = spec.getBackend() == null ? CatalogBackend.duckdb : spec.getBackend();
    if (backend == CatalogBackend.postgres) {
      postgres(spec.getPostgres(), v);
    } else {
      if (spec.getPostgres() != null) {
        v.warn(
            "spec.postgres",
            "is ignored because spec.backend is "
                + backend
                + "; set spec.backend: postgres to use it");
      }
      size(spec.getSize(), v);
      CatalogPaths.check(spec.getCatalogPath(), "spec.catalogPath", v);
    }
    objectStore(spec.getObjectStore(), v);
    K8sNames.checkObjectName(spec.getStorageClass(), "spec.storageClass", v);
    if (spec.getEncryption() != null) {
      Texts.checkPlain(spec.getEncryption().getKmsKeyId(), "spec.encryption.kmsKeyId", v);
    }
    BackupPolicy backup = spec.getBackupPolicy();
    if (backup != null) {
      schedule("spec.backupPolicy", backup.getSchedule(), backup.getTimeZone(), v);
      if (backup.getRetentionDays() != null && backup.getRetentionDays() < 1) {
        v.error("spec.backupPolicy.retentionDays", "must be at least 1");
      }
      if (backup.getKeepLast() != null && backup.getKeepLast() < 0) {
        v.error("spec.backupPolicy.keepLast", "must be 0 or more");
      }
    }
    restore(spec, v);
    MaintenanceSpec maintenance = spec.getMaintenance();
    if (maintenance != null) {
      schedule("spec.maintenance", maintenance.getSchedule(), maintenance.getTimeZone(), v);
      duration(
          "spec.maintenance.expireSnapshotsOlderThan",
          maintenance.getExpireSnapshotsOlderThan(),
          v);
      duration("spec.maintenance.cleanupFilesOlderThan", maintenance.getCleanupFilesOlderThan(), v);
    }
    boolean encrypted =
        spec.getDucklake() != null && Boolean.TRUE.equals(spec.getDucklake().getEncrypted());
    if (encrypted && backup != null) {
      v.warn(
          "spec.ducklake.encrypted",
          "catalog backups contain the Parquet encryption keys; protect the backup"
              + " bucket like the keys themselves");
    }
    if (spec.getDucklake() != null
        && spec.getDucklake().getDataInliningRowLimit() != null
        && spec.getDucklake().getDataInliningRowLimit() < 0) {
      v.error("spec.ducklake.dataInliningRowLimit", "must be 0 (off) or more");
    }
    if (spec.getVersioning() != null) {
      v.warn(
          "spec.versioning",
          "not applied yet: status.versionHistory stays empty and DuckLake keeps every snapshot"
              + " until spec.maintenance.expireSnapshotsOlderThan expires it; list snapshots with"
              + " GET /v1/catalogs/{catalog}/snapshots");
    }
    if (spec.getDeletionPolicy() == DeletionPolicy.Delete) {
      v.warn(
          "spec.deletionPolicy",
          "Delete: deleting this DuckLakeCatalog deletes its metadata and every data"
              + " file under its bucket prefix");
    }
    if (old != null) {
      v.immutable("spec.backend", backendOf(old), backend);
      v.immutable("spec.storageClass", old.getStorageClass(), spec.getStorageClass());
      v.immutable("spec.catalogPath", old.getCatalogPath(), spec.getCatalogPath());
      if (old.getSize() != null
          && spec.getSize() != null
          && io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(spec.getSize())
                  .compareTo(
                      io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(old.getSize()))
              < 0) {
        v.error(
            "spec.size",
            "a volume can grow but not shrink: keep it at "
                + old.getSize()
                + " or more (the controller asks the storage class to grow it)");
      }
      if (old.getObjectStore() != null && spec.getObjectStore() != null) {
        v.immutable(
            "spec.objectStore.bucket",
            old.getObjectStore().getBucket(),
            spec.getObjectStore().getBucket());
        v.immutable(
            "spec.objectStore.prefix",
            old.getObjectStore().getPrefix(),
            spec.getObjectStore().getPrefix());
      }
      if (!java.util.Objects.equals(restoreSource(old), restoreSource(spec))) {
        v.error(
            "spec.restore",
            "is fixed when the catalog is created; to restore another backup, create a new"
                + " DuckLakeCatalog");
      }
      boolean wasEncrypted =
          old.getDucklake() != null && Boolean.TRUE.equals(old.getDucklake().getEncrypted());
      v.immutable("spec.ducklake.encrypted", wasEncrypted, encrypted);
      if (old.getSize() != null
          && spec.getSize() != null
          && bytes(spec.getSize()) != null
          && bytes(old.getSize()) != null
          && bytes(spec.getSize()).compareTo(bytes(old.getSize())) < 0) {
        v.error(
            "spec.size",
            "cannot shrink from "
                + old.getSize()
                + " to "
                + spec.getSize()
                + ": volumes only grow");
      }
    }
    return v;
  }

  private static void schedule(String path, String schedule, String timeZone, Validation v) {
    Optional<String> problem = Cron.problem(schedule, true);
    problem.ifPresent(p -> v.error(path + ".schedule", p));
    if (problem.isEmpty() && Cron.restrictsBothDays(schedule)) {
      v.error(
          path + ".schedule",
          "'"
              + schedule
              + "' restricts both day-of-month and day-of-week; restrict one and use * for the"
              + " other");
    }
    if (timeZone != null) {
      try {
        ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        v.error(
            path + ".timeZone",
            "'" + timeZone + "' is not a time zone; use an IANA name such as UTC or Europe/Berlin");
      }
    }
  }

  private static void duration(String path, String value, Validation v) {
    if (value == null) {
      return;
    }
    try {
      if (GoDuration.parse(value).isNegative()) {
        v.error(path, "must not be negative");
      }
    } catch (IllegalArgumentException e) {
      v.error(path, e.getMessage());
    }
  }

  private static void restore(DuckLakeCatalogSpec spec, Validation v) {
    RestoreSpec restore = spec.getRestore();
    String legacy = spec.getRestoreVersion();
    if (restore == null) {
      return;
    }
    boolean byName = restore.getBackupName() != null && !restore.getBackupName().isBlank();
    boolean byKey = restore.getObjectKey() != null && !restore.getObjectKey().isBlank();
    if (byName == byKey) {
      v.error(
          "spec.restore",
          "give exactly one of backupName (a DuckLakeBackup) or objectKey (a backup's"
              + " manifest.json)");
    }
    if (byName && restore.getBucket() != null) {
      v.error("spec.restore.bucket", "only goes with objectKey; a DuckLakeBackup knows its bucket");
    }
    if (legacy != null && byName && !legacy.equals(restore.getBackupName())) {
      v.error(
          "spec.restoreVersion",
          "names '"
              + legacy
              + "' but spec.restore.backupName names '"
              + restore.getBackupName()
              + "'; keep one");
    }
  }

  /** The backup a catalog starts from, in either spelling, or null. */
  public static String restoreSource(DuckLakeCatalogSpec spec) {
    RestoreSpec r = spec.getRestore();
    if (r != null && r.getObjectKey() != null) {
      return (r.getBucket() == null ? "" : r.getBucket() + "/") + r.getObjectKey();
    }
    if (r != null && r.getBackupName() != null) {
      return r.getBackupName();
    }
    return spec.getRestoreVersion();
  }

  private static CatalogBackend backendOf(DuckLakeCatalogSpec spec) {
    return spec.getBackend() == null ? CatalogBackend.duckdb : spec.getBackend();
  }

  private static void postgres(PostgresCatalogSpec pg, Validation v) {
    if (pg == null) {
      v.error(
          "spec.postgres",
          "is required when spec.backend is postgres: give host, database and credentialsSecret");
      return;
    }
    if (pg.getHost() == null || pg.getHost().isBlank()) {
      v.error("spec.postgres.host", "is required");
    }
    if (pg.getDatabase() == null || pg.getDatabase().isBlank()) {
      v.error("spec.postgres.database", "is required");
    }
    if (pg.getPort() != null && (pg.getPort() < 1 || pg.getPort() > 65535)) {
      v.error("spec.postgres.port", "must be between 1 and 65535");
    }
    if (pg.getCredentialsSecret() == null || pg.getCredentialsSecret().getName() == null) {
      v.error(
          "spec.postgres.credentialsSecret.name",
          "is required: a Secret with the user name and password");
    } else {
      K8sNames.checkObjectName(
          pg.getCredentialsSecret().getName(), "spec.postgres.credentialsSecret.name", v);
    }
  }

  private static void size(Quantity size, Validation v) {
    if (size == null) {
      return;
    }
    BigDecimal bytes = bytes(size);
    if (bytes == null) {
      v.error("spec.size", "'" + size + "' is not a quantity; use e.g. 10Gi");
    } else if (bytes.compareTo(ONE_GI) < 0) {
      v.error("spec.size", "'" + size + "' is smaller than 1Gi, the smallest catalog volume");
    }
  }

  private static BigDecimal bytes(Quantity q) {
    try {
      return Quantity.getAmountInBytes(q);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  private static void objectStore(ObjectStoreSpec store, Validation v) {
    if (store == null) {
      v.error("spec.objectStore", "is required: the bucket that holds the data files");
      return;
    }
    BucketNames.check(store.getBucket(), "spec.objectStore.bucket", v);
    if (store.getEndpoint() != null && !store.getEndpoint().isBlank()) {
      try {
        Endpoint.parse(store.getEndpoint());
      } catch (IllegalArgumentException e) {
        v.error("spec.objectStore.endpoint", e.getMessage());
      }
    }
    Prefixes.check(store.getPrefix(), "spec.objectStore.prefix", v);
    if (store.getRegion() != null && !store.getRegion().matches("[a-z0-9-]+")) {
      v.error(
          "spec.objectStore.region",
          "'" + store.getRegion() + "' is not a region name such as eu-west-1");
    }
    if (store.getCredentialsSecret() != null
        && (store.getCredentialsSecret().getName() == null
            || store.getCredentialsSecret().getName().isBlank())) {
      v.error(
          "spec.objectStore.credentialsSecret.name", "is required when credentialsSecret is given");
    } else if (store.getCredentialsSecret() != null) {
      K8sNames.checkObjectName(
          store.getCredentialsSecret().getName(), "spec.objectStore.credentialsSecret.name", v);
    }
  }
}
