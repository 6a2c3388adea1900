package dev.featherman.api.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a one-shot worker reports for an {@link Operation} (its container's termination message), as
 * the controller and the backup-service read it. Each operation fills the fields that concern it;
 * the rest are null. Unknown fields are ignored, so a newer worker may report more.
 *
 * @param ok false when the operation failed
 * @param reason why it failed, a condition reason such as InvalidSpec
 * @param message what failed, for the object's status
 * @param snapshotId the catalog's snapshot after the operation
 * @param dataPath where the catalog keeps its data files (initialize)
 * @param rowCount rows in the table (applyTable, inspectTable) or written (materialize)
 * @param dataFiles the table's data files (applyTable, inspectTable)
 * @param bytes the table's bytes in data files (applyTable, inspectTable)
 * @param durationMillis how long the export took (materialize)
 * @param outputPath where the export went (materialize)
 * @param backupSnapshotId the snapshot a restored catalog starts from (restore)
 * @param objectKey the backup's manifest key (backup)
 * @param sha256 the manifest's checksum (backup)
 * @param snapshotsExpired snapshots expired (maintain)
 * @param filesMerged files merged, null when merging was skipped (maintain)
 * @param filesDeleted files deleted, null when cleanup was skipped (maintain)
 * @param cleanupCutoff files unreferenced before this instant were deleted (maintain)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationResult(
    Boolean ok,
    String reason,
    String message,
    Long snapshotId,
    String dataPath,
    Long rowCount,
    Long dataFiles,
    Long bytes,
    Long durationMillis,
    String outputPath,
    Long backupSnapshotId,
    String objectKey,
    String sha256,
    Long snapshotsExpired,
    Long filesMerged,
    Long filesDeleted,
    String cleanupCutoff) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** No result (the Job has not finished, or its pod left no message). */
  public static OperationResult none() {
    return new OperationResult(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /** A failure with {@code reason} and {@code message}. */
  public static OperationResult failure(String reason, String message) {
    return new OperationResult(
        false, reason, message, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * Reads a termination message; one that is not such JSON (a crash's last log lines, which the
   * kubelet reports instead) is an ExecutionFailed failure carrying the text.
   */
  public static OperationResult parse(String message) {
    try {
      OperationResult result = JSON.readValue(message, OperationResult.class);
      return result == null ? failure("ExecutionFailed", message) : result;
    } catch (Exception notJson) {
      return failure("ExecutionFailed", message);
    }
  }

  /** The result as the worker writes it. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + this, e);
    }
  }

  /** {@code value}, or 0 when the worker did not report it. */
  public static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
