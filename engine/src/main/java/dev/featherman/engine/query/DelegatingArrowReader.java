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
 * An Arrow reader that hands on another reader's batches, so a subclass only looks at each batch in
 * {@link #loadNextBatch}. The source is closed once, by whoever finishes first (DuckDB releasing an
 * exported stream, or the owner).
 */
public abstract class DelegatingArrowReader extends ArrowReader {
  protected final ArrowReader source;
  private volatile boolean closed;

  protected DelegatingArrowReader(ArrowReader source, BufferAllocator allocator) {
    super(allocator);
    this.source = source;
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
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
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
