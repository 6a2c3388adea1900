package dev.featherman.backup.reconcile;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.objectstore.ObjectTransfer;
import dev.featherman.objectstore.S3Clients;
import dev.featherman.operator.CatalogSecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 access to a catalog's bucket with the catalog's own endpoint and credentials. */
public class CatalogObjects {
  private final KubernetesClient client;
  private final Duration timeout;

  public CatalogObjects(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** Runs {@code work} with a transfer for {@code catalog}'s object store. */
  public <T> T with(DuckLakeCatalog catalog, Function<ObjectTransfer, T> work) {
    try (S3Client s3 =
        S3Clients.create(
            catalog.getSpec().getObjectStore(),
            CatalogSecrets.s3Keys(client, catalog),
            timeout,
            3)) {
      return work.apply(new ObjectTransfer(s3, ObjectTransfer.MIN_PART_SIZE));
    }
  }
}
