package dev.featherman.gateway.executor;

import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.ingest.LakeIngest;
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
   */
  IngestResult ingest(String catalog, LakeIngest.Request request) throws Exception;

  /** Registers Parquet files under {@code catalog}'s data path into one of its tables. */
  LakeFiles.Result registerFiles(String catalog, LakeFiles.Request request) throws Exception;

  /**
   * Cancels {@code owner}'s query {@code id} that another gateway replica runs; false when none
   * does. Only cluster mode has other replicas.
   */
  default boolean cancelElsewhere(String id, String owner) {
    return false;
  }
}
