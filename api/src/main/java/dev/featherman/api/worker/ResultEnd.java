package dev.featherman.api.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a worker tells the gateway that a streamed result is complete, or why it is not. Once a
 * result began streaming its HTTP status is gone, and the worker's HTTP server ends the body
 * cleanly even when the statement failed; so, when the caller asks for it ({@link
 * #REQUEST_HEADER}), the worker appends a fixed-size record after the result: its JSON padded with
 * spaces to {@link #SIZE} bytes, ending in a magic line. The gateway holds the last {@link #SIZE}
 * bytes back, checks the record and strips it; a body without one was cut.
 *
 * @param ok whether the result is complete
 * @param reason the engine's reason when it is not (e.g. RESULT_TOO_LARGE, TIMEOUT)
 * @param message what went wrong, shortened to fit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultEnd(boolean ok, String reason, String message) {
  /** Request header by which the gateway asks for the record; its value is {@link #VERSION}. */
  public static final String REQUEST_HEADER = "X-Featherman-Result-End";

  public static final String VERSION = "v1";

  /** The record's length in bytes, magic included. */
  public static final int SIZE = 512;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] MAGIC = "\nFEATHERMAN-END-V1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int ROOM = SIZE - MAGIC.length;

  /** A complete result. */
  public static ResultEnd complete() {
    return new ResultEnd(true, null, null);
  }

  /** A result cut short for {@code reason}. */
  public static ResultEnd failed(String reason, String message) {
    return new ResultEnd(false, reason, message == null ? "" : message);
  }

  /** The record as sent: JSON, spaces, magic; exactly {@link #SIZE} bytes. */
  public byte[] encode() {
    ResultEnd fitted = this;
    byte[] json = bytes(fitted);
    while (json.length > ROOM) {
      fitted =
          new ResultEnd(ok, reason, fitted.message.substring(0, fitted.message.length() * 3 / 4));
      json = bytes(fitted);
    }
    byte[] record = new byte[SIZE];
    Arrays.fill(record, (byte) ' ');
    System.arraycopy(json, 0, record, 0, json.length);
    System.arraycopy(MAGIC, 0, record, ROOM, MAGIC.length);
    return record;
  }

  /** The record {@code bytes} hold ({@link #SIZE} of them), or empty when they are not one. */
  public static Optional<ResultEnd> decode(byte[] bytes) {
    if (bytes.length != SIZE || !Arrays.equals(bytes, ROOM, SIZE, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(bytes, 0, ROOM, ResultEnd.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(ResultEnd end) {
    try {
      return JSON.writeValueAsBytes(end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
