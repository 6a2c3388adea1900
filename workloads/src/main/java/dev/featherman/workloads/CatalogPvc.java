package dev.featherman.workloads;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** The PVC that holds a DuckDB or SQLite catalog file. */
public final class CatalogPvc {
  /** Size when the spec gives none. */
  public static final Quantity DEFAULT_SIZE = new Quantity("1Gi");

  private CatalogPvc() {}

  /** The volume size the catalog asks for: spec.size, else {@link #DEFAULT_SIZE}. */
  public static Quantity size(DuckLakeCatalog catalog) {
    return catalog.getSpec().getSize() == null ? DEFAULT_SIZE : catalog.getSpec().getSize();
  }

  /**
   * ReadWriteOnce: one node at a time, which is what a file catalog allows anyway. Not owned by the
   * catalog: deletionPolicy Retain must keep the metadata when the catalog object goes away, so the
   * controller deletes it explicitly for Delete.
   */
  public static PersistentVolumeClaim desired(DuckLakeCatalog catalog) {
    Quantity size = size(catalog);
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(CatalogStorage.claimName(catalog))
        .withNamespace(catalog.getMetadata().getNamespace())
        .withLabels(Metadata.labels("catalog-storage", catalog.getMetadata().getName()))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(catalog.getSpec().getStorageClass())
        .withNewResources()
        .withRequests(Map.of("storage", size))
        .endResources()
        .endSpec()
        .build();
  }
}
