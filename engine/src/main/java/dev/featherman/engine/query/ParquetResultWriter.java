package dev.featherman.engine.query;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * Parquet written by DuckDB's own Parquet writer: the result leaves the lake as Arrow batches
 * (counted against the row cap) and {@link ParquetEncoder} turns them into a Parquet file streamed
 * row group by row group.
 */
final class ParquetResultWriter implements ResultWriter {
  @Override
  public void write(ResultSet rs, OutputStream out, RowBudget budget)
      throws SQLException, IOException {
    DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
    try (BufferAllocator allocator =
            ArrowResultWriter.ROOT.newChildAllocator("parquet", 0, Long.MAX_VALUE);
        CountingArrowReader counted =
            new CountingArrowReader(
                (ArrowReader) duck.arrowExportStream(allocator, ArrowResultWriter.BATCH_ROWS),
                budget,
                allocator)) {
      try {
        ParquetEncoder.shared().encode(counted, allocator, out);
      } catch (SQLException | IOException | RuntimeException e) {
        // A refused batch surfaces inside DuckDB as a failed scan: report the refusal itself.
        RuntimeException refusal = counted.refusal();
        if (refusal != null) {
          throw refusal;
        }
        throw e;
      }
    }
  }
}
