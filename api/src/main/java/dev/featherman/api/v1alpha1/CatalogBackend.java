package dev.featherman.api.v1alpha1;

/** The database that holds a DuckLake catalog's metadata. */
public enum CatalogBackend {
  /** A DuckDB file on a volume: one process at a time may open it. */
  duckdb,
  /** A SQLite file on a volume: several processes on one node. */
  sqlite,
  /** A PostgreSQL schema: many concurrent readers and writers; recommended for clusters. */
  postgres
}
