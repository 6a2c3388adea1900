package dev.featherman.api.v1alpha1;

/** Coarse lifecycle phase of a table (Go API compatible). */
public enum TablePhase {
  Pending,
  Succeeded,
  Failed
}
