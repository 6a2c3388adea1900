package dev.featherman.worker;

import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Opens a worker's catalog, waiting while another process holds a DuckDB-file catalog's lock: the
 * pool's single worker gives the file up when a catalog Job needs it, and that takes a moment.
 */
public final class CatalogAttach {
  static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(120);
  private static final long RETRY_MILLIS = 500;

  private CatalogAttach() {}

  /** Opens the catalog, retrying lock conflicts for up to $FEATHERMAN_LOCK_WAIT_SECONDS. */
  public static LakeSession open(WorkerConfig config, Map<String, String> env) {
    String configured = env.get(WorkerEnv.LOCK_WAIT_SECONDS);
    Duration wait =
        configured == null || configured.isBlank()
            ? DEFAULT_LOCK_WAIT
            : Duration.ofSeconds(Long.parseLong(configured.strip()));
    long deadline = System.nanoTime() + wait.toNanos();
    LakeSessionFactory factory = new LakeSessionFactory(config.engine());
    while (true) {
      try {
        return factory.open(config.lake());
      } catch (RuntimeException e) {
        if (!isLockConflict(e) || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Whether DuckDB refused the catalog file because another process holds its lock. */
  static boolean isLockConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("Could not set lock on file") || m.contains("Conflicting lock"))) {
        return true;
      }
    }
    return false;
  }
}
