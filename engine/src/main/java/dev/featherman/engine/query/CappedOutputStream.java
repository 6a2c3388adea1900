package dev.featherman.engine.query;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts bytes on their way out and fails the query once they pass the byte cap. */
final class CappedOutputStream extends FilterOutputStream {
  private final long maxBytes;
  private long count;

  CappedOutputStream(OutputStream out, long maxBytes) {
    super(out);
    this.maxBytes = maxBytes;
  }

  @Override
  public void write(int b) throws IOException {
    reserve(1);
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    reserve(len);
    out.write(b, off, len);
  }

  long count() {
    return count;
  }

  private void reserve(int len) {
    count += len;
    if (maxBytes > 0 && count > maxBytes) {
      throw new QueryException(
          QueryException.Reason.RESULT_TOO_LARGE,
          "the result is larger than the "
              + maxBytes
              + "-byte cap; add a LIMIT or select fewer columns");
    }
  }
}
