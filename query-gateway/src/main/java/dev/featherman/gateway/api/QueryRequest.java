package dev.featherman.gateway.api;

/** Body of POST /query, as the Go service took it. */
public record QueryRequest(String sql, String catalog, String format) {}
