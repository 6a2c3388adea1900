package dev.featherman.engine;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How DuckDB instances are configured: where extensions come from and resource bounds.
 *
 * @param extensionDirectory directory laid out as {@code
 *     v<version>/<platform>/<name>.duckdb_extension}
 * @param allowExtensionDownload let DuckDB fetch missing extensions from its repository (off by
 *     default: production pods and CI have no route to it, and unpinned downloads are a risk)
 * @param threads DuckDB worker threads, or 0 for DuckDB's default
 * @param memoryLimit DuckDB memory_limit such as "2GB", or null for DuckDB's default
 * @param tempDirectory spill directory, or null for DuckDB's default
 * @param maxTempDirectorySize cap on spilled data such as "20GB", or null for DuckDB's default (90%
 *     of the free disk)
 */
public record EngineSettings(
    Path extensionDirectory,
    boolean allowExtensionDownload,
    int threads,
    String memoryLimit,
    Path tempDirectory,
    String maxTempDirectorySize) {

  /** System property naming the extension directory (set by the build for tests). */
  public static final String EXTENSION_DIR_PROPERTY = "featherman.duckdb.extensionDirectory";

  /** Environment variable naming the extension directory (used by pods and scripts). */
  public static final String EXTENSION_DIR_ENV = "FEATHERMAN_DUCKDB_EXTENSION_DIR";

  /** Defaults: extension directory from the property, the environment, or the script's default. */
  public static EngineSettings defaults() {
    return new EngineSettings(defaultExtensionDirectory(), false, 0, null, null, null);
  }

  /** Same settings with another memory limit. */
  public EngineSettings withMemoryLimit(String limit) {
    return new EngineSettings(
        extensionDirectory,
        allowExtensionDownload,
        threads,
        limit,
        tempDirectory,
        maxTempDirectorySize);
  }

  /** Same settings with another thread count. */
  public EngineSettings withThreads(int count) {
    return new EngineSettings(
        extensionDirectory,
        allowExtensionDownload,
        count,
        memoryLimit,
        tempDirectory,
        maxTempDirectorySize);
  }

  /** Same settings with another spill directory. */
  public EngineSettings withTempDirectory(Path directory) {
    return new EngineSettings(
        extensionDirectory,
        allowExtensionDownload,
        threads,
        memoryLimit,
        directory,
        maxTempDirectorySize);
  }

  /** Same settings with another cap on spilled data. */
  public EngineSettings withMaxTempDirectorySize(String size) {
    return new EngineSettings(
        extensionDirectory, allowExtensionDownload, threads, memoryLimit, tempDirectory, size);
  }

  /** The directory scripts/install-duckdb-extensions.sh fills unless told otherwise. */
  public static Path defaultExtensionDirectory() {
    String configured = System.getProperty(EXTENSION_DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(EXTENSION_DIR_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "featherman", "duckdb-extensions");
  }
}
