package dev.featherman.webhook;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** Reads the DuckLakeCatalog a pool refers to, so cross-object rules can be checked. */
public class CatalogLookup {
  private final KubernetesClient client;

  public CatalogLookup(KubernetesClient client) {
    this.client = client;
  }

  /** The catalog's spec, empty when it does not exist or cannot be read right now. */
  public Optional<DuckLakeCatalogSpec> find(String namespace, String name) {
    if (namespace == null || name == null) {
      return Optional.empty();
    }
    try {
      DuckLakeCatalog catalog =
          client.resources(DuckLakeCatalog.class).inNamespace(namespace).withName(name).get();
      return Optional.ofNullable(catalog).map(DuckLakeCatalog::getSpec);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
