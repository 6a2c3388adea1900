package dev.featherman.engine.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Resource caps for a database that serves user SQL, set before the configuration is locked.
 *
 * @param memoryLimit DuckDB {@code memory_limit} such as "2GB", or null for DuckDB's default
 * @param maxTempDirectorySize DuckDB {@code max_temp_directory_size}, or null for the default
 * @param threads DuckDB worker threads, or 0 for DuckDB's default
 */
public record SessionLimits(String memoryLimit, String maxTempDirectorySize, int threads) {
  /** DuckDB's defaults. */
  public static SessionLimits defaults() {
    return new SessionLimits(null, null, 0);
  }

  /** The SET statements these limits need. */
  List<String> settings() {
    List<String> out = new ArrayList<>();
    if (memoryLimit != null) {
      out.add("SET memory_limit = " + dev.featherman.engine.Sql.literal(memoryLimit));
    }
    if (maxTempDirectorySize != null) {
      out.add(
          "SET max_temp_directory_size = "
              + dev.featherman.engine.Sql.literal(maxTempDirectorySize));
    }
    if (threads > 0) {
      out.add("SET threads = " + threads);
    }
    return out;
  }
}
