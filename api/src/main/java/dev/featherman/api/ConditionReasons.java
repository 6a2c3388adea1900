package dev.featherman.api;

/** CamelCase reasons for conditions; the troubleshooting guide is indexed by these. */
public final class ConditionReasons {
  public static final String RECONCILED = "Reconciled";
  public static final String RECONCILING = "Reconciling";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
  public static final String SECRET_NOT_ALLOWED = "SecretNotAllowed";
  public static final String BUCKET_NOT_FOUND = "BucketNotFound";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String ENDPOINT_UNREACHABLE = "EndpointUnreachable";
  public static final String STORAGE_CLASS_NOT_FOUND = "StorageClassNotFound";
  public static final String VOLUME_PENDING = "VolumePending";
  public static final String VOLUME_RESIZE_REFUSED = "VolumeResizeRefused";
  public static final String CATALOG_NOT_READY = "CatalogNotReady";
  public static final String CATALOG_NOT_FOUND = "CatalogNotFound";
  public static final String UNSUPPORTED_SCHEMA_CHANGE = "UnsupportedSchemaChange";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String EXECUTION_FAILED = "ExecutionFailed";
  public static final String TABLES_REMAIN = "TablesRemain";
  public static final String WORKERS_STARTING = "WorkersStarting";
  public static final String WORKERS_AVAILABLE = "WorkersAvailable";

  /** A DuckDB-file catalog's pool gave its single worker up while a catalog Job runs. */
  public static final String PAUSED_FOR_CATALOG_JOB = "PausedForCatalogJob";

  /** spec.restore names a DuckLakeBackup that does not exist. */
  public static final String BACKUP_NOT_FOUND = "BackupNotFound";

  /** spec.restore names a DuckLakeBackup that has not Completed (yet). */
  public static final String BACKUP_NOT_COMPLETED = "BackupNotCompleted";

  /** A backup's objects do not match its manifest's sizes and checksums. */
  public static final String BACKUP_CORRUPTED = "BackupCorrupted";

  /** The catalog is being bootstrapped from its backup. */
  public static final String RESTORING = "Restoring";

  private ConditionReasons() {}
}
