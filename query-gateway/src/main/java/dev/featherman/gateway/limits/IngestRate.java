package dev.featherman.gateway.limits;

import dev.featherman.engine.ingest.LakeIngest;
import dev.featherman.engine.query.DelegatingArrowReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The bytes per second each principal may append, summed over its concurrent appends: a token
 * bucket per principal holding one second's worth. An append past it is slowed down, never cut: its
 * body is read more slowly (the client's TCP window fills), so what was sent is never lost.
 */
public final class IngestRate {
  private final long bytesPerSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Counter throttled;

  /**
   * @param bytesPerSecond the rate per principal; 0 for none
   */
  public IngestRate(long bytesPerSecond, MeterRegistry registry) {
    this.bytesPerSecond = bytesPerSecond;
    this.throttled =
        Counter.builder("featherman.gateway.ingest.throttled")
            .description("Time appends waited because their principal exceeded its ingest rate")
            .baseUnit("seconds")
            .register(registry);
  }

  /** {@code request} with its rows read no faster than {@code principal}'s rate allows. */
  public LakeIngest.Request throttle(String principal, LakeIngest.Request request) {
    if (bytesPerSecond <= 0) {
      return request;
    }
    Bucket bucket = buckets.computeIfAbsent(principal, p -> new Bucket());
    return request.body() != null
        ? request.withRows(new ThrottledInput(request.body(), bucket), null)
        : request.withRows(
            null, new ThrottledBatches(request.batches(), request.allocator(), bucket));
  }

  /** One principal's allowance: bytes it may read now (negative: owed), refilled continuously. */
  private final class Bucket {
    private double available = bytesPerSecond;
    private long refilledAt = System.nanoTime();

    /** Takes {@code bytes}, sleeping until the allowance has paid for them. */
    void spend(long bytes) throws InterruptedIOException {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        available =
            Math.min(bytesPerSecond, available + (now - refilledAt) * (bytesPerSecond / 1e9));
        refilledAt = now;
        available -= bytes;
        waitNanos = available >= 0 ? 0 : (long) (-available / bytesPerSecond * 1e9);
      }
      if (waitNanos > 0) {
        throttled.increment(waitNanos / 1e9);
        try {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("the append was interrupted while throttled");
        }
      }
    }
  }

  /** A body whose bytes are paid for as they are read. */
  private static final class ThrottledInput extends FilterInputStream {
    private final Bucket bucket;

    ThrottledInput(InputStream in, Bucket bucket) {
      super(in);
      this.bucket = bucket;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bucket.spend(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        bucket.spend(n);
      }
      return n;
    }
  }

  /** Arrow batches whose buffers are paid for as each batch arrives. */
  private static final class ThrottledBatches extends DelegatingArrowReader {
    private final Bucket bucket;

    ThrottledBatches(ArrowReader source, BufferAllocator allocator, Bucket bucket) {
      super(source, allocator);
      this.bucket = bucket;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (!source.loadNextBatch()) {
        return false;
      }
      long bytes = 0;
      for (FieldVector vector : source.getVectorSchemaRoot().getFieldVectors()) {
        bytes += vector.getBufferSize();
      }
      bucket.spend(bytes);
      return true;
    }
  }
}
