package dev.featherman.gateway.flightsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A prepared statement's parameter schema from the types DuckDB inferred for its placeholders, so a
 * client that binds by type (the Flight SQL JDBC driver) knows what to send. A placeholder DuckDB
 * gives no type, or a type without a plain Arrow match, is a string that DuckDB casts when it
 * binds.
 */
final class ParameterSchema {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private ParameterSchema() {}

  /** One nullable field per placeholder, named {@code $1}, {@code $2}... */
  static Schema of(List<String> duckDbTypes) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < duckDbTypes.size(); i++) {
      fields.add(new Field("$" + (i + 1), FieldType.nullable(arrowType(duckDbTypes.get(i))), null));
    }
    return new Schema(fields);
  }

  static ArrowType arrowType(String duckDbType) {
    String type = duckDbType == null ? "" : duckDbType.trim().toUpperCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      return new ArrowType.Decimal(
          Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)), 128);
    }
    return switch (type) {
      case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
      case "TINYINT" -> new ArrowType.Int(8, true);
      case "SMALLINT" -> new ArrowType.Int(16, true);
      case "INTEGER" -> new ArrowType.Int(32, true);
      case "BIGINT" -> new ArrowType.Int(64, true);
      case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case "DATE" -> new ArrowType.Date(DateUnit.DAY);
      // Milliseconds, what JDBC's Time and Timestamp hold: the Flight SQL JDBC driver (18.3)
      // writes milliseconds into a time or timestamp vector of any unit.
      case "TIME" -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case "TIMESTAMP WITH TIME ZONE" -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
      default -> ArrowType.Utf8.INSTANCE;
    };
  }

  /** Whether {@code sql} could hold a placeholder at all ({@code ?} or {@code $n}). */
  static boolean mayHavePlaceholders(String sql) {
    return sql.indexOf('?') >= 0 || sql.indexOf('$') >= 0;
  }
}
