package dev.featherman.gateway.flightsql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
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
      values.add(vector.isNull(row) ? null : plain(temporal(vector, row)));
    }
    return values;
  }

  /**
   * Dates, times and zoned timestamps as ISO text DuckDB casts (Arrow hands them over as bare day
   * or microsecond counts); every other value as Arrow reads it.
   */
  private static Object temporal(FieldVector vector, int row) {
    if (vector instanceof DateDayVector days) {
      return LocalDate.ofEpochDay(days.get(row)).toString();
    }
    if (vector instanceof TimeMicroVector micros) {
      return LocalTime.ofNanoOfDay(micros.get(row) * 1_000).toString();
    }
    if (vector instanceof TimeMilliVector millis) {
      return LocalTime.ofNanoOfDay(millis.get(row) * 1_000_000L).toString();
    }
    if (vector instanceof TimeStampVector stamps
        && vector.getField().getType() instanceof ArrowType.Timestamp type
        && type.getTimezone() != null) {
      long value = stamps.get(row);
      Instant instant =
          switch (type.getUnit()) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
            case NANOSECOND -> Instant.EPOCH.plusNanos(value);
          };
      return instant.toString();
    }
    return vector.getObject(row);
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
