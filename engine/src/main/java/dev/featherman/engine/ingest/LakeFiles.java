package dev.featherman.engine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.Sql;
import dev.featherman.engine.query.QueryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Registers Parquet files that already lie under a lake's data path into one of its tables
 * (DuckLake's {@code ducklake_add_data_files}), all in one snapshot. DuckLake checks every file's
 * columns against the table; the lake connection's sandbox (its allowed directories are the data
 * path) refuses files anywhere else. Registered files belong to the lake from then on: its
 * maintenance may rewrite or delete them.
 */
public final class LakeFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LakeFiles() {}

  /** Files (or globs) to register, and on whose behalf. */
  public record Request(String table, List<String> files, String principal) {}

  /** How many paths were registered, and the snapshot that holds them. */
  public record Result(int files, long snapshotId) {}

  /**
   * Registers {@code request}'s files in one transaction.
   *
   * @throws QueryException naming the file and column DuckLake refused, or a path outside the lake
   */
  public static Result register(LakeIngest.Connections connections, String alias, Request request)
      throws SQLException {
    if (request.files().isEmpty()) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, "name at least one file");
    }
    try (Connection connection = connections.open()) {
      String table = LakeIngest.existingTable(connection, alias, request.table());
      connection.setAutoCommit(false);
      try {
        for (String file : request.files()) {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "CALL ducklake_add_data_files(?, ?, ?, schema => 'main')")) {
            p.setString(1, alias);
            p.setString(2, table);
            p.setString(3, file);
            p.execute();
          }
        }
        ObjectNode info = JSON.createObjectNode();
        info.put("registerFiles", UUID.randomUUID().toString());
        info.put("table", table);
        info.put("principal", request.principal());
        info.put("files", request.files().size());
        String extra = info.toString();
        try (PreparedStatement p =
            connection.prepareStatement(
                "CALL "
                    + Sql.identifier(alias)
                    + ".set_commit_message('featherman', ?, extra_info => ?)")) {
          p.setString(1, "register " + request.files().size() + " file path(s) into " + table);
          p.setString(2, extra);
          p.execute();
        }
        connection.commit();
        return new Result(request.files().size(), LakeIngest.snapshotOf(connection, alias, extra));
      } catch (SQLException e) {
        connection.rollback();
        String message = DuckDbErrors.firstLines(e.getMessage(), 3);
        throw new QueryException(
            message.contains("Permission Error") || message.contains("not allowed")
                ? QueryException.Reason.FORBIDDEN
                : QueryException.Reason.BAD_REQUEST,
            message.contains("Permission Error") || message.contains("not allowed")
                ? "only files under the catalog's data path can be registered: " + message
                : message);
      }
    }
  }
}
