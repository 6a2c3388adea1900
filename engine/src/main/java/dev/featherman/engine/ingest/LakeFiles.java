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

  /**
   * Registers the Parquet files below {@code location} (relative to the lake's data path) that the
   * table does not hold yet, in one snapshot; none new, no snapshot. For DuckLakeTable's {@code
   * location}, run by a trusted worker operation on an unsandboxed session.
   *
   * @return how many files were registered
   */
  public static int registerNew(
      dev.featherman.engine.connect.LakeSession session, String table, String location) {
    String root = session.config().dataPath();
    String folder =
        (root.endsWith("/") ? root : root + "/") + location.replaceAll("^/+|/+$", "") + "/";
    String alias = session.alias();
    String newFiles =
        "SELECT file FROM glob("
            + Sql.literal(folder + "**/*.parquet")
            + ") WHERE file NOT IN (SELECT data_file FROM ducklake_list_files("
            + Sql.literal(alias)
            + ", "
            + Sql.literal(table)
            + ")) ORDER BY file";
    java.util.List<String> files = new java.util.ArrayList<>();
    try (Connection c = session.newConnection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(newFiles)) {
      while (rs.next()) {
        files.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST,
          "listing " + folder + ": " + DuckDbErrors.firstLines(e.getMessage(), 2));
    }
    if (files.isEmpty()) {
      return 0;
    }
    try {
      register(session::newConnection, alias, new Request(table, files, "location"));
    } catch (SQLException e) {
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST, DuckDbErrors.firstLines(e.getMessage(), 3));
    }
    return files.size();
  }

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
