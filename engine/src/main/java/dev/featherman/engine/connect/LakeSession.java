package dev.featherman.engine.connect;

import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One DuckDB database with one DuckLake catalog attached and selected. Closing it closes the
 * database. Not thread-safe; use {@link #newConnection()} for concurrent work on the same database.
 */
public final class LakeSession implements AutoCloseable {
  private final Connection connection;
  private final LakeConfig config;

  LakeSession(Connection connection, LakeConfig config) {
    this.connection = connection;
    this.config = config;
  }

  /** The attached catalog's alias. */
  public String alias() {
    return config.alias();
  }

  /** The configuration this session was opened with. */
  public LakeConfig config() {
    return config;
  }

  /** The session's own connection. */
  public Connection connection() {
    return connection;
  }

  /**
   * Another connection to the same database, sharing the attached catalog and secrets, with the
   * catalog selected (USE is per connection).
   */
  public Connection newConnection() throws SQLException {
    Connection duplicate = connection.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
    try (Statement statement = duplicate.createStatement()) {
      statement.execute("USE " + Sql.identifier(alias()));
    } catch (SQLException e) {
      duplicate.close();
      throw e;
    }
    return duplicate;
  }

  /** Runs one trusted, engine-built statement. */
  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new EngineException(DuckDbErrors.message(e), e);
    }
  }

  /** Runs one trusted statement and returns the number of rows it changed or wrote. */
  public long update(String sql) {
    try (Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw new EngineException(DuckDbErrors.message(e), e);
    }
  }

  /** Runs one trusted statement that returns a single number. */
  public long queryLong(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new EngineException(DuckDbErrors.message(e), e);
    }
  }

  /** The latest DuckLake snapshot id of the attached catalog. */
  public long currentSnapshot() {
    return queryLong("SELECT max(snapshot_id) FROM " + Sql.identifier(alias()) + ".snapshots()");
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new EngineException("closing DuckDB failed: " + e.getMessage(), e);
    }
  }
}
