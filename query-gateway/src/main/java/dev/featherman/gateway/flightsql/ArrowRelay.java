package dev.featherman.gateway.flightsql;

import dev.featherman.engine.query.QueryControl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Streams a statement's result to a Flight client batch by batch. The statement writes Arrow IPC
 * (what DuckDB exports, in this process or on a pool worker) into a pipe on its own thread; this
 * reads it back one record batch at a time and sends each once the client can take it, so the
 * gateway holds at most a batch and the pipe's buffer, whatever the result's size.
 */
final class ArrowRelay {
  private static final int PIPE_BYTES = 1 << 20;
  private static final long READY_POLL_MILLIS = 50;

  /** The statement's part: write the result as Arrow IPC to the stream, honour the control. */
  interface ArrowStatement {
    void writeTo(OutputStream out) throws Exception;
  }

  private ArrowRelay() {}

  static void relay(
      ArrowStatement statement,
      QueryControl control,
      ServerStreamListener listener,
      BufferAllocator allocator,
      ExecutorService threads) {
    listener.setOnCancelHandler(control::cancel); // the client went away or cancelled the call
    Future<?> writing;
    PipedInputStream in = new PipedInputStream(PIPE_BYTES);
    try {
      PipedOutputStream out = new PipedOutputStream(in);
      writing =
          threads.submit(
              () -> {
                try (out) {
                  statement.writeTo(out);
                }
                return null;
              });
    } catch (IOException e) {
      listener.error(FlightErrors.of(e));
      return;
    }
    try (BufferAllocator child = allocator.newChildAllocator("relay", 0, Long.MAX_VALUE);
        ArrowStreamReader reader = new ArrowStreamReader(in, child)) {
      VectorSchemaRoot root = readSchema(reader, writing);
      listener.start(root);
      BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
      backpressure.register(listener);
      while (reader.loadNextBatch()) {
        if (!awaitReady(listener, backpressure)) {
          control.cancel();
          return;
        }
        listener.putNext();
      }
      writing.get(); // a failure after the last batch (a cap, a timeout) still reaches the client
      listener.completed();
    } catch (Exception e) {
      control.cancel();
      listener.error(FlightErrors.of(failureOf(writing, e)));
    }
  }

  /**
   * Waits until the client can take the next batch; false when it went away. The readiness callback
   * alone can be missed (ready before the wait began), so readiness is also polled.
   */
  private static boolean awaitReady(
      ServerStreamListener listener, BackpressureStrategy backpressure) {
    while (!listener.isReady()) {
      if (listener.isCancelled()) {
        return false;
      }
      backpressure.waitForListener(READY_POLL_MILLIS);
    }
    return !listener.isCancelled();
  }

  /** The schema, or the statement's own failure when it ended before writing one. */
  private static VectorSchemaRoot readSchema(ArrowStreamReader reader, Future<?> writing)
      throws Exception {
    try {
      return reader.getVectorSchemaRoot();
    } catch (IOException e) {
      writing.get();
      throw e;
    }
  }

  /** What really went wrong: the statement's failure explains a broken pipe on this side. */
  private static Throwable failureOf(Future<?> writing, Exception relayFailure) {
    try {
      writing.get();
      return relayFailure;
    } catch (Exception statementFailure) {
      return statementFailure;
    }
  }
}
