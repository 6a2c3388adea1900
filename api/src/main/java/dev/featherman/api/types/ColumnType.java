package dev.featherman.api.types;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DuckLake column type, parsed from user text. Only the canonical rendering {@link #sql()} ever
 * reaches SQL, so a type string cannot smuggle anything else into a statement.
 */
public sealed interface ColumnType {

  /** Canonical DuckDB spelling, safe to splice into DDL. */
  String sql();

  /**
   * Parses a type such as {@code INTEGER}, {@code DECIMAL(18,2)}, {@code VARCHAR[]}, {@code
   * STRUCT(a INTEGER, b VARCHAR)} or {@code MAP(VARCHAR, DOUBLE)}; aliases map to canonical names.
   *
   * @throws InvalidColumnTypeException naming the text and what is wrong with it
   */
  static ColumnType parse(String text) {
    return new ColumnTypeParser(text).parseAll();
  }

  /**
   * Whether DuckLake can change a column from this type to {@code target} without rewriting files:
   * only lossless widenings of integers and floats.
   */
  default boolean canWidenTo(ColumnType target) {
    if (!(this instanceof Scalar from) || !(target instanceof Scalar to)) {
      return false;
    }
    return Scalar.WIDENINGS.getOrDefault(from.name(), Set.of()).contains(to.name());
  }

  /** A non-parameterised type such as INTEGER or TIMESTAMPTZ. */
  record Scalar(String name) implements ColumnType {
    /** Canonical scalar names DuckLake stores. */
    static final Set<String> NAMES =
        Set.of(
            "BOOLEAN",
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "FLOAT",
            "DOUBLE",
            "VARCHAR",
            "BLOB",
            "DATE",
            "TIME",
            "TIMETZ",
            "TIMESTAMP",
            "TIMESTAMPTZ",
            "TIMESTAMP_S",
            "TIMESTAMP_MS",
            "TIMESTAMP_NS",
            "INTERVAL",
            "UUID",
            "JSON");

    /** Lossless promotions DuckLake supports (see its schema-evolution documentation). */
    static final Map<String, Set<String>> WIDENINGS =
        Map.of(
            "TINYINT", Set.of("SMALLINT", "INTEGER", "BIGINT"),
            "SMALLINT", Set.of("INTEGER", "BIGINT"),
            "INTEGER", Set.of("BIGINT"),
            "UTINYINT", Set.of("USMALLINT", "UINTEGER", "UBIGINT", "SMALLINT", "INTEGER", "BIGINT"),
            "USMALLINT", Set.of("UINTEGER", "UBIGINT", "INTEGER", "BIGINT"),
            "UINTEGER", Set.of("UBIGINT", "BIGINT"),
            "FLOAT", Set.of("DOUBLE"));

    @Override
    public String sql() {
      return name;
    }
  }

  /** DECIMAL(precision, scale). */
  record Decimal(int precision, int scale) implements ColumnType {
    @Override
    public String sql() {
      return "DECIMAL(" + precision + "," + scale + ")";
    }
  }

  /** A variable-length list of one element type, written {@code T[]}. */
  record ListOf(ColumnType element) implements ColumnType {
    @Override
    public String sql() {
      return element.sql() + "[]";
    }
  }

  /** A struct with named fields. */
  record Struct(List<Field> fields) implements ColumnType {
    /** One named field of a struct. */
    public record Field(String name, ColumnType type) {}

    @Override
    public String sql() {
      StringBuilder sb = new StringBuilder("STRUCT(");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        // Field names are restricted to plain identifiers by the parser; quoting keeps reserved
        // words such as "order" usable.
        sb.append('"')
            .append(fields.get(i).name())
            .append("\" ")
            .append(fields.get(i).type().sql());
      }
      return sb.append(')').toString();
    }
  }

  /** MAP(key, value). */
  record MapOf(ColumnType key, ColumnType value) implements ColumnType {
    @Override
    public String sql() {
      return "MAP(" + key.sql() + ", " + value.sql() + ")";
    }
  }
}
