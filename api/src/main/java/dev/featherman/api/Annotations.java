package dev.featherman.api;

/** Annotation keys read or written by Featherman services. */
public final class Annotations {
  private static final String PREFIX = ApiGroup.GROUP + "/";

  /** Spec hash of the object last applied to DuckLake, so a restart does not repeat work. */
  public static final String APPLIED_SPEC_HASH = PREFIX + "applied-spec-hash";

  /** Set to "true" on a backup to exempt it from retention. */
  public static final String PINNED = PREFIX + "pinned";

  /**
   * On a scheduled DuckLakeBackup: the fire time it was made for (RFC 3339). Its name derives from
   * that time too, so a repeated fire (failover, catch-up) never makes a second backup.
   */
  public static final String SCHEDULED_FOR = PREFIX + "scheduled-for";

  /** Set to "true" on a worker pod that must finish its query and then stop taking work. */
  public static final String DRAIN = PREFIX + "drain";

  /**
   * On a worker pod: the fingerprint of the worker token it was started with ({@code
   * WorkerToken.fingerprint}), so that after a rotation the pool-service recycles it and the
   * gateway stops sending it a token it would refuse.
   */
  public static final String WORKER_TOKEN_FINGERPRINT = PREFIX + "worker-token-sha256";

  /**
   * On a pool's token Secret: when its token last changed (RFC 3339). Workers started with the
   * token before it are deleted once the pool-service's rotation grace has passed since then.
   */
  public static final String WORKER_TOKEN_ROTATED_AT = PREFIX + "worker-token-rotated-at";

  /**
   * Prefix of the annotations each gateway replica keeps on a DuckLakePool: {@code
   * queue.ducklake.featherman.dev/<replica>: "<waiting> <epoch-seconds>"}. Written only when the
   * number changes (never per query); the pool-service sums the fresh ones into queueLength.
   */
  public static final String QUEUE_PREFIX = "queue." + ApiGroup.GROUP + "/";

  private Annotations() {}
}
