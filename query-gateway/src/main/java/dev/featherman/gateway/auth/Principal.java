package dev.featherman.gateway.auth;

/** An authenticated caller and what it may do with each catalog. */
public interface Principal {
  /** Name for logs and ownership of running queries (never a token). */
  String name();

  /** Whether the caller may run read-only statements against {@code catalog}. */
  boolean mayQuery(String catalog);

  /** Whether the caller may change data or schemas in {@code catalog}. */
  boolean mayWrite(String catalog);

  /** The caller's own caps on one result (none unless its token sets them). */
  default ResultCaps caps() {
    return ResultCaps.NONE;
  }
}
