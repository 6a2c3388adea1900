package dev.featherman.cli.query;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the gateway's CSV (RFC 4180 with CRLF): a quoted empty field is an empty string, an empty
 * unquoted field is NULL (returned as null).
 */
final class Csv {
  private final Reader in;
  private int next;

  Csv(Reader in) throws IOException {
    this.in = in;
    this.next = in.read();
  }

  /** The next record, or null at the end of the input. */
  List<String> record() throws IOException {
    if (next == -1) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    while (true) {
      fields.add(field());
      if (next == ',') {
        next = in.read();
        continue;
      }
      if (next == '\r') {
        next = in.read();
      }
      if (next == '\n') {
        next = in.read();
      }
      return fields;
    }
  }

  private String field() throws IOException {
    if (next != '"') {
      StringBuilder b = new StringBuilder();
      while (next != -1 && next != ',' && next != '\r' && next != '\n') {
        b.append((char) next);
        next = in.read();
      }
      return b.length() == 0 ? null : b.toString();
    }
    StringBuilder b = new StringBuilder();
    next = in.read();
    while (true) {
      if (next == -1) {
        throw new IOException("the result ended inside a quoted field (cut off?)");
      }
      if (next == '"') {
        next = in.read();
        if (next != '"') {
          return b.toString();
        }
      }
      b.append((char) next);
      next = in.read();
    }
  }
}
