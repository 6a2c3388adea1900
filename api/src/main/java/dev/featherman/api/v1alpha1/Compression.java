package dev.featherman.api.v1alpha1;

/** Parquet compression codecs DuckLake can write. */
public enum Compression {
  ZSTD,
  SNAPPY,
  GZIP,
  LZ4,
  BROTLI,
  UNCOMPRESSED
}
