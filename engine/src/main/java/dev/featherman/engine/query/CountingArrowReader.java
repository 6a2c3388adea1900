package dev.featherman.engine.query;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * An Arrow reader that hands on another reader's batches and charges each one to the row budget
 * before it is passed on; the first refusal is kept, since the consumer may only see a failed read.
 */
final class CountingArrowReader extends DelegatingArrowReader {
  private final RowBudget budget;
  private volatile RuntimeException refusal;

  CountingArrowReader(ArrowReader source, RowBudget budget, BufferAllocator allocator) {
    super(source, allocator);
    this.budget = budget;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    try {
      budget.take(source.getVectorSchemaRoot().getRowCount());
      return true;
    } catch (RuntimeException e) {
      refusal = e;
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Why the budget stopped the stream, or null. */
  RuntimeException refusal() {
    return refusal;
  }
}
