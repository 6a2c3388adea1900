package dev.featherman.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * Loads extensions from the configured directory, checking first that each file is there so the
 * error names the extension, the path and the script that installs it.
 */
public final class ExtensionLoader {
  private final EngineSettings settings;

  public ExtensionLoader(EngineSettings settings) {
    this.settings = settings;
  }

  /** Loads each extension into the connection's database. */
  public void load(Connection connection, Collection<Extension> extensions) throws SQLException {
    Path dir = versionDirectory(connection);
    try (Statement statement = connection.createStatement()) {
      for (Extension extension : extensions) {
        Path file = dir.resolve(extension.duckdbName() + ".duckdb_extension");
        if (!Files.isRegularFile(file)) {
          if (!settings.allowExtensionDownload()) {
            throw new MissingExtensionException(
                extension.duckdbName(), file, settings.extensionDirectory());
          }
          statement.execute("INSTALL " + extension.duckdbName());
        }
        statement.execute("LOAD " + extension.duckdbName());
      }
    }
  }

  /** {@code <extensionDirectory>/v<version>/<platform>} for the running DuckDB. */
  public Path versionDirectory(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT version(), platform FROM pragma_platform()")) {
      rs.next();
      return settings.extensionDirectory().resolve(rs.getString(1)).resolve(rs.getString(2));
    }
  }
}
