package dev.featherman.gateway.executor;

import dev.featherman.engine.query.QueryOutcome;

/**
 * Where queries run: in this process (embedded mode, tests), on a warm worker, or in a one-shot
 * Job. The gateway only knows this seam.
 */
public interface CatalogExecutor {
  /** Whether this executor serves {@code catalog}. */
  boolean serves(String catalog);

  /** The names of the catalogs it serves. */
  java.util.Set<String> catalogs();

  /** Runs one statement against its catalog and streams the result. */
  QueryOutcome execute(QueryRun run);

  /**
   * Appends rows to a table of {@code catalog} as one snapshot, where the catalog can be written.
   *
   * @throws UnsupportedOperationException with the reason when this executor cannot take rows
   */
  default dev.featherman.engine.ingest.IngestResult ingest(
      String catalog, dev.featherman.engine.ingest.LakeIngest.Request request) throws Exception {
    throw new UnsupportedOperationException("appending rows is not supported here");
  }

  /**
   * Registers Parquet files under {@code catalog}'s data path into one of its tables.
   *
   * @throws UnsupportedOperationException with the reason when this executor cannot
   */
  default dev.featherman.engine.ingest.LakeFiles.Result registerFiles(
      String catalog, dev.featherman.engine.ingest.LakeFiles.Request request) throws Exception {
    throw new UnsupportedOperationException("registering files is not supported here");
  }

  /**
   * Cancels {@code owner}'s query {@code id} that another gateway replica runs; false when none
   * does. Only cluster mode has other replicas.
   */
  default boolean cancelElsewhere(String id, String owner) {
    return false;
  }
}
