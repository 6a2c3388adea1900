package dev.featherman.worker.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.worker.Operation;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.Sql;
import dev.featherman.engine.connect.LakeSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * DuckLake maintenance in the order that frees space safely: expire old snapshots, merge adjacent
 * small files, then delete files no snapshot references any more. The cut-off for deletion comes
 * from the backup-service, which never lets it pass the oldest retained backup.
 */
public final class Maintenance {
  private Maintenance() {}

  /** Runs {@code op} on {@code lake}; counts go into {@code result}. */
  public static void run(LakeSession lake, Operation.Maintain op, ObjectNode result) {
    String alias = Sql.literal(lake.alias());
    String dryRun = op.dryRun() ? "true" : "false";
    result.put("dryRun", op.dryRun());
    if (op.expireOlderThan() != null) {
      result.put(
          "snapshotsExpired",
          rows(
              lake,
              "CALL ducklake_expire_snapshots("
                  + alias
                  + ", older_than => "
                  + timestamp(op.expireOlderThan())
                  + ", dry_run => "
                  + dryRun
                  + ")",
              null));
    }
    if (op.mergeAdjacentFiles() && !op.dryRun()) {
      result.put(
          "filesMerged",
          rows(lake, "CALL ducklake_merge_adjacent_files(" + alias + ")", "files_processed"));
    }
    if (op.cleanupOlderThan() != null) {
      result.put(
          "filesDeleted",
          rows(
              lake,
              "CALL ducklake_cleanup_old_files("
                  + alias
                  + ", older_than => "
                  + timestamp(op.cleanupOlderThan())
                  + ", dry_run => "
                  + dryRun
                  + ")",
              null));
      result.put("cleanupCutoff", op.cleanupOlderThan());
    }
  }

  private static String timestamp(String instant) {
    // Parsed here so that only a well-formed instant ever reaches the SQL text.
    return "TIMESTAMPTZ " + Sql.literal(Instant.parse(instant).toString());
  }

  /** Rows the call returned, or the sum of {@code column} over them. */
  private static long rows(LakeSession lake, String call, String column) {
    long total = 0;
    try (Statement st = lake.connection().createStatement();
        ResultSet rs = st.executeQuery(call)) {
      while (rs.next()) {
        total += column == null ? 1 : rs.getLong(column);
      }
    } catch (SQLException e) {
      throw new EngineException(
          call.substring(5, call.indexOf('(')) + " failed: " + e.getMessage(), e);
    }
    return total;
  }
}
