package dev.featherman.gateway.auth;

import java.util.Set;

/** A caller known from the gateway's configuration: a fixed catalog list and write flag. */
public record StaticPrincipal(String name, Set<String> catalogs, boolean write)
    implements Principal {
  @Override
  public boolean mayQuery(String catalog) {
    return catalogs.contains("*") || catalogs.contains(catalog);
  }

  @Override
  public boolean mayWrite(String catalog) {
    return write && mayQuery(catalog);
  }
}
