package dev.featherman.api.worker;

/** Names of the environment variables a worker reads; the controller and pool set them. */
public final class WorkerEnv {
  /** Name the catalog is attached as (the DuckLakeCatalog's name). */
  public static final String CATALOG = "FEATHERMAN_CATALOG";

  /** The DuckLakeCatalog spec as JSON (never contains secret values). */
  public static final String CATALOG_SPEC = "FEATHERMAN_CATALOG_SPEC";

  /** Where the catalog file is in this container (the volume mount); spec.catalogPath if unset. */
  public static final String CATALOG_FILE = "FEATHERMAN_CATALOG_FILE";

  /** Attach the catalog read-only. */
  public static final String READ_ONLY = "FEATHERMAN_READ_ONLY";

  /** S3 access key id, from the catalog's credentials Secret (secretKeyRef). */
  public static final String S3_ACCESS_KEY_ID = "FEATHERMAN_S3_ACCESS_KEY_ID";

  /** S3 secret access key, from the catalog's credentials Secret (secretKeyRef). */
  public static final String S3_SECRET_ACCESS_KEY = "FEATHERMAN_S3_SECRET_ACCESS_KEY";

  /** Optional S3 session token. */
  public static final String S3_SESSION_TOKEN = "FEATHERMAN_S3_SESSION_TOKEN";

  /** PostgreSQL user name, from the catalog's PostgreSQL Secret. */
  public static final String PG_USER = "FEATHERMAN_PG_USER";

  /** PostgreSQL password, from the catalog's PostgreSQL Secret. */
  public static final String PG_PASSWORD = "FEATHERMAN_PG_PASSWORD";

  /** Shared secret the gateway and control plane present to a long-running worker. */
  public static final String WORKER_TOKEN = "FEATHERMAN_WORKER_TOKEN";

  /** Port of a long-running worker's internal HTTP API (default 8090). */
  public static final String WORKER_PORT = "FEATHERMAN_WORKER_PORT";

  /** Address the worker's HTTP server binds (default: every interface, as in a pod). */
  public static final String WORKER_BIND_ADDRESS = "FEATHERMAN_WORKER_BIND_ADDRESS";

  /** Queries a long-running worker runs at once (default 1: exclusive use per query). */
  public static final String WORKER_CONCURRENCY = "FEATHERMAN_WORKER_CONCURRENCY";

  /** Writable directory for DuckDB's spill files (the root file system is read-only). */
  public static final String TEMP_DIRECTORY = "FEATHERMAN_TEMP_DIRECTORY";

  /** DuckDB max_temp_directory_size: how much a worker may spill, e.g. 20GB. */
  public static final String MAX_TEMP_DIRECTORY_SIZE = "FEATHERMAN_MAX_TEMP_DIRECTORY_SIZE";

  /** DuckDB threads for the worker's queries (0 or unset: DuckDB's default, the CPU count). */
  public static final String THREADS = "FEATHERMAN_THREADS";

  /** The one-shot operation as JSON (see Operation), for Jobs. */
  public static final String OPERATION = "FEATHERMAN_OPERATION";

  /** DuckDB memory_limit, e.g. 2GB (the pod's memory limit minus headroom). */
  public static final String MEMORY_LIMIT = "FEATHERMAN_MEMORY_LIMIT";

  /** The pod's name (downward API), reported in state and response headers. */
  public static final String WORKER_NAME = "FEATHERMAN_WORKER_NAME";

  /** Exit after serving this many queries (one-shot query Jobs use 1); unset for pool workers. */
  public static final String WORKER_EXIT_AFTER_QUERIES = "FEATHERMAN_WORKER_EXIT_AFTER_QUERIES";

  /**
   * Seconds a terminating worker (SIGTERM: pod deletion, eviction, node drain) gives its running
   * queries before it closes the catalog and exits (default 25; the pod's grace period is longer).
   */
  public static final String WORKER_SHUTDOWN_GRACE_SECONDS =
      "FEATHERMAN_WORKER_SHUTDOWN_GRACE_SECONDS";

  /** Exit when no query arrived for this many seconds (one-shot query Jobs); unset = never. */
  public static final String WORKER_IDLE_EXIT_SECONDS = "FEATHERMAN_WORKER_IDLE_EXIT_SECONDS";

  /**
   * Seconds to keep retrying when a DuckDB-file catalog is locked by another process (default 120):
   * the pool's single worker releases it when a catalog Job needs it.
   */
  public static final String LOCK_WAIT_SECONDS = "FEATHERMAN_LOCK_WAIT_SECONDS";

  private WorkerEnv() {}
}
