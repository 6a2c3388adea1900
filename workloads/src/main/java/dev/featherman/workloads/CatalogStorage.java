package dev.featherman.workloads;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where a file catalog lives: the PVC's name and the directory it is mounted at, so that {@code
 * spec.catalogPath} is the same path in every Job and worker (the Go operator used three).
 */
public final class CatalogStorage {
  private CatalogStorage() {}

  /** Whether the catalog keeps its metadata in a file on a volume (duckdb or sqlite). */
  public static boolean usesVolume(DuckLakeCatalog catalog) {
    return catalog.getSpec().getBackend() != CatalogBackend.postgres;
  }

  /** Name of the PVC holding a file catalog. */
  public static String claimName(DuckLakeCatalog catalog) {
    return catalog.getMetadata().getName() + "-catalog";
  }

  /** Directory the volume is mounted at: the parent of spec.catalogPath. */
  public static String mountPath(DuckLakeCatalog catalog) {
    Path parent = Paths.get(catalog.getSpec().getCatalogPath()).getParent();
    return parent == null ? "/catalog" : parent.toString();
  }
}
