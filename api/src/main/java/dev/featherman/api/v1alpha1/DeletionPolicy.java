package dev.featherman.api.v1alpha1;

/** What deleting the Kubernetes object does to the DuckLake catalog or table it manages. */
public enum DeletionPolicy {
  /** Keep the metadata and the data files; only the Kubernetes object goes away. */
  Retain,
  /** Drop the table or catalog and delete its data files. */
  Delete
}
