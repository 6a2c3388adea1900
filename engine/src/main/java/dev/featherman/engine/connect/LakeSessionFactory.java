package dev.featherman.engine.connect;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.Extension;
import dev.featherman.engine.ExtensionLoader;
import dev.featherman.engine.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * Opens DuckDB databases with one DuckLake catalog attached: extensions from the local directory, a
 * bucket-scoped S3 secret, ATTACH for the catalog's backend, then USE.
 */
public final class LakeSessionFactory {
  private final EngineSettings settings;
  private final ExtensionLoader extensions;

  public LakeSessionFactory(EngineSettings settings) {
    this.settings = settings;
    this.extensions = new ExtensionLoader(settings);
  }

  /** A fresh in-memory DuckDB with the engine's settings and no catalog. */
  public Connection openDatabase() throws SQLException {
    Properties props = new Properties();
    props.setProperty("extension_directory", settings.extensionDirectory().toString());
    props.setProperty(
        "autoinstall_known_extensions", Boolean.toString(settings.allowExtensionDownload()));
    props.setProperty("autoload_known_extensions", "false");
    // Stream results chunk by chunk instead of materialising them in native memory.
    props.setProperty("jdbc_stream_results", "true");
    if (settings.threads() > 0) {
      props.setProperty("threads", Integer.toString(settings.threads()));
    }
    if (settings.memoryLimit() != null) {
      props.setProperty("memory_limit", settings.memoryLimit());
    }
    if (settings.maxTempDirectorySize() != null) {
      props.setProperty("max_temp_directory_size", settings.maxTempDirectorySize());
    }
    if (settings.tempDirectory() != null) {
      props.setProperty("temp_directory", settings.tempDirectory().toString());
    }
    return DriverManager.getConnection("jdbc:duckdb:", props);
  }

  /**
   * Opens a database and attaches the catalog, creating it when it does not exist yet.
   *
   * @throws EngineException with DuckDB's message (credentials are never part of it)
   */
  public LakeSession open(LakeConfig config) {
    Connection connection = null;
    try {
      connection = openDatabase();
      extensions.load(connection, requiredExtensions(config));
      try (Statement statement = connection.createStatement()) {
        if (config.s3() != null) {
          statement.execute(
              AttachSql.createSecret(
                  "s3_" + config.alias(), config.s3(), bucketOf(config.dataPath())));
        }
        if (config.store() instanceof CatalogStore.Postgres pg) {
          statement.execute(AttachSql.postgresSecret(config.alias(), pg));
        }
        statement.execute(AttachSql.attach(config));
        statement.execute("USE " + Sql.identifier(config.alias()));
      }
      return new LakeSession(connection, config);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      if (e instanceof EngineException engineException) {
        throw engineException;
      }
      String message = e instanceof SQLException sql ? DuckDbErrors.message(sql) : e.getMessage();
      throw new EngineException("attaching catalog '" + config.alias() + "' failed: " + message, e);
    }
  }

  /** ducklake always; httpfs for S3 data; the scanner matching the metadata backend. */
  static Set<Extension> requiredExtensions(LakeConfig config) {
    Set<Extension> needed = EnumSet.of(Extension.DUCKLAKE);
    if (config.dataPath().startsWith("s3://")) {
      needed.add(Extension.HTTPFS);
    }
    if (config.store() instanceof CatalogStore.SqliteFile) {
      needed.add(Extension.SQLITE_SCANNER);
    } else if (config.store() instanceof CatalogStore.Postgres) {
      needed.add(Extension.POSTGRES_SCANNER);
    }
    return needed;
  }

  private static String bucketOf(String dataPath) {
    String rest = dataPath.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The original failure is the one worth reporting.
      }
    }
  }
}
