package dev.featherman.engine.ingest;

import dev.featherman.engine.query.QueryException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body read up to a byte cap, counting what it read. */
final class CappedInput extends FilterInputStream {
  private final long maxBytes;
  private long read;
  private volatile QueryException refusal;

  CappedInput(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    read += n;
    if (read > maxBytes) {
      refusal =
          new QueryException(
              QueryException.Reason.BODY_TOO_LARGE,
              "the body is larger than "
                  + maxBytes
                  + " bytes: split the data into several requests");
      throw new IOException(refusal.getMessage(), refusal);
    }
  }

  long bytesRead() {
    return read;
  }

  QueryException refusal() {
    return refusal;
  }
}
