package dev.featherman.engine.query;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow reader that hands on another reader's batches and charges each one to the row budget
 * before it is passed on; the first refusal is kept, since the consumer may only see a failed read.
 */
final class CountingArrowReader extends ArrowReader {
  private final ArrowReader source;
  private final RowBudget budget;
  private volatile RuntimeException refusal;
  private volatile boolean closed;

  CountingArrowReader(ArrowReader source, RowBudget budget, BufferAllocator allocator) {
    super(allocator);
    this.source = source;
    this.budget = budget;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return source.getVectorSchemaRoot();
  }

  @Override
  public Map<Long, Dictionary> getDictionaryVectors() throws IOException {
    return source.getDictionaryVectors();
  }

  @Override
  public Dictionary lookup(long id) {
    return source.lookup(id);
  }

  @Override
  public Set<Long> getDictionaryIds() {
    return source.getDictionaryIds();
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

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
    // Closed by whoever finishes first: DuckDB releasing the exported stream, or the writer.
    if (!closed) {
      closed = true;
      source.close();
    }
  }

  @Override
  protected Schema readSchema() throws IOException {
    return source.getVectorSchemaRoot().getSchema();
  }
}
