package dev.featherman.api;

/** Condition types used in the status of every Featherman kind. */
public final class ConditionTypes {
  /** The object is fully reconciled and usable. Present on every kind. */
  public static final String READY = "Ready";

  /** The catalog's bucket exists and accepts writes with the catalog's own credentials. */
  public static final String OBJECT_STORE_REACHABLE = "ObjectStoreReachable";

  /** The volume that holds a file catalog is bound (always true for PostgreSQL catalogs). */
  public static final String STORAGE_READY = "StorageReady";

  /** The DuckLake catalog has been created and attaches. */
  public static final String CATALOG_INITIALIZED = "CatalogInitialized";

  /** The table's schema in DuckLake matches the spec. */
  public static final String SCHEMA_APPLIED = "SchemaApplied";

  /** The last materialization run succeeded. */
  public static final String MATERIALIZED = "Materialized";

  /** A pool has at least minSize ready workers. */
  public static final String WORKERS_READY = "WorkersReady";

  private ConditionTypes() {}

  /** A catalog with spec.restore: the backup was verified and loaded. */
  public static final String RESTORED = "Restored";
}
