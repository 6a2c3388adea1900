package dev.featherman.gateway.api;

/**
 * Body of POST /query (as the Go service took it) and POST /v1/queries.
 *
 * @param id optional client-chosen query id for /v1/queries, so the query can be cancelled before
 *     its first byte arrives
 */
public record QueryRequest(String sql, String catalog, String format, String id) {}
