package dev.featherman.api;

/** Label keys that services use to find each other's objects. */
public final class Labels {
  private static final String PREFIX = ApiGroup.GROUP + "/";

  /** Standard label naming the component that created an object (controller, pool, backup). */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY} on everything Featherman creates. */
  public static final String MANAGED_BY_VALUE = "featherman";

  /** Standard label naming the part an object plays (worker, catalog-job, backup-job). */
  public static final String COMPONENT = "app.kubernetes.io/component";

  /** Name of the DuckLakeCatalog an object belongs to. */
  public static final String CATALOG = PREFIX + "catalog";

  /** Name of the DuckLakeTable an object belongs to. */
  public static final String TABLE = PREFIX + "table";

  /** Name of the DuckLakePool a worker pod belongs to. */
  public static final String POOL = PREFIX + "pool";

  /** Name of the DuckLakeBackup a Job or object belongs to. */
  public static final String BACKUP = PREFIX + "backup";

  /**
   * On a Secret: catalogs of its namespace may use it as credentials (value {@code "true"}).
   * Without it a catalog naming the Secret is not Ready: otherwise anyone who may create a catalog
   * could have Featherman send any Secret's values to an endpoint of their choosing.
   */
  public static final String CREDENTIALS = PREFIX + "credentials";

  private Labels() {}
}
