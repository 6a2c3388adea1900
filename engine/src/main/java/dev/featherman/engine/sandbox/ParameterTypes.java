package dev.featherman.engine.sandbox;

/** The statement that lists placeholder types as rows, the type names bound as its values. */
final class ParameterTypes {
  private ParameterTypes() {}

  /** Rows of {@code parameter_index}, {@code parameter_type} for {@code count} bound names. */
  static String sql(int count) {
    if (count == 0) {
      return "SELECT CAST(NULL AS INTEGER) AS parameter_index,"
          + " CAST(NULL AS VARCHAR) AS parameter_type WHERE false";
    }
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      values.append(i > 1 ? ", " : "").append("(").append(i).append(", CAST(? AS VARCHAR))");
    }
    return "SELECT parameter_index, parameter_type FROM (VALUES "
        + values
        + ") AS p(parameter_index, parameter_type) ORDER BY parameter_index";
  }
}
