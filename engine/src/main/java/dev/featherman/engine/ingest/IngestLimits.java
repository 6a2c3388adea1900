package dev.featherman.engine.ingest;

/** Caps on one append: body bytes read and rows appended. */
public record IngestLimits(long maxBytes, long maxRows) {}
