package dev.featherman.engine.ingest;

/**
 * What one append did.
 *
 * @param rows rows appended
 * @param bytes body bytes read
 * @param snapshotId the DuckLake snapshot that holds them
 * @param duplicate true when the idempotency key had already been committed: nothing was appended
 *     now, and rows and snapshotId are those of the first request
 */
public record IngestResult(long rows, long bytes, long snapshotId, boolean duplicate) {}
