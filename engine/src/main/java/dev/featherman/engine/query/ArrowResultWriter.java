package dev.featherman.engine.query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.duckdb.DuckDBResultSet;

/**
 * Arrow IPC stream via DuckDB's own Arrow export (C data interface), one record batch at a time, so
 * memory holds one batch whatever the result size.
 */
final class ArrowResultWriter implements ResultWriter {
  /** Rows per record batch. */
  static final int BATCH_ROWS = 8192;

  /** Off-heap memory all concurrent Arrow exports may use together. */
  static final BufferAllocator ROOT = new RootAllocator(1L << 30);

  @Override
  public void write(ResultSet rs, OutputStream out, RowBudget budget)
      throws SQLException, IOException {
    DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
    try (BufferAllocator allocator = ROOT.newChildAllocator("query", 0, Long.MAX_VALUE);
        ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, BATCH_ROWS)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      ArrowStreamWriter writer = new ArrowStreamWriter(root, reader, Channels.newChannel(out));
      writer.start();
      while (reader.loadNextBatch()) {
        budget.take(root.getRowCount());
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
