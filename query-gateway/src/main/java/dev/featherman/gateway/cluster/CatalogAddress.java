package dev.featherman.gateway.cluster;

/**
 * Where a catalog a client names lives: {@code name} is a catalog of the gateway's default
 * namespace, {@code namespace/name} one of any namespace it serves. The text form is what clients,
 * tokens and metrics use.
 */
public record CatalogAddress(String namespace, String name) {

  /** The address {@code text} names, unqualified names in {@code defaultNamespace}. */
  public static CatalogAddress parse(String text, String defaultNamespace) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new CatalogAddress(defaultNamespace, text)
        : new CatalogAddress(text.substring(0, slash), text.substring(slash + 1));
  }

  /** How clients name it: bare in the default namespace, {@code namespace/name} elsewhere. */
  public String text(String defaultNamespace) {
    return namespace.equals(defaultNamespace) ? name : namespace + "/" + name;
  }
}
