package dev.featherman.gateway.auth;

import java.util.Set;

/** An authenticated caller and what it may reach. */
public record Principal(String name, Set<String> catalogs, boolean write) {
  /** Whether the caller may query {@code catalog}. */
  public boolean mayQuery(String catalog) {
    return catalogs.contains("*") || catalogs.contains(catalog);
  }
}
