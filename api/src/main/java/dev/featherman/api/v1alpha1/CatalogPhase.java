package dev.featherman.api.v1alpha1;

/** Coarse lifecycle phase of a catalog (Go API compatible). */
public enum CatalogPhase {
  Pending,
  Running,
  Failed,
  Succeeded
}
