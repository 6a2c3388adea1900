package dev.featherman.gateway.flightsql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.flight.CallStatus;

/**
 * What a Flight SQL ticket or prepared-statement handle carries: a query id (empty in a prepared
 * statement's handle; each execution gets its own, by which the client cancels it), the catalog,
 * the values bound to its placeholders and the SQL, nothing else. A client may send back any bytes,
 * so a handle grants nothing: every call is authorized and sandboxed again as if the statement were
 * new, and the values are bound by DuckDB, never spliced into the SQL.
 */
record StatementHandle(String id, String catalog, List<Object> params, String sql) {
  private static final char SEPARATOR = '\n'; // never in an id, a catalog or compact JSON
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A prepared statement's handle, without values yet. */
  static StatementHandle prepared(String catalog, String sql) {
    return new StatementHandle("", catalog, List.of(), sql);
  }

  /** This statement as one execution of it, with an id of its own. */
  StatementHandle execution() {
    return new StatementHandle(UUID.randomUUID().toString(), catalog, params, sql);
  }

  /** This statement with {@code values} bound to its placeholders. */
  StatementHandle withParams(List<Object> values) {
    return new StatementHandle(id, catalog, values, sql);
  }

  ByteString toBytes() {
    try {
      return ByteString.copyFrom(
          id + SEPARATOR + catalog + SEPARATOR + JSON.writeValueAsString(params) + SEPARATOR + sql,
          StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static StatementHandle from(ByteString bytes) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    int first = text.indexOf(SEPARATOR);
    int second = first < 0 ? -1 : text.indexOf(SEPARATOR, first + 1);
    int third = second < 0 ? -1 : text.indexOf(SEPARATOR, second + 1);
    if (second <= first + 1 || third < 0) {
      throw notOurs();
    }
    try {
      List<Object> params = JSON.readValue(text.substring(second + 1, third), List.class);
      return new StatementHandle(
          text.substring(0, first),
          text.substring(first + 1, second),
          params,
          text.substring(third + 1));
    } catch (JsonProcessingException | ClassCastException e) {
      throw notOurs();
    }
  }

  private static RuntimeException notOurs() {
    return CallStatus.INVALID_ARGUMENT
        .withDescription("not a statement handle of this server")
        .toRuntimeException();
  }
}
