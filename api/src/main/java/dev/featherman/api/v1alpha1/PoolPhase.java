package dev.featherman.api.v1alpha1;

/** Coarse lifecycle phase of a pool (Go API compatible). */
public enum PoolPhase {
  Pending,
  Running,
  Failed,
  Terminating
}
