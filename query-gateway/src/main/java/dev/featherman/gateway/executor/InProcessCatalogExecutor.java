package dev.featherman.gateway.executor;

import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.sandbox.SandboxedLake;
import java.util.Map;

/** Runs queries in this JVM against locked-down lakes, one DuckDB database per catalog. */
public final class InProcessCatalogExecutor implements CatalogExecutor, AutoCloseable {
  private final Map<String, SandboxedLake> lakes;

  /**
   * @param lakes catalog name to its sandboxed lake (owned by this executor from now on)
   */
  public InProcessCatalogExecutor(Map<String, SandboxedLake> lakes) {
    this.lakes = Map.copyOf(lakes);
  }

  @Override
  public boolean serves(String catalog) {
    return lakes.containsKey(catalog);
  }

  @Override
  public java.util.Set<String> catalogs() {
    return lakes.keySet();
  }

  @Override
  public QueryOutcome execute(QueryRun run) {
    run.route().set("embedded", "embedded");
    if (run.inspect() != null) {
      return lakes
          .get(run.catalog())
          .inspect(run.inspect(), run.sql(), run.format(), run.out(), run.limits(), run.control());
    }
    return lakes
        .get(run.catalog())
        .execute(
            run.sql(),
            run.params(),
            run.format(),
            run.out(),
            run.limits(),
            run.control(),
            run.mayWrite());
  }

  @Override
  public dev.featherman.engine.ingest.IngestResult ingest(
      String catalog, dev.featherman.engine.ingest.LakeIngest.Request request) throws Exception {
    return lakes.get(catalog).ingest(request);
  }

  @Override
  public dev.featherman.engine.ingest.LakeFiles.Result registerFiles(
      String catalog, dev.featherman.engine.ingest.LakeFiles.Request request) throws Exception {
    return lakes.get(catalog).registerFiles(request);
  }

  @Override
  public void close() {
    lakes.values().forEach(SandboxedLake::close);
  }
}
