package dev.featherman.engine.query;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Streams a result set to an output stream in one encoding, row by row or batch by batch. */
interface ResultWriter {
  void write(ResultSet rs, OutputStream out, RowBudget budget) throws SQLException, IOException;

  static ResultWriter forFormat(OutputFormat format) {
    return switch (format) {
      case CSV -> new CsvResultWriter();
      case JSON -> new JsonLinesResultWriter();
      case ARROW -> new ArrowResultWriter();
      case PARQUET -> new ParquetResultWriter();
    };
  }
}
