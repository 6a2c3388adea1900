package dev.featherman.worker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import java.util.List;

/** One unit of work for a one-shot worker, sent by the controller as JSON. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Operation.Initialize.class, name = "initialize"),
  @JsonSubTypes.Type(value = Operation.ApplyTable.class, name = "applyTable"),
  @JsonSubTypes.Type(value = Operation.InspectTable.class, name = "inspectTable"),
  @JsonSubTypes.Type(value = Operation.DropTable.class, name = "dropTable"),
  @JsonSubTypes.Type(value = Operation.RunSql.class, name = "sql"),
  @JsonSubTypes.Type(value = Operation.DestroyCatalog.class, name = "destroyCatalog"),
  @JsonSubTypes.Type(value = Operation.Materialize.class, name = "materialize")
})
public sealed interface Operation {
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
  record Materialize(
      String sql,
      String bucket,
      String path,
      String compression,
      List<String> partitionBy,
      String slot)
      implements Operation {}

  /** Run trusted SQL statements, in order, in one transaction. */
  record RunSql(String sql) implements Operation {}
}
