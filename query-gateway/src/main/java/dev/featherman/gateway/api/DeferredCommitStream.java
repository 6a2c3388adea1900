package dev.featherman.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Holds the first bytes of a result back, up to a threshold, before committing status and headers.
 * A query that fails within that window (a cap, a timeout, a runtime error) still gets a proper
 * problem response; past it, the result streams and a later failure can only cut the stream.
 */
final class DeferredCommitStream extends OutputStream {
  private final HttpServletResponse response;
  private final Runnable beforeCommit;
  private final int threshold;
  private ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private OutputStream out;

  DeferredCommitStream(HttpServletResponse response, int threshold, Runnable beforeCommit) {
    this.response = response;
    this.threshold = threshold;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (out != null) {
      out.write(b, off, len);
      return;
    }
    pending.write(b, off, len);
    if (pending.size() > threshold) {
      commit();
    }
  }

  /** Flushes only once committed: a flush is not a reason to give up the error window. */
  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  /** Commits (if not yet) and writes everything held back; call when the result is complete. */
  void finish() throws IOException {
    commit();
    out.flush();
  }

  private void commit() throws IOException {
    if (out == null) {
      beforeCommit.run();
      out = response.getOutputStream();
      pending.writeTo(out);
      pending = null;
    }
  }
}
