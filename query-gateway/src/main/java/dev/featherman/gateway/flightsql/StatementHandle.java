package dev.featherman.gateway.flightsql;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.arrow.flight.CallStatus;

/**
 * What a Flight SQL ticket or prepared-statement handle carries: a query id (empty in a prepared
 * statement's handle; each execution gets its own, by which the client cancels it), the catalog and
 * the SQL, nothing else. A client may send back any bytes, so a handle grants nothing: every call
 * is authorized and sandboxed again as if the statement were new.
 */
record StatementHandle(String id, String catalog, String sql) {
  private static final char SEPARATOR = '\n'; // never in an id or a catalog (a DNS name)

  /** A prepared statement's handle. */
  static StatementHandle prepared(String catalog, String sql) {
    return new StatementHandle("", catalog, sql);
  }

  /** This statement as one execution of it, with an id of its own. */
  StatementHandle execution() {
    return new StatementHandle(UUID.randomUUID().toString(), catalog, sql);
  }

  ByteString toBytes() {
    return ByteString.copyFrom(id + SEPARATOR + catalog + SEPARATOR + sql, StandardCharsets.UTF_8);
  }

  static StatementHandle from(ByteString bytes) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    int first = text.indexOf(SEPARATOR);
    int second = first < 0 ? -1 : text.indexOf(SEPARATOR, first + 1);
    if (second <= first + 1) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("not a statement handle of this server")
          .toRuntimeException();
    }
    return new StatementHandle(
        text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1));
  }
}
