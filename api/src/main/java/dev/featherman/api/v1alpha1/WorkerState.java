package dev.featherman.api.v1alpha1;

/** What a worker pod is doing, as reported by the worker itself. */
public enum WorkerState {
  Idle,
  Acquiring,
  Busy,
  Draining,
  Terminating
}
