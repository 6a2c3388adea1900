package dev.featherman.bench;

import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.gateway.embedded.DemoDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/** A local DuckLake seeded exactly like the gateway's, for the in-process and cold-attach paths. */
final class BenchLake {
  final LakeConfig config;
  final LakeSessionFactory factory = new LakeSessionFactory(EngineSettings.defaults());

  BenchLake(Path dir, long rows) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    config =
        LakeConfig.of(
            "example",
            new CatalogStore.DuckDbFile(dir.resolve("catalog.ducklake")),
            data + "/",
            null);
    try (LakeSession session = factory.open(config)) {
      DemoDataset.seed(session, rows);
    }
  }

  LakeSession open() {
    return factory.open(config);
  }
}
