package dev.featherman.api.worker;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import java.util.List;

/**
 * One unit of work for a one-shot worker: the controller and the backup-service build it, the Job
 * carries it as JSON in {@link WorkerEnv#OPERATION}, the worker reads it back. The JSON also names
 * the Job (a hash of it), so its property order is part of the contract.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Operation.Initialize.class, name = "initialize"),
  @JsonSubTypes.Type(value = Operation.ApplyTable.class, name = "applyTable"),
  @JsonSubTypes.Type(value = Operation.InspectTable.class, name = "inspectTable"),
  @JsonSubTypes.Type(value = Operation.DropTable.class, name = "dropTable"),
  @JsonSubTypes.Type(value = Operation.RunSql.class, name = "sql"),
  @JsonSubTypes.Type(value = Operation.DestroyCatalog.class, name = "destroyCatalog"),
  @JsonSubTypes.Type(value = Operation.Materialize.class, name = "materialize"),
  @JsonSubTypes.Type(value = Operation.Backup.class, name = "backup"),
  @JsonSubTypes.Type(value = Operation.Restore.class, name = "restore"),
  @JsonSubTypes.Type(value = Operation.Maintain.class, name = "maintain")
})
public sealed interface Operation {
  /** The operation as the worker reads it. */
  default String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + this, e);
    }
  }

  /** Reads an operation written by {@link #toJson()}. */
  static Operation fromJson(String json) throws JsonProcessingException {
    return Json.MAPPER.readValue(json, Operation.class);
  }

  /** Create (if needed) and attach the catalog; report its snapshot and data path. */
  record Initialize() implements Operation {}

  /** Create the table or evolve it to the spec; report what ran and the table's stats. */
  record ApplyTable(DuckLakeTableSpec table) implements Operation {}

  /** Report a table's stats. */
  record InspectTable(String name) implements Operation {}

  /** Drop a table (deletionPolicy Delete). */
  record DropTable(String name) implements Operation {}

  /**
   * Remove the catalog's metadata (deletionPolicy Delete): the DuckLake tables of a PostgreSQL
   * catalog. File catalogs go with their volume; data files are deleted by the controller.
   */
  record DestroyCatalog() implements Operation {}

  /**
   * Export one SELECT's result as Parquet (a DuckLakeTable's materializeTo).
   *
   * @param sql exactly one SELECT
   * @param bucket destination bucket
   * @param path object key (a file) or key prefix ending in '/' (with partitionBy)
   * @param compression Parquet codec, e.g. zstd
   * @param partitionBy columns to partition the output by, or empty
   * @param slot the scheduled run this is (names the Job; unused by the worker)
   */
  @JsonPropertyOrder({"sql", "bucket", "path", "compression", "slot", "partitionBy"})
  record Materialize(
      String sql,
      String bucket,
      String path,
      String compression,
      List<String> partitionBy,
      String slot)
      implements Operation {}

  /**
   * Export the catalog's metadata consistently, upload it with a manifest (written last) and report
   * where it went, its size, checksum and snapshot.
   *
   * @param bucket destination bucket
   * @param folder key prefix of this backup, ending in '/'
   * @param backupId the DuckLakeBackup's name
   * @param namespace the catalog's namespace (recorded in the manifest)
   * @param partSizeBytes multipart part size; files above it go up in parts
   */
  record Backup(String bucket, String folder, String backupId, String namespace, Long partSizeBytes)
      implements Operation {}

  /**
   * Bootstrap this (new, empty) catalog from a backup after verifying every file against the
   * manifest.
   *
   * @param bucket bucket holding the backup
   * @param manifestKey key of its manifest.json
   */
  record Restore(String bucket, String manifestKey) implements Operation {}

  /**
   * DuckLake maintenance, in order: expire snapshots, merge adjacent files, delete old files.
   *
   * @param expireOlderThan expire snapshots older than this instant (RFC 3339), or null to skip
   * @param mergeAdjacentFiles whether to merge (skipped in a dry run)
   * @param cleanupOlderThan delete files unreferenced since before this instant, or null to skip
   * @param dryRun report only
   * @param slot the scheduled run this is (names the Job; unused by the worker)
   */
  @JsonPropertyOrder({
    "expireOlderThan",
    "mergeAdjacentFiles",
    "dryRun",
    "slot",
    "cleanupOlderThan"
  })
  record Maintain(
      String expireOlderThan,
      boolean mergeAdjacentFiles,
      String cleanupOlderThan,
      boolean dryRun,
      String slot)
      implements Operation {}

  /** Run trusted SQL statements, in order, in one transaction. */
  record RunSql(String sql) implements Operation {}

  /**
   * The one mapper both sides use; a worker ignores properties it does not know (a newer control
   * plane may send more).
   */
  final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}
  }
}
