package dev.featherman.gateway.limits;

import dev.featherman.gateway.api.GatewayException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;

/**
 * Bounds concurrent queries: at most {@code maxConcurrent} run, at most {@code maxQueued} wait
 * (more get 429), and none waits longer than {@code maxWait} (then 503).
 */
public final class AdmissionControl {
  private final Semaphore slots;
  private final int maxQueued;
  private final Duration maxWait;
  private final AtomicInteger queued = new AtomicInteger();

  public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait) {
    this.slots = new Semaphore(maxConcurrent, true);
    this.maxQueued = maxQueued;
    this.maxWait = maxWait;
  }

  /** Waits for a slot; the returned handle releases it. */
  public AutoCloseable admit() {
    if (slots.tryAcquire()) {
      return slots::release;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      throw new GatewayException(
          HttpStatus.TOO_MANY_REQUESTS, "too many queries are waiting; retry later");
    }
    try {
      if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new GatewayException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "no capacity to run the query within " + maxWait.toMillis() + " ms; retry later");
      }
      return slots::release;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(
          HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting for capacity");
    } finally {
      queued.decrementAndGet();
    }
  }

  /** Queries waiting for a slot. */
  public int queued() {
    return queued.get();
  }

  /** Queries running. */
  public int active(int maxConcurrent) {
    return maxConcurrent - slots.availablePermits();
  }
}
