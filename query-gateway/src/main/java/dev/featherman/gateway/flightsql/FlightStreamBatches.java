package dev.featherman.gateway.flightsql;

import java.io.IOException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** The batches a client sends in a DoPut, read as they arrive, as an Arrow reader for DuckDB. */
final class FlightStreamBatches extends ArrowReader {
  private final FlightStream stream;

  FlightStreamBatches(FlightStream stream, BufferAllocator allocator) {
    super(allocator);
    this.stream = stream;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    return stream.getRoot();
  }

  @Override
  public boolean loadNextBatch() {
    return stream.next();
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() throws IOException {
    // The Flight framework owns the stream and closes it when the call ends.
  }

  @Override
  protected Schema readSchema() {
    return stream.getSchema();
  }
}
