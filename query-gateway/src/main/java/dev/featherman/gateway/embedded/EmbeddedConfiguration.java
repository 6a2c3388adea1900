package dev.featherman.gateway.embedded;

import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.sandbox.SandboxedLake;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.InProcessCatalogExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded mode: one local DuckLake (DuckDB-file catalog, Parquet under the data directory) seeded
 * with the demo dataset and served in-process.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "featherman.gateway.mode",
    havingValue = "embedded",
    matchIfMissing = true)
public class EmbeddedConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedConfiguration.class);

  @Bean(destroyMethod = "close")
  InProcessCatalogExecutor catalogExecutor(GatewayProperties properties)
      throws IOException, SQLException {
    GatewayProperties.Embedded embedded = properties.embedded();
    Path root = Paths.get(embedded.dataDirectory()).toAbsolutePath().normalize();
    Path lakeDir = Files.createDirectories(root.resolve(embedded.catalog()));
    Path dataDir = Files.createDirectories(lakeDir.resolve("data"));
    EngineSettings settings = EngineSettings.defaults();
    if (!embedded.memoryLimit().isBlank()) {
      settings = settings.withMemoryLimit(embedded.memoryLimit());
    }
    if (!embedded.maxTempDirectorySize().isBlank()) {
      settings = settings.withMaxTempDirectorySize(embedded.maxTempDirectorySize());
    }
    if (embedded.threads() > 0) {
      settings = settings.withThreads(embedded.threads());
    }
    LakeConfig config =
        LakeConfig.of(
            embedded.catalog(),
            new CatalogStore.DuckDbFile(lakeDir.resolve("catalog.ducklake")),
            dataDir + "/",
            null);
    long started = System.nanoTime();
    LakeSession session = new LakeSessionFactory(settings).open(config);
    SandboxedLake lake;
    try {
      DemoDataset.seed(session, embedded.demoRows());
      lake = SandboxedLake.lockDown(session, properties.limits().maxConcurrent());
    } catch (RuntimeException | SQLException e) {
      session.close();
      throw e;
    }
    log.info(
        "Catalog '{}' ready at {} ({} ms)",
        embedded.catalog(),
        lakeDir,
        (System.nanoTime() - started) / 1_000_000);
    return new InProcessCatalogExecutor(Map.of(embedded.catalog(), lake));
  }
}
