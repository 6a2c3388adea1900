package dev.featherman.engine.query;

import java.util.Locale;

/** Result encodings the engine streams. */
public enum OutputFormat {
  /** RFC 4180 CSV with a header row and CRLF line ends. */
  CSV("text/csv; charset=utf-8"),
  /** One JSON object per row, newline-delimited. */
  JSON("application/x-ndjson"),
  /** Apache Arrow IPC stream format. */
  ARROW("application/vnd.apache.arrow.stream"),
  /** One Parquet file (zstd), written by DuckDB and streamed row group by row group. */
  PARQUET("application/vnd.apache.parquet");

  private final String contentType;

  OutputFormat(String contentType) {
    this.contentType = contentType;
  }

  /** HTTP Content-Type of this encoding. */
  public String contentType() {
    return contentType;
  }

  /**
   * Parses {@code csv}, {@code json} (or {@code jsonl}, {@code ndjson}) and {@code arrow}, {@code
   * parquet}; null means CSV.
   */
  public static OutputFormat parse(String text) {
    if (text == null || text.isBlank()) {
      return CSV;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "csv" -> CSV;
      case "json", "jsonl", "ndjson" -> JSON;
      case "arrow", "arrow-ipc" -> ARROW;
      case "parquet" -> PARQUET;
      default ->
          throw new QueryException(
              QueryException.Reason.BAD_REQUEST,
              "format '" + text + "' is not supported; use csv, json, arrow or parquet");
    };
  }
}
