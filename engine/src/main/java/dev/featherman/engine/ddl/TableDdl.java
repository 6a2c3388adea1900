package dev.featherman.engine.ddl;

import dev.featherman.api.types.ColumnType;
import dev.featherman.api.types.PartitionKey;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.Compression;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.api.validation.TableValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.engine.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DDL for a DuckLakeTable spec. Names and comments are quoted, types are re-rendered from their
 * parsed form, and partition keys must name declared columns, so no spec value reaches SQL raw.
 */
public final class TableDdl {
  /** DuckLake tables managed by Featherman live in the catalog's default schema. */
  public static final String SCHEMA = "main";

  private TableDdl() {}

  /** The table's quoted, fully qualified name. */
  public static String tableName(String alias, String table) {
    return Sql.qualified(alias, SCHEMA, table);
  }

  /**
   * CREATE TABLE plus comments, partitioning and compression.
   *
   * @throws InvalidTableSpecException listing every problem with its field path
   */
  public static List<String> create(String alias, DuckLakeTableSpec spec) {
    List<ColumnType> types = validate(spec);
    String table = tableName(alias, spec.getName());
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < spec.getColumns().size(); i++) {
      ColumnSpec column = spec.getColumns().get(i);
      columns.add(
          Sql.identifier(column.getName())
              + " "
              + types.get(i).sql()
              + (column.notNull() ? " NOT NULL" : ""));
    }
    List<String> statements = new ArrayList<>();
    statements.add("CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ")");
    if (spec.getComment() != null) {
      statements.add(tableComment(alias, spec.getName(), spec.getComment()));
    }
    for (ColumnSpec column : spec.getColumns()) {
      if (column.getComment() != null) {
        statements.add(columnComment(alias, spec.getName(), column.getName(), column.getComment()));
      }
    }
    List<PartitionKey> partitioning = partitionKeys(spec);
    if (!partitioning.isEmpty()) {
      statements.add(setPartitioning(alias, spec.getName(), partitioning));
    }
    statements.add(setCompression(alias, spec.getName(), compression(spec)));
    return statements;
  }

  /** COMMENT ON TABLE (null clears it). */
  public static String tableComment(String alias, String table, String comment) {
    return "COMMENT ON TABLE "
        + tableName(alias, table)
        + " IS "
        + (comment == null ? "NULL" : Sql.literal(comment));
  }

  /** COMMENT ON COLUMN (null clears it). */
  public static String columnComment(String alias, String table, String column, String comment) {
    return "COMMENT ON COLUMN "
        + tableName(alias, table)
        + "."
        + Sql.identifier(column)
        + " IS "
        + (comment == null ? "NULL" : Sql.literal(comment));
  }

  /** SET PARTITIONED BY, or RESET when there are no keys. */
  public static String setPartitioning(String alias, String table, List<PartitionKey> keys) {
    if (keys.isEmpty()) {
      return "ALTER TABLE " + tableName(alias, table) + " RESET PARTITIONED BY";
    }
    List<String> parts = keys.stream().map(PartitionKey::sql).toList();
    return "ALTER TABLE "
        + tableName(alias, table)
        + " SET PARTITIONED BY ("
        + String.join(", ", parts)
        + ")";
  }

  /** Table-scoped parquet_compression option. */
  public static String setCompression(String alias, String table, Compression compression) {
    return "CALL "
        + Sql.identifier(alias)
        + ".set_option('parquet_compression', "
        + Sql.literal(compression.name().toLowerCase(Locale.ROOT))
        + ", table_name => "
        + Sql.literal(table)
        + ")";
  }

  /** The spec's compression, ZSTD by default. */
  public static Compression compression(DuckLakeTableSpec spec) {
    TableFormat format = spec.getFormat();
    return format == null || format.getCompression() == null
        ? Compression.ZSTD
        : format.getCompression();
  }

  /** Parsed partition keys of the spec (validated by {@link #validate}). */
  public static List<PartitionKey> partitionKeys(DuckLakeTableSpec spec) {
    if (spec.getFormat() == null) {
      return List.of();
    }
    return spec.getFormat().getPartitioning().stream().map(PartitionKey::parse).toList();
  }

  /**
   * Checks the spec with the rules the webhook applies ({@link TableValidator}), treating a
   * partition key on an undeclared column as an error; returns the parsed column types in order.
   *
   * @throws InvalidTableSpecException listing every problem with its field path
   */
  public static List<ColumnType> validate(DuckLakeTableSpec spec) {
    List<Validation.Finding> problems = TableValidator.applyProblems(spec);
    if (!problems.isEmpty()) {
      throw new InvalidTableSpecException(
          problems.stream().map(Validation.Finding::toString).toList());
    }
    return spec.getColumns().stream().map(c -> ColumnType.parse(c.getType())).toList();
  }
}
