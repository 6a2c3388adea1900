package dev.featherman.gateway.api;

/**
 * Body of POST /query (as the Go service took it) and POST /v1/queries.
 *
 * @param id optional client-chosen query id for /v1/queries, so the query can be cancelled before
 *     its first byte arrives
 * @param params values for the statement's {@code ?} / {@code $n} placeholders, in order: bound by
 *     DuckDB, never spliced into the SQL
 */
public record QueryRequest(
    String sql, String catalog, String format, String id, java.util.List<Object> params) {

  /** The parameters, checked to be plain values (strings, numbers, booleans, nulls). */
  public java.util.List<Object> checkedParams() {
    if (params == null) {
      return java.util.List.of();
    }
    for (int i = 0; i < params.size(); i++) {
      Object value = params.get(i);
      if (value != null
          && !(value instanceof String)
          && !(value instanceof Number)
          && !(value instanceof Boolean)) {
        throw new GatewayException(
            org.springframework.http.HttpStatus.BAD_REQUEST,
            "params["
                + i
                + "] must be a string, number, boolean or null; pass a list or a structure as a"
                + " string and cast it in the SQL");
      }
    }
    return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
