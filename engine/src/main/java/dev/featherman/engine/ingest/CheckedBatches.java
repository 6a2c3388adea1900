package dev.featherman.engine.ingest;

import dev.featherman.engine.query.DelegatingArrowReader;
import dev.featherman.engine.query.QueryException;
import java.io.IOException;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Hands on another reader's batches to DuckDB, counting rows against the cap and finding the first
 * NULL in a column the table declares NOT NULL, so the refusal names the row (DuckLake's own
 * constraint error does not). The first refusal is kept: DuckDB only sees a failed read.
 */
final class CheckedBatches extends DelegatingArrowReader {
  private final Set<String> notNull;
  private final long maxRows;
  private long rows;
  private volatile QueryException refusal;

  CheckedBatches(ArrowReader source, Set<String> notNull, long maxRows, BufferAllocator allocator) {
    super(source, allocator);
    this.notNull = notNull;
    this.maxRows = maxRows;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot batch = source.getVectorSchemaRoot();
    refusal = check(batch);
    if (refusal != null) {
      throw new IOException(refusal.getMessage(), refusal);
    }
    rows += batch.getRowCount();
    return true;
  }

  private QueryException check(VectorSchemaRoot batch) {
    if (rows + batch.getRowCount() > maxRows) {
      return new QueryException(
          QueryException.Reason.BODY_TOO_LARGE,
          "more than " + maxRows + " rows in one request: split the data into several requests");
    }
    for (FieldVector vector : batch.getFieldVectors()) {
      if (vector.getNullCount() > 0 && notNull.contains(vector.getName().toLowerCase())) {
        int index = 0;
        while (!vector.isNull(index)) {
          index++;
        }
        return new QueryException(
            QueryException.Reason.BAD_REQUEST,
            "row "
                + (rows + index + 1)
                + ": column \""
                + vector.getName()
                + "\" is NULL, but the table declares it NOT NULL");
      }
    }
    return null;
  }

  /** Rows handed on so far. */
  long rows() {
    return rows;
  }

  /** Why the batches were refused, or null. */
  QueryException refusal() {
    return refusal;
  }
}
