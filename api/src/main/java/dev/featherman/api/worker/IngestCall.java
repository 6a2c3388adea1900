package dev.featherman.api.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The worker contract for appending rows, written by the gateway and read by the worker: {@code
 * POST /v1/ingest?table=...} with the rows as the body (media type in Content-Type) and the rest in
 * headers. The worker answers 200 with {@code {"rows","bytes","snapshotId","duplicate"}} or a
 * problem whose status the gateway passes on.
 *
 * @param table the lake table (URL-encoded in the query string)
 * @param contentType the body's media type, as the client sent it
 * @param idempotencyKey the client's key, or null
 * @param principal who asked, for the key's scope and the snapshot's commit info
 * @param maxBytes body cap
 * @param maxRows row cap
 * @param create whether a missing table is created from the rows' columns (Flight SQL ingest)
 */
public record IngestCall(
    String table,
    String contentType,
    String idempotencyKey,
    String principal,
    long maxBytes,
    long maxRows,
    boolean create) {
  public static final String PATH = "/v1/ingest";

  /**
   * The worker's 200 answer.
   *
   * @param rows rows appended (0 for a duplicate)
   * @param bytes body bytes read
   * @param snapshotId the snapshot that holds the rows
   * @param duplicate whether the Idempotency-Key had been seen: nothing was appended again
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Answer(long rows, long bytes, long snapshotId, boolean duplicate) {}

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String PRINCIPAL = "X-Featherman-Principal";
  public static final String MAX_BYTES = "X-Featherman-Max-Bytes";
  public static final String MAX_ROWS = "X-Featherman-Max-Rows";
  public static final String CREATE = "X-Featherman-Create-Table";

  /** The path with the table in the query string. */
  public String pathAndQuery() {
    return PATH + "?table=" + URLEncoder.encode(table, StandardCharsets.UTF_8);
  }

  /** The headers besides Authorization. */
  public Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    h.put(PRINCIPAL, principal);
    h.put(MAX_BYTES, Long.toString(maxBytes));
    h.put(MAX_ROWS, Long.toString(maxRows));
    if (idempotencyKey != null) {
      h.put(IDEMPOTENCY_KEY, idempotencyKey);
    }
    if (create) {
      h.put(CREATE, "true");
    }
    return h;
  }

  /**
   * Reads a call from its raw query string and headers.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static IngestCall read(String rawQuery, UnaryOperator<String> header) {
    String table = null;
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      if (pair.startsWith("table=")) {
        table = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    if (table == null || table.isEmpty()) {
      throw new IllegalArgumentException("the query string must name the table: ?table=...");
    }
    String principal = header.apply(PRINCIPAL);
    if (principal == null || principal.isEmpty()) {
      throw new IllegalArgumentException("header " + PRINCIPAL + " is required");
    }
    return new IngestCall(
        table,
        header.apply("Content-Type"),
        header.apply(IDEMPOTENCY_KEY),
        principal,
        number(header, MAX_BYTES),
        number(header, MAX_ROWS),
        "true".equals(header.apply(CREATE)));
  }

  private static long number(UnaryOperator<String> header, String name) {
    try {
      long value = Long.parseLong(String.valueOf(header.apply(name)));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("header " + name + " must be a positive number");
  }
}
