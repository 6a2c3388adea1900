package dev.featherman.api.v1alpha1;

/** How materialized or loaded data replaces what is there. */
public enum TableMode {
  append,
  overwrite
}
