package dev.featherman.gateway.flightsql;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/**
 * The values a Flight SQL client binds to a prepared statement: one row of the parameter batch, as
 * strings, numbers, booleans and nulls (anything else, such as a timestamp, as its text, which
 * DuckDB casts to the placeholder's type).
 */
final class ParameterValues {
  private ParameterValues() {}

  /** The values of the one row the client sent; empty when it sent none. */
  static List<Object> single(FlightStream parameters) {
    List<Object> values = List.of();
    int rows = 0;
    while (parameters.next()) {
      VectorSchemaRoot root = parameters.getRoot();
      for (int row = 0; row < root.getRowCount(); row++) {
        if (++rows > 1) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription("bind one row of parameters per query, not several")
              .toRuntimeException();
        }
        values = rowOf(root, row);
      }
    }
    return values;
  }

  private static List<Object> rowOf(VectorSchemaRoot root, int row) {
    List<Object> values = new ArrayList<>();
    for (FieldVector vector : root.getFieldVectors()) {
      values.add(plain(vector.getObject(row)));
    }
    return values;
  }

  private static Object plain(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Text || value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof byte[]) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("binary parameters are not supported; pass the value as a string")
          .toRuntimeException();
    }
    return value.toString();
  }
}
