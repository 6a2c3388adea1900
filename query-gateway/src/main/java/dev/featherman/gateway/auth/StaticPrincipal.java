package dev.featherman.gateway.auth;

import java.util.Set;

/** A caller known from the gateway's configuration: a fixed catalog list, write flag and caps. */
public record StaticPrincipal(String name, Set<String> catalogs, boolean write, ResultCaps caps)
    implements Principal {

  /** A caller without caps of its own. */
  public StaticPrincipal(String name, Set<String> catalogs, boolean write) {
    this(name, catalogs, write, ResultCaps.NONE);
  }

  @Override
  public boolean mayQuery(String catalog) {
    return catalogs.contains("*") || catalogs.contains(catalog);
  }

  @Override
  public boolean mayWrite(String catalog) {
    return write && mayQuery(catalog);
  }
}
