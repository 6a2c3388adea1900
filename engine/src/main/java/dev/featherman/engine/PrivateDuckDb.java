package dev.featherman.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB for the engine's own work on data (never a lake, never user SQL): file access
 * only to its own 0700 directory, no extension loading, configuration locked.
 *
 * @param database the connection; duplicate it per use
 * @param directory the only directory it may read or write
 */
public record PrivateDuckDb(DuckDBConnection database, Path directory) {

  /** Starts one with a fresh directory named {@code prefix}-something under the temp directory. */
  public static PrivateDuckDb start(String prefix) throws SQLException, IOException {
    Path directory =
        Files.createTempDirectory(
            prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    directory.toFile().deleteOnExit();
    DuckDBConnection database =
        DriverManager.getConnection("jdbc:duckdb:").unwrap(DuckDBConnection.class);
    try (Statement s = database.createStatement()) {
      s.execute("SET memory_limit = '512MB'");
      s.execute("SET threads = 2");
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET allowed_directories = [" + Sql.literal(directory + "/") + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET lock_configuration = true");
    }
    return new PrivateDuckDb(database, directory);
  }
}
