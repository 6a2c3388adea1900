package dev.featherman.engine.ddl;

import dev.featherman.api.types.ColumnType;
import dev.featherman.api.types.PartitionKey;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.Compression;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.engine.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
   * Checks names, types and partition keys; returns the parsed column types in spec order.
   *
   * @throws InvalidTableSpecException listing every problem with its field path
   */
  public static List<ColumnType> validate(DuckLakeTableSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.getName() == null || !spec.getName().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add(
          "spec.name: '"
              + spec.getName()
              + "' must start with a letter or '_' and contain only letters, digits and '_'");
    }
    if (spec.getColumns().isEmpty()) {
      problems.add("spec.columns: a table needs at least one column");
    }
    List<ColumnType> types = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.getColumns().size(); i++) {
      ColumnSpec column = spec.getColumns().get(i);
      String field = "spec.columns[" + i + "]";
      if (column.getName() == null || !column.getName().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add(
            field
                + ".name: '"
                + column.getName()
                + "' must start with a letter or '_' and contain only letters, digits and '_'");
      } else if (!names.add(column.getName().toLowerCase(Locale.ROOT))) {
        problems.add(field + ".name: column '" + column.getName() + "' is declared twice");
      }
      try {
        types.add(ColumnType.parse(column.getType()));
      } catch (IllegalArgumentException e) {
        problems.add(field + ".type: " + e.getMessage());
        types.add(null);
      }
    }
    if (spec.getFormat() != null) {
      List<String> keys = spec.getFormat().getPartitioning();
      for (int i = 0; i < keys.size(); i++) {
        String field = "spec.format.partitioning[" + i + "]";
        try {
          PartitionKey key = PartitionKey.parse(keys.get(i));
          if (!names.contains(key.column().toLowerCase(Locale.ROOT))) {
            problems.add(
                field
                    + ": '"
                    + key.column()
                    + "' is not a column of table '"
                    + spec.getName()
                    + "'; add it to spec.columns or remove it from the partitioning");
          }
        } catch (IllegalArgumentException e) {
          problems.add(field + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidTableSpecException(problems);
    }
    return types;
  }
}
