package dev.featherman.engine.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The body formats rows can be appended in, by the media type a client sends them with. */
public enum IngestFormat {
  ARROW("application/vnd.apache.arrow.stream"),
  PARQUET("application/vnd.apache.parquet"),
  CSV("text/csv"),
  JSON_LINES("application/x-ndjson");

  private final String mediaType;

  IngestFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format of a Content-Type header (parameters such as charset ignored). */
  public static Optional<IngestFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/jsonl") || type.equals("application/json-lines")) {
      return Optional.of(JSON_LINES);
    }
    return Arrays.stream(values()).filter(f -> f.mediaType.equals(type)).findFirst();
  }

  /** The accepted media types, for an error message. */
  public static String accepted() {
    return Arrays.stream(values()).map(IngestFormat::mediaType).collect(Collectors.joining(", "));
  }
}
