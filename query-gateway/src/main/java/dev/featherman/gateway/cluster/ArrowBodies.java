package dev.featherman.gateway.cluster;

import dev.featherman.engine.ingest.LakeIngest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * The bytes an append sends to a worker: the client's body as it came, or, for batches already
 * decoded (Flight SQL bulk ingest), an Arrow IPC stream written batch by batch as the worker reads.
 */
final class ArrowBodies {
  private ArrowBodies() {}

  static InputStream of(LakeIngest.Request request) {
    if (request.batches() == null) {
      return request.body();
    }
    ArrowReader batches = request.batches();
    try {
      PipedInputStream in = new PipedInputStream(1 << 20);
      PipedOutputStream out = new PipedOutputStream(in);
      Thread writer =
          new Thread(
              () -> {
                try (out;
                    ArrowStreamWriter stream =
                        new ArrowStreamWriter(batches.getVectorSchemaRoot(), null, out)) {
                  stream.start();
                  while (batches.loadNextBatch()) {
                    stream.writeBatch();
                  }
                  stream.end();
                } catch (IOException e) {
                  // The worker stopped reading (it refused the rows): its answer says why.
                }
              },
              "ingest-relay");
      writer.setDaemon(true);
      writer.start();
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
